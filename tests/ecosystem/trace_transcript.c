/* trace_transcript.c: a fixed, deterministic sequence of Winsock, event, completion-port, APC
 * and message calls for the OVL_TRACE transcript test (trace_transcript.sh runs it with
 * OVL_TRACE set and compares the normalised trace with trace_transcript.expected). It checks
 * its own results too, so it is an ordinary test without tracing.
 *
 * Every call here has one possible outcome, on Windows and under both engines: no timing
 * races (the overlapped receive is issued before its data is sent; waits on signalled objects
 * use a timeout of 0), and one known failure per family.
 */
#include <winsock2.h>
#include <windows.h>

#include "ovl_test.h"

static ULONG_PTR apc_data;
static int routine_calls;

static void CALLBACK apc_fn(ULONG_PTR data) { apc_data = data; }

static void CALLBACK routine_fn(DWORD err, DWORD bytes, LPWSAOVERLAPPED ov, DWORD flags)
{
    (void)err; (void)bytes; (void)ov; (void)flags;
    ++routine_calls;
}

int main(void)
{
    WSADATA wsa;
    struct sockaddr_in addr;
    int len = sizeof(addr);
    SOCKET l, c, s;
    WSAEVENT wev;
    WSAOVERLAPPED ov, ov2;
    WSABUF wb;
    char buf[16];
    DWORD n = 0, flags = 0, bytes = 0, got = 0;
    ULONG_PTR key = 0;
    LPOVERLAPPED pov = NULL;
    HANDLE ev, port;
    u_long one = 1;
    MSG msg;

    ok(WSAStartup(MAKEWORD(2, 2), &wsa) == 0, "WSAStartup failed\n");

    /* Winsock: a listener on 127.0.0.1:0, a failing bind, a connected pair. */
    l = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    ok(l != INVALID_SOCKET, "socket failed: %d\n", WSAGetLastError());
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ok(bind(l, (struct sockaddr *)&addr, sizeof(addr)) == 0, "bind failed: %d\n", WSAGetLastError());
    ok(bind(l, (struct sockaddr *)&addr, sizeof(addr)) == SOCKET_ERROR, "second bind succeeded\n");
    ok_wsa_error(WSAEINVAL);
    ok(listen(l, 1) == 0, "listen failed: %d\n", WSAGetLastError());
    ok(getsockname(l, (struct sockaddr *)&addr, &len) == 0, "getsockname failed: %d\n", WSAGetLastError());
    ok(closesocket(INVALID_SOCKET) == SOCKET_ERROR, "closesocket(INVALID_SOCKET) succeeded\n");
    ok_wsa_error(WSAENOTSOCK);
    c = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    ok(connect(c, (struct sockaddr *)&addr, sizeof(addr)) == 0, "connect failed: %d\n", WSAGetLastError());
    s = accept(l, NULL, NULL);
    ok(s != INVALID_SOCKET, "accept failed: %d\n", WSAGetLastError());

    /* Overlapped receive with an event: pending until the peer sends. */
    wev = WSACreateEvent();
    memset(&ov, 0, sizeof(ov));
    ov.hEvent = wev;
    wb.len = sizeof(buf);
    wb.buf = buf;
    ok(WSARecv(s, &wb, 1, &n, &flags, &ov, NULL) == SOCKET_ERROR, "WSARecv did not pend\n");
    ok_wsa_error(WSA_IO_PENDING);
    ok(send(c, "hello", 5, 0) == 5, "send failed: %d\n", WSAGetLastError());
    ok(WSAWaitForMultipleEvents(1, &wev, FALSE, 5000, FALSE) == WSA_WAIT_EVENT_0, "no completion\n");
    ok(WSAGetOverlappedResult(s, &ov, &n, FALSE, &flags) && n == 5, "WSAGetOverlappedResult: %lu bytes\n",
       (unsigned long)n);
    ok(WSACloseEvent(wev), "WSACloseEvent failed\n");

    /* Events and waits. */
    ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    ok(SetEvent(ev), "SetEvent failed\n");
    ok(WaitForSingleObject(ev, 0) == WAIT_OBJECT_0, "event not signalled\n");
    ok(ResetEvent(ev), "ResetEvent failed\n");
    ok(WaitForSingleObject(ev, 0) == WAIT_TIMEOUT, "event still signalled\n");
    ok(CloseHandle(ev), "CloseHandle failed\n");
    ok(!CloseHandle(ev) && GetLastError() == ERROR_INVALID_HANDLE, "second CloseHandle: %lu\n",
       (unsigned long)GetLastError());

    /* A completion port: one posted packet, then a timeout. */
    port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
    ok(port != NULL, "CreateIoCompletionPort failed: %lu\n", (unsigned long)GetLastError());
    ok(PostQueuedCompletionStatus(port, 7, 0x1234, NULL), "PostQueuedCompletionStatus failed\n");
    ok(GetQueuedCompletionStatus(port, &bytes, &key, &pov, 0) && bytes == 7 && key == 0x1234 && !pov,
       "wrong packet\n");
    ok(!GetQueuedCompletionStatus(port, &bytes, &key, &pov, 0) && GetLastError() == WAIT_TIMEOUT,
       "expected a timeout: %lu\n", (unsigned long)GetLastError());
    ok(CloseHandle(port), "CloseHandle(port) failed\n");

    /* APCs: a user APC, and a completion routine (WSAIoctl completes at once and queues it). */
    ok(QueueUserAPC(apc_fn, GetCurrentThread(), 42), "QueueUserAPC failed\n");
    ok(SleepEx(0, TRUE) == WAIT_IO_COMPLETION && apc_data == 42, "APC did not run\n");
    memset(&ov2, 0, sizeof(ov2));
    ok(WSAIoctl(c, FIONBIO, &one, sizeof(one), NULL, 0, &got, &ov2, routine_fn) == 0, "WSAIoctl failed: %d\n",
       WSAGetLastError());
    ok(SleepEx(0, TRUE) == WAIT_IO_COMPLETION && routine_calls == 1, "completion routine did not run\n");

    /* A thread message through the user32 queue (PeekMessage first: the classic way to make
     * sure the thread has a queue before anything is posted to it). */
    ok(!PeekMessageA(&msg, NULL, 0, 0, PM_NOREMOVE), "unexpected message\n");
    ok(PostMessageA(NULL, WM_USER + 1, 1, 2), "PostMessage failed\n");
    ok(GetMessageA(&msg, NULL, 0, 0) == 1 && msg.message == WM_USER + 1, "wrong message\n");

    ok(closesocket(s) == 0 && closesocket(c) == 0 && closesocket(l) == 0, "closesocket failed\n");
    ok(WSACleanup() == 0, "WSACleanup failed\n");
    ok(WSACleanup() == SOCKET_ERROR, "second WSACleanup succeeded\n");
    ok_wsa_error(WSANOTINITIALISED);
    return test_finish();
}
