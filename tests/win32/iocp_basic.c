/* I/O completion ports, single-threaded behaviour: CreateIoCompletionPort (create, associate,
 * both at once, a second association), GetQueuedCompletionStatus results (success, failed I/O,
 * timeout, invalid or closed port), PostQueuedCompletionStatus round trips, immediate success
 * still queueing a packet, FILE_SKIP_COMPLETION_PORT_ON_SUCCESS, the low bit of hEvent,
 * GetQueuedCompletionStatusEx (batches, timeouts, alertable waits), HasOverlappedIoCompleted and
 * completion routines on an associated socket.
 *
 * Expected values come from Microsoft's docs and Wine's conformance tests
 * (dlls/ws2_32/tests/sock.c, dlls/kernel32/tests/sync.c); the Wine test function is named next
 * to each expectation taken from it (a todo_wine check there holds the Windows value).
 */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <mswsock.h>
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#include "ovl_test.h"

#ifndef STATUS_SUCCESS
#define STATUS_SUCCESS ((DWORD)0x00000000)
#endif
#ifndef STATUS_PENDING
#define STATUS_PENDING ((DWORD)0x00000103)
#endif
#ifndef STATUS_CONNECTION_RESET
#define STATUS_CONNECTION_RESET ((DWORD)0xC000020D)
#endif

#define POISON ((ULONG_PTR)0xdeadbeef)

/* ---- local helpers ------------------------------------------------------------------- */

static void init_ov(OVERLAPPED *ov, HANDLE event)
{
    memset(ov, 0, sizeof(*ov));
    ov->Internal = POISON;
    ov->InternalHigh = POISON;
    ov->hEvent = event;
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

static HANDLE new_port(void)
{
    HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    ok(port != NULL, "CreateIoCompletionPort failed, error %lu\n", GetLastError());
    return port;
}

/* Issues an overlapped WSARecv of len bytes; returns its return value and leaves the error in
 * *err (0 when it succeeded). */
static int post_recv(SOCKET s, char *buf, ULONG len, OVERLAPPED *ov, DWORD *err)
{
    WSABUF wb;
    DWORD flags = 0, bytes = 0xdeadbeef;
    int r;
    wb.buf = buf;
    wb.len = len;
    WSASetLastError(0xdeadbeef);
    r = WSARecv(s, &wb, 1, &bytes, &flags, ov, NULL);
    *err = r ? (DWORD)WSAGetLastError() : 0;
    return r;
}

/* Checks that the port holds no packet right now. */
#define ok_port_empty(port) ok_port_empty_((port), __LINE__)
static void ok_port_empty_(HANDLE port, int line)
{
    DWORD bytes = 0xdeadbeef;
    ULONG_PTR key = POISON;
    OVERLAPPED *ov = (OVERLAPPED *)POISON;
    BOOL r;
    poison_last_error();
    r = GetQueuedCompletionStatus(port, &bytes, &key, &ov, 0);
    ok_(__FILE__, line)(!r, "expected no packet, got one (bytes %lu key %#lx ov %p)\n", bytes, (unsigned long)key, ov);
    ok_(__FILE__, line)(GetLastError() == WAIT_TIMEOUT, "expected WAIT_TIMEOUT, got %lu\n", GetLastError());
    ok_(__FILE__, line)(ov == NULL, "expected a NULL overlapped, got %p\n", ov);
}

/* ---- CreateIoCompletionPort ------------------------------------------------------------ */

static void test_create_associate(void)
{
    SOCKET a, b, c, d;
    HANDLE port, port2, ret;

    if (tcp_pair(&a, &b)) return;
    if (tcp_pair(&c, &d)) return;

    /* Create only. */
    poison_last_error();
    port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    ok(port != NULL, "create: error %lu\n", GetLastError());

    /* Associate with a key: returns the existing port (Wine test_completion_port). */
    poison_last_error();
    ret = CreateIoCompletionPort((HANDLE)a, port, 125, 0);
    ok(ret == port, "associate returned %p, expected %p, error %lu\n", ret, port, GetLastError());

    /* Create and associate in one call. */
    poison_last_error();
    port2 = CreateIoCompletionPort((HANDLE)c, NULL, 7, 0);
    ok(port2 != NULL && port2 != port, "create+associate returned %p, error %lu\n", port2, GetLastError());

    /* A second association of the same socket fails with ERROR_INVALID_PARAMETER (MS docs:
     * a handle stays associated with one port until closed; Wine ntdll/tests/file.c
     * test_file_completion_information: STATUS_INVALID_PARAMETER). */
    poison_last_error();
    ret = CreateIoCompletionPort((HANDLE)a, port2, 126, 0);
    ok(ret == NULL, "second association returned %p\n", ret);
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "expected 87, got %lu\n", GetLastError());

    /* The first association still holds: a packet from socket a arrives on port with key 125. */
    {
        char buf[8];
        OVERLAPPED ov, *olp = (OVERLAPPED *)POISON;
        DWORD err, bytes = 0xdeadbeef;
        ULONG_PTR key = POISON;
        BOOL r;
        init_ov(&ov, NULL);
        post_recv(a, buf, sizeof(buf), &ov, &err);
        ok(err == WSA_IO_PENDING, "recv: expected WSA_IO_PENDING, got %lu\n", err);
        ok(send(b, "hi", 2, 0) == 2, "send failed\n");
        r = GetQueuedCompletionStatus(port, &bytes, &key, &olp, 1000);
        ok(r, "GQCS failed, error %lu\n", GetLastError());
        ok(key == 125, "key %lu\n", (unsigned long)key);
        ok(olp == &ov, "olp %p, expected %p\n", olp, &ov);
        ok(bytes == 2, "bytes %lu\n", bytes);
        ok_port_empty(port2);
    }

    /* Creating a port with INVALID_HANDLE_VALUE and an existing port is invalid. */
    poison_last_error();
    ret = CreateIoCompletionPort(INVALID_HANDLE_VALUE, port, 0, 0);
    ok(ret == NULL, "returned %p\n", ret);
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "expected 87, got %lu\n", GetLastError());

    closesocket(a);
    closesocket(b);
    closesocket(c);
    closesocket(d);
    ok(CloseHandle(port), "CloseHandle(port) failed\n");
    ok(CloseHandle(port2), "CloseHandle(port2) failed\n");
}

/* ---- GetQueuedCompletionStatus ----------------------------------------------------------- */

static void test_gqcs_success(void)
{
    SOCKET a, b;
    HANDLE port = new_port();
    char buf[32];
    OVERLAPPED ov, *olp;
    DWORD err, bytes;
    ULONG_PTR key;
    BOOL r;
    int rc;

    if (tcp_pair(&a, &b)) return;
    ok(CreateIoCompletionPort((HANDLE)a, port, 0x1234, 0) == port, "associate failed\n");

    /* Pending recv completed by data. */
    init_ov(&ov, NULL);
    rc = post_recv(a, buf, sizeof(buf), &ov, &err);
    ok(rc == SOCKET_ERROR && err == WSA_IO_PENDING, "recv: rc %d error %lu\n", rc, err);
    ok(!HasOverlappedIoCompleted(&ov), "HasOverlappedIoCompleted TRUE while pending (Internal %#lx)\n",
       (unsigned long)ov.Internal);
    ok((DWORD)OV_LOAD(ov.Internal) == STATUS_PENDING, "Internal %#lx\n", (unsigned long)OV_LOAD(ov.Internal));
    ok_port_empty(port);
    ok(send(b, "hello", 5, 0) == 5, "send failed\n");
    bytes = 0xdeadbeef;
    key = POISON;
    olp = (OVERLAPPED *)POISON;
    poison_last_error();
    r = GetQueuedCompletionStatus(port, &bytes, &key, &olp, 1000);
    ok(r == TRUE, "GQCS returned %d, error %lu\n", r, GetLastError());
    ok(bytes == 5, "bytes %lu\n", bytes);
    ok(key == 0x1234, "key %#lx\n", (unsigned long)key);
    ok(olp == &ov, "olp %p, expected %p\n", olp, &ov);
    ok(HasOverlappedIoCompleted(&ov), "HasOverlappedIoCompleted FALSE after the packet\n");
    ok((DWORD)ov.Internal == STATUS_SUCCESS, "Internal %#lx\n", (unsigned long)ov.Internal);
    ok(ov.InternalHigh == 5, "InternalHigh %lu\n", (unsigned long)ov.InternalHigh);
    ok(!memcmp(buf, "hello", 5), "data mismatch\n");

    /* An immediate success still queues a packet (Wine test_completion_port: WSASend that
     * completes at once, then GQCS returns it with key and bytes). */
    init_ov(&ov, NULL);
    {
        WSABUF wb;
        DWORD sent = 0xdeadbeef;
        wb.buf = (char *)"0123456789";
        wb.len = 10;
        WSASetLastError(0xdeadbeef);
        rc = WSASend(a, &wb, 1, &sent, 0, &ov, NULL);
        ok(rc == 0, "WSASend returned %d, error %d\n", rc, WSAGetLastError());
        ok(sent == 10, "sent %lu\n", sent);
    }
    bytes = 0xdeadbeef;
    key = POISON;
    olp = NULL;
    r = GetQueuedCompletionStatus(port, &bytes, &key, &olp, 1000);
    ok(r == TRUE, "GQCS returned %d, error %lu\n", r, GetLastError());
    ok(bytes == 10, "bytes %lu\n", bytes);
    ok(key == 0x1234, "key %#lx\n", (unsigned long)key);
    ok(olp == &ov, "olp %p\n", olp);

    /* Immediate recv success (data already buffered) also queues a packet. */
    ok(wait_readable(b, 1000), "peer not readable\n");
    ok(recv(b, buf, sizeof(buf), 0) == 10, "peer recv failed\n");
    ok(send(b, "abc", 3, 0) == 3, "send failed\n");
    ok(wait_readable(a, 1000), "not readable\n");
    init_ov(&ov, NULL);
    rc = post_recv(a, buf, sizeof(buf), &ov, &err);
    ok(rc == 0, "recv: rc %d error %lu\n", rc, err);
    bytes = 0xdeadbeef;
    olp = NULL;
    r = GetQueuedCompletionStatus(port, &bytes, &key, &olp, 1000);
    ok(r == TRUE, "GQCS returned %d, error %lu\n", r, GetLastError());
    ok(bytes == 3, "bytes %lu\n", bytes);
    ok(olp == &ov, "olp %p\n", olp);
    ok_port_empty(port);

    closesocket(a);
    closesocket(b);
    CloseHandle(port);
}

/* An application that polls the port with a zero timeout (a game or UI loop) sees its I/O
 * complete: the kernel completes I/O whether or not anybody waits on the port. */
static void test_gqcs_zero_timeout_loop(void)
{
    SOCKET a, b;
    HANDLE port = new_port();
    char buf[16];
    OVERLAPPED ov, *olp = NULL;
    OVERLAPPED_ENTRY e[2];
    DWORD err, bytes = 0, start;
    ULONG_PTR key = 0;
    ULONG n = 0;
    BOOL r = FALSE;
    int rc;

    if (tcp_pair(&a, &b)) return;
    ok(CreateIoCompletionPort((HANDLE)a, port, 21, 0) == port, "associate failed\n");
    init_ov(&ov, NULL);
    rc = post_recv(a, buf, sizeof(buf), &ov, &err);
    ok(rc == SOCKET_ERROR && err == WSA_IO_PENDING, "recv: rc %d error %lu\n", rc, err);
    ok(send(b, "poll", 4, 0) == 4, "send failed\n");
    start = GetTickCount();
    while (!r && GetTickCount() - start < 1000) {
        r = GetQueuedCompletionStatus(port, &bytes, &key, &olp, 0);
        if (!r) Sleep(1);
    }
    ok(r == TRUE, "GQCS(0) polled for 1 s and never saw the completion (error %lu)\n", GetLastError());
    if (!r) r = GetQueuedCompletionStatus(port, &bytes, &key, &olp, 1000);
    ok(r == TRUE && olp == &ov && bytes == 4 && key == 21, "GQCS: %d ov %p bytes %lu key %lu\n", r, olp, bytes,
       (unsigned long)key);

    /* The same with GetQueuedCompletionStatusEx. */
    init_ov(&ov, NULL);
    rc = post_recv(a, buf, sizeof(buf), &ov, &err);
    ok(rc == SOCKET_ERROR && err == WSA_IO_PENDING, "recv: rc %d error %lu\n", rc, err);
    ok(send(b, "poll", 4, 0) == 4, "send failed\n");
    r = FALSE;
    start = GetTickCount();
    while (!r && GetTickCount() - start < 1000) {
        r = GetQueuedCompletionStatusEx(port, e, 2, &n, 0, FALSE);
        if (!r) Sleep(1);
    }
    ok(r == TRUE, "GQCSEx(0) polled for 1 s and never saw the completion (error %lu)\n", GetLastError());
    if (!r) r = GetQueuedCompletionStatusEx(port, e, 2, &n, 1000, FALSE);
    ok(r == TRUE && n == 1 && e[0].lpOverlapped == &ov, "GQCSEx: %d, %lu entries\n", r, n);

    closesocket(a);
    closesocket(b);
    CloseHandle(port);
}

static void test_gqcs_timeout(void)
{
    HANDLE port = new_port();
    DWORD bytes, start, elapsed;
    ULONG_PTR key;
    OVERLAPPED *olp;
    BOOL r;

    /* Timeout 0: FALSE, WAIT_TIMEOUT, *lpOverlapped NULL; key and bytes are left alone
     * (Wine test_completion_port: key == 0xdeadbeef, num_bytes == 0xdeadbeef, !olp). */
    bytes = 0xdeadbeef;
    key = POISON;
    olp = (OVERLAPPED *)POISON;
    poison_last_error();
    r = GetQueuedCompletionStatus(port, &bytes, &key, &olp, 0);
    ok(r == FALSE, "returned %d\n", r);
    ok(GetLastError() == WAIT_TIMEOUT, "expected 258, got %lu\n", GetLastError());
    ok(olp == NULL, "olp %p\n", olp);
    ok(key == POISON, "key %#lx\n", (unsigned long)key);
    ok(bytes == 0xdeadbeef, "bytes %lu\n", bytes);

    /* ~50 ms. */
    olp = (OVERLAPPED *)POISON;
    poison_last_error();
    start = GetTickCount();
    r = GetQueuedCompletionStatus(port, &bytes, &key, &olp, 50);
    elapsed = GetTickCount() - start;
    ok(r == FALSE, "returned %d\n", r);
    ok(GetLastError() == WAIT_TIMEOUT, "expected 258, got %lu\n", GetLastError());
    ok(olp == NULL, "olp %p\n", olp);
    ok(elapsed >= 40 && elapsed < 1000, "waited %lu ms for a 50 ms timeout\n", elapsed);

    CloseHandle(port);
}

static void test_gqcs_invalid_port(void)
{
    HANDLE port = new_port();
    HANDLE event = CreateEventA(NULL, TRUE, FALSE, NULL);
    DWORD bytes = 0;
    ULONG_PTR key = 0;
    OVERLAPPED *olp;
    BOOL r;

    ok(CloseHandle(port), "CloseHandle failed\n");

    /* A closed port handle. */
    olp = (OVERLAPPED *)POISON;
    poison_last_error();
    r = GetQueuedCompletionStatus(port, &bytes, &key, &olp, 0);
    ok(r == FALSE, "returned %d\n", r);
    ok(GetLastError() == ERROR_INVALID_HANDLE, "expected 6, got %lu\n", GetLastError());
    ok(olp == NULL, "olp %p\n", olp);

    /* A forged handle. */
    olp = (OVERLAPPED *)POISON;
    poison_last_error();
    r = GetQueuedCompletionStatus((HANDLE)(ULONG_PTR)0x7ffffff0, &bytes, &key, &olp, 0);
    ok(r == FALSE, "returned %d\n", r);
    ok(GetLastError() == ERROR_INVALID_HANDLE, "expected 6, got %lu\n", GetLastError());
    ok(olp == NULL, "olp %p\n", olp);

    /* An event is not a port (STATUS_OBJECT_TYPE_MISMATCH -> ERROR_INVALID_HANDLE). */
    olp = (OVERLAPPED *)POISON;
    poison_last_error();
    r = GetQueuedCompletionStatus(event, &bytes, &key, &olp, 0);
    ok(r == FALSE, "returned %d\n", r);
    ok(GetLastError() == ERROR_INVALID_HANDLE, "expected 6, got %lu\n", GetLastError());
    ok(olp == NULL, "olp %p\n", olp);

    /* Posting to a closed port fails too. */
    poison_last_error();
    r = PostQueuedCompletionStatus(port, 1, 2, NULL);
    ok(r == FALSE, "PQCS on a closed port returned %d\n", r);
    ok(GetLastError() == ERROR_INVALID_HANDLE, "expected 6, got %lu\n", GetLastError());

    CloseHandle(event);
}

static void test_pqcs_round_trip(void)
{
    HANDLE port = new_port();
    OVERLAPPED ov, *olp;
    DWORD bytes;
    ULONG_PTR key;
    BOOL r;

    memset(&ov, 0x55, sizeof(ov));
    poison_last_error();
    r = PostQueuedCompletionStatus(port, 0xabcdef, (ULONG_PTR)0x123456789aULL, &ov);
    ok(r == TRUE, "PQCS failed, error %lu\n", GetLastError());
    r = PostQueuedCompletionStatus(port, 0, 0, NULL);
    ok(r == TRUE, "PQCS failed, error %lu\n", GetLastError());
    r = PostQueuedCompletionStatus(port, 0xffffffff, ~(ULONG_PTR)0, NULL);
    ok(r == TRUE, "PQCS failed, error %lu\n", GetLastError());

    bytes = 0;
    key = 0;
    olp = NULL;
    r = GetQueuedCompletionStatus(port, &bytes, &key, &olp, 0);
    ok(r == TRUE, "GQCS returned %d, error %lu\n", r, GetLastError());
    ok(bytes == 0xabcdef, "bytes %#lx\n", bytes);
    ok(key == (ULONG_PTR)0x123456789aULL, "key %#llx\n", (unsigned long long)key);
    ok(olp == &ov, "olp %p\n", olp);
    /* The OVERLAPPED of a posted packet is not touched. */
    ok(ov.Internal == (ULONG_PTR)0x5555555555555555ULL, "Internal changed to %#lx\n", (unsigned long)ov.Internal);

    bytes = 0xdeadbeef;
    key = POISON;
    olp = (OVERLAPPED *)POISON;
    r = GetQueuedCompletionStatus(port, &bytes, &key, &olp, 0);
    ok(r == TRUE, "GQCS with a NULL-overlapped packet returned %d, error %lu\n", r, GetLastError());
    ok(bytes == 0, "bytes %lu\n", bytes);
    ok(key == 0, "key %#lx\n", (unsigned long)key);
    ok(olp == NULL, "olp %p\n", olp);

    olp = (OVERLAPPED *)POISON;
    r = GetQueuedCompletionStatus(port, &bytes, &key, &olp, 0);
    ok(r == TRUE, "GQCS returned %d, error %lu\n", r, GetLastError());
    ok(bytes == 0xffffffff, "bytes %#lx\n", bytes);
    ok(key == ~(ULONG_PTR)0, "key %#lx\n", (unsigned long)key);
    ok(olp == NULL, "olp %p\n", olp);
    ok_port_empty(port);

    CloseHandle(port);
}

/* Failed I/O: a peer reset with a recv pending (Wine test_completion_port, SO_LINGER {1,0}
 * close: todo_wine bret == FALSE, GetLastError() == ERROR_NETNAME_DELETED, key, num_bytes == 0,
 * olp == &ov, Internal == STATUS_CONNECTION_RESET). */
static void test_gqcs_failed_io(void)
{
    SOCKET a, b;
    HANDLE port = new_port();
    struct linger lg;
    char buf[16];
    OVERLAPPED ov, *olp;
    DWORD err, bytes;
    ULONG_PTR key;
    BOOL r;
    int rc;

    if (tcp_pair(&a, &b)) return;
    ok(CreateIoCompletionPort((HANDLE)a, port, 125, 0) == port, "associate failed\n");
    lg.l_onoff = 1;
    lg.l_linger = 0;
    ok(!setsockopt(b, SOL_SOCKET, SO_LINGER, (char *)&lg, sizeof(lg)), "SO_LINGER: error %d\n", WSAGetLastError());

    init_ov(&ov, NULL);
    rc = post_recv(a, buf, sizeof(buf), &ov, &err);
    ok(rc == SOCKET_ERROR && err == WSA_IO_PENDING, "recv: rc %d error %lu\n", rc, err);
    Sleep(20);
    closesocket(b);

    bytes = 0xdeadbeef;
    key = POISON;
    olp = NULL;
    poison_last_error();
    r = GetQueuedCompletionStatus(port, &bytes, &key, &olp, 1000);
    ok(r == FALSE, "GQCS returned %d\n", r);
    ok(GetLastError() == ERROR_NETNAME_DELETED, "expected 64, got %lu\n", GetLastError());
    ok(olp == &ov, "olp %p, expected %p\n", olp, &ov);
    ok(key == 125, "key %lu\n", (unsigned long)key);
    ok(bytes == 0, "bytes %lu\n", bytes);
    ok((DWORD)ov.Internal == STATUS_CONNECTION_RESET, "Internal %#lx\n", (unsigned long)ov.Internal);
    ok_port_empty(port);

    closesocket(a);
    CloseHandle(port);
}

/* Graceful close: the pending recv succeeds with 0 bytes. */
static void test_gqcs_graceful_close(void)
{
    SOCKET a, b;
    HANDLE port = new_port();
    char buf[16];
    OVERLAPPED ov, *olp;
    DWORD err, bytes;
    ULONG_PTR key;
    BOOL r;
    int rc;

    if (tcp_pair(&a, &b)) return;
    ok(CreateIoCompletionPort((HANDLE)a, port, 9, 0) == port, "associate failed\n");
    init_ov(&ov, NULL);
    rc = post_recv(a, buf, sizeof(buf), &ov, &err);
    ok(rc == SOCKET_ERROR && err == WSA_IO_PENDING, "recv: rc %d error %lu\n", rc, err);
    closesocket(b);

    bytes = 0xdeadbeef;
    key = POISON;
    olp = NULL;
    poison_last_error();
    r = GetQueuedCompletionStatus(port, &bytes, &key, &olp, 1000);
    ok(r == TRUE, "GQCS returned %d, error %lu\n", r, GetLastError());
    ok(bytes == 0, "bytes %lu\n", bytes);
    ok(key == 9, "key %lu\n", (unsigned long)key);
    ok(olp == &ov, "olp %p\n", olp);
    ok((DWORD)ov.Internal == STATUS_SUCCESS, "Internal %#lx\n", (unsigned long)ov.Internal);

    closesocket(a);
    CloseHandle(port);
}

/* ---- notification modes ------------------------------------------------------------------ */

/* FILE_SKIP_COMPLETION_PORT_ON_SUCCESS (Wine test_iocp: with the mode set, an immediate WSASend
 * or WSARecv success queues no packet and GQCS times out; a pending WSARecv still queues one;
 * MS docs SetFileCompletionNotificationModes: the event is still set). */
static void test_skip_on_success(void)
{
    SOCKET a, b;
    HANDLE port = new_port();
    HANDLE event = CreateEventA(NULL, TRUE, FALSE, NULL);
    char buf[16];
    OVERLAPPED ov, *olp;
    WSABUF wb;
    DWORD err, bytes, sent;
    ULONG_PTR key;
    BOOL r;
    int rc;

    if (tcp_pair(&a, &b)) return;
    ok(CreateIoCompletionPort((HANDLE)a, port, 77, 0) == port, "associate failed\n");
    poison_last_error();
    r = SetFileCompletionNotificationModes((HANDLE)a, FILE_SKIP_COMPLETION_PORT_ON_SUCCESS);
    ok(r == TRUE, "SetFileCompletionNotificationModes failed, error %lu\n", GetLastError());

    /* Immediate send success: no packet, the event is set. */
    init_ov(&ov, event);
    wb.buf = (char *)"abcd";
    wb.len = 4;
    sent = 0xdeadbeef;
    rc = WSASend(a, &wb, 1, &sent, 0, &ov, NULL);
    ok(rc == 0, "WSASend returned %d, error %d\n", rc, WSAGetLastError());
    ok(sent == 4, "sent %lu\n", sent);
    ok(WaitForSingleObject(event, 0) == WAIT_OBJECT_0, "event not set after an immediate success\n");
    ok((DWORD)ov.Internal == STATUS_SUCCESS, "Internal %#lx\n", (unsigned long)ov.Internal);
    ok_port_empty(port);

    /* Immediate recv success: no packet, event set. */
    ResetEvent(event);
    ok(send(b, "xyz", 3, 0) == 3, "send failed\n");
    ok(wait_readable(a, 1000), "not readable\n");
    init_ov(&ov, event);
    rc = post_recv(a, buf, sizeof(buf), &ov, &err);
    ok(rc == 0, "recv: rc %d error %lu\n", rc, err);
    ok(WaitForSingleObject(event, 0) == WAIT_OBJECT_0, "event not set after an immediate recv\n");
    ok(ov.InternalHigh == 3, "InternalHigh %lu\n", (unsigned long)ov.InternalHigh);
    ok_port_empty(port);

    /* A pending recv still queues a packet (and sets the event). */
    ResetEvent(event);
    init_ov(&ov, event);
    rc = post_recv(a, buf, sizeof(buf), &ov, &err);
    ok(rc == SOCKET_ERROR && err == WSA_IO_PENDING, "recv: rc %d error %lu\n", rc, err);
    ok(send(b, "12345", 5, 0) == 5, "send failed\n");
    bytes = 0xdeadbeef;
    key = POISON;
    olp = NULL;
    r = GetQueuedCompletionStatus(port, &bytes, &key, &olp, 1000);
    ok(r == TRUE, "GQCS returned %d, error %lu\n", r, GetLastError());
    ok(olp == &ov, "olp %p\n", olp);
    ok(key == 77, "key %lu\n", (unsigned long)key);
    ok(bytes == 5, "bytes %lu\n", bytes);
    ok(WaitForSingleObject(event, 0) == WAIT_OBJECT_0, "event not set by a pending completion\n");

    /* An immediate 0-byte success (EOF after the peer's shutdown) is a success too: skipped. */
    ResetEvent(event);
    ok(!shutdown(b, SD_SEND), "shutdown failed\n");
    ok(wait_readable(a, 1000), "not readable\n");
    init_ov(&ov, event);
    rc = post_recv(a, buf, sizeof(buf), &ov, &err);
    ok(rc == 0, "recv at EOF: rc %d error %lu\n", rc, err);
    ok(ov.InternalHigh == 0, "InternalHigh %lu\n", (unsigned long)ov.InternalHigh);
    ok(WaitForSingleObject(event, 0) == WAIT_OBJECT_0, "event not set\n");
    ok_port_empty(port);

    /* A synchronous error queues nothing and leaves the event alone (Wine test_iocp). */
    ResetEvent(event);
    ok(!shutdown(a, SD_SEND), "shutdown failed\n");
    init_ov(&ov, event);
    wb.buf = (char *)"late";
    wb.len = 4;
    WSASetLastError(0xdeadbeef);
    rc = WSASend(a, &wb, 1, &sent, 0, &ov, NULL);
    ok(rc == SOCKET_ERROR, "WSASend after shutdown returned %d\n", rc);
    ok(WSAGetLastError() == WSAESHUTDOWN, "expected WSAESHUTDOWN, got %d\n", WSAGetLastError());
    ok(WaitForSingleObject(event, 0) == WAIT_TIMEOUT, "event set by a synchronous failure\n");
    ok_port_empty(port);

    closesocket(a);
    closesocket(b);
    CloseHandle(event);
    CloseHandle(port);
}

/* Without skip-on-success a synchronous error still queues nothing (DESIGN: exactly once; a
 * synchronous failure notifies nothing). */
static void test_sync_error_no_packet(void)
{
    SOCKET a, b;
    HANDLE port = new_port();
    OVERLAPPED ov;
    WSABUF wb;
    DWORD sent;
    int rc;

    if (tcp_pair(&a, &b)) return;
    ok(CreateIoCompletionPort((HANDLE)a, port, 1, 0) == port, "associate failed\n");
    ok(!shutdown(a, SD_SEND), "shutdown failed\n");
    init_ov(&ov, NULL);
    wb.buf = (char *)"late";
    wb.len = 4;
    WSASetLastError(0xdeadbeef);
    rc = WSASend(a, &wb, 1, &sent, 0, &ov, NULL);
    ok(rc == SOCKET_ERROR, "WSASend after shutdown returned %d\n", rc);
    ok(WSAGetLastError() == WSAESHUTDOWN, "expected WSAESHUTDOWN, got %d\n", WSAGetLastError());
    ok(ov.Internal == POISON, "Internal written by a synchronous failure: %#lx\n", (unsigned long)ov.Internal);
    ok_port_empty(port);

    closesocket(a);
    closesocket(b);
    CloseHandle(port);
}

/* The low bit of hEvent set: no packet at all, but the event is still set (MS docs
 * GetQueuedCompletionStatus: "a valid event handle whose low-order bit is set keeps the I/O
 * completion from being queued to a completion port"). */
static void test_low_bit_event(void)
{
    SOCKET a, b;
    HANDLE port = new_port();
    HANDLE event = CreateEventA(NULL, TRUE, FALSE, NULL);
    char buf[16];
    OVERLAPPED ov;
    WSABUF wb;
    DWORD err, sent, bytes, flags;
    int rc;
    BOOL r;

    if (tcp_pair(&a, &b)) return;
    ok(CreateIoCompletionPort((HANDLE)a, port, 5, 0) == port, "associate failed\n");

    /* Pending recv. */
    init_ov(&ov, (HANDLE)((ULONG_PTR)event | 1));
    rc = post_recv(a, buf, sizeof(buf), &ov, &err);
    ok(rc == SOCKET_ERROR && err == WSA_IO_PENDING, "recv: rc %d error %lu\n", rc, err);
    ok(send(b, "data", 4, 0) == 4, "send failed\n");
    /* The I/O completes whether or not a thread waits on the port. */
    ok(WaitForSingleObject(event, 500) == WAIT_OBJECT_0, "event not set while nobody waits on the port\n");
    ok(HasOverlappedIoCompleted(&ov), "not completed while nobody waits on the port\n");
    {
        /* A GQCS call that waits lets overlapped reap it; still no packet. */
        DWORD nb;
        ULONG_PTR k;
        OVERLAPPED *o = (OVERLAPPED *)POISON;
        poison_last_error();
        r = GetQueuedCompletionStatus(port, &nb, &k, &o, 100);
        ok(!r && GetLastError() == WAIT_TIMEOUT && !o, "GQCS: %d, error %lu, ov %p\n", r, GetLastError(), o);
    }
    ok(WaitForSingleObject(event, 1000) == WAIT_OBJECT_0, "event not set\n");
    ok(HasOverlappedIoCompleted(&ov), "not completed\n");
    bytes = 0;
    flags = 0;
    r = WSAGetOverlappedResult(a, &ov, &bytes, FALSE, &flags);
    ok(r == TRUE && bytes == 4, "WSAGetOverlappedResult: %d, bytes %lu, error %d\n", r, bytes, WSAGetLastError());
    ok_port_empty(port);

    /* Immediate send. */
    ResetEvent(event);
    init_ov(&ov, (HANDLE)((ULONG_PTR)event | 1));
    wb.buf = (char *)"more";
    wb.len = 4;
    rc = WSASend(a, &wb, 1, &sent, 0, &ov, NULL);
    ok(rc == 0, "WSASend returned %d, error %d\n", rc, WSAGetLastError());
    ok(WaitForSingleObject(event, 0) == WAIT_OBJECT_0, "event not set\n");
    ok_port_empty(port);

    closesocket(a);
    closesocket(b);
    CloseHandle(event);
    CloseHandle(port);
}

/* ---- GetQueuedCompletionStatusEx --------------------------------------------------------- */

static void test_gqcs_ex_batch(void)
{
    HANDLE port = new_port();
    OVERLAPPED ovs[5];
    OVERLAPPED_ENTRY entries[8];
    ULONG n, i;
    BOOL r;

    for (i = 0; i < 5; i++)
        ok(PostQueuedCompletionStatus(port, 100 + i, 10 + i, &ovs[i]), "PQCS %lu failed\n", i);

    memset(entries, 0xcc, sizeof(entries));
    n = 0xdeadbeef;
    poison_last_error();
    r = GetQueuedCompletionStatusEx(port, entries, 8, &n, 0, FALSE);
    ok(r == TRUE, "GQCSEx returned %d, error %lu\n", r, GetLastError());
    ok(n == 5, "removed %lu entries, expected 5\n", n);
    for (i = 0; i < 5 && i < n; i++) {
        ok(entries[i].lpOverlapped == &ovs[i], "entry %lu: ov %p, expected %p\n", i, entries[i].lpOverlapped, &ovs[i]);
        ok(entries[i].lpCompletionKey == 10 + i, "entry %lu: key %lu\n", i, (unsigned long)entries[i].lpCompletionKey);
        ok(entries[i].dwNumberOfBytesTransferred == 100 + i, "entry %lu: bytes %lu\n", i,
           entries[i].dwNumberOfBytesTransferred);
    }

    /* ulCount smaller than what is queued: the rest stays queued, in order. */
    for (i = 0; i < 5; i++) PostQueuedCompletionStatus(port, i, i, NULL);
    n = 0;
    r = GetQueuedCompletionStatusEx(port, entries, 2, &n, 0, FALSE);
    ok(r == TRUE && n == 2, "GQCSEx: %d, %lu entries\n", r, n);
    ok(entries[0].lpCompletionKey == 0 && entries[1].lpCompletionKey == 1, "keys %lu %lu\n",
       (unsigned long)entries[0].lpCompletionKey, (unsigned long)entries[1].lpCompletionKey);
    n = 0;
    r = GetQueuedCompletionStatusEx(port, entries, 8, &n, 0, FALSE);
    ok(r == TRUE && n == 3, "GQCSEx: %d, %lu entries\n", r, n);
    ok(entries[0].lpCompletionKey == 2 && entries[2].lpCompletionKey == 4, "keys %lu %lu\n",
       (unsigned long)entries[0].lpCompletionKey, (unsigned long)entries[2].lpCompletionKey);

    CloseHandle(port);
}

/* A failed I/O comes back through GQCSEx with TRUE and the status in the entry's Internal. */
static void test_gqcs_ex_failed_io(void)
{
    SOCKET a, b;
    HANDLE port = new_port();
    struct linger lg;
    char buf[16];
    OVERLAPPED ov;
    OVERLAPPED_ENTRY e[4];
    DWORD err;
    ULONG n;
    BOOL r;

    if (tcp_pair(&a, &b)) return;
    ok(CreateIoCompletionPort((HANDLE)a, port, 3, 0) == port, "associate failed\n");
    lg.l_onoff = 1;
    lg.l_linger = 0;
    setsockopt(b, SOL_SOCKET, SO_LINGER, (char *)&lg, sizeof(lg));
    init_ov(&ov, NULL);
    post_recv(a, buf, sizeof(buf), &ov, &err);
    ok(err == WSA_IO_PENDING, "recv error %lu\n", err);
    Sleep(20);
    closesocket(b);
    n = 0;
    r = GetQueuedCompletionStatusEx(port, e, 4, &n, 1000, FALSE);
    ok(r == TRUE && n == 1, "GQCSEx: %d, %lu entries, error %lu\n", r, n, GetLastError());
    ok(e[0].lpOverlapped == &ov, "ov %p\n", e[0].lpOverlapped);
    ok((DWORD)e[0].Internal == STATUS_CONNECTION_RESET, "entry Internal %#lx\n", (unsigned long)e[0].Internal);
    ok(e[0].lpCompletionKey == 3, "key %lu\n", (unsigned long)e[0].lpCompletionKey);

    closesocket(a);
    CloseHandle(port);
}

static void test_gqcs_ex_timeout(void)
{
    HANDLE port = new_port();
    OVERLAPPED_ENTRY e[4];
    ULONG n;
    DWORD start, elapsed;
    BOOL r;

    n = 0xdeadbeef;
    poison_last_error();
    r = GetQueuedCompletionStatusEx(port, e, 4, &n, 0, FALSE);
    ok(r == FALSE, "returned %d\n", r);
    ok(GetLastError() == WAIT_TIMEOUT, "expected 258, got %lu\n", GetLastError());
    ok(n == 0, "removed %lu\n", n);

    n = 0xdeadbeef;
    poison_last_error();
    start = GetTickCount();
    r = GetQueuedCompletionStatusEx(port, e, 4, &n, 50, TRUE);
    elapsed = GetTickCount() - start;
    ok(r == FALSE, "returned %d\n", r);
    ok(GetLastError() == WAIT_TIMEOUT, "expected 258, got %lu\n", GetLastError());
    ok(n == 0, "removed %lu\n", n);
    ok(elapsed >= 40 && elapsed < 1000, "waited %lu ms for a 50 ms timeout\n", elapsed);

    CloseHandle(port);
}

static LONG apc_count;
static void CALLBACK count_apc(ULONG_PTR arg)
{
    (void)arg;
    InterlockedIncrement(&apc_count);
}

/* Alertable GQCSEx (MS docs GetQueuedCompletionStatusEx: fAlertable; DESIGN: a packet ready when
 * the wait starts wins over queued APCs, which stay queued). */
static void test_gqcs_ex_alertable(void)
{
    HANDLE port = new_port();
    OVERLAPPED_ENTRY e[4];
    ULONG n;
    DWORD ret;
    BOOL r;

    /* An APC and no packet: the APC runs, FALSE + WAIT_IO_COMPLETION. */
    apc_count = 0;
    ok(QueueUserAPC(count_apc, GetCurrentThread(), 1), "QueueUserAPC failed\n");
    n = 0xdeadbeef;
    poison_last_error();
    r = GetQueuedCompletionStatusEx(port, e, 4, &n, 1000, TRUE);
    ok(r == FALSE, "returned %d\n", r);
    ok(GetLastError() == WAIT_IO_COMPLETION, "expected WAIT_IO_COMPLETION (192), got %lu\n", GetLastError());
    ok(apc_count == 1, "APC ran %ld times\n", apc_count);
    ok(n == 0, "removed %lu\n", n);

    /* Not alertable: the APC stays queued even when the wait times out. */
    apc_count = 0;
    QueueUserAPC(count_apc, GetCurrentThread(), 2);
    poison_last_error();
    r = GetQueuedCompletionStatusEx(port, e, 4, &n, 10, FALSE);
    ok(r == FALSE && GetLastError() == WAIT_TIMEOUT, "returned %d, error %lu\n", r, GetLastError());
    ok(apc_count == 0, "APC ran in a non-alertable wait\n");
    ret = SleepEx(0, TRUE);
    ok(ret == WAIT_IO_COMPLETION, "SleepEx returned %lu\n", ret);
    ok(apc_count == 1, "APC ran %ld times\n", apc_count);

    /* A packet ready and an APC queued: the packet is returned and the APC stays queued. */
    apc_count = 0;
    ok(PostQueuedCompletionStatus(port, 1, 42, NULL), "PQCS failed\n");
    QueueUserAPC(count_apc, GetCurrentThread(), 3);
    n = 0;
    poison_last_error();
    r = GetQueuedCompletionStatusEx(port, e, 4, &n, 1000, TRUE);
    ok(r == TRUE, "returned %d, error %lu\n", r, GetLastError());
    ok(n == 1 && e[0].lpCompletionKey == 42, "removed %lu, key %lu\n", n, (unsigned long)e[0].lpCompletionKey);
    ok(apc_count == 0, "APC ran although a packet was ready\n");
    ret = SleepEx(0, TRUE);
    ok(ret == WAIT_IO_COMPLETION, "SleepEx returned %lu\n", ret);
    ok(apc_count == 1, "APC ran %ld times\n", apc_count);

    CloseHandle(port);
}

/* ---- completion routines on an associated socket -------------------------------------- */

static void CALLBACK never_routine(DWORD err, DWORD bytes, LPWSAOVERLAPPED ov, DWORD flags)
{
    (void)err; (void)bytes; (void)ov; (void)flags;
    ok(0, "completion routine ran on a port-associated socket\n");
}

/* MS docs WSARecv/WSASend: a completion routine on a socket associated with a completion port
 * fails (WSAEINVAL), and nothing is queued. */
static void test_routine_on_port_socket(void)
{
    SOCKET a, b;
    HANDLE port = new_port();
    char buf[8];
    OVERLAPPED ov;
    WSABUF wb;
    DWORD bytes, flags = 0;
    int rc;

    if (tcp_pair(&a, &b)) return;
    ok(CreateIoCompletionPort((HANDLE)a, port, 1, 0) == port, "associate failed\n");
    init_ov(&ov, NULL);
    wb.buf = buf;
    wb.len = sizeof(buf);
    WSASetLastError(0xdeadbeef);
    rc = WSARecv(a, &wb, 1, &bytes, &flags, &ov, never_routine);
    ok(rc == SOCKET_ERROR, "WSARecv with a routine returned %d\n", rc);
    ok(WSAGetLastError() == WSAEINVAL, "expected WSAEINVAL, got %d\n", WSAGetLastError());

    wb.buf = (char *)"x";
    wb.len = 1;
    WSASetLastError(0xdeadbeef);
    rc = WSASend(a, &wb, 1, &bytes, 0, &ov, never_routine);
    ok(rc == SOCKET_ERROR, "WSASend with a routine returned %d\n", rc);
    ok(WSAGetLastError() == WSAEINVAL, "expected WSAEINVAL, got %d\n", WSAGetLastError());
    SleepEx(20, TRUE);
    ok_port_empty(port);
    ok(!wait_readable(b, 20), "the send with a routine sent data\n");

    closesocket(a);
    closesocket(b);
    CloseHandle(port);
}

/* An overlapped WSAIoctl that completes at once still queues a packet on the socket's port,
 * like any overlapped operation that did not fail synchronously (DESIGN.md "Overlapped I/O,
 * all models"). */
static void test_wsaioctl_packet(void)
{
    SOCKET a, b;
    HANDLE port = new_port();
    OVERLAPPED ov, *got;
    u_long avail = 0xdeadbeef;
    DWORD size = 0xdeadbeef, bytes;
    ULONG_PTR key;
    int rc;

    if (tcp_pair(&a, &b)) return;
    ok(CreateIoCompletionPort((HANDLE)a, port, 77, 0) == port, "associate failed\n");
    init_ov(&ov, NULL);
    rc = WSAIoctl(a, FIONREAD, NULL, 0, &avail, sizeof(avail), &size, &ov, NULL);
    ok(rc == 0, "WSAIoctl(FIONREAD) returned %d, error %d\n", rc, WSAGetLastError());
    ok(avail == 0 && size == sizeof(avail), "avail %lu size %lu\n", (unsigned long)avail, (unsigned long)size);
    got = NULL;
    key = 0;
    ok(GetQueuedCompletionStatus(port, &bytes, &key, &got, 1000), "no packet: error %lu\n",
       (unsigned long)GetLastError());
    ok(got == &ov && key == 77, "packet %p key %lu\n", (void *)got, (unsigned long)key);
    ok(OV_LOAD(ov.Internal) == 0, "Internal %#lx\n", (unsigned long)OV_LOAD(ov.Internal));
    ok_port_empty(port);

    /* An unsupported code pends and its packet carries STATUS_NOT_SUPPORTED: GQCS fails with
     * ERROR_NOT_SUPPORTED (Wine test_unsupported_ioctls). */
    init_ov(&ov, NULL);
    size = 0xdeadbeef;
    WSASetLastError(0xdeadbeef);
    rc = WSAIoctl(a, 0xdeadbeef, NULL, 0, NULL, 0, &size, &ov, NULL);
    ok(rc == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING, "unsupported code: %d, error %d\n", rc,
       WSAGetLastError());
    ok(size == 0, "size %lu\n", (unsigned long)size);
    got = NULL;
    key = 0;
    bytes = 0xdeadbeef;
    SetLastError(0xdeadbeef);
    ok(!GetQueuedCompletionStatus(port, &bytes, &key, &got, 1000), "GQCS succeeded\n");
    ok(GetLastError() == ERROR_NOT_SUPPORTED, "error %lu\n", (unsigned long)GetLastError());
    ok(got == &ov && key == 77 && bytes == 0, "packet %p key %lu bytes %lu\n", (void *)got, (unsigned long)key,
       (unsigned long)bytes);
    ok(OV_LOAD(ov.Internal) == 0xC00000BB, "Internal %#lx\n", (unsigned long)OV_LOAD(ov.Internal));
    ok_port_empty(port);

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
    test_create_associate();
    test_gqcs_success();
    test_gqcs_timeout();
    test_gqcs_zero_timeout_loop();
    test_gqcs_invalid_port();
    test_pqcs_round_trip();
    test_gqcs_failed_io();
    test_gqcs_graceful_close();
    test_skip_on_success();
    test_sync_error_no_packet();
    test_low_bit_event();
    test_gqcs_ex_batch();
    test_gqcs_ex_failed_io();
    test_gqcs_ex_timeout();
    test_gqcs_ex_alertable();
    test_routine_on_port_socket();
    test_wsaioctl_packet();
    WSACleanup();
    return test_finish();
}
