/* I/O issued by a completion port worker (a thread that GetQueuedCompletionStatus released and
 * that has not called it again). On io_uring such a request may wait in the submission queue
 * for the worker's next GetQueuedCompletionStatus (docs/engines.md, "Requests that ride on the
 * wait"); these tests hold the library to the Windows rule that pending I/O completes whatever
 * the issuing thread does next:
 *   - the worker blocks elsewhere (WaitForSingleObject, Sleep, a blocking recv on another
 *     socket) and nobody waits on the port: the receive still completes and writes the
 *     OVERLAPPED;
 *   - the worker cancels or closes before anything polled: the operation completes once, with
 *     ERROR_OPERATION_ABORTED / ERROR_CONNECTION_ABORTED;
 *   - a second worker is already waiting in GetQueuedCompletionStatus: it gets the packet.
 * Every wait is bounded; the same results are expected under both engines. */
#include <winsock2.h>
#include <windows.h>
#include <string.h>

#include "ovl_test.h"

/* Checks that the port holds no packet right now. */
#define ok_port_empty(port) ok_port_empty_((port), __LINE__)
static void ok_port_empty_(HANDLE port, int line)
{
    DWORD bytes;
    ULONG_PTR key;
    OVERLAPPED *ov = (OVERLAPPED *)1;
    BOOL r = GetQueuedCompletionStatus(port, &bytes, &key, &ov, 0);
    ok_(__FILE__, line)(!r && GetLastError() == WAIT_TIMEOUT && ov == NULL, "port not empty: %d error %lu ov %p\n", r,
                        GetLastError(), ov);
}

enum block_kind { BLOCK_WAIT, BLOCK_SLEEP, BLOCK_RECV };

struct worker_ctx {
    HANDLE port;
    SOCKET s;          /* the socket the worker receives on (associated with port) */
    SOCKET other;      /* BLOCK_RECV: a blocking socket the worker then waits on */
    enum block_kind block;
    HANDLE issued;     /* set once WSARecv returned */
    HANDLE release;    /* the worker returns when this is set (BLOCK_WAIT) */
    OVERLAPPED ov;
    char buf[16];
    int rc, err;
};

/* Becomes a worker (takes a posted packet), issues a receive that must pend, then blocks
 * somewhere other than the port. */
static DWORD WINAPI worker(void *arg)
{
    struct worker_ctx *c = arg;
    DWORD bytes, flags = 0;
    ULONG_PTR key;
    OVERLAPPED *o;
    WSABUF wb;
    char tmp[4];

    GetQueuedCompletionStatus(c->port, &bytes, &key, &o, 2000);
    wb.buf = c->buf;
    wb.len = sizeof(c->buf);
    c->rc = WSARecv(c->s, &wb, 1, NULL, &flags, &c->ov, NULL);
    c->err = WSAGetLastError();
    SetEvent(c->issued);
    switch (c->block) {
    case BLOCK_WAIT: WaitForSingleObject(c->release, 5000); break;
    case BLOCK_SLEEP: Sleep(700); break;
    case BLOCK_RECV: recv(c->other, tmp, sizeof(tmp), 0); break;
    }
    return 0;
}

/* Polls HasOverlappedIoCompleted for up to ms (nobody waits on the port meanwhile). */
static BOOL completes_within(OVERLAPPED *ov, int ms)
{
    int i;
    for (i = 0; i < ms / 5; ++i) {
        if (HasOverlappedIoCompleted(ov)) return TRUE;
        Sleep(5);
    }
    return HasOverlappedIoCompleted(ov);
}

static void test_worker_blocks_elsewhere(enum block_kind block)
{
    struct worker_ctx c;
    SOCKET b, o1 = INVALID_SOCKET, o2 = INVALID_SOCKET;
    HANDLE th;
    DWORD bytes;
    ULONG_PTR key;
    OVERLAPPED *olp;
    BOOL r;

    memset(&c, 0, sizeof(c));
    c.block = block;
    ok(tcp_pair(&c.s, &b) == 0, "tcp_pair failed\n");
    if (block == BLOCK_RECV) {
        ok(tcp_pair(&o1, &o2) == 0, "tcp_pair failed\n");
        c.other = o1;
    }
    c.port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    ok(CreateIoCompletionPort((HANDLE)c.s, c.port, 7, 0) == c.port, "associate failed %lu\n", GetLastError());
    c.issued = CreateEventA(NULL, TRUE, FALSE, NULL);
    c.release = CreateEventA(NULL, TRUE, FALSE, NULL);
    ok(PostQueuedCompletionStatus(c.port, 0, 1, NULL), "PQCS failed\n");
    th = CreateThread(NULL, 0, worker, &c, 0, NULL);
    ok(WaitForSingleObject(c.issued, 2000) == WAIT_OBJECT_0, "worker did not issue\n");
    ok(c.rc == SOCKET_ERROR && c.err == WSA_IO_PENDING, "WSARecv: rc %d error %d\n", c.rc, c.err);
    Sleep(20); /* let the worker block */

    ok(send(b, "ping", 4, 0) == 4, "send failed\n");
    ok(completes_within(&c.ov, 2000), "block %d: the receive never completed\n", (int)block);
    ok(c.ov.Internal == 0, "Internal %#lx\n", (unsigned long)c.ov.Internal);
    ok(c.ov.InternalHigh == 4, "InternalHigh %lu\n", (unsigned long)c.ov.InternalHigh);
    ok(!memcmp(c.buf, "ping", 4), "data mismatch\n");

    r = GetQueuedCompletionStatus(c.port, &bytes, &key, &olp, 1000);
    ok(r && bytes == 4 && key == 7 && olp == &c.ov, "GQCS: %d bytes %lu key %lu ov %p\n", r, bytes,
       (unsigned long)key, olp);
    ok_port_empty(c.port);

    SetEvent(c.release);
    if (block == BLOCK_RECV) send(o2, "x", 1, 0);
    ok(WaitForSingleObject(th, 5000) == WAIT_OBJECT_0, "worker did not exit\n");
    CloseHandle(th);
    CloseHandle(c.issued);
    CloseHandle(c.release);
    closesocket(c.s);
    closesocket(b);
    if (block == BLOCK_RECV) {
        closesocket(o1);
        closesocket(o2);
    }
    CloseHandle(c.port);
}

/* The worker cancels, then closes, requests nothing has polled yet. */
static void test_worker_cancel_and_close(void)
{
    HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    SOCKET a, b;
    OVERLAPPED ov1, ov2, *olp;
    WSABUF wb;
    char buf1[8], buf2[8];
    DWORD bytes, flags = 0;
    ULONG_PTR key;
    BOOL r;
    int rc;

    ok(tcp_pair(&a, &b) == 0, "tcp_pair failed\n");
    ok(CreateIoCompletionPort((HANDLE)a, port, 3, 0) == port, "associate failed\n");
    /* This thread becomes a worker of the port. */
    ok(PostQueuedCompletionStatus(port, 0, 1, NULL), "PQCS failed\n");
    ok(GetQueuedCompletionStatus(port, &bytes, &key, &olp, 1000) && key == 1, "GQCS failed\n");

    memset(&ov1, 0, sizeof(ov1));
    wb.buf = buf1;
    wb.len = sizeof(buf1);
    rc = WSARecv(a, &wb, 1, NULL, &flags, &ov1, NULL);
    ok(rc == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING, "WSARecv: %d %d\n", rc, WSAGetLastError());
    ok(CancelIoEx((HANDLE)a, &ov1), "CancelIoEx failed %lu\n", GetLastError());
    r = GetQueuedCompletionStatus(port, &bytes, &key, &olp, 1000);
    ok(!r && GetLastError() == ERROR_OPERATION_ABORTED && olp == &ov1 && bytes == 0,
       "cancel: %d error %lu ov %p\n", r, GetLastError(), olp);

    memset(&ov2, 0, sizeof(ov2));
    wb.buf = buf2;
    wb.len = sizeof(buf2);
    flags = 0;
    rc = WSARecv(a, &wb, 1, NULL, &flags, &ov2, NULL);
    ok(rc == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING, "WSARecv: %d %d\n", rc, WSAGetLastError());
    ok(closesocket(a) == 0, "closesocket failed\n");
    r = GetQueuedCompletionStatus(port, &bytes, &key, &olp, 1000);
    ok(!r && GetLastError() == ERROR_CONNECTION_ABORTED && olp == &ov2 && key == 3,
       "close: %d error %lu ov %p\n", r, GetLastError(), olp);
    ok_port_empty(port);
    closesocket(b);
    CloseHandle(port);
}

struct waiter_ctx {
    HANDLE port;
    HANDLE ready;
    OVERLAPPED *got;
    DWORD bytes;
    BOOL r;
};

static DWORD WINAPI port_waiter(void *arg)
{
    struct waiter_ctx *w = arg;
    ULONG_PTR key;
    SetEvent(w->ready);
    w->r = GetQueuedCompletionStatus(w->port, &w->bytes, &key, &w->got, 3000);
    return 0;
}

/* Another thread already sleeps in GetQueuedCompletionStatus when a worker's receive pends:
 * that thread must get the completion while the worker does something else. */
static void test_other_thread_waits(void)
{
    HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    struct waiter_ctx w;
    SOCKET a, b;
    OVERLAPPED ov, *olp;
    WSABUF wb;
    char buf[8];
    DWORD bytes, flags = 0;
    ULONG_PTR key;
    HANDLE th;
    int rc;

    ok(tcp_pair(&a, &b) == 0, "tcp_pair failed\n");
    ok(CreateIoCompletionPort((HANDLE)a, port, 5, 0) == port, "associate failed\n");
    ok(PostQueuedCompletionStatus(port, 0, 1, NULL), "PQCS failed\n");
    ok(GetQueuedCompletionStatus(port, &bytes, &key, &olp, 1000) && key == 1, "GQCS failed\n");

    memset(&w, 0, sizeof(w));
    w.port = port;
    w.ready = CreateEventA(NULL, TRUE, FALSE, NULL);
    th = CreateThread(NULL, 0, port_waiter, &w, 0, NULL);
    ok(WaitForSingleObject(w.ready, 2000) == WAIT_OBJECT_0, "waiter did not start\n");
    Sleep(50); /* it now sleeps in (or polls from) GetQueuedCompletionStatus */

    memset(&ov, 0, sizeof(ov));
    wb.buf = buf;
    wb.len = sizeof(buf);
    rc = WSARecv(a, &wb, 1, NULL, &flags, &ov, NULL);
    ok(rc == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING, "WSARecv: %d %d\n", rc, WSAGetLastError());
    ok(send(b, "abc", 3, 0) == 3, "send failed\n");
    /* This thread never waits on the port again: the other thread must get the packet. */
    ok(WaitForSingleObject(th, 5000) == WAIT_OBJECT_0, "waiter did not return\n");
    ok(w.r && w.got == &ov && w.bytes == 3, "waiter: %d ov %p bytes %lu\n", w.r, w.got, w.bytes);
    CloseHandle(th);
    CloseHandle(w.ready);
    closesocket(a);
    closesocket(b);
    CloseHandle(port);
}

int main(void)
{
    WSADATA wsa;
    WSAStartup(MAKEWORD(2, 2), &wsa);
    test_worker_blocks_elsewhere(BLOCK_WAIT);
    test_worker_blocks_elsewhere(BLOCK_SLEEP);
    test_worker_blocks_elsewhere(BLOCK_RECV);
    test_worker_cancel_and_close();
    test_other_thread_waits();
    WSACleanup();
    return test_finish();
}
