/* Overlapped WSARecv/WSASend error paths: bad arguments, synchronous failures (which notify
 * nothing), peer reset and graceful close with a receive pending, closesocket with a receive
 * pending, UDP datagrams larger than the buffer (WSAEMSGSIZE, a warning that still notifies),
 * WSARecvFrom's source address and WSASendTo.
 *
 * Expected values come from Microsoft's docs, DESIGN.md "Semantics" and Wine
 * dlls/ws2_32/tests/sock.c; the Wine test function is named next to each expectation taken
 * from it.
 */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#include "ovl_test.h"

/* NTSTATUS values seen in OVERLAPPED.Internal (ntstatus.h is not part of windows.h). */
#define T_STATUS_PENDING ((DWORD)0x00000103)
#define T_STATUS_BUFFER_OVERFLOW ((DWORD)0x80000005)
#define T_STATUS_CONNECTION_RESET ((DWORD)0xC000020D)
#define T_STATUS_CONNECTION_ABORTED ((DWORD)0xC0000241)

#define POISON ((ULONG_PTR)0xdeadbeef)

/* ---- local helpers ------------------------------------------------------------------- */

/* A UDP socket bound to 127.0.0.1 on an ephemeral port; its address goes to *addr. */
static SOCKET udp_bound(struct sockaddr_in *addr)
{
    int len = sizeof(*addr);
    SOCKET s = WSASocketA(AF_INET, SOCK_DGRAM, IPPROTO_UDP, NULL, 0, WSA_FLAG_OVERLAPPED);
    ok(s != INVALID_SOCKET, "UDP socket: error %d\n", WSAGetLastError());
    memset(addr, 0, sizeof(*addr));
    addr->sin_family = AF_INET;
    addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ok(!bind(s, (struct sockaddr *)addr, sizeof(*addr)), "bind: error %d\n", WSAGetLastError());
    ok(!getsockname(s, (struct sockaddr *)addr, &len), "getsockname: error %d\n", WSAGetLastError());
    return s;
}

/* sock.c close_with_rst: SO_LINGER {1, 0} + closesocket sends an RST. */
static void close_with_rst(SOCKET s)
{
    LINGER l;
    l.l_onoff = 1;
    l.l_linger = 0;
    ok(!setsockopt(s, SOL_SOCKET, SO_LINGER, (char *)&l, sizeof(l)), "SO_LINGER: error %d\n", WSAGetLastError());
    closesocket(s);
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

static void init_ov(WSAOVERLAPPED *ov, HANDLE event)
{
    memset(ov, 0, sizeof(*ov));
    ov->Internal = POISON;
    ov->InternalHigh = POISON;
    ov->hEvent = event;
}

/* A synchronous failure leaves the OVERLAPPED uncompleted: Internal is either untouched or
 * STATUS_PENDING (Windows' mswsock stores STATUS_PENDING before issuing: sock.c
 * test_connecting_socket sees it after a synchronous ConnectEx failure). */
static BOOL internal_untouched(const WSAOVERLAPPED *ov)
{
    return ov->Internal == POISON || ov->Internal == T_STATUS_PENDING;
}

/* ---- bad input --------------------------------------------------------------------------- */

static void test_bad_sockets(void)
{
    WSAOVERLAPPED ov;
    WSABUF wb;
    char buf[8];
    DWORD bytes = 0xdeadbeef, flags = 0, cb;
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    SOCKET s;
    int r;
    BOOL b;

    wb.buf = buf;
    wb.len = sizeof(buf);

    init_ov(&ov, ev);
    WSASetLastError(0xdeadbeef);
    r = WSARecv(INVALID_SOCKET, &wb, 1, &bytes, &flags, &ov, NULL);
    ok(r == SOCKET_ERROR, "WSARecv(INVALID_SOCKET) returned %d\n", r);
    ok(WSAGetLastError() == WSAENOTSOCK, "WSARecv(INVALID_SOCKET): error %d\n", WSAGetLastError());
    WSASetLastError(0xdeadbeef);
    r = WSASend(INVALID_SOCKET, &wb, 1, &bytes, 0, &ov, NULL);
    ok(r == SOCKET_ERROR, "WSASend(INVALID_SOCKET) returned %d\n", r);
    ok(WSAGetLastError() == WSAENOTSOCK, "WSASend(INVALID_SOCKET): error %d\n", WSAGetLastError());
    /* sock.c test_WSAGetOverlappedResult. */
    WSASetLastError(0xdeadbeef);
    b = WSAGetOverlappedResult((SOCKET)0xdeadbeef, &ov, &cb, FALSE, &flags);
    ok(!b, "WSAGetOverlappedResult(0xdeadbeef) succeeded\n");
    ok(WSAGetLastError() == WSAENOTSOCK, "WSAGetOverlappedResult(0xdeadbeef): error %d\n", WSAGetLastError());
    ok(WaitForSingleObject(ev, 0) == WAIT_TIMEOUT, "a failed call signalled the event\n");
    ok(bytes == 0xdeadbeef, "byte count written by a failed call: %u\n", bytes);

    /* A closed socket. */
    s = WSASocketA(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    ok(s != INVALID_SOCKET, "socket: error %d\n", WSAGetLastError());
    ok(!closesocket(s), "closesocket: error %d\n", WSAGetLastError());
    init_ov(&ov, ev);
    WSASetLastError(0xdeadbeef);
    r = WSARecv(s, &wb, 1, &bytes, &flags, &ov, NULL);
    ok(r == SOCKET_ERROR, "WSARecv on a closed socket returned %d\n", r);
    ok(WSAGetLastError() == WSAENOTSOCK, "WSARecv on a closed socket: error %d\n", WSAGetLastError());
    WSASetLastError(0xdeadbeef);
    r = WSASend(s, &wb, 1, &bytes, 0, &ov, NULL);
    ok(r == SOCKET_ERROR, "WSASend on a closed socket returned %d\n", r);
    ok(WSAGetLastError() == WSAENOTSOCK, "WSASend on a closed socket: error %d\n", WSAGetLastError());
    WSASetLastError(0xdeadbeef);
    r = closesocket(s);
    ok(r == SOCKET_ERROR, "second closesocket returned %d\n", r);
    ok(WSAGetLastError() == WSAENOTSOCK, "second closesocket: error %d\n", WSAGetLastError());
    ok(WaitForSingleObject(ev, 0) == WAIT_TIMEOUT, "a failed call signalled the event\n");
    ok(internal_untouched(&ov), "Internal %#x after a failed call\n", (DWORD)ov.Internal);
    CloseHandle(ev);
}

static void test_null_flags(void)
{
    SOCKET c, s;
    WSAOVERLAPPED ov;
    WSABUF wb;
    char buf[8];
    DWORD bytes = 0xdeadbeef;
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    int r;

    tcp_pair(&c, &s);
    wb.buf = buf;
    wb.len = sizeof(buf);
    init_ov(&ov, ev);
    WSASetLastError(0xdeadbeef);
    r = WSARecv(c, &wb, 1, &bytes, NULL, &ov, NULL);
    ok(r == SOCKET_ERROR, "WSARecv with lpFlags NULL returned %d\n", r);
    ok(WSAGetLastError() == WSAEFAULT, "lpFlags NULL: error %d\n", WSAGetLastError());
    ok(WaitForSingleObject(ev, 0) == WAIT_TIMEOUT, "event signalled\n");
    ok(bytes == 0xdeadbeef, "bytes %u\n", bytes);
    ok(internal_untouched(&ov), "Internal %#x\n", (DWORD)ov.Internal);

    /* The failed call left nothing queued: data goes to the next receive. */
    send(s, "x", 1, 0);
    ok(wait_readable(c, 2000), "data did not arrive\n");
    r = recv(c, buf, sizeof(buf), 0);
    ok(r == 1 && buf[0] == 'x', "recv returned %d\n", r);

    closesocket(c);
    closesocket(s);
    CloseHandle(ev);
}

/* ---- synchronous failures notify nothing ------------------------------------------------- */

static void test_sync_failures(void)
{
    SOCKET c, s, u;
    WSAOVERLAPPED ov;
    WSABUF wb;
    char buf[8];
    DWORD bytes, flags = 0;
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    int r;

    wb.buf = buf;
    wb.len = sizeof(buf);

    /* WSASend after shutdown(SD_SEND): WSAESHUTDOWN, synchronously. */
    tcp_pair(&c, &s);
    ok(!shutdown(c, SD_SEND), "shutdown: error %d\n", WSAGetLastError());
    init_ov(&ov, ev);
    bytes = 0xdeadbeef;
    WSASetLastError(0xdeadbeef);
    r = WSASend(c, &wb, 1, &bytes, 0, &ov, NULL);
    ok(r == SOCKET_ERROR, "WSASend after SD_SEND returned %d\n", r);
    ok(WSAGetLastError() == WSAESHUTDOWN, "WSASend after SD_SEND: error %d\n", WSAGetLastError());
    ok(bytes == 0xdeadbeef, "bytes %u\n", bytes);
    ok(WaitForSingleObject(ev, 100) == WAIT_TIMEOUT, "a synchronous failure signalled the event\n");
    ok(internal_untouched(&ov), "Internal %#x\n", (DWORD)ov.Internal);
    closesocket(c);
    closesocket(s);

    /* WSARecv on an unconnected TCP socket: WSAENOTCONN (sock.c test_completion_port: no
     * completion is queued and the byte count is untouched). */
    u = WSASocketA(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    init_ov(&ov, ev);
    bytes = 0xdeadbeef;
    WSASetLastError(0xdeadbeef);
    r = WSARecv(u, &wb, 1, &bytes, &flags, &ov, NULL);
    ok(r == SOCKET_ERROR, "WSARecv on an unconnected socket returned %d\n", r);
    ok(WSAGetLastError() == WSAENOTCONN, "WSARecv on an unconnected socket: error %d\n", WSAGetLastError());
    ok(bytes == 0xdeadbeef, "bytes %u\n", bytes);
    ok(WaitForSingleObject(ev, 100) == WAIT_TIMEOUT, "a synchronous failure signalled the event\n");
    ok(internal_untouched(&ov), "Internal %#x\n", (DWORD)ov.Internal);
    /* ...and the socket handle (hEvent NULL) is not signalled either. */
    init_ov(&ov, NULL);
    r = WSARecv(u, &wb, 1, &bytes, &flags, &ov, NULL);
    ok(r == SOCKET_ERROR && WSAGetLastError() == WSAENOTCONN, "WSARecv: %d, error %d\n", r, WSAGetLastError());
    ok(WaitForSingleObject((HANDLE)u, 100) == WAIT_TIMEOUT, "a synchronous failure signalled the socket\n");
    WSASetLastError(0xdeadbeef);
    r = WSASend(u, &wb, 1, &bytes, 0, &ov, NULL);
    ok(r == SOCKET_ERROR, "WSASend on an unconnected socket returned %d\n", r);
    ok(WSAGetLastError() == WSAENOTCONN, "WSASend on an unconnected socket: error %d\n", WSAGetLastError());
    closesocket(u);
    CloseHandle(ev);
}

/* ---- peer reset / graceful close with a receive pending --------------------------------- */

static void test_peer_reset(void)
{
    SOCKET c, s;
    WSAOVERLAPPED ov;
    WSABUF wb;
    char buf[16];
    DWORD size, flags = 0;
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    int r;
    BOOL b;

    tcp_pair(&c, &s);
    wb.buf = buf;
    wb.len = sizeof(buf);
    init_ov(&ov, ev);
    size = 0xdeadbeef;
    r = WSARecv(c, &wb, 1, &size, &flags, &ov, NULL);
    ok(r == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING, "WSARecv: %d, error %d\n", r, WSAGetLastError());

    close_with_rst(s);

    /* sock.c test_tcp_reset. */
    ok(WaitForSingleObject(ev, 2000) == WAIT_OBJECT_0, "reset did not complete the pending receive\n");
    ok(ov.Internal == T_STATUS_CONNECTION_RESET, "Internal %#x, expected STATUS_CONNECTION_RESET\n",
       (DWORD)ov.Internal);
    ok(ov.InternalHigh == 0, "InternalHigh %u\n", (DWORD)ov.InternalHigh);
    size = 0xdeadbeef;
    SetLastError(0xdeadbeef);
    b = GetOverlappedResult((HANDLE)c, &ov, &size, FALSE);
    ok(!b, "GetOverlappedResult succeeded after a reset\n");
    ok(GetLastError() == ERROR_NETNAME_DELETED && ERROR_NETNAME_DELETED == 64, "GetOverlappedResult: error %u\n",
       GetLastError());
    ok(size == 0, "size %u\n", size);
    size = 0xdeadbeef;
    WSASetLastError(0xdeadbeef);
    b = WSAGetOverlappedResult(c, &ov, &size, FALSE, &flags);
    ok(!b, "WSAGetOverlappedResult succeeded after a reset\n");
    ok(WSAGetLastError() == WSAECONNRESET, "WSAGetOverlappedResult: error %d\n", WSAGetLastError());
    ok(size == 0, "size %u\n", size);

    /* Later calls fail synchronously with WSAECONNRESET and notify nothing (test_tcp_reset,
     * test_completion_port). */
    ResetEvent(ev);
    init_ov(&ov, ev);
    size = 0xdeadbeef;
    WSASetLastError(0xdeadbeef);
    r = WSARecv(c, &wb, 1, &size, &flags, &ov, NULL);
    ok(r == SOCKET_ERROR, "WSARecv after reset returned %d\n", r);
    ok(WSAGetLastError() == WSAECONNRESET, "WSARecv after reset: error %d\n", WSAGetLastError());
    ok(size == 0xdeadbeef, "size %u\n", size);
    ok(WaitForSingleObject(ev, 100) == WAIT_TIMEOUT, "WSARecv after reset signalled the event\n");
    ok(internal_untouched(&ov), "Internal %#x\n", (DWORD)ov.Internal);
    WSASetLastError(0xdeadbeef);
    r = WSASend(c, &wb, 1, &size, 0, &ov, NULL);
    ok(r == SOCKET_ERROR, "WSASend after reset returned %d\n", r);
    ok(WSAGetLastError() == WSAECONNRESET, "WSASend after reset: error %d\n", WSAGetLastError());
    ok(WaitForSingleObject(ev, 100) == WAIT_TIMEOUT, "WSASend after reset signalled the event\n");
    WSASetLastError(0xdeadbeef);
    r = send(c, "data", 5, 0);
    ok(r == SOCKET_ERROR, "send after reset returned %d\n", r);
    ok(WSAGetLastError() == WSAECONNRESET, "send after reset: error %d\n", WSAGetLastError());

    closesocket(c);
    CloseHandle(ev);
}

static void test_peer_reset_two_pending(void)
{
    SOCKET c, s;
    WSAOVERLAPPED ov[2];
    WSABUF wb[2];
    char buf[2][16];
    DWORD flags[2] = {0, 0}, size;
    HANDLE ev[2];
    int i, r;

    tcp_pair(&c, &s);
    for (i = 0; i < 2; i++)
    {
        ev[i] = CreateEventA(NULL, TRUE, FALSE, NULL);
        init_ov(&ov[i], ev[i]);
        wb[i].buf = buf[i];
        wb[i].len = sizeof(buf[i]);
        r = WSARecv(c, &wb[i], 1, NULL, &flags[i], &ov[i], NULL);
        ok(r == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING, "WSARecv %d: %d, error %d\n", i, r,
           WSAGetLastError());
    }
    close_with_rst(s);
    /* An aborted connection fails every pending receive, not only the first. */
    for (i = 0; i < 2; i++)
    {
        ok(WaitForSingleObject(ev[i], 2000) == WAIT_OBJECT_0, "receive %d did not complete\n", i);
        ok(ov[i].Internal == T_STATUS_CONNECTION_RESET, "receive %d: Internal %#x\n", i, (DWORD)ov[i].Internal);
        size = 0xdeadbeef;
        SetLastError(0xdeadbeef);
        ok(!GetOverlappedResult((HANDLE)c, &ov[i], &size, FALSE) && GetLastError() == ERROR_NETNAME_DELETED,
           "receive %d: error %u\n", i, GetLastError());
    }
    for (i = 0; i < 2; i++) CloseHandle(ev[i]);
    closesocket(c);
}

static void test_graceful_close(void)
{
    SOCKET c, s;
    WSAOVERLAPPED ov;
    WSABUF wb;
    char buf[16];
    DWORD size, flags = 0, fl;
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    int r;
    BOOL b;

    tcp_pair(&c, &s);
    wb.buf = buf;
    wb.len = sizeof(buf);
    init_ov(&ov, ev);
    r = WSARecv(c, &wb, 1, NULL, &flags, &ov, NULL);
    ok(r == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING, "WSARecv: %d, error %d\n", r, WSAGetLastError());
    closesocket(s);
    ok(WaitForSingleObject(ev, 2000) == WAIT_OBJECT_0, "graceful close did not complete the receive\n");
    ok(ov.Internal == 0 && ov.InternalHigh == 0, "Internal %#x InternalHigh %u\n", (DWORD)ov.Internal,
       (DWORD)ov.InternalHigh);
    size = 0xdeadbeef;
    b = WSAGetOverlappedResult(c, &ov, &size, FALSE, &fl);
    ok(b, "WSAGetOverlappedResult failed after a graceful close, error %d\n", WSAGetLastError());
    ok(size == 0, "size %u\n", size);

    /* sock.c test_completion_port ("graceful shutdown"): a later receive succeeds at once
     * with 0 bytes, and still notifies. */
    ResetEvent(ev);
    init_ov(&ov, ev);
    size = 0xdeadbeef;
    r = WSARecv(c, &wb, 1, &size, &flags, &ov, NULL);
    ok(r == 0, "WSARecv at EOF returned %d, error %d\n", r, WSAGetLastError());
    ok(size == 0, "size %u\n", size);
    ok(WaitForSingleObject(ev, 0) == WAIT_OBJECT_0, "WSARecv at EOF did not signal the event\n");

    closesocket(c);
    CloseHandle(ev);
}

/* ---- closesocket with a receive pending ------------------------------------------------- */

static void test_close_pending(void)
{
    SOCKET c, s;
    WSAOVERLAPPED ov;
    WSABUF wb;
    char buf[64];
    DWORD size, flags = 0;
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    int r, i, intact;
    BOOL b;

    tcp_pair(&c, &s);
    memset(buf, 0xab, sizeof(buf));
    wb.buf = buf;
    wb.len = sizeof(buf);
    init_ov(&ov, ev);
    r = WSARecv(c, &wb, 1, NULL, &flags, &ov, NULL);
    ok(r == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING, "WSARecv: %d, error %d\n", r, WSAGetLastError());

    ok(!closesocket(c), "closesocket failed, error %d\n", WSAGetLastError());

    /* sock.c iocp_async_read_closesocket: STATUS_CONNECTION_ABORTED, 0 bytes,
     * ERROR_CONNECTION_ABORTED through the Win32 API. */
    ok(WaitForSingleObject(ev, 2000) == WAIT_OBJECT_0, "closesocket did not complete the pending receive\n");
    ok(ov.Internal == T_STATUS_CONNECTION_ABORTED, "Internal %#x, expected STATUS_CONNECTION_ABORTED\n",
       (DWORD)ov.Internal);
    ok(ov.InternalHigh == 0, "InternalHigh %u\n", (DWORD)ov.InternalHigh);
    size = 0xdeadbeef;
    SetLastError(0xdeadbeef);
    b = GetOverlappedResult((HANDLE)c, &ov, &size, FALSE);
    ok(!b, "GetOverlappedResult succeeded\n");
    ok(GetLastError() == ERROR_CONNECTION_ABORTED && ERROR_CONNECTION_ABORTED == 1236, "error %u\n", GetLastError());
    ok(size == 0, "size %u\n", size);
    WSASetLastError(0xdeadbeef);
    b = WSAGetOverlappedResult(c, &ov, &size, FALSE, &flags);
    ok(!b, "WSAGetOverlappedResult on the closed socket succeeded\n");
    ok(WSAGetLastError() == WSAENOTSOCK, "WSAGetOverlappedResult on the closed socket: error %d\n", WSAGetLastError());

    /* Exactly once: nothing signals the event again. */
    ResetEvent(ev);
    ok(WaitForSingleObject(ev, 200) == WAIT_TIMEOUT, "the aborted receive notified twice\n");

    /* The buffer is not written after the completion, even if the old peer sends. */
    for (i = 0; i < 3; i++) send(s, "late data", 9, 0);
    Sleep(200);
    intact = 1;
    for (i = 0; i < (int)sizeof(buf); i++)
        if ((unsigned char)buf[i] != 0xab) intact = 0;
    ok(intact, "the receive buffer was written after the abort completed\n");
    ok(WaitForSingleObject(ev, 0) == WAIT_TIMEOUT, "event signalled by data after close\n");
    ok(ov.Internal == T_STATUS_CONNECTION_ABORTED, "Internal changed to %#x\n", (DWORD)ov.Internal);

    closesocket(s);
    CloseHandle(ev);
}

/* ---- UDP: message size, source address, WSASendTo --------------------------------------- */

static void test_udp_msgsize(void)
{
    struct sockaddr_in ra, sa;
    SOCKET r_sock, s_sock;
    WSAOVERLAPPED ov;
    WSABUF wb;
    char big[100], buf[10], small_buf[32];
    DWORD bytes, flags, cb, fl;
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    int r, i;
    BOOL b;

    for (i = 0; i < (int)sizeof(big); i++) big[i] = (char)('a' + i % 26);
    r_sock = udp_bound(&ra);
    s_sock = udp_bound(&sa);

    /* Immediate: the datagram is already queued. */
    r = sendto(s_sock, big, sizeof(big), 0, (struct sockaddr *)&ra, sizeof(ra));
    ok(r == sizeof(big), "sendto returned %d\n", r);
    ok(wait_readable(r_sock, 2000), "datagram did not arrive\n");
    wb.buf = buf;
    wb.len = sizeof(buf);
    init_ov(&ov, ev);
    bytes = 0xdeadbeef;
    flags = 0;
    WSASetLastError(0xdeadbeef);
    r = WSARecv(r_sock, &wb, 1, &bytes, &flags, &ov, NULL);
    ok(r == SOCKET_ERROR, "truncated WSARecv returned %d\n", r);
    ok(WSAGetLastError() == WSAEMSGSIZE, "truncated WSARecv: error %d\n", WSAGetLastError());
    ok(bytes == sizeof(buf), "lpNumberOfBytesRecvd %u, expected the buffer size\n", bytes);
    ok(!memcmp(buf, big, sizeof(buf)), "partial data wrong\n");
    /* A warning status still completes the OVERLAPPED and notifies (DESIGN.md). */
    ok(WaitForSingleObject(ev, 0) == WAIT_OBJECT_0, "WSAEMSGSIZE did not signal the event\n");
    ok(ov.Internal == T_STATUS_BUFFER_OVERFLOW, "Internal %#x, expected STATUS_BUFFER_OVERFLOW\n",
       (DWORD)ov.Internal);
    ok(ov.InternalHigh == sizeof(buf), "InternalHigh %u\n", (DWORD)ov.InternalHigh);
    cb = 0xdeadbeef;
    WSASetLastError(0xdeadbeef);
    b = WSAGetOverlappedResult(r_sock, &ov, &cb, FALSE, &fl);
    ok(!b, "WSAGetOverlappedResult succeeded for a truncated datagram\n");
    ok(WSAGetLastError() == WSAEMSGSIZE, "error %d\n", WSAGetLastError());
    ok(cb == sizeof(buf), "cb %u\n", cb);

    /* The rest of the datagram is gone: the next receive gets the next datagram. */
    r = sendto(s_sock, "next", 4, 0, (struct sockaddr *)&ra, sizeof(ra));
    ok(wait_readable(r_sock, 2000), "datagram did not arrive\n");
    r = recv(r_sock, small_buf, sizeof(small_buf), 0);
    ok(r == 4 && !memcmp(small_buf, "next", 4), "next recv returned %d\n", r);

    /* Pending: the receive is posted first. */
    ResetEvent(ev);
    init_ov(&ov, ev);
    flags = 0;
    r = WSARecv(r_sock, &wb, 1, NULL, &flags, &ov, NULL);
    ok(r == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING, "WSARecv: %d, error %d\n", r, WSAGetLastError());
    r = sendto(s_sock, big, sizeof(big), 0, (struct sockaddr *)&ra, sizeof(ra));
    ok(WaitForSingleObject(ev, 2000) == WAIT_OBJECT_0, "pending truncated receive did not complete\n");
    ok(ov.Internal == T_STATUS_BUFFER_OVERFLOW, "Internal %#x\n", (DWORD)ov.Internal);
    cb = 0xdeadbeef;
    WSASetLastError(0xdeadbeef);
    b = WSAGetOverlappedResult(r_sock, &ov, &cb, FALSE, &fl);
    ok(!b, "WSAGetOverlappedResult succeeded\n");
    ok(WSAGetLastError() == WSAEMSGSIZE, "WSAGetOverlappedResult: error %d\n", WSAGetLastError());
    ok(cb == sizeof(buf), "cb %u\n", cb);
    /* GetOverlappedResult: STATUS_BUFFER_OVERFLOW is not NT_SUCCESS -> ERROR_MORE_DATA. */
    cb = 0xdeadbeef;
    SetLastError(0xdeadbeef);
    b = GetOverlappedResult((HANDLE)r_sock, &ov, &cb, FALSE);
    ok(!b, "GetOverlappedResult succeeded\n");
    ok(GetLastError() == ERROR_MORE_DATA, "GetOverlappedResult: error %u\n", GetLastError());
    ok(cb == sizeof(buf), "cb %u\n", cb);
    ok(!memcmp(buf, big, sizeof(buf)), "partial data wrong\n");

    closesocket(r_sock);
    closesocket(s_sock);
    CloseHandle(ev);
}

static void test_recvfrom_sendto(void)
{
    struct sockaddr_in ra, sa, to;
    SOCKADDR_STORAGE from;
    int fromlen;
    SOCKET r_sock, s_sock;
    WSAOVERLAPPED ov;
    WSABUF wb;
    char buf[32];
    DWORD bytes, flags, cb, fl;
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    int r;
    struct sockaddr_in *fa = (struct sockaddr_in *)&from;

    r_sock = udp_bound(&ra);
    s_sock = udp_bound(&sa);

    /* WSASendTo, overlapped, immediate. */
    wb.buf = (char *)"hello";
    wb.len = 5;
    init_ov(&ov, ev);
    bytes = 0xdeadbeef;
    to = ra;
    r = WSASendTo(s_sock, &wb, 1, &bytes, 0, (struct sockaddr *)&to, sizeof(to), &ov, NULL);
    ok(r == 0, "WSASendTo returned %d, error %d\n", r, WSAGetLastError());
    ok(bytes == 5, "bytes %u\n", bytes);
    ok(WaitForSingleObject(ev, 0) == WAIT_OBJECT_0, "WSASendTo did not signal the event\n");
    ok(ov.Internal == 0 && ov.InternalHigh == 5, "Internal %#x InternalHigh %u\n", (DWORD)ov.Internal,
       (DWORD)ov.InternalHigh);

    /* WSARecvFrom, immediate: source address in the Windows AF_INET layout. */
    ok(wait_readable(r_sock, 2000), "datagram did not arrive\n");
    memset(&from, 0xcc, sizeof(from));
    fromlen = sizeof(from);
    wb.buf = buf;
    wb.len = sizeof(buf);
    ResetEvent(ev);
    init_ov(&ov, ev);
    bytes = 0xdeadbeef;
    flags = 0;
    r = WSARecvFrom(r_sock, &wb, 1, &bytes, &flags, (struct sockaddr *)&from, &fromlen, &ov, NULL);
    ok(r == 0, "WSARecvFrom returned %d, error %d\n", r, WSAGetLastError());
    ok(bytes == 5 && !memcmp(buf, "hello", 5), "bytes %u\n", bytes);
    ok(fromlen == sizeof(struct sockaddr_in), "*lpFromlen %d\n", fromlen);
    ok(fa->sin_family == AF_INET, "sin_family %u\n", fa->sin_family);
    ok(fa->sin_port == sa.sin_port, "sin_port %u, sender port %u\n", ntohs(fa->sin_port), ntohs(sa.sin_port));
    ok(fa->sin_addr.s_addr == htonl(INADDR_LOOPBACK), "sin_addr %#x\n", (unsigned)ntohl(fa->sin_addr.s_addr));
    ok(WaitForSingleObject(ev, 0) == WAIT_OBJECT_0, "event not signalled\n");

    /* WSARecvFrom, pending: the address and length are written at completion. */
    memset(&from, 0xcc, sizeof(from));
    fromlen = sizeof(from);
    ResetEvent(ev);
    init_ov(&ov, ev);
    flags = 0;
    r = WSARecvFrom(r_sock, &wb, 1, NULL, &flags, (struct sockaddr *)&from, &fromlen, &ov, NULL);
    ok(r == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING, "WSARecvFrom: %d, error %d\n", r,
       WSAGetLastError());
    r = sendto(s_sock, "world!", 6, 0, (struct sockaddr *)&ra, sizeof(ra));
    ok(r == 6, "sendto returned %d\n", r);
    ok(WaitForSingleObject(ev, 2000) == WAIT_OBJECT_0, "pending WSARecvFrom did not complete\n");
    cb = 0;
    ok(WSAGetOverlappedResult(r_sock, &ov, &cb, FALSE, &fl), "error %d\n", WSAGetLastError());
    ok(cb == 6 && !memcmp(buf, "world!", 6), "cb %u\n", cb);
    ok(fromlen == sizeof(struct sockaddr_in), "*lpFromlen %d\n", fromlen);
    ok(fa->sin_family == AF_INET && fa->sin_port == sa.sin_port && fa->sin_addr.s_addr == htonl(INADDR_LOOPBACK),
       "source %u %u %#x\n", fa->sin_family, ntohs(fa->sin_port), (unsigned)ntohl(fa->sin_addr.s_addr));

    closesocket(r_sock);
    closesocket(s_sock);
    CloseHandle(ev);
}

int main(void)
{
    WSADATA wsa;
    ok(!WSAStartup(MAKEWORD(2, 2), &wsa), "WSAStartup failed\n");

    test_bad_sockets();
    test_null_flags();
    test_sync_failures();
    test_peer_reset();
    test_peer_reset_two_pending();
    test_graceful_close();
    test_close_pending();
    test_udp_msgsize();
    test_recvfrom_sendto();

    WSACleanup();
    return test_finish();
}
