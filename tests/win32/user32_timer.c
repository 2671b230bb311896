/* user32_timer.c: SetTimer/KillTimer. A window timer posts WM_TIMER (wParam = id) about every
 * period, a TIMERPROC thread timer is called by DispatchMessage, KillTimer stops a timer at once,
 * SetTimer(NULL, ...) returns a fresh id, WM_TIMER yields to posted messages, and a GetMessage
 * blocked with nothing but a timer pending wakes when it is due. */
#include <windows.h>

#include "ovl_test.h"

static int timer_msgs;
static int proc_calls;
static UINT_PTR proc_id;

static LRESULT CALLBACK proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    if (msg == WM_TIMER && wp == 1) ++timer_msgs;
    return DefWindowProcA(hwnd, msg, wp, lp);
}

static VOID CALLBACK timer_proc(HWND hwnd, UINT msg, UINT_PTR id, DWORD tick)
{
    ok(hwnd == NULL && msg == WM_TIMER, "TIMERPROC got hwnd %p msg %#x\n", (void *)hwnd, msg);
    ok(id == proc_id, "TIMERPROC id %u, expected %u\n", (unsigned)id, (unsigned)proc_id);
    ++proc_calls;
}

/* Pumps messages for ms milliseconds (a thread timer of our own marks the end). */
static void pump_for(DWORD ms)
{
    MSG msg;
    UINT_PTR end = SetTimer(NULL, 0, ms, NULL);
    while (GetMessageA(&msg, NULL, 0, 0) > 0) {
        if (msg.message == WM_TIMER && msg.hwnd == NULL && msg.wParam == end) break;
        DispatchMessageA(&msg);
    }
    KillTimer(NULL, end);
}

static void test_window_timer(HWND hwnd)
{
    MSG msg;
    DWORD start, elapsed;
    BOOL r;

    ok(SetTimer(hwnd, 1, 50, NULL) == 1, "SetTimer failed %u\n", (unsigned)GetLastError());
    /* the first WM_TIMER comes ~50 ms later; GetMessage sleeps until then */
    start = GetTickCount();
    r = GetMessageA(&msg, NULL, 0, 0);
    elapsed = GetTickCount() - start;
    ok(r && msg.message == WM_TIMER && msg.hwnd == hwnd && msg.wParam == 1 && msg.lParam == 0,
       "first message %#x wParam %d\n", msg.message, (int)msg.wParam);
    /* Never early; how late depends on the machine's load, so only a generous bound. */
    ok(elapsed >= 40 && elapsed <= 2000, "first WM_TIMER after %u ms\n", (unsigned)elapsed);

    /* Periodic, and never more than one per elapsed period (a late timer is coalesced, not
     * queued twice). The count is bounded by the time that really passed, so a loaded machine
     * cannot fail it; at least 2 shows the timer repeats. */
    timer_msgs = 0;
    start = GetTickCount();
    pump_for(520);
    elapsed = GetTickCount() - start;
    ok(timer_msgs >= 2 && timer_msgs <= (int)(elapsed / 50) + 1, "%d WM_TIMER in %u ms at 50 ms\n", timer_msgs,
       (unsigned)elapsed);

    ok(KillTimer(hwnd, 1), "KillTimer failed\n");
    timer_msgs = 0;
    pump_for(150);
    ok(timer_msgs == 0, "%d WM_TIMER after KillTimer\n", timer_msgs);
    ok(!KillTimer(hwnd, 1), "KillTimer twice succeeded\n");
}

static void test_priority(HWND hwnd)
{
    MSG msg;
    BOOL r;

    SetTimer(hwnd, 2, 10, NULL);
    Sleep(30); /* due */
    PostMessageA(hwnd, WM_USER, 0, 0);
    r = PeekMessageA(&msg, NULL, 0, 0, PM_REMOVE);
    ok(r && msg.message == WM_USER, "posted message did not come before WM_TIMER: %#x\n", msg.message);
    r = PeekMessageA(&msg, NULL, 0, 0, PM_REMOVE);
    ok(r && msg.message == WM_TIMER && msg.wParam == 2, "WM_TIMER: %d %#x\n", r, msg.message);
    /* one WM_TIMER per expiry however late: not three for 30 ms */
    r = PeekMessageA(&msg, NULL, WM_TIMER, WM_TIMER, PM_REMOVE);
    ok(!r, "a second WM_TIMER was pending\n");
    KillTimer(hwnd, 2);
}

static void test_thread_timer(void)
{
    UINT_PTR a, b;
    DWORD start, elapsed;

    proc_calls = 0;
    proc_id = SetTimer(NULL, 0, 30, timer_proc);
    ok(proc_id != 0, "SetTimer(NULL) failed %u\n", (unsigned)GetLastError());
    a = SetTimer(NULL, 0, 1000, NULL);
    ok(a != 0 && a != proc_id, "SetTimer(NULL) ids %u and %u\n", (unsigned)proc_id, (unsigned)a);
    b = SetTimer(NULL, a, 1000, NULL); /* re-setting an existing thread timer keeps its id */
    ok(b == a, "re-set gave %u, expected %u\n", (unsigned)b, (unsigned)a);
    start = GetTickCount();
    pump_for(200);
    elapsed = GetTickCount() - start;
    ok(proc_calls >= 2 && proc_calls <= (int)(elapsed / 30) + 1, "TIMERPROC called %d times in %u ms at 30 ms\n",
       proc_calls, (unsigned)elapsed);
    ok(KillTimer(NULL, proc_id), "KillTimer(NULL) failed\n");
    ok(KillTimer(NULL, a), "KillTimer(NULL, a) failed\n");
    proc_calls = 0;
    pump_for(100);
    ok(proc_calls == 0, "TIMERPROC ran %d times after KillTimer\n", proc_calls);
}

int main(void)
{
    WNDCLASSA wc;
    HWND hwnd;

    memset(&wc, 0, sizeof(wc));
    wc.lpfnWndProc = proc;
    wc.lpszClassName = "user32_timer_class";
    RegisterClassA(&wc);
    hwnd = CreateWindowA("user32_timer_class", "t", 0, 0, 0, 10, 10, NULL, NULL, NULL, NULL);
    ok(hwnd != NULL, "CreateWindow failed %u\n", (unsigned)GetLastError());
    if (!hwnd) return test_finish();
    test_window_timer(hwnd);
    test_priority(hwnd);
    test_thread_timer();
    DestroyWindow(hwnd);
    return test_finish();
}
