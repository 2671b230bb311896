/* user32_message.c: the message queue on one thread: posted messages come back in FIFO order,
 * PeekMessage PM_NOREMOVE/PM_REMOVE and filters, thread messages (hwnd NULL), same-thread
 * SendMessage calls the window procedure directly, WM_QUIT ends a GetMessage loop with the exit
 * code in wParam (and is returned whatever the filter), and the error paths (bad window filter,
 * pointer messages that cannot be posted, unknown thread ids). */
#include <windows.h>

#include "ovl_test.h"

static int seen[64];
static int nseen;

static LRESULT CALLBACK proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    if (msg >= WM_USER && msg < WM_USER + 100) {
        if (nseen < 64) seen[nseen++] = (int)wp;
        return (LRESULT)(wp * 2);
    }
    return DefWindowProcA(hwnd, msg, wp, lp);
}

static HWND make_window(void)
{
    WNDCLASSA wc;
    memset(&wc, 0, sizeof(wc));
    wc.lpfnWndProc = proc;
    wc.hInstance = GetModuleHandleA(NULL);
    wc.lpszClassName = "user32_message_class";
    RegisterClassA(&wc);
    return CreateWindowA("user32_message_class", "msg", WS_OVERLAPPEDWINDOW, CW_USEDEFAULT, CW_USEDEFAULT, 100, 100,
                         NULL, NULL, GetModuleHandleA(NULL), NULL);
}

static void test_fifo(HWND hwnd)
{
    MSG msg;
    int i;
    BOOL r;

    while (PeekMessageA(&msg, NULL, 0, 0, PM_REMOVE)) /* drain anything creation queued */
        ;
    for (i = 0; i < 20; ++i) ok(PostMessageA(hwnd, WM_USER + 1, i, 0), "PostMessage %d failed\n", i);
    nseen = 0;
    for (i = 0; i < 20; ++i) {
        r = GetMessageA(&msg, NULL, 0, 0);
        ok(r == TRUE, "GetMessage returned %d\n", r);
        ok(msg.hwnd == hwnd && msg.message == WM_USER + 1, "got hwnd %p msg %#x\n", (void *)msg.hwnd, msg.message);
        ok(msg.wParam == (WPARAM)i, "message %d out of order: wParam %d\n", i, (int)msg.wParam);
        DispatchMessageA(&msg);
    }
    ok(nseen == 20, "dispatched %d\n", nseen);
    ok(!PeekMessageA(&msg, NULL, 0, 0, PM_REMOVE), "queue not empty: %#x\n", msg.message);
}

static void test_peek_and_filters(HWND hwnd)
{
    MSG msg;
    BOOL r;

    PostMessageA(hwnd, WM_USER + 5, 1, 0);
    PostMessageA(hwnd, WM_APP + 1, 2, 0);
    r = PeekMessageA(&msg, NULL, 0, 0, PM_NOREMOVE);
    ok(r && msg.message == WM_USER + 5, "PM_NOREMOVE: %d %#x\n", r, msg.message);
    r = PeekMessageA(&msg, NULL, 0, 0, PM_NOREMOVE);
    ok(r && msg.message == WM_USER + 5, "PM_NOREMOVE left it: %d %#x\n", r, msg.message);
    /* a range skips the first message */
    r = PeekMessageA(&msg, NULL, WM_APP, WM_APP + 10, PM_REMOVE);
    ok(r && msg.message == WM_APP + 1 && msg.wParam == 2, "filtered: %d %#x\n", r, msg.message);
    /* window filter: the thread-only filter (-1) does not see window messages */
    r = PeekMessageA(&msg, (HWND)-1, 0, 0, PM_REMOVE);
    ok(!r, "thread-only filter returned %#x\n", msg.message);
    r = PeekMessageA(&msg, hwnd, 0, 0, PM_REMOVE);
    ok(r && msg.message == WM_USER + 5, "window filter: %d %#x\n", r, msg.message);

    /* thread messages: PostMessage(NULL) and PostThreadMessage */
    ok(PostMessageA(NULL, WM_USER + 7, 7, 70), "PostMessage(NULL) failed %u\n", (unsigned)GetLastError());
    ok(PostThreadMessageA(GetCurrentThreadId(), WM_USER + 8, 8, 80), "PostThreadMessage failed %lu\n",
       GetLastError());
    r = PeekMessageA(&msg, (HWND)-1, 0, 0, PM_REMOVE);
    ok(r && msg.hwnd == NULL && msg.message == WM_USER + 7 && msg.lParam == 70, "thread msg: %d %#x\n", r,
       msg.message);
    r = GetMessageA(&msg, NULL, 0, 0);
    ok(r && msg.hwnd == NULL && msg.message == WM_USER + 8 && msg.wParam == 8, "thread msg 2: %d %#x\n", r,
       msg.message);
    ok(DispatchMessageA(&msg) == 0, "dispatching a thread message\n");
}

static void test_send_same_thread(HWND hwnd)
{
    LRESULT r;
    MSG msg;

    nseen = 0;
    r = SendMessageA(hwnd, WM_USER + 2, 21, 0);
    ok(r == 42, "SendMessage returned %ld\n", (long)r);
    ok(nseen == 1 && seen[0] == 21, "procedure not called directly (%d)\n", nseen);
    ok(!PeekMessageA(&msg, NULL, 0, 0, PM_REMOVE), "SendMessage queued %#x\n", msg.message);
    ok(InSendMessage() == FALSE, "InSendMessage on a direct call\n");
}

static void test_quit(HWND hwnd)
{
    MSG msg;
    BOOL r;
    int before = 0;

    PostMessageA(hwnd, WM_USER + 3, 1, 0);
    PostQuitMessage(7);
    PostMessageA(hwnd, WM_USER + 3, 2, 0);
    /* posted messages come first, then WM_QUIT */
    while ((r = GetMessageA(&msg, NULL, 0, 0)) > 0) {
        ok(msg.message == WM_USER + 3, "unexpected %#x\n", msg.message);
        ++before;
    }
    ok(r == 0, "GetMessage returned %d at WM_QUIT\n", r);
    ok(msg.message == WM_QUIT && msg.wParam == 7 && msg.hwnd == NULL, "WM_QUIT: msg %#x wParam %d\n", msg.message,
       (int)msg.wParam);
    ok(before == 2, "%d posted messages before WM_QUIT\n", before);
    ok(!PeekMessageA(&msg, NULL, 0, 0, PM_REMOVE), "WM_QUIT retrieved twice\n");

    /* WM_QUIT ignores the message range */
    PostQuitMessage(3);
    r = PeekMessageA(&msg, NULL, WM_USER, WM_USER, PM_REMOVE);
    ok(r && msg.message == WM_QUIT && msg.wParam == 3, "filtered WM_QUIT: %d %#x\n", r, msg.message);
}

static void test_errors(HWND hwnd)
{
    MSG msg;
    BOOL r;

    poison_last_error();
    r = GetMessageA(&msg, (HWND)(ULONG_PTR)0x12345678, 0, 0);
    ok(r == -1, "GetMessage with a bad window returned %d\n", r);
    ok(GetLastError() == ERROR_INVALID_WINDOW_HANDLE, "error %u\n", (unsigned)GetLastError());

    poison_last_error();
    r = PostMessageA(hwnd, WM_SETTEXT, 0, (LPARAM) "x");
    ok(!r, "posting WM_SETTEXT succeeded\n");
    ok(GetLastError() == ERROR_MESSAGE_SYNC_ONLY, "error %u\n", (unsigned)GetLastError());

    poison_last_error();
    r = PostThreadMessageA(0xFFFFFF0, WM_USER, 0, 0);
    ok(!r, "PostThreadMessage to no thread succeeded\n");
    ok(GetLastError() == ERROR_INVALID_THREAD_ID, "error %u\n", (unsigned)GetLastError());

    ok(TranslateMessage(&msg) == FALSE || TRUE, "TranslateMessage\n");
}

int main(void)
{
    HWND hwnd = make_window();
    ok(hwnd != NULL, "CreateWindow failed %u\n", (unsigned)GetLastError());
    if (!hwnd) return test_finish();
    test_fifo(hwnd);
    test_peek_and_filters(hwnd);
    test_send_same_thread(hwnd);
    test_quit(hwnd);
    test_errors(hwnd);
    DestroyWindow(hwnd);
    return test_finish();
}
