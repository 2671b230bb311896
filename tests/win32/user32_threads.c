/* user32_threads.c: messages across threads. A PostMessage from another thread wakes a
 * GetMessage blocked on the window's thread promptly (bounded latency, no polling period);
 * SendMessage from another thread runs the window procedure on the window's thread and blocks
 * the sender until it returns; two threads sending to each other's windows do not deadlock;
 * PostThreadMessage reaches a thread's queue; a window whose thread ended refuses messages. */
#include <windows.h>

#include "ovl_test.h"

#define WM_PING (WM_APP + 1)
#define WM_ECHO (WM_APP + 2)
#define WM_CALLBACK (WM_APP + 3)

static HWND main_hwnd;
static DWORD main_tid;
static volatile LONG proc_tid_ok = 1;
static volatile LONG in_send_seen;

static LRESULT CALLBACK main_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    if (msg == WM_ECHO) {
        if (GetCurrentThreadId() != main_tid) InterlockedExchange(&proc_tid_ok, 0);
        if (InSendMessage()) InterlockedExchange(&in_send_seen, 1);
        Sleep(20); /* the sender must still be blocked */
        return (LRESULT)(wp + 1000);
    }
    if (msg == WM_CALLBACK) {
        /* sent from a thread that is itself blocked sending to us: answer it with a send back */
        return SendMessageA((HWND)wp, WM_ECHO, 5, 0) + 1;
    }
    return DefWindowProcA(hwnd, msg, wp, lp);
}

static LRESULT CALLBACK worker_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    if (msg == WM_ECHO) return (LRESULT)(wp + 2000);
    return DefWindowProcA(hwnd, msg, wp, lp);
}

static void register_classes(void)
{
    WNDCLASSA wc;
    memset(&wc, 0, sizeof(wc));
    wc.lpfnWndProc = main_proc;
    wc.lpszClassName = "user32_threads_main";
    RegisterClassA(&wc);
    wc.lpfnWndProc = worker_proc;
    wc.lpszClassName = "user32_threads_worker";
    RegisterClassA(&wc);
}

static DWORD post_tick;

static DWORD WINAPI delayed_poster(LPVOID arg)
{
    Sleep(100);
    post_tick = GetTickCount();
    PostMessageA(main_hwnd, WM_PING, 1, 0);
    return 0;
}

static void test_post_wakes_getmessage(void)
{
    MSG msg;
    BOOL r;
    DWORD start, latency;
    HANDLE t = CreateThread(NULL, 0, delayed_poster, NULL, 0, NULL);

    start = GetTickCount();
    r = GetMessageA(&msg, NULL, 0, 0);
    latency = GetTickCount() - post_tick;
    ok(r == TRUE && msg.message == WM_PING, "GetMessage: %d %#x\n", r, msg.message);
    ok(GetTickCount() - start >= 90, "GetMessage returned before the post (%u ms)\n",
       (unsigned)(GetTickCount() - start));
    ok(latency <= 50, "wake-up took %u ms after the post\n", (unsigned)latency);
    WaitForSingleObject(t, INFINITE);
    CloseHandle(t);
}

static DWORD WINAPI sender(LPVOID arg)
{
    return (DWORD)SendMessageA(main_hwnd, WM_ECHO, 7, 0);
}

static void test_send_cross_thread(void)
{
    MSG msg;
    DWORD code = 0;
    HANDLE t = CreateThread(NULL, 0, sender, NULL, 0, NULL);
    DWORD start = GetTickCount();

    /* The sent message is run inside our GetMessage/PeekMessage, never returned by it. */
    while (WaitForSingleObject(t, 0) == WAIT_TIMEOUT && GetTickCount() - start < 5000) {
        if (PeekMessageA(&msg, NULL, 0, 0, PM_REMOVE))
            ok(msg.message != WM_ECHO, "a sent message was returned by PeekMessage\n");
        Sleep(1);
    }
    GetExitCodeThread(t, &code);
    ok(code == 1007, "cross-thread SendMessage returned %u\n", (unsigned)code);
    ok(proc_tid_ok, "the window procedure ran on another thread\n");
    ok(in_send_seen, "InSendMessage was FALSE inside a cross-thread send\n");
    CloseHandle(t);
}

static HWND worker_hwnd;
static HANDLE worker_ready;
static DWORD worker_tid;

static DWORD WINAPI worker(LPVOID arg)
{
    MSG msg;
    worker_hwnd = CreateWindowA("user32_threads_worker", "w", 0, 0, 0, 10, 10, HWND_MESSAGE, NULL, NULL, NULL);
    worker_tid = GetCurrentThreadId();
    SetEvent(worker_ready);
    while (GetMessageA(&msg, NULL, 0, 0) > 0) {
        if (msg.message == WM_CALLBACK && msg.hwnd == NULL) {
            /* a thread message asking us to send to the main window while it sends to us */
            LRESULT r = SendMessageA(main_hwnd, WM_CALLBACK, (WPARAM)worker_hwnd, 0);
            PostThreadMessageA(main_tid, WM_CALLBACK, (WPARAM)r, 0);
            continue;
        }
        DispatchMessageA(&msg);
    }
    DestroyWindow(worker_hwnd);
    return (DWORD)msg.wParam;
}

static void test_worker_window(void)
{
    MSG msg;
    LRESULT r;
    DWORD code = 0, start;
    HANDLE t;
    BOOL got = FALSE;

    worker_ready = CreateEventA(NULL, TRUE, FALSE, NULL);
    t = CreateThread(NULL, 0, worker, NULL, 0, NULL);
    WaitForSingleObject(worker_ready, INFINITE);
    ok(worker_hwnd != NULL, "worker window not created\n");

    /* main → worker send: runs in the worker's GetMessage */
    r = SendMessageA(worker_hwnd, WM_ECHO, 3, 0);
    ok(r == 2003, "SendMessage to the worker returned %ld\n", (long)r);

    /* worker sends to us while we do not pump: the send completes once we pump. The worker's
     * procedure then sends back to us (a nested send across both threads). */
    ok(PostThreadMessageA(worker_tid, WM_CALLBACK, 0, 0), "PostThreadMessage failed %u\n",
       (unsigned)GetLastError());
    start = GetTickCount();
    while (!got && GetTickCount() - start < 5000) {
        if (!PeekMessageA(&msg, NULL, 0, 0, PM_REMOVE)) {
            Sleep(1);
            continue;
        }
        if (msg.message == WM_CALLBACK && msg.hwnd == NULL) {
            got = TRUE;
            /* main_proc(WM_CALLBACK) sent WM_ECHO(5) to the worker: 2005, plus 1 */
            ok(msg.wParam == 2006, "nested send chain returned %d\n", (int)msg.wParam);
        }
        DispatchMessageA(&msg);
    }
    ok(got, "no reply from the worker\n");

    /* WM_QUIT for the worker via PostThreadMessage; its exit code comes back */
    ok(PostThreadMessageA(worker_tid, WM_QUIT, 42, 0), "PostThreadMessage(WM_QUIT) failed\n");
    ok(WaitForSingleObject(t, 5000) == WAIT_OBJECT_0, "worker did not end\n");
    GetExitCodeThread(t, &code);
    ok(code == 42, "worker exit code %u\n", (unsigned)code);
    CloseHandle(t);

    /* the worker's window is gone */
    ok(!IsWindow(worker_hwnd), "IsWindow on a window whose thread ended\n");
    poison_last_error();
    ok(!PostMessageA(worker_hwnd, WM_ECHO, 0, 0), "PostMessage to a dead window succeeded\n");
    ok(GetLastError() == ERROR_INVALID_WINDOW_HANDLE, "error %u\n", (unsigned)GetLastError());
    poison_last_error();
    r = SendMessageA(worker_hwnd, WM_ECHO, 0, 0);
    ok(r == 0, "SendMessage to a dead window returned %ld\n", (long)r);
    ok(GetLastError() == ERROR_INVALID_WINDOW_HANDLE, "error %u\n", (unsigned)GetLastError());
    CloseHandle(worker_ready);
}

/* Many posting threads: every message arrives, none twice. */
#define POSTERS 4
#define PER_POSTER 2000
static DWORD WINAPI flood(LPVOID arg)
{
    int i;
    for (i = 0; i < PER_POSTER; ++i) PostMessageA(main_hwnd, WM_PING, (WPARAM)arg, i);
    return 0;
}

static void test_flood(void)
{
    static int next[POSTERS];
    HANDLE t[POSTERS];
    MSG msg;
    int i, total = 0, order_ok = 1;

    for (i = 0; i < POSTERS; ++i) t[i] = CreateThread(NULL, 0, flood, (LPVOID)(INT_PTR)i, 0, NULL);
    while (total < POSTERS * PER_POSTER && GetMessageA(&msg, NULL, 0, 0) > 0) {
        if (msg.message != WM_PING) continue;
        if ((int)msg.lParam != next[msg.wParam]) order_ok = 0;
        next[msg.wParam] = (int)msg.lParam + 1;
        ++total;
    }
    ok(total == POSTERS * PER_POSTER, "got %d messages\n", total);
    ok(order_ok, "one poster's messages arrived out of order\n");
    WaitForMultipleObjects(POSTERS, t, TRUE, INFINITE);
    for (i = 0; i < POSTERS; ++i) CloseHandle(t[i]);
}

int main(void)
{
    main_tid = GetCurrentThreadId();
    register_classes();
    main_hwnd = CreateWindowA("user32_threads_main", "main", WS_OVERLAPPEDWINDOW, 0, 0, 100, 100, NULL, NULL, NULL,
                              NULL);
    ok(main_hwnd != NULL, "CreateWindow failed %u\n", (unsigned)GetLastError());
    if (!main_hwnd) return test_finish();
    test_post_wakes_getmessage();
    test_send_cross_thread();
    test_worker_window();
    test_flood();
    DestroyWindow(main_hwnd);
    return test_finish();
}
