/* Waits that reap the process engine themselves (the poll lease, docs/engines.md "Which thread
 * polls"). Once a socket exists, a thread that sleeps in WaitFor*, SleepEx or GetMessage may be
 * the thread polling the kernel for every pending operation of the process. Windows has no such
 * thread, so nothing about it may show: these tests hold the rules that must survive it.
 *   - another thread's SetEvent, QueueUserAPC and PostThreadMessage still end the wait at once;
 *   - a timeout is still a timeout;
 *   - the completion routine of a receive runs on the issuing thread during its alertable wait;
 *   - two threads waiting for their own receives both complete, whichever reaps, also after
 *     the first one stops waiting (the lease is handed on);
 *   - an operation completes when no thread waits at all (HasOverlappedIoCompleted polling);
 *   - a thread that polls in its waits leaves its pending requests in the ring for its next
 *     wait: they still complete when it blocks in a socket call, exits, or calls
 *     GetQueuedCompletionStatus instead.
 * Bounds on elapsed time are generous (seconds): they catch a wait that hangs, not a slow one.
 */
#include <winsock2.h>
#include <windows.h>
#include <stdio.h>
#include <string.h>

#include "ovl_test.h"

/* Starts an overlapped receive on s, signalling ov->hEvent; returns WSA_IO_PENDING when it
 * pends, else the result or error (threads other than main report through main: the harness's
 * counters are not thread-safe). */
static int start_recv(SOCKET s, WSAOVERLAPPED *ov, WSABUF *wb, char *buf, ULONG size)
{
    DWORD flags = 0;
    int r;
    wb->buf = buf;
    wb->len = size;
    r = WSARecv(s, wb, 1, NULL, &flags, ov, NULL);
    return r == SOCKET_ERROR ? WSAGetLastError() : r;
}

static void post_recv(SOCKET s, WSAOVERLAPPED *ov, WSABUF *wb, char *buf, ULONG size)
{
    int r = start_recv(s, ov, wb, buf, size);
    ok(r == WSA_IO_PENDING, "WSARecv: %d\n", r);
}

struct delayed {
    DWORD delay_ms;
    HANDLE event;      /* SetEvent */
    DWORD thread_id;   /* PostThreadMessage target */
    SOCKET sock;       /* send "ping" */
};

static void CALLBACK count_apc(ULONG_PTR arg) { ++*(LONG *)arg; }
static LONG apc_runs;

static DWORD WINAPI delayed_action(LPVOID arg)
{
    struct delayed *d = arg;
    Sleep(d->delay_ms);
    if (d->event) SetEvent(d->event);
    if (d->thread_id) PostThreadMessageA(d->thread_id, WM_USER + 7, 42, 0);
    if (d->sock != INVALID_SOCKET) send(d->sock, "ping", 4, 0);
    return 0;
}

static HANDLE start_delayed(struct delayed *d) { return CreateThread(NULL, 0, delayed_action, d, 0, NULL); }

static void finish_thread(HANDLE t)
{
    ok(WaitForSingleObject(t, 10000) == WAIT_OBJECT_0, "helper thread did not end\n");
    CloseHandle(t);
}

/* Another thread's SetEvent ends a wait whose thread may be polling, while that thread also
 * has a receive pending; the receive then completes on the same wait. */
static void test_set_event_from_other_thread(void)
{
    SOCKET c, s;
    WSAOVERLAPPED ov;
    WSABUF wb;
    char buf[16];
    HANDLE evs[2];
    struct delayed d = {50, NULL, 0, INVALID_SOCKET};
    DWORD start, r, bytes = 0, flags = 0;
    HANDLE t;

    tcp_pair(&c, &s);
    memset(&ov, 0, sizeof(ov));
    ov.hEvent = evs[0] = WSACreateEvent();
    evs[1] = d.event = CreateEventA(NULL, FALSE, FALSE, NULL);
    post_recv(s, &ov, &wb, buf, sizeof(buf));

    t = start_delayed(&d);
    start = GetTickCount();
    r = WaitForMultipleObjects(2, evs, FALSE, 10000);
    ok(r == WAIT_OBJECT_0 + 1, "wait: %lu\n", r);
    ok(GetTickCount() - start < 5000, "the wait took %lu ms\n", GetTickCount() - start);
    finish_thread(t);

    ok(send(c, "hello", 5, 0) == 5, "send: error %d\n", WSAGetLastError());
    r = WaitForMultipleObjects(2, evs, FALSE, 10000);
    ok(r == WAIT_OBJECT_0, "wait: %lu\n", r);
    ok(WSAGetOverlappedResult(s, &ov, &bytes, FALSE, &flags), "WSAGetOverlappedResult: error %d\n", WSAGetLastError());
    ok(bytes == 5 && !memcmp(buf, "hello", 5), "bytes %lu\n", bytes);

    CloseHandle(evs[1]);
    WSACloseEvent(evs[0]);
    closesocket(c);
    closesocket(s);
}

/* A timed wait times out on time, with a receive pending and the engine being polled. */
static void test_timeout(void)
{
    SOCKET c, s;
    WSAOVERLAPPED ov;
    WSABUF wb;
    char buf[16];
    DWORD start, elapsed, r;

    tcp_pair(&c, &s);
    memset(&ov, 0, sizeof(ov));
    ov.hEvent = WSACreateEvent();
    post_recv(s, &ov, &wb, buf, sizeof(buf));
    start = GetTickCount();
    r = WSAWaitForMultipleEvents(1, &ov.hEvent, FALSE, 100, FALSE);
    elapsed = GetTickCount() - start;
    ok(r == WSA_WAIT_TIMEOUT, "wait: %lu\n", r);
    ok(elapsed >= 90 && elapsed < 5000, "elapsed %lu ms\n", elapsed);
    r = SleepEx(60, TRUE);
    ok(r == 0, "SleepEx: %lu\n", r);
    closesocket(c);
    closesocket(s);  /* completes the receive (aborted) before its event and buffer go */
    ok(WaitForSingleObject(ov.hEvent, 5000) == WAIT_OBJECT_0, "aborted receive not signalled\n");
    WSACloseEvent(ov.hEvent);
}

static DWORD sleeper_result, sleeper_elapsed;

static DWORD WINAPI alertable_sleeper(LPVOID arg)
{
    DWORD start = GetTickCount();
    sleeper_result = SleepEx(10000, TRUE);
    sleeper_elapsed = GetTickCount() - start;
    return 0;
}

/* QueueUserAPC from another thread ends an alertable wait at once. */
static void test_apc_from_other_thread(void)
{
    SOCKET c, s;
    HANDLE t;

    tcp_pair(&c, &s);  /* the engine exists, so the sleeper may be the thread polling it */
    apc_runs = 0;
    t = CreateThread(NULL, 0, alertable_sleeper, NULL, 0, NULL);
    Sleep(50);
    ok(QueueUserAPC(count_apc, t, (ULONG_PTR)&apc_runs) != 0, "QueueUserAPC: error %lu\n", GetLastError());
    finish_thread(t);
    ok(sleeper_result == WAIT_IO_COMPLETION, "SleepEx: %lu\n", sleeper_result);
    ok(apc_runs == 1, "APC ran %ld times\n", apc_runs);
    ok(sleeper_elapsed < 5000, "the wait took %lu ms\n", sleeper_elapsed);
    closesocket(c);
    closesocket(s);
}

static LONG routine_runs;
static DWORD routine_bytes, routine_error, routine_thread;

static void CALLBACK on_recv(DWORD error, DWORD bytes, LPWSAOVERLAPPED ov, DWORD flags)
{
    ++routine_runs;
    routine_error = error;
    routine_bytes = bytes;
    routine_thread = GetCurrentThreadId();
}

/* The completion routine of a receive that completes while its thread sleeps alertably runs on
 * that thread, and the wait returns WAIT_IO_COMPLETION. */
static void test_completion_routine(void)
{
    SOCKET c, s;
    WSAOVERLAPPED ov;
    WSABUF wb;
    char buf[16];
    DWORD flags = 0, r;
    struct delayed d = {50, NULL, 0, INVALID_SOCKET};
    HANDLE t;
    int rc;

    tcp_pair(&c, &s);
    memset(&ov, 0, sizeof(ov));
    wb.buf = buf;
    wb.len = sizeof(buf);
    routine_runs = 0;
    rc = WSARecv(s, &wb, 1, NULL, &flags, &ov, on_recv);
    ok(rc == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING, "WSARecv: %d error %d\n", rc, WSAGetLastError());
    d.sock = c;
    t = start_delayed(&d);
    r = SleepEx(10000, TRUE);
    ok(r == WAIT_IO_COMPLETION, "SleepEx: %lu\n", r);
    ok(routine_runs == 1 && routine_error == 0 && routine_bytes == 4, "routine: runs %ld error %lu bytes %lu\n",
       routine_runs, routine_error, routine_bytes);
    ok(routine_thread == GetCurrentThreadId(), "routine ran on thread %lu\n", routine_thread);
    ok(!memcmp(buf, "ping", 4), "data\n");
    finish_thread(t);
    closesocket(c);
    closesocket(s);
}

struct waiter_arg {
    SOCKET s;
    int posted;
    DWORD result;
    DWORD bytes;
    char buf[16];
};

static DWORD WINAPI wait_own_recv(LPVOID p)
{
    struct waiter_arg *a = p;
    WSAOVERLAPPED ov;
    WSABUF wb;
    DWORD flags = 0;

    memset(&ov, 0, sizeof(ov));
    ov.hEvent = WSACreateEvent();
    a->posted = start_recv(a->s, &ov, &wb, a->buf, sizeof(a->buf));
    a->result = WaitForSingleObject(ov.hEvent, 10000);
    if (!WSAGetOverlappedResult(a->s, &ov, &a->bytes, FALSE, &flags)) a->bytes = 0xffffffff;
    WSACloseEvent(ov.hEvent);
    return 0;
}

/* Two threads wait for their own receives. The first one's data comes first, so it stops
 * waiting while the second still waits: the second's receive must still complete. */
static void test_two_waiters(void)
{
    SOCKET c1, s1, c2, s2;
    struct waiter_arg a1, a2;
    HANDLE t1, t2;

    tcp_pair(&c1, &s1);
    tcp_pair(&c2, &s2);
    memset(&a1, 0, sizeof(a1));
    memset(&a2, 0, sizeof(a2));
    a1.s = s1;
    a2.s = s2;
    t1 = CreateThread(NULL, 0, wait_own_recv, &a1, 0, NULL);
    t2 = CreateThread(NULL, 0, wait_own_recv, &a2, 0, NULL);
    Sleep(50);  /* both are waiting (one of them polling) */
    ok(send(c1, "one", 3, 0) == 3, "send 1: error %d\n", WSAGetLastError());
    ok(WaitForSingleObject(t1, 10000) == WAIT_OBJECT_0, "thread 1 did not end\n");
    Sleep(50);
    ok(send(c2, "two!", 4, 0) == 4, "send 2: error %d\n", WSAGetLastError());
    ok(WaitForSingleObject(t2, 10000) == WAIT_OBJECT_0, "thread 2 did not end\n");
    ok(a1.posted == WSA_IO_PENDING && a2.posted == WSA_IO_PENDING, "WSARecv: %d %d\n", a1.posted, a2.posted);
    ok(a1.result == WAIT_OBJECT_0 && a1.bytes == 3 && !memcmp(a1.buf, "one", 3), "thread 1: %lu, %lu bytes\n",
       a1.result, a1.bytes);
    ok(a2.result == WAIT_OBJECT_0 && a2.bytes == 4 && !memcmp(a2.buf, "two!", 4), "thread 2: %lu, %lu bytes\n",
       a2.result, a2.bytes);
    CloseHandle(t1);
    CloseHandle(t2);
    closesocket(c1);
    closesocket(s1);
    closesocket(c2);
    closesocket(s2);
}

/* No thread waits: a pending receive still completes (Windows completes I/O whether or not
 * anyone waits); the program polls HasOverlappedIoCompleted, which makes no call at all. */
static void test_completes_without_waiter(void)
{
    SOCKET c, s;
    WSAOVERLAPPED ov;
    WSABUF wb;
    char buf[16];
    DWORD start;
    volatile unsigned long spins = 0;

    tcp_pair(&c, &s);
    memset(&ov, 0, sizeof(ov));
    ov.hEvent = WSACreateEvent();
    post_recv(s, &ov, &wb, buf, sizeof(buf));
    ok(send(c, "data", 4, 0) == 4, "send: error %d\n", WSAGetLastError());
    start = GetTickCount();
    while (!HasOverlappedIoCompleted(&ov) && GetTickCount() - start < 5000) ++spins;
    ok(HasOverlappedIoCompleted(&ov), "not completed after %lu ms\n", GetTickCount() - start);
    ok(ov.InternalHigh == 4 && !memcmp(buf, "data", 4), "InternalHigh %lu\n", (unsigned long)ov.InternalHigh);
    /* Internal is written before the event is set (on Windows too: the I/O manager copies the
       status block, then sets the event), so the event may follow a moment later. */
    ok(WaitForSingleObject(ov.hEvent, 5000) == WAIT_OBJECT_0, "event not set\n");
    WSACloseEvent(ov.hEvent);
    closesocket(c);
    closesocket(s);
}

struct deferred_arg {
    SOCKET s1, s2;         /* s1: overlapped receive left pending; s2: blocking recv */
    int how;               /* 0: blocking recv on s2; 1: exit the thread; 2: GetQueuedCompletionStatus */
    HANDLE port;
    WSAOVERLAPPED ov;
    WSABUF wb;
    char buf[16];
    int posted;
    int recv_result;
};

static DWORD WINAPI defer_then_block(LPVOID p)
{
    struct deferred_arg *a = p;
    DWORD bytes;
    ULONG_PTR key;
    LPOVERLAPPED got;
    char b2[8];

    SleepEx(20, TRUE);  /* a wait with the engine running: this thread may now poll it */
    a->posted = start_recv(a->s1, &a->ov, &a->wb, a->buf, sizeof(a->buf));
    if (a->how == 0) a->recv_result = recv(a->s2, b2, sizeof(b2), 0);
    if (a->how == 2) GetQueuedCompletionStatus(a->port, &bytes, &key, &got, 10000);
    return 0;
}

/* The receive a thread leaves pending must complete while that thread is somewhere else. */
static void test_deferred_request_completes(int how)
{
    SOCKET c1, s1, c2, s2;
    struct deferred_arg a;
    DWORD bytes = 0, flags = 0;
    HANDLE t;

    tcp_pair(&c1, &s1);
    tcp_pair(&c2, &s2);
    memset(&a, 0, sizeof(a));
    a.s1 = s1;
    a.s2 = s2;
    a.how = how;
    a.ov.hEvent = WSACreateEvent();
    if (how == 2) a.port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
    t = CreateThread(NULL, 0, defer_then_block, &a, 0, NULL);
    if (how == 1) ok(WaitForSingleObject(t, 10000) == WAIT_OBJECT_0, "thread did not exit\n");
    else Sleep(100);  /* the thread is blocked in recv or GetQueuedCompletionStatus */
    ok(send(c1, "late", 4, 0) == 4, "send: error %d\n", WSAGetLastError());
    ok(WaitForSingleObject(a.ov.hEvent, 5000) == WAIT_OBJECT_0, "how %d: receive not completed\n", how);
    ok(WSAGetOverlappedResult(s1, &a.ov, &bytes, FALSE, &flags) && bytes == 4 && !memcmp(a.buf, "late", 4),
       "how %d: %lu bytes, error %d\n", how, bytes, WSAGetLastError());
    if (how == 0) ok(send(c2, "x", 1, 0) == 1, "send 2: error %d\n", WSAGetLastError());
    if (how == 2) PostQueuedCompletionStatus(a.port, 0, 0, NULL);
    finish_thread(t);
    ok(a.posted == WSA_IO_PENDING, "how %d: WSARecv: %d\n", how, a.posted);
    if (how == 0) ok(a.recv_result == 1, "blocking recv: %d\n", a.recv_result);
    if (a.port) CloseHandle(a.port);
    WSACloseEvent(a.ov.hEvent);
    closesocket(c1);
    closesocket(s1);
    closesocket(c2);
    closesocket(s2);
}

/* PostThreadMessage from another thread ends a GetMessage whose thread may be polling. */
static void test_post_thread_message(void)
{
    SOCKET c, s;
    MSG msg;
    struct delayed d = {50, NULL, 0, INVALID_SOCKET};
    HANDLE t;
    DWORD start;
    BOOL r;

    tcp_pair(&c, &s);
    PeekMessageA(&msg, NULL, 0, 0, PM_NOREMOVE);  /* the thread's queue exists */
    d.thread_id = GetCurrentThreadId();
    t = start_delayed(&d);
    start = GetTickCount();
    r = GetMessageA(&msg, NULL, 0, 0);
    ok(r == TRUE && msg.message == WM_USER + 7 && msg.wParam == 42, "GetMessage: %d %#x\n", r, msg.message);
    ok(GetTickCount() - start < 5000, "the wait took %lu ms\n", GetTickCount() - start);
    finish_thread(t);
    closesocket(c);
    closesocket(s);
}

int main(void)
{
    WSADATA wsa;
    ok(!WSAStartup(MAKEWORD(2, 2), &wsa), "WSAStartup failed\n");

    test_set_event_from_other_thread();
    test_timeout();
    test_apc_from_other_thread();
    test_completion_routine();
    test_two_waiters();
    test_completes_without_waiter();
    test_post_thread_message();
    test_deferred_request_completes(0);
    test_deferred_request_completes(1);
    test_deferred_request_completes(2);

    WSACleanup();
    return test_finish();
}
