/* Overlapped WSARecv/WSASend with WSAOVERLAPPED.hEvent (the event model):
 * immediate completion still notifies; pending -> WSA_IO_PENDING with Internal == STATUS_PENDING;
 * WSAGetOverlappedResult with fWait FALSE/TRUE; scatter/gather; several pending receives
 * completing in issue order; zero-byte receives; hEvent == NULL signalling the socket handle;
 * a large send that pends until the peer drains; sockets created without WSA_FLAG_OVERLAPPED.
 *
 * Expected values come from Microsoft's docs and Wine dlls/ws2_32/tests/sock.c; the Wine test
 * function is named next to each expectation taken from it.
 */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#include "ovl_test.h"

#ifndef STATUS_PENDING
#define STATUS_PENDING ((DWORD)0x00000103)
#endif

#define POISON ((ULONG_PTR)0xdeadbeef)

/* ---- local helpers ------------------------------------------------------------------- */

/* A connected loopback TCP pair; the client is created with the given WSASocket flags, the
 * server side is accepted from an overlapped listener. */
static void pair_with_flags(SOCKET *client, SOCKET *server, DWORD client_flags)
{
    struct sockaddr_in addr;
    int len = sizeof(addr);
    SOCKET listener;

    listener = WSASocketA(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    ok(listener != INVALID_SOCKET, "listener: error %d\n", WSAGetLastError());
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ok(!bind(listener, (struct sockaddr *)&addr, sizeof(addr)), "bind: error %d\n", WSAGetLastError());
    ok(!getsockname(listener, (struct sockaddr *)&addr, &len), "getsockname: error %d\n", WSAGetLastError());
    ok(!listen(listener, 1), "listen: error %d\n", WSAGetLastError());
    *client = WSASocketA(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, client_flags);
    ok(*client != INVALID_SOCKET, "client: error %d\n", WSAGetLastError());
    ok(!connect(*client, (struct sockaddr *)&addr, sizeof(addr)), "connect: error %d\n", WSAGetLastError());
    *server = accept(listener, NULL, NULL);
    ok(*server != INVALID_SOCKET, "accept: error %d\n", WSAGetLastError());
    closesocket(listener);
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

static void send_all(SOCKET s, const char *data, int len)
{
    int r = send(s, data, len, 0);
    ok(r == len, "send returned %d, error %d\n", r, WSAGetLastError());
}

static void init_ov(WSAOVERLAPPED *ov, HANDLE event)
{
    memset(ov, 0, sizeof(*ov));
    ov->Internal = POISON;
    ov->InternalHigh = POISON;
    ov->hEvent = event;
}

struct delayed_send
{
    SOCKET s;
    const char *data;
    int len;
    DWORD delay;
};

static DWORD WINAPI delayed_send_proc(void *arg)
{
    struct delayed_send *d = arg;
    Sleep(d->delay);
    send(d->s, d->data, d->len, 0);
    return 0;
}

/* ---- tests ----------------------------------------------------------------------------- */

static void test_immediate_recv(void)
{
    SOCKET c, s;
    WSAOVERLAPPED ov;
    WSABUF wb;
    char buf[32];
    DWORD bytes = 0xdeadbeef, flags = 0, cb, fl;
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    int r;
    BOOL b;

    tcp_pair(&c, &s);
    send_all(s, "hello", 5);
    ok(wait_readable(c, 2000), "data did not arrive\n");

    memset(buf, 0, sizeof(buf));
    wb.buf = buf;
    wb.len = sizeof(buf);
    init_ov(&ov, ev);
    WSASetLastError(0xdeadbeef);
    r = WSARecv(c, &wb, 1, &bytes, &flags, &ov, NULL);
    ok(r == 0, "immediate WSARecv returned %d, error %d\n", r, WSAGetLastError());
    ok(bytes == 5, "lpNumberOfBytesRecvd %u\n", bytes);
    ok(flags == 0, "flags %#x\n", flags);
    ok(!memcmp(buf, "hello", 5), "data \"%.5s\"\n", buf);
    /* Immediate success still notifies (sock.c test_nonblocking_async_recv: the event is
     * set for a WSARecv that returned 0). */
    ok(WaitForSingleObject(ev, 0) == WAIT_OBJECT_0, "event not signalled after immediate success\n");
    ok(ov.Internal == 0, "Internal %#x, expected STATUS_SUCCESS\n", (DWORD)ov.Internal);
    ok(ov.InternalHigh == 5, "InternalHigh %u\n", (DWORD)ov.InternalHigh);
    ok(HasOverlappedIoCompleted(&ov), "HasOverlappedIoCompleted is FALSE\n");

    cb = 0xdeadbeef;
    fl = 0xdeadbeef;
    WSASetLastError(0xdeadbeef);
    b = WSAGetOverlappedResult(c, &ov, &cb, FALSE, &fl);
    ok(b, "WSAGetOverlappedResult failed, error %d\n", WSAGetLastError());
    ok(cb == 5, "cbTransfer %u\n", cb);
    ok(fl == 0, "flags %#x\n", fl);
    /* sock.c test_WSAGetOverlappedResult: Windows 10 1809+ sets the last error to the mapped
     * status on success, i.e. 0 here. */
    ok(WSAGetLastError() == 0, "last error after a successful WSAGetOverlappedResult: %d\n", WSAGetLastError());

    /* A synchronous WSARecv without OVERLAPPED sets the last error to 0 (sock.c test_WSARecv). */
    send_all(s, "xy", 2);
    ok(wait_readable(c, 2000), "data did not arrive\n");
    SetLastError(0xdeadbeef);
    bytes = 0xdeadbeef;
    r = WSARecv(c, &wb, 1, &bytes, &flags, NULL, NULL);
    ok(r == 0 && bytes == 2, "WSARecv returned %d, bytes %u\n", r, bytes);
    ok(GetLastError() == ERROR_SUCCESS, "last error %u\n", GetLastError());

    closesocket(c);
    closesocket(s);
    CloseHandle(ev);
}

static void test_immediate_send(void)
{
    SOCKET c, s;
    WSAOVERLAPPED ov;
    WSABUF wb;
    char buf[16];
    DWORD bytes = 0xdeadbeef, cb, fl;
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    int r;

    tcp_pair(&c, &s);
    wb.buf = (char *)"abc";
    wb.len = 3;
    init_ov(&ov, ev);
    r = WSASend(c, &wb, 1, &bytes, 0, &ov, NULL);
    ok(r == 0, "immediate WSASend returned %d, error %d\n", r, WSAGetLastError());
    ok(bytes == 3, "lpNumberOfBytesSent %u\n", bytes);
    ok(WaitForSingleObject(ev, 0) == WAIT_OBJECT_0, "event not signalled after immediate send\n");
    ok(ov.Internal == 0 && ov.InternalHigh == 3, "Internal %#x InternalHigh %u\n", (DWORD)ov.Internal,
       (DWORD)ov.InternalHigh);
    cb = 0;
    ok(WSAGetOverlappedResult(c, &ov, &cb, FALSE, &fl) && cb == 3, "WSAGetOverlappedResult: cb %u, error %d\n", cb,
       WSAGetLastError());
    ok(wait_readable(s, 2000), "data did not arrive\n");
    r = recv(s, buf, sizeof(buf), 0);
    ok(r == 3 && !memcmp(buf, "abc", 3), "peer got %d bytes\n", r);

    closesocket(c);
    closesocket(s);
    CloseHandle(ev);
}

static void test_pending_recv(void)
{
    SOCKET c, s;
    WSAOVERLAPPED ov;
    WSABUF wb;
    char buf[32];
    DWORD bytes = 0xdeadbeef, flags = 0, cb, fl;
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    int r;
    BOOL b;

    tcp_pair(&c, &s);
    memset(buf, 0, sizeof(buf));
    wb.buf = buf;
    wb.len = sizeof(buf);
    init_ov(&ov, ev);
    WSASetLastError(0xdeadbeef);
    r = WSARecv(c, &wb, 1, &bytes, &flags, &ov, NULL);
    ok(r == SOCKET_ERROR, "WSARecv with no data returned %d\n", r);
    ok(WSAGetLastError() == WSA_IO_PENDING, "error %d, expected WSA_IO_PENDING\n", WSAGetLastError());
    /* sock.c iocp_async_read: the byte count is not written for a pending receive. */
    ok(bytes == 0xdeadbeef, "lpNumberOfBytesRecvd written for a pending op: %u\n", bytes);
    ok(OV_LOAD(ov.Internal) == STATUS_PENDING, "Internal %#x, expected STATUS_PENDING\n", (DWORD)OV_LOAD(ov.Internal));
    /* sock.c test_nonblocking_async_recv: InternalHigh is left alone while pending. */
    ok(OV_LOAD(ov.InternalHigh) == POISON, "InternalHigh changed while pending: %#x\n", (DWORD)OV_LOAD(ov.InternalHigh));
    ok(!HasOverlappedIoCompleted(&ov), "HasOverlappedIoCompleted is TRUE while pending\n");
    ok(WaitForSingleObject(ev, 0) == WAIT_TIMEOUT, "event signalled while pending\n");

    cb = 0xdeadbeef;
    WSASetLastError(0xdeadbeef);
    b = WSAGetOverlappedResult(c, &ov, &cb, FALSE, &fl);
    ok(!b, "WSAGetOverlappedResult(fWait=FALSE) succeeded while pending\n");
    ok(WSAGetLastError() == WSA_IO_INCOMPLETE, "error %d, expected WSA_IO_INCOMPLETE\n", WSAGetLastError());
    SetLastError(0xdeadbeef);
    b = GetOverlappedResult((HANDLE)c, &ov, &cb, FALSE);
    ok(!b, "GetOverlappedResult(bWait=FALSE) succeeded while pending\n");
    ok(GetLastError() == ERROR_IO_INCOMPLETE, "error %u, expected ERROR_IO_INCOMPLETE\n", GetLastError());

    send_all(s, "data!", 5);
    ok(WaitForSingleObject(ev, 2000) == WAIT_OBJECT_0, "event not signalled when data arrived\n");
    ok(ov.Internal == 0, "Internal %#x\n", (DWORD)ov.Internal);
    ok(ov.InternalHigh == 5, "InternalHigh %u\n", (DWORD)ov.InternalHigh);
    ok(HasOverlappedIoCompleted(&ov), "HasOverlappedIoCompleted is FALSE after completion\n");
    cb = 0xdeadbeef;
    fl = 0xdeadbeef;
    b = WSAGetOverlappedResult(c, &ov, &cb, FALSE, &fl);
    ok(b, "WSAGetOverlappedResult failed, error %d\n", WSAGetLastError());
    ok(cb == 5, "cbTransfer %u\n", cb);
    ok(fl == 0, "flags %#x\n", fl);
    ok(!memcmp(buf, "data!", 5), "data \"%.5s\"\n", buf);
    ok(bytes == 0xdeadbeef, "lpNumberOfBytesRecvd written at completion: %u\n", bytes);

    closesocket(c);
    closesocket(s);
    CloseHandle(ev);
}

static void test_wait_true(void)
{
    SOCKET c, s;
    WSAOVERLAPPED ov;
    WSABUF wb;
    char buf[32];
    DWORD flags = 0, cb, fl;
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL), t;
    struct delayed_send d;
    DWORD start;
    int r;
    BOOL b;

    tcp_pair(&c, &s);
    wb.buf = buf;
    wb.len = sizeof(buf);

    /* WSAGetOverlappedResult(fWait = TRUE) waits on hEvent. */
    init_ov(&ov, ev);
    r = WSARecv(c, &wb, 1, NULL, &flags, &ov, NULL);
    ok(r == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING, "WSARecv: %d, error %d\n", r, WSAGetLastError());
    d.s = s;
    d.data = "later";
    d.len = 5;
    d.delay = 200;
    t = CreateThread(NULL, 0, delayed_send_proc, &d, 0, NULL);
    start = GetTickCount();
    cb = 0xdeadbeef;
    b = WSAGetOverlappedResult(c, &ov, &cb, TRUE, &fl);
    ok(b, "WSAGetOverlappedResult(fWait=TRUE) failed, error %d\n", WSAGetLastError());
    ok(cb == 5 && !memcmp(buf, "later", 5), "cb %u\n", cb);
    ok(GetTickCount() - start >= 100, "fWait=TRUE returned before the data was sent\n");
    WaitForSingleObject(t, 5000);
    CloseHandle(t);

    /* GetOverlappedResult(bWait = TRUE) with hEvent == NULL waits on the socket handle. */
    init_ov(&ov, NULL);
    r = WSARecv(c, &wb, 1, NULL, &flags, &ov, NULL);
    ok(r == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING, "WSARecv: %d, error %d\n", r, WSAGetLastError());
    d.data = "again";
    t = CreateThread(NULL, 0, delayed_send_proc, &d, 0, NULL);
    cb = 0xdeadbeef;
    b = GetOverlappedResult((HANDLE)c, &ov, &cb, TRUE);
    ok(b, "GetOverlappedResult(bWait=TRUE) failed, error %u\n", GetLastError());
    ok(cb == 5 && !memcmp(buf, "again", 5), "cb %u\n", cb);
    WaitForSingleObject(t, 5000);
    CloseHandle(t);

    closesocket(c);
    closesocket(s);
    CloseHandle(ev);
}

static void test_scatter_gather(void)
{
    SOCKET c, s;
    WSAOVERLAPPED ov;
    WSABUF wb[3];
    char b0[2], b1[3], b2[8], all[16];
    DWORD bytes, flags = 0, cb, fl;
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    int r;

    tcp_pair(&c, &s);

    /* Gather send. */
    wb[0].buf = (char *)"ab";
    wb[0].len = 2;
    wb[1].buf = (char *)"cde";
    wb[1].len = 3;
    wb[2].buf = (char *)"fghi";
    wb[2].len = 4;
    init_ov(&ov, ev);
    bytes = 0;
    r = WSASend(c, wb, 3, &bytes, 0, &ov, NULL);
    ok(r == 0 && bytes == 9, "gather WSASend: %d, bytes %u, error %d\n", r, bytes, WSAGetLastError());
    ok(wait_readable(s, 2000), "data did not arrive\n");
    Sleep(20);
    memset(all, 0, sizeof(all));
    r = recv(s, all, sizeof(all), 0);
    ok(r == 9 && !memcmp(all, "abcdefghi", 9), "peer got %d bytes \"%.9s\"\n", r, all);

    /* Scatter receive, pending: 2 + 3 + 8 bytes of buffers, 9 bytes arrive. */
    wb[0].buf = b0;
    wb[0].len = sizeof(b0);
    wb[1].buf = b1;
    wb[1].len = sizeof(b1);
    wb[2].buf = b2;
    wb[2].len = sizeof(b2);
    memset(b0, '.', sizeof(b0));
    memset(b1, '.', sizeof(b1));
    memset(b2, '.', sizeof(b2));
    ResetEvent(ev);
    init_ov(&ov, ev);
    r = WSARecv(c, wb, 3, NULL, &flags, &ov, NULL);
    ok(r == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING, "scatter WSARecv: %d, error %d\n", r,
       WSAGetLastError());
    send_all(s, "123456789", 9);
    ok(WaitForSingleObject(ev, 2000) == WAIT_OBJECT_0, "scatter recv did not complete\n");
    cb = 0;
    ok(WSAGetOverlappedResult(c, &ov, &cb, FALSE, &fl), "error %d\n", WSAGetLastError());
    ok(cb == 9, "cb %u\n", cb);
    ok(!memcmp(b0, "12", 2) && !memcmp(b1, "345", 3) && !memcmp(b2, "6789", 4) && b2[4] == '.',
       "buffers filled out of order: \"%.2s\" \"%.3s\" \"%.8s\"\n", b0, b1, b2);

    /* Scatter receive, immediate. */
    send_all(s, "ABCDEFGHIJKLM", 13);
    ok(wait_readable(c, 2000), "data did not arrive\n");
    Sleep(20);
    ResetEvent(ev);
    init_ov(&ov, ev);
    bytes = 0;
    r = WSARecv(c, wb, 3, &bytes, &flags, &ov, NULL);
    ok(r == 0 && bytes == 13, "immediate scatter WSARecv: %d, bytes %u, error %d\n", r, bytes, WSAGetLastError());
    ok(!memcmp(b0, "AB", 2) && !memcmp(b1, "CDE", 3) && !memcmp(b2, "FGHIJKLM", 8),
       "buffers filled out of order: \"%.2s\" \"%.3s\" \"%.8s\"\n", b0, b1, b2);
    ok(WaitForSingleObject(ev, 0) == WAIT_OBJECT_0, "event not signalled\n");

    closesocket(c);
    closesocket(s);
    CloseHandle(ev);
}

static void test_issue_order(void)
{
    SOCKET c, s;
    WSAOVERLAPPED ov[3];
    WSABUF wb[3];
    HANDLE ev[3];
    char buf[3][4];
    DWORD flags[3] = {0, 0, 0}, cb, fl;
    int i, r;

    tcp_pair(&c, &s);
    for (i = 0; i < 3; i++)
    {
        ev[i] = CreateEventA(NULL, TRUE, FALSE, NULL);
        init_ov(&ov[i], ev[i]);
        memset(buf[i], 0, 4);
        wb[i].buf = buf[i];
        wb[i].len = 4;
        r = WSARecv(c, &wb[i], 1, NULL, &flags[i], &ov[i], NULL);
        ok(r == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING, "WSARecv %d: %d, error %d\n", i, r,
           WSAGetLastError());
    }
    /* sock.c test_simultaneous_async_recv: one send, each receive gets its slice in order. */
    send_all(s, "AAAABBBBCCCC", 12);
    for (i = 0; i < 3; i++)
    {
        ok(WaitForSingleObject(ev[i], 2000) == WAIT_OBJECT_0, "receive %d did not complete\n", i);
        cb = 0;
        ok(WSAGetOverlappedResult(c, &ov[i], &cb, FALSE, &fl), "receive %d: error %d\n", i, WSAGetLastError());
        ok(cb == 4, "receive %d: %u bytes\n", i, cb);
        ok(buf[i][0] == 'A' + i && buf[i][3] == 'A' + i, "receive %d got \"%.4s\"\n", i, buf[i]);
    }

    /* Separate sends: still issue order. */
    for (i = 0; i < 3; i++)
    {
        ResetEvent(ev[i]);
        init_ov(&ov[i], ev[i]);
        r = WSARecv(c, &wb[i], 1, NULL, &flags[i], &ov[i], NULL);
        ok(r == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING, "WSARecv %d: %d, error %d\n", i, r,
           WSAGetLastError());
    }
    send_all(s, "xxxx", 4);
    ok(WaitForSingleObject(ev[0], 2000) == WAIT_OBJECT_0, "first receive did not complete\n");
    ok(WaitForSingleObject(ev[1], 50) == WAIT_TIMEOUT, "second receive completed without data\n");
    send_all(s, "yyyy", 4);
    ok(WaitForSingleObject(ev[1], 2000) == WAIT_OBJECT_0, "second receive did not complete\n");
    send_all(s, "zzzz", 4);
    ok(WaitForSingleObject(ev[2], 2000) == WAIT_OBJECT_0, "third receive did not complete\n");
    ok(buf[0][0] == 'x' && buf[1][0] == 'y' && buf[2][0] == 'z', "got %c %c %c\n", buf[0][0], buf[1][0], buf[2][0]);

    for (i = 0; i < 3; i++) CloseHandle(ev[i]);
    closesocket(c);
    closesocket(s);
}

static void test_zero_byte_recv(void)
{
    SOCKET c, s;
    WSAOVERLAPPED ov;
    WSABUF wb;
    char buf[8];
    DWORD size, flags = 0, fl;
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    int r;
    BOOL b;

    tcp_pair(&c, &s);

    /* sock.c test_empty_recv: no buffers at all is WSAEINVAL. */
    init_ov(&ov, ev);
    WSASetLastError(0xdeadbeef);
    r = WSARecv(c, NULL, 0, NULL, &flags, &ov, NULL);
    ok(r == SOCKET_ERROR, "WSARecv(NULL, 0) returned %d\n", r);
    ok(WSAGetLastError() == WSAEINVAL, "WSARecv(NULL, 0): error %d\n", WSAGetLastError());
    wb.buf = buf;
    wb.len = 0;
    WSASetLastError(0xdeadbeef);
    r = WSARecv(c, &wb, 0, NULL, &flags, &ov, NULL);
    ok(r == SOCKET_ERROR, "WSARecv(&wb, 0) returned %d\n", r);
    ok(WSAGetLastError() == WSAEINVAL, "WSARecv(&wb, 0): error %d\n", WSAGetLastError());
    ok(WaitForSingleObject(ev, 0) == WAIT_TIMEOUT, "a failed call signalled the event\n");

    /* One zero-length buffer: pends until data arrives, completes with 0 bytes. */
    ResetEvent(ev);
    init_ov(&ov, ev);
    WSASetLastError(0xdeadbeef);
    r = WSARecv(c, &wb, 1, NULL, &flags, &ov, NULL);
    ok(r == SOCKET_ERROR, "zero-byte WSARecv returned %d\n", r);
    ok(WSAGetLastError() == WSA_IO_PENDING, "zero-byte WSARecv: error %d\n", WSAGetLastError());
    ok(WaitForSingleObject(ev, 100) == WAIT_TIMEOUT, "zero-byte recv completed without data\n");
    send_all(s, "data", 5);
    ok(WaitForSingleObject(ev, 2000) == WAIT_OBJECT_0, "zero-byte recv did not complete\n");
    size = 0xdeadbeef;
    b = GetOverlappedResult((HANDLE)c, &ov, &size, FALSE);
    ok(b, "GetOverlappedResult failed, error %u\n", GetLastError());
    ok(size == 0, "zero-byte recv reported %u bytes\n", size);
    size = 0xdeadbeef;
    ok(WSAGetOverlappedResult(c, &ov, &size, FALSE, &fl) && size == 0, "WSAGetOverlappedResult: %u\n", size);

    /* With data buffered it completes at once, still consuming nothing. */
    ResetEvent(ev);
    init_ov(&ov, ev);
    size = 0xdeadbeef;
    WSASetLastError(0xdeadbeef);
    r = WSARecv(c, &wb, 1, &size, &flags, &ov, NULL);
    ok(r == 0, "zero-byte WSARecv with data returned %d, error %d\n", r, WSAGetLastError());
    ok(size == 0, "size %u\n", size);
    ok(WaitForSingleObject(ev, 0) == WAIT_OBJECT_0, "event not signalled\n");

    r = recv(c, NULL, 0, 0);
    ok(r == 0, "recv(NULL, 0) returned %d\n", r);
    memset(buf, 0, sizeof(buf));
    r = recv(c, buf, sizeof(buf), 0);
    ok(r == 5 && !strcmp(buf, "data"), "data consumed by the zero-byte recv: recv returned %d\n", r);

    closesocket(c);
    closesocket(s);
    CloseHandle(ev);
}

static void test_null_event(void)
{
    SOCKET c, s;
    WSAOVERLAPPED ov;
    WSABUF wb;
    char buf[16];
    DWORD size, flags = 0, bytes;
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    int r;
    BOOL b;

    tcp_pair(&c, &s);
    wb.buf = buf;
    wb.len = sizeof(buf);

    /* sock.c test_nonblocking_async_recv: hEvent NULL, pending; the socket handle is not
     * signalled until the receive completes. */
    init_ov(&ov, NULL);
    r = WSARecv(c, &wb, 1, NULL, &flags, &ov, NULL);
    ok(r == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING, "WSARecv: %d, error %d\n", r, WSAGetLastError());
    ok(WaitForSingleObject((HANDLE)c, 0) == WAIT_TIMEOUT, "socket handle signalled while pending\n");
    ok(OV_LOAD(ov.Internal) == STATUS_PENDING, "Internal %#x\n", (DWORD)OV_LOAD(ov.Internal));
    send_all(s, "data", 4);
    ok(WaitForSingleObject((HANDLE)c, 2000) == WAIT_OBJECT_0, "socket handle not signalled at completion\n");
    size = 0;
    b = GetOverlappedResult((HANDLE)c, &ov, &size, FALSE);
    ok(b && size == 4, "GetOverlappedResult: %d, size %u, error %u\n", b, size, GetLastError());

    /* A request naming an explicit event resets the socket handle and never signals it. */
    init_ov(&ov, ev);
    r = WSARecv(c, &wb, 1, NULL, &flags, &ov, NULL);
    ok(r == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING, "WSARecv: %d, error %d\n", r, WSAGetLastError());
    ok(WaitForSingleObject((HANDLE)c, 0) == WAIT_TIMEOUT, "socket handle not reset by a new request\n");
    send_all(s, "more", 4);
    ok(WaitForSingleObject(ev, 2000) == WAIT_OBJECT_0, "explicit event not signalled\n");
    ok(WaitForSingleObject((HANDLE)c, 100) == WAIT_TIMEOUT, "socket handle signalled for a request with an event\n");

    /* Immediate completion with hEvent NULL signals the socket handle too. */
    send_all(s, "now", 3);
    ok(wait_readable(c, 2000), "data did not arrive\n");
    init_ov(&ov, NULL);
    bytes = 0;
    r = WSARecv(c, &wb, 1, &bytes, &flags, &ov, NULL);
    ok(r == 0 && bytes == 3, "immediate WSARecv: %d, bytes %u, error %d\n", r, bytes, WSAGetLastError());
    ok(WaitForSingleObject((HANDLE)c, 0) == WAIT_OBJECT_0, "socket handle not signalled after immediate success\n");

    closesocket(c);
    closesocket(s);
    CloseHandle(ev);
}

#define BIG_SEND (32 * 1024 * 1024)

static void test_large_send(void)
{
    SOCKET c, s;
    WSAOVERLAPPED ov;
    WSABUF wb;
    char *data, *rbuf;
    DWORD bytes = 0xdeadbeef, cb, fl, start;
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    size_t total = 0, i;
    int r, mismatch = 0;
    BOOL b;

    data = malloc(BIG_SEND);
    rbuf = malloc(1 << 20);
    if (!data || !rbuf)
    {
        skip("out of memory\n");
        free(data);
        free(rbuf);
        return;
    }
    for (i = 0; i < BIG_SEND; i++) data[i] = (char)(i % 251);

    tcp_pair(&c, &s);
    wb.buf = data;
    wb.len = BIG_SEND;
    init_ov(&ov, ev);
    r = WSASend(c, &wb, 1, &bytes, 0, &ov, NULL);
    ok(r == SOCKET_ERROR, "32 MiB WSASend to a peer that does not read returned %d\n", r);
    ok(WSAGetLastError() == WSA_IO_PENDING, "error %d\n", WSAGetLastError());
    ok(bytes == 0xdeadbeef, "lpNumberOfBytesSent written for a pending send: %u\n", bytes);
    ok(WaitForSingleObject(ev, 200) == WAIT_TIMEOUT, "send completed although the peer reads nothing\n");
    ok(OV_LOAD(ov.Internal) == STATUS_PENDING, "Internal %#x\n", (DWORD)OV_LOAD(ov.Internal));

    /* Drain on the peer. */
    start = GetTickCount();
    while (total < BIG_SEND && GetTickCount() - start < 5000)
    {
        if (!wait_readable(s, 1000)) continue;
        r = recv(s, rbuf, 1 << 20, 0);
        if (r <= 0) break;
        for (i = 0; i < (size_t)r && !mismatch; i++)
            if (rbuf[i] != (char)((total + i) % 251)) mismatch = 1;
        total += r;
    }
    ok(total == BIG_SEND, "peer received %u of %u bytes\n", (unsigned)total, (unsigned)BIG_SEND);
    ok(!mismatch, "data corrupted\n");

    ok(WaitForSingleObject(ev, 5000) == WAIT_OBJECT_0, "large send did not complete\n");
    cb = 0;
    b = WSAGetOverlappedResult(c, &ov, &cb, FALSE, &fl);
    ok(b, "WSAGetOverlappedResult failed, error %d\n", WSAGetLastError());
    ok(cb == BIG_SEND, "completed with %u bytes\n", cb);
    ok(ov.Internal == 0 && ov.InternalHigh == BIG_SEND, "Internal %#x InternalHigh %u\n", (DWORD)ov.Internal,
       (DWORD)ov.InternalHigh);

    closesocket(c);
    closesocket(s);
    CloseHandle(ev);
    free(data);
    free(rbuf);
}

static void test_non_overlapped_socket(void)
{
    SOCKET c, s;
    WSAOVERLAPPED ov;
    WSABUF wb;
    char buf[16];
    DWORD bytes, flags = 0, start, elapsed;
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL), t;
    struct delayed_send d;
    u_long nb;
    int r;

    /* A socket created by WSASocket without WSA_FLAG_OVERLAPPED: an overlapped WSARecv blocks
     * until data arrives, then returns 0 and completes the OVERLAPPED. */
    pair_with_flags(&c, &s, 0);
    wb.buf = buf;
    wb.len = sizeof(buf);
    init_ov(&ov, ev);
    d.s = s;
    d.data = "block";
    d.len = 5;
    d.delay = 200;
    t = CreateThread(NULL, 0, delayed_send_proc, &d, 0, NULL);
    start = GetTickCount();
    bytes = 0xdeadbeef;
    r = WSARecv(c, &wb, 1, &bytes, &flags, &ov, NULL);
    elapsed = GetTickCount() - start;
    ok(r == 0, "overlapped WSARecv on a non-overlapped socket returned %d, error %d\n", r, WSAGetLastError());
    ok(elapsed >= 100, "it did not block (%u ms)\n", elapsed);
    ok(bytes == 5 && !memcmp(buf, "block", 5), "bytes %u\n", bytes);
    ok(WaitForSingleObject(ev, 0) == WAIT_OBJECT_0, "event not signalled\n");
    ok(ov.Internal == 0 && ov.InternalHigh == 5, "Internal %#x InternalHigh %u\n", (DWORD)ov.Internal,
       (DWORD)ov.InternalHigh);
    WaitForSingleObject(t, 5000);
    CloseHandle(t);

    /* sock.c test_nonblocking_async_recv: even in non-blocking mode it blocks when passed an
     * OVERLAPPED, while a plain WSARecv fails with WSAEWOULDBLOCK. */
    nb = 1;
    ok(!ioctlsocket(c, FIONBIO, &nb), "FIONBIO failed, error %d\n", WSAGetLastError());
    WSASetLastError(0xdeadbeef);
    r = WSARecv(c, &wb, 1, &bytes, &flags, NULL, NULL);
    ok(r == SOCKET_ERROR && WSAGetLastError() == WSAEWOULDBLOCK, "non-blocking WSARecv: %d, error %d\n", r,
       WSAGetLastError());
    ResetEvent(ev);
    init_ov(&ov, ev);
    d.data = "later";
    t = CreateThread(NULL, 0, delayed_send_proc, &d, 0, NULL);
    start = GetTickCount();
    bytes = 0xdeadbeef;
    WSASetLastError(0xdeadbeef);
    r = WSARecv(c, &wb, 1, &bytes, &flags, &ov, NULL);
    elapsed = GetTickCount() - start;
    ok(r == 0, "non-blocking non-overlapped socket, overlapped WSARecv returned %d, error %d\n", r,
       WSAGetLastError());
    ok(elapsed >= 100, "it did not block (%u ms)\n", elapsed);
    ok(bytes == 5, "bytes %u\n", bytes);
    WaitForSingleObject(t, 5000);
    CloseHandle(t);

    closesocket(c);
    closesocket(s);
    CloseHandle(ev);
}

int main(void)
{
    WSADATA wsa;
    ok(!WSAStartup(MAKEWORD(2, 2), &wsa), "WSAStartup failed\n");

    test_immediate_recv();
    test_immediate_send();
    test_pending_recv();
    test_wait_true();
    test_scatter_gather();
    test_issue_order();
    test_zero_byte_recv();
    test_null_event();
    test_large_send();
    test_non_overlapped_socket();

    WSACleanup();
    return test_finish();
}
