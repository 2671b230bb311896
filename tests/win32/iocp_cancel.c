/* Cancelling and closing with I/O pending on a socket associated with a completion port:
 * CancelIoEx (one operation, all of them, nothing to cancel), CancelIo (the calling thread's
 * operations only), closesocket with receives pending (each completes exactly once with
 * ERROR_CONNECTION_ABORTED and its buffer is never written afterwards), and the OVERLAPPED being
 * final when GetQueuedCompletionStatus returns it.
 *
 * Expected values come from Microsoft's docs (CancelIoEx: "If the function fails ... because
 * the operation could not be found, GetLastError returns ERROR_NOT_FOUND"; cancelled operations
 * complete with ERROR_OPERATION_ABORTED; CancelIo: operations issued by the calling thread) and
 * Wine's dlls/ws2_32/tests/sock.c where named.
 */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <mswsock.h>
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#include "ovl_test.h"

#ifndef STATUS_PENDING
#define STATUS_PENDING ((DWORD)0x00000103)
#endif
#ifndef STATUS_CANCELLED
#define STATUS_CANCELLED ((DWORD)0xC0000120)
#endif
#ifndef STATUS_CONNECTION_ABORTED
#define STATUS_CONNECTION_ABORTED ((DWORD)0xC0000241)
#endif

#define POISON ((ULONG_PTR)0xdeadbeef)

static void init_ov(OVERLAPPED *ov)
{
    memset(ov, 0, sizeof(*ov));
    ov->Internal = POISON;
    ov->InternalHigh = POISON;
}

static BOOL wait_readable(SOCKET s, int ms)
{
    fd_set rd;
    struct timeval tv;
    FD_ZERO(&rd);
    FD_SET(s, &rd);
    tv.tv_sec = ms / 1000;
    tv.tv_usec = (ms % 1000) * 1000;
    return select(0, &rd, NULL, NULL, &tv) == 1;
}

#define post_recv(s, buf, len, ov) post_recv_((s), (buf), (len), (ov), __LINE__)
static void post_recv_(SOCKET s, char *buf, ULONG len, OVERLAPPED *ov, int line)
{
    WSABUF wb;
    DWORD flags = 0, bytes = 0xdeadbeef;
    int r;
    wb.buf = buf;
    wb.len = len;
    WSASetLastError(0xdeadbeef);
    r = WSARecv(s, &wb, 1, &bytes, &flags, ov, NULL);
    ok_(__FILE__, line)(r == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING,
                        "WSARecv: expected pending, got %d, error %d\n", r, WSAGetLastError());
}

/* Takes one packet; checks the result, the error and the OVERLAPPED. */
#define get_packet(port, ms, ok_expected, err, ovp, key, status)                                                  \
    get_packet_((port), (ms), (ok_expected), (err), (ovp), (key), (status), __LINE__)
static OVERLAPPED *get_packet_(HANDLE port, DWORD ms, BOOL ret_expected, DWORD err_expected, OVERLAPPED *ov_expected,
                               ULONG_PTR key_expected, DWORD status_expected, int line)
{
    DWORD bytes = 0xdeadbeef;
    ULONG_PTR key = POISON;
    OVERLAPPED *olp = (OVERLAPPED *)POISON;
    BOOL r;
    poison_last_error();
    r = GetQueuedCompletionStatus(port, &bytes, &key, &olp, ms);
    ok_(__FILE__, line)(r == ret_expected, "GQCS returned %d, expected %d (error %lu)\n", r, ret_expected,
                        GetLastError());
    if (!ret_expected)
        ok_(__FILE__, line)(GetLastError() == err_expected, "expected error %lu, got %lu\n", err_expected,
                            GetLastError());
    if (ov_expected) ok_(__FILE__, line)(olp == ov_expected, "olp %p, expected %p\n", olp, ov_expected);
    else ok_(__FILE__, line)(olp != NULL && olp != (OVERLAPPED *)POISON, "no overlapped: %p\n", olp);
    ok_(__FILE__, line)(key == key_expected, "key %#lx, expected %#lx\n", (unsigned long)key,
                        (unsigned long)key_expected);
    if (olp && olp != (OVERLAPPED *)POISON) {
        /* The OVERLAPPED is final when GQCS hands it back. */
        DWORD st = (DWORD)OV_LOAD(olp->Internal);
        ok_(__FILE__, line)(st == status_expected, "Internal %#lx, expected %#lx\n", (unsigned long)st,
                            (unsigned long)status_expected);
        ok_(__FILE__, line)(HasOverlappedIoCompleted(olp), "HasOverlappedIoCompleted FALSE\n");
        if (!ret_expected) ok_(__FILE__, line)(bytes == 0, "bytes %lu\n", bytes);
    }
    return olp;
}

#define ok_port_empty(port, ms) ok_port_empty_((port), (ms), __LINE__)
static void ok_port_empty_(HANDLE port, DWORD ms, int line)
{
    DWORD bytes;
    ULONG_PTR key;
    OVERLAPPED *olp = (OVERLAPPED *)POISON;
    BOOL r;
    poison_last_error();
    r = GetQueuedCompletionStatus(port, &bytes, &key, &olp, ms);
    ok_(__FILE__, line)(!r && GetLastError() == WAIT_TIMEOUT && olp == NULL,
                        "expected no packet: returned %d, error %lu, olp %p\n", r, GetLastError(), olp);
}

static HANDLE pair_on_port(SOCKET *a, SOCKET *b, ULONG_PTR key)
{
    HANDLE port;
    if (tcp_pair(a, b)) return NULL;
    port = CreateIoCompletionPort((HANDLE)*a, NULL, key, 0);
    ok(port != NULL, "CreateIoCompletionPort failed, error %lu\n", GetLastError());
    return port;
}

/* ---- CancelIoEx -------------------------------------------------------------------------- */

static void test_cancelioex_one(void)
{
    SOCKET a, b;
    HANDLE port = pair_on_port(&a, &b, 11);
    char buf1[16], buf2[16];
    OVERLAPPED ov1, ov2;
    BOOL r;

    if (!port) return;
    init_ov(&ov1);
    init_ov(&ov2);
    post_recv(a, buf1, sizeof(buf1), &ov1);
    post_recv(a, buf2, sizeof(buf2), &ov2);

    poison_last_error();
    r = CancelIoEx((HANDLE)a, &ov1);
    ok(r == TRUE, "CancelIoEx returned %d, error %lu\n", r, GetLastError());
    get_packet(port, 1000, FALSE, ERROR_OPERATION_ABORTED, &ov1, 11, STATUS_CANCELLED);
    ok_port_empty(port, 100);  /* exactly once, and ov2 still pends */
    ok((DWORD)OV_LOAD(ov2.Internal) == STATUS_PENDING, "ov2 Internal %#lx\n", (unsigned long)ov2.Internal);

    /* Cancelling it again: nothing matches. */
    poison_last_error();
    r = CancelIoEx((HANDLE)a, &ov1);
    ok(r == FALSE, "second CancelIoEx returned %d\n", r);
    ok(GetLastError() == ERROR_NOT_FOUND, "expected 1168, got %lu\n", GetLastError());

    /* The remaining recv still works and gets the data. */
    ok(send(b, "after", 5, 0) == 5, "send failed\n");
    get_packet(port, 1000, TRUE, 0, &ov2, 11, 0);
    ok(!memcmp(buf2, "after", 5), "data mismatch\n");

    /* Nothing pending at all. */
    poison_last_error();
    r = CancelIoEx((HANDLE)a, &ov2);
    ok(r == FALSE, "CancelIoEx with nothing pending returned %d\n", r);
    ok(GetLastError() == ERROR_NOT_FOUND, "expected 1168, got %lu\n", GetLastError());
    poison_last_error();
    r = CancelIoEx((HANDLE)a, NULL);
    ok(r == FALSE, "CancelIoEx(NULL) with nothing pending returned %d\n", r);
    ok(GetLastError() == ERROR_NOT_FOUND, "expected 1168, got %lu\n", GetLastError());
    ok_port_empty(port, 0);

    closesocket(a);
    closesocket(b);
    CloseHandle(port);
}

static void test_cancelioex_all(void)
{
    SOCKET a, b;
    HANDLE port = pair_on_port(&a, &b, 12);
    char buf[3][16];
    OVERLAPPED ov[3];
    int seen[3] = {0, 0, 0};
    int i, j;
    BOOL r;

    if (!port) return;
    for (i = 0; i < 3; i++) {
        init_ov(&ov[i]);
        post_recv(a, buf[i], sizeof(buf[i]), &ov[i]);
    }
    poison_last_error();
    r = CancelIoEx((HANDLE)a, NULL);
    ok(r == TRUE, "CancelIoEx(NULL) returned %d, error %lu\n", r, GetLastError());
    for (i = 0; i < 3; i++) {
        OVERLAPPED *olp = get_packet(port, 1000, FALSE, ERROR_OPERATION_ABORTED, NULL, 12, STATUS_CANCELLED);
        for (j = 0; j < 3; j++)
            if (olp == &ov[j]) seen[j]++;
    }
    for (j = 0; j < 3; j++) ok(seen[j] == 1, "ov[%d] delivered %d times\n", j, seen[j]);
    ok_port_empty(port, 100);

    closesocket(a);
    closesocket(b);
    CloseHandle(port);
}

/* ---- CancelIo: the calling thread's operations only ------------------------------------- */

struct cancel_arg {
    SOCKET s;
    BOOL ret;
    DWORD err;
};

static DWORD WINAPI cancelio_thread(void *p)
{
    struct cancel_arg *a = p;
    SetLastError(0xdeadbeef);
    a->ret = CancelIo((HANDLE)a->s);
    a->err = GetLastError();
    return 0;
}

static void test_cancelio_threads(void)
{
    SOCKET a, b;
    HANDLE port = pair_on_port(&a, &b, 13);
    struct cancel_arg arg;
    char buf[16];
    OVERLAPPED ov;
    HANDLE t;
    BOOL r;

    if (!port) return;
    init_ov(&ov);
    post_recv(a, buf, sizeof(buf), &ov);

    /* From another thread: TRUE, and our recv stays pending. */
    arg.s = a;
    t = CreateThread(NULL, 0, cancelio_thread, &arg, 0, NULL);
    ok(WaitForSingleObject(t, 2000) == WAIT_OBJECT_0, "thread did not finish\n");
    CloseHandle(t);
    ok(arg.ret == TRUE, "CancelIo from another thread returned %d, error %lu\n", arg.ret, arg.err);
    ok_port_empty(port, 100);
    ok((DWORD)OV_LOAD(ov.Internal) == STATUS_PENDING, "Internal %#lx\n", (unsigned long)ov.Internal);

    /* From the issuing thread: cancelled. */
    poison_last_error();
    r = CancelIo((HANDLE)a);
    ok(r == TRUE, "CancelIo returned %d, error %lu\n", r, GetLastError());
    get_packet(port, 1000, FALSE, ERROR_OPERATION_ABORTED, &ov, 13, STATUS_CANCELLED);
    ok_port_empty(port, 100);

    /* Data sent afterwards stays in the socket. */
    ok(send(b, "zz", 2, 0) == 2, "send failed\n");
    ok(wait_readable(a, 1000), "data not readable\n");
    ok(recv(a, buf, sizeof(buf), 0) == 2, "recv failed\n");

    closesocket(a);
    closesocket(b);
    CloseHandle(port);
}

/* ---- closesocket with receives pending ---------------------------------------------------- */

/* Wine iocp_async_read_closesocket / test_completion_port: each pending receive completes once
 * through the port with ERROR_CONNECTION_ABORTED, Internal STATUS_CONNECTION_ABORTED, 0 bytes;
 * DESIGN.md: the kernel is done with the buffers before the notification. */
static void test_closesocket_pending(void)
{
    SOCKET a, b;
    HANDLE port = pair_on_port(&a, &b, 14);
    char buf[2][64];
    OVERLAPPED ov[2];
    int seen[2] = {0, 0};
    int i, j;
    char pattern[64];
    char junk[256];

    if (!port) return;
    memset(pattern, 0xA5, sizeof(pattern));
    for (i = 0; i < 2; i++) {
        memcpy(buf[i], pattern, sizeof(pattern));
        init_ov(&ov[i]);
        post_recv(a, buf[i], sizeof(buf[i]), &ov[i]);
    }
    ok(closesocket(a) == 0, "closesocket failed, error %d\n", WSAGetLastError());
    for (i = 0; i < 2; i++) {
        OVERLAPPED *olp = get_packet(port, 1000, FALSE, ERROR_CONNECTION_ABORTED, NULL, 14, STATUS_CONNECTION_ABORTED);
        for (j = 0; j < 2; j++)
            if (olp == &ov[j]) seen[j]++;
    }
    for (j = 0; j < 2; j++) ok(seen[j] == 1, "ov[%d] delivered %d times\n", j, seen[j]);
    ok_port_empty(port, 100);

    /* The old peer sends: nothing may land in the buffers. */
    memset(junk, 'J', sizeof(junk));
    send(b, junk, sizeof(junk), 0);
    ok_port_empty(port, 100);
    for (i = 0; i < 2; i++)
        ok(!memcmp(buf[i], pattern, sizeof(pattern)), "buffer %d was written after its completion\n", i);
    ok(OV_LOAD(ov[0].InternalHigh) == 0 && OV_LOAD(ov[1].InternalHigh) == 0, "InternalHigh %lu %lu\n",
       (unsigned long)ov[0].InternalHigh, (unsigned long)ov[1].InternalHigh);

    closesocket(b);
    CloseHandle(port);
}

/* Cancelling from another thread while the issuing thread waits on the port (CancelIoEx cancels
 * whichever thread issued it). */
struct cancelex_arg {
    SOCKET s;
    OVERLAPPED *ov;
    BOOL ret;
};

static DWORD WINAPI cancelioex_thread(void *p)
{
    struct cancelex_arg *a = p;
    Sleep(50);
    a->ret = CancelIoEx((HANDLE)a->s, a->ov);
    return 0;
}

static void test_cancelioex_other_thread(void)
{
    SOCKET a, b;
    HANDLE port = pair_on_port(&a, &b, 15);
    struct cancelex_arg arg;
    char buf[16];
    OVERLAPPED ov;
    HANDLE t;

    if (!port) return;
    init_ov(&ov);
    post_recv(a, buf, sizeof(buf), &ov);
    arg.s = a;
    arg.ov = &ov;
    arg.ret = FALSE;
    t = CreateThread(NULL, 0, cancelioex_thread, &arg, 0, NULL);
    get_packet(port, 2000, FALSE, ERROR_OPERATION_ABORTED, &ov, 15, STATUS_CANCELLED);
    ok(WaitForSingleObject(t, 2000) == WAIT_OBJECT_0, "thread did not finish\n");
    CloseHandle(t);
    ok(arg.ret == TRUE, "CancelIoEx from another thread returned %d\n", arg.ret);
    ok_port_empty(port, 50);

    closesocket(a);
    closesocket(b);
    CloseHandle(port);
}

int main(void)
{
    WSADATA wsa;
    if (WSAStartup(MAKEWORD(2, 2), &wsa)) {
        printf("WSAStartup failed\n");
        return 1;
    }
    test_cancelioex_one();
    test_cancelioex_all();
    test_cancelio_threads();
    test_closesocket_pending();
    test_cancelioex_other_thread();
    WSACleanup();
    return test_finish();
}
