/* ext_acceptex.c: AcceptEx and GetAcceptExSockaddrs, fetched through
 * WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER) as real servers do, and called through the
 * mswsock exports too.
 *
 * Expectations come from Wine's dlls/ws2_32/tests/sock.c (test_AcceptEx, test_completion_port;
 * a todo_wine check holds the Windows value) and Microsoft's AcceptEx page. Each test makes its
 * own listener on 127.0.0.1 port 0 and shares nothing with the others.
 */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <mswsock.h>
#include <windows.h>
#include <stdio.h>
#include <string.h>

#include "ovl_test.h"

#define ADDR_LEN (sizeof(struct sockaddr_in) + 16)
#define ST_PENDING 0x00000103u
#define ST_CANCELLED 0xC0000120u
#define ST_BUFFER_TOO_SMALL 0xC0000023u

static LPFN_ACCEPTEX pAcceptEx;
static LPFN_GETACCEPTEXSOCKADDRS pGetAcceptExSockaddrs;
static LPFN_CONNECTEX pConnectEx;

static void load_functions(void)
{
    GUID acceptex = WSAID_ACCEPTEX, sockaddrs = WSAID_GETACCEPTEXSOCKADDRS, connectex = WSAID_CONNECTEX;
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    DWORD size;
    int r;

    r = WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &acceptex, sizeof(acceptex), &pAcceptEx,
                 sizeof(pAcceptEx), &size, NULL, NULL);
    ok(!r && pAcceptEx, "AcceptEx: %d, error %d\n", r, WSAGetLastError());
    r = WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &sockaddrs, sizeof(sockaddrs), &pGetAcceptExSockaddrs,
                 sizeof(pGetAcceptExSockaddrs), &size, NULL, NULL);
    ok(!r && pGetAcceptExSockaddrs, "GetAcceptExSockaddrs: %d, error %d\n", r, WSAGetLastError());
    r = WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &connectex, sizeof(connectex), &pConnectEx,
                 sizeof(pConnectEx), &size, NULL, NULL);
    ok(!r && pConnectEx, "ConnectEx: %d, error %d\n", r, WSAGetLastError());
    closesocket(s);
}

/* A TCP socket bound to 127.0.0.1 on an ephemeral port, listening when `listening`. */
static SOCKET make_listener(struct sockaddr_in *addr, int listening)
{
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    int len = sizeof(*addr);

    memset(addr, 0, sizeof(*addr));
    addr->sin_family = AF_INET;
    addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ok(!bind(s, (struct sockaddr *)addr, sizeof(*addr)), "bind: %d\n", WSAGetLastError());
    ok(!getsockname(s, (struct sockaddr *)addr, &len), "getsockname: %d\n", WSAGetLastError());
    if (listening) ok(!listen(s, 5), "listen: %d\n", WSAGetLastError());
    return s;
}

/* A client connected (blocking) to addr; its own address in *self when non-NULL. */
static SOCKET connect_to(const struct sockaddr_in *addr, struct sockaddr_in *self)
{
    SOCKET c = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    int len = sizeof(*self);
    int r = connect(c, (const struct sockaddr *)addr, sizeof(*addr));
    ok(!r, "connect: %d\n", WSAGetLastError());
    if (self) ok(!getsockname(c, (struct sockaddr *)self, &len), "getsockname: %d\n", WSAGetLastError());
    return c;
}

static int same_addr(const struct sockaddr_in *a, const struct sockaddr_in *b)
{
    return a->sin_family == b->sin_family && a->sin_port == b->sin_port && a->sin_addr.s_addr == b->sin_addr.s_addr;
}

/* Argument errors, in Wine test_AcceptEx's order. Windows writes STATUS_PENDING to Internal
 * before it validates anything (test_AcceptEx: "ok(overlapped.Internal == STATUS_PENDING)"
 * after every synchronous failure). */
/* Waits (bounded) until the library has completed an OVERLAPPED; an acquire load, so reusing
 * the OVERLAPPED afterwards does not race with the completion. */
static int wait_ov_done(OVERLAPPED *ov, DWORD ms)
{
    DWORD start = GetTickCount();
    while (!HasOverlappedIoCompleted(ov)) {
        if (GetTickCount() - start > ms) return 0;
        Sleep(1);
    }
    return 1;
}

static void test_acceptex_args(void)
{
    struct sockaddr_in addr;
    SOCKET listener = make_listener(&addr, 0), acceptor = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    SOCKET a2, b2, udp;
    OVERLAPPED ov;
    char buf[256];
    DWORD bytes;
    BOOL r;

    memset(&ov, 0, sizeof(ov));
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);

    /* test_AcceptEx: invalid listening socket -> WSAENOTSOCK. */
    ov.Internal = 0xdeadbeef;
    poison_last_error();
    r = pAcceptEx(INVALID_SOCKET, acceptor, buf, 0, ADDR_LEN, ADDR_LEN, &bytes, &ov);
    ok(!r, "got %d\n", r);
    ok_wsa_error(WSAENOTSOCK);
    ok(OV_LOAD(ov.Internal) == ST_PENDING, "Internal %#lx\n", (unsigned long)OV_LOAD(ov.Internal));

    /* test_AcceptEx (todo_wine, so Windows' value): a listener that is not listening -> WSAEINVAL. */
    ov.Internal = 0xdeadbeef;
    poison_last_error();
    r = pAcceptEx(listener, acceptor, buf, 0, ADDR_LEN, ADDR_LEN, &bytes, &ov);
    ok(!r, "got %d\n", r);
    ok_wsa_error(WSAEINVAL);
    ok(OV_LOAD(ov.Internal) == ST_PENDING, "Internal %#lx\n", (unsigned long)OV_LOAD(ov.Internal));
    ok(!listen(listener, 5), "listen: %d\n", WSAGetLastError());

    /* test_AcceptEx: invalid accept socket -> WSAENOTSOCK. */
    poison_last_error();
    r = pAcceptEx(listener, INVALID_SOCKET, buf, 0, ADDR_LEN, ADDR_LEN, &bytes, &ov);
    ok(!r, "got %d\n", r);
    ok_wsa_error(WSAENOTSOCK);

    /* test_AcceptEx (todo_wine): NULL output buffer -> WSAEFAULT. */
    poison_last_error();
    r = pAcceptEx(listener, acceptor, NULL, 0, ADDR_LEN, ADDR_LEN, &bytes, &ov);
    ok(!r, "got %d\n", r);
    ok_wsa_error(WSAEFAULT);

    /* test_AcceptEx: NULL OVERLAPPED -> ERROR_INVALID_PARAMETER (87), with or without lengths. */
    poison_last_error();
    r = pAcceptEx(listener, acceptor, buf, 0, ADDR_LEN, ADDR_LEN, &bytes, NULL);
    ok(!r, "got %d\n", r);
    ok_wsa_error(ERROR_INVALID_PARAMETER);
    poison_last_error();
    r = pAcceptEx(listener, acceptor, buf, 0, 0, 0, &bytes, NULL);
    ok(!r, "got %d\n", r);
    ok_wsa_error(ERROR_INVALID_PARAMETER);

    /* test_AcceptEx: a zero remote address length -> WSAEFAULT. */
    ov.Internal = 0xdeadbeef;
    poison_last_error();
    r = pAcceptEx(listener, acceptor, buf, 0, ADDR_LEN, 0, &bytes, &ov);
    ok(!r, "got %d\n", r);
    ok_wsa_error(WSAEFAULT);
    ok(OV_LOAD(ov.Internal) == ST_PENDING, "Internal %#lx\n", (unsigned long)OV_LOAD(ov.Internal));

    /* test_AcceptEx (todo_wine): a UDP socket cannot be accepted into -> WSAEINVAL. */
    udp = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    poison_last_error();
    r = pAcceptEx(listener, udp, buf, 0, ADDR_LEN, ADDR_LEN, &bytes, &ov);
    ok(!r, "got %d\n", r);
    ok_wsa_error(WSAEINVAL);
    if (!r && WSAGetLastError() == ERROR_IO_PENDING) CancelIo((HANDLE)listener);
    closesocket(udp);

    /* test_AcceptEx (todo_wine): a bound socket cannot be accepted into -> WSAEINVAL. */
    {
        struct sockaddr_in b;
        SOCKET bound = make_listener(&b, 0);
        poison_last_error();
        r = pAcceptEx(listener, bound, buf, 0, ADDR_LEN, ADDR_LEN, &bytes, &ov);
        ok(!r, "got %d\n", r);
        ok_wsa_error(WSAEINVAL);
        if (!r && WSAGetLastError() == ERROR_IO_PENDING) CancelIo((HANDLE)listener);
        closesocket(bound);
    }

    /* test_AcceptEx (todo_wine): neither end of a connected pair can be accepted into. */
    if (!tcp_pair(&a2, &b2)) {
        poison_last_error();
        r = pAcceptEx(listener, a2, buf, 0, ADDR_LEN, ADDR_LEN, &bytes, &ov);
        ok(!r, "got %d\n", r);
        ok_wsa_error(WSAEINVAL);
        poison_last_error();
        r = pAcceptEx(listener, b2, buf, 0, ADDR_LEN, ADDR_LEN, &bytes, &ov);
        ok(!r, "got %d\n", r);
        ok_wsa_error(WSAEINVAL);
        closesocket(a2);
        closesocket(b2);
    }

    /* test_AcceptEx: address lengths one byte short of sizeof(sockaddr_in) + 16 are accepted
     * (the call pends); CancelIo on the listener aborts it. */
    ov.Internal = 0xdeadbeef;
    poison_last_error();
    r = pAcceptEx(listener, acceptor, buf, 0, ADDR_LEN - 1, ADDR_LEN, &bytes, &ov);
    ok(!r && WSAGetLastError() == ERROR_IO_PENDING, "local len - 1: %d, error %d\n", r, WSAGetLastError());
    if (!r && WSAGetLastError() == ERROR_IO_PENDING) {
        ok(CancelIo((HANDLE)listener), "CancelIo failed\n");
        ok(wait_ov_done(&ov, 2000), "cancelled AcceptEx never completed\n");  /* before reusing ov */
    }
    poison_last_error();
    r = pAcceptEx(listener, acceptor, buf, 0, ADDR_LEN, ADDR_LEN - 1, &bytes, &ov);
    ok(!r && WSAGetLastError() == ERROR_IO_PENDING, "remote len - 1: %d, error %d\n", r, WSAGetLastError());
    if (!r && WSAGetLastError() == ERROR_IO_PENDING) {
        ok(CancelIo((HANDLE)listener), "CancelIo failed\n");
        ok(wait_ov_done(&ov, 2000), "cancelled AcceptEx never completed\n");  /* before reusing ov */
    }

    /* test_AcceptEx: accepting into the same socket twice -> WSAEINVAL. */
    ov.Internal = 0xdeadbeef;
    poison_last_error();
    r = pAcceptEx(listener, acceptor, buf, 0, ADDR_LEN, ADDR_LEN, &bytes, &ov);
    ok(!r && WSAGetLastError() == ERROR_IO_PENDING, "first: %d, error %d\n", r, WSAGetLastError());
    ok(OV_LOAD(ov.Internal) == ST_PENDING, "Internal %#lx\n", (unsigned long)OV_LOAD(ov.Internal));
    {
        OVERLAPPED ov2;
        memset(&ov2, 0, sizeof(ov2));
        ov2.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
        poison_last_error();
        r = pAcceptEx(listener, acceptor, buf, 0, ADDR_LEN, ADDR_LEN, &bytes, &ov2);
        ok(!r, "got %d\n", r);
        ok(WSAGetLastError() == WSAEINVAL, "second AcceptEx into the same socket: error %d\n",
                 WSAGetLastError());
        /* test_AcceptEx: ConnectEx on a socket being accepted into -> WSAEINVAL. */
        poison_last_error();
        r = pConnectEx(acceptor, (struct sockaddr *)&addr, sizeof(addr), NULL, 0, &bytes, &ov2);
        ok(!r, "got %d\n", r);
        ok_wsa_error(WSAEINVAL);
        CancelIo((HANDLE)listener);
        WaitForSingleObject(ov2.hEvent, 1000);
        CloseHandle(ov2.hEvent);
    }
    CancelIo((HANDLE)listener);
    ok(WaitForSingleObject(ov.hEvent, 1000) == WAIT_OBJECT_0, "cancelled AcceptEx not signalled\n");
    poison_last_error();
    ok(!GetOverlappedResult((HANDLE)listener, &ov, &bytes, FALSE), "expected failure\n");
    ok(GetLastError() == ERROR_OPERATION_ABORTED, "CancelIo: error %lu\n", GetLastError());

    CloseHandle(ov.hEvent);
    closesocket(acceptor);
    closesocket(listener);
}

/* test_AcceptEx: a too-small (3 bytes) local address area pends and completes with
 * STATUS_BUFFER_TOO_SMALL; a zero one pends and succeeds (the remote address is still written). */
static void test_acceptex_small_local(void)
{
    struct sockaddr_in addr, peer, *local, *remote;
    SOCKET listener = make_listener(&addr, 1), acceptor, connector;
    OVERLAPPED ov;
    char buf[256];
    DWORD bytes;
    int llen, rlen;
    BOOL r;

    memset(&ov, 0, sizeof(ov));
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);

    acceptor = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    poison_last_error();
    r = pAcceptEx(listener, acceptor, buf, 0, 3, ADDR_LEN, &bytes, &ov);
    ok(!r && WSAGetLastError() == ERROR_IO_PENDING, "local len 3: %d, error %d\n", r, WSAGetLastError());
    if (!r && WSAGetLastError() == ERROR_IO_PENDING) {
        connector = connect_to(&addr, NULL);
        ok(WaitForSingleObject(ov.hEvent, 1000) == WAIT_OBJECT_0, "not signalled\n");
        bytes = 0xdeadbeef;
        poison_last_error();
        r = GetOverlappedResult((HANDLE)listener, &ov, &bytes, FALSE);
        ok(!r, "expected failure\n");
        ok(GetLastError() == ERROR_INSUFFICIENT_BUFFER, "error %lu\n", GetLastError());
        ok(ov.Internal == ST_BUFFER_TOO_SMALL, "Internal %#lx\n", (unsigned long)ov.Internal);
        ok(!bytes, "bytes %lu\n", bytes);
        closesocket(connector);
    }
    closesocket(acceptor);

    acceptor = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    ResetEvent(ov.hEvent);
    poison_last_error();
    r = pAcceptEx(listener, acceptor, buf, 0, 0, ADDR_LEN, &bytes, &ov);
    ok(!r && WSAGetLastError() == ERROR_IO_PENDING, "local len 0: %d, error %d\n", r, WSAGetLastError());
    if (!r && WSAGetLastError() == ERROR_IO_PENDING) {
        connector = connect_to(&addr, &peer);
        ok(WaitForSingleObject(ov.hEvent, 1000) == WAIT_OBJECT_0, "not signalled\n");
        r = GetOverlappedResult((HANDLE)listener, &ov, &bytes, FALSE);
        ok(r, "error %lu\n", GetLastError());
        ok(!ov.Internal, "Internal %#lx\n", (unsigned long)ov.Internal);
        ok(!bytes, "bytes %lu\n", bytes);
        remote = (struct sockaddr_in *)0xdeadbeef;
        local = (struct sockaddr_in *)0xdeadbeef;
        llen = rlen = 0x7eadbeef;
        pGetAcceptExSockaddrs(buf, 0, 0, ADDR_LEN, (struct sockaddr **)&local, &llen, (struct sockaddr **)&remote,
                              &rlen);
        ok(rlen == sizeof(struct sockaddr_in), "remote len %d\n", rlen);
        ok(remote != (struct sockaddr_in *)0xdeadbeef && same_addr(remote, &peer), "remote address differs\n");
        closesocket(connector);
    }
    closesocket(acceptor);

    CloseHandle(ov.hEvent);
    closesocket(listener);
}

/* test_AcceptEx: AcceptEx without receive data completes on the connect, 0 bytes;
 * GetAcceptExSockaddrs gives the listener's address and the connector's; after
 * SO_UPDATE_ACCEPT_CONTEXT the accept socket is an ordinary connected socket. */
static void test_acceptex_no_data_event(void)
{
    struct sockaddr_in addr, peer, name, *local, *remote;
    SOCKET listener = make_listener(&addr, 1), acceptor = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP), connector;
    OVERLAPPED ov;
    char buf[256], data[8];
    DWORD bytes;
    int llen, rlen, len, n;
    BOOL r;

    memset(&ov, 0, sizeof(ov));
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    ov.Internal = 0xdeadbeef;
    poison_last_error();
    r = pAcceptEx(listener, acceptor, buf, 0, ADDR_LEN, ADDR_LEN, &bytes, &ov);
    ok(!r, "got %d\n", r);
    ok(WSAGetLastError() == ERROR_IO_PENDING, "error %d\n", WSAGetLastError());
    ok(OV_LOAD(ov.Internal) == ST_PENDING, "Internal %#lx\n", (unsigned long)OV_LOAD(ov.Internal));
    ok(WaitForSingleObject(ov.hEvent, 50) == WAIT_TIMEOUT, "signalled before any connect\n");

    connector = connect_to(&addr, &peer);
    ok(WaitForSingleObject(ov.hEvent, 2000) == WAIT_OBJECT_0, "not signalled\n");
    ok(ov.Internal == 0, "Internal %#lx\n", (unsigned long)ov.Internal);
    bytes = 0xdeadbeef;
    r = GetOverlappedResult((HANDLE)listener, &ov, &bytes, FALSE);
    ok(r, "GetOverlappedResult: %lu\n", GetLastError());
    ok(bytes == 0, "bytes %lu\n", bytes);

    llen = rlen = 0;
    local = remote = NULL;
    pGetAcceptExSockaddrs(buf, 0, ADDR_LEN, ADDR_LEN, (struct sockaddr **)&local, &llen, (struct sockaddr **)&remote,
                          &rlen);
    ok(llen == sizeof(struct sockaddr_in), "local len %d\n", llen);
    ok(rlen == sizeof(struct sockaddr_in), "remote len %d\n", rlen);
    ok(local && same_addr(local, &addr), "local address differs\n");
    ok(remote && same_addr(remote, &peer), "remote address differs\n");

    /* test_AcceptEx: SO_UPDATE_ACCEPT_CONTEXT, then getsockname works. */
    r = setsockopt(acceptor, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, (char *)&listener, sizeof(listener));
    ok(!r, "SO_UPDATE_ACCEPT_CONTEXT: %d\n", WSAGetLastError());
    len = sizeof(name);
    ok(!getsockname(acceptor, (struct sockaddr *)&name, &len), "getsockname: %d\n", WSAGetLastError());
    ok(len == sizeof(struct sockaddr_in) && same_addr(&name, &addr), "getsockname differs (len %d)\n", len);
    len = sizeof(name);
    ok(!getpeername(acceptor, (struct sockaddr *)&name, &len), "getpeername: %d\n", WSAGetLastError());
    ok(len == sizeof(struct sockaddr_in) && same_addr(&name, &peer), "getpeername differs (len %d)\n", len);

    n = send(connector, "ping", 4, 0);
    ok(n == 4, "send: %d\n", n);
    n = recv(acceptor, data, sizeof(data), 0);
    ok(n == 4 && !memcmp(data, "ping", 4), "recv: %d\n", n);
    n = send(acceptor, "pong", 4, 0);
    ok(n == 4, "send: %d\n", n);
    n = recv(connector, data, sizeof(data), 0);
    ok(n == 4 && !memcmp(data, "pong", 4), "recv: %d\n", n);
    ok(!shutdown(acceptor, SD_SEND), "shutdown: %d\n", WSAGetLastError());
    n = recv(connector, data, sizeof(data), 0);
    ok(n == 0, "recv after the peer's shutdown: %d\n", n);

    CloseHandle(ov.hEvent);
    closesocket(connector);
    closesocket(acceptor);
    closesocket(listener);
}

/* test_AcceptEx "short reads": with receive data AcceptEx does not complete on the connect,
 * only when data arrives; the byte count is what the first receive got; the data sits at the
 * front of the buffer and the addresses follow it. Uses the mswsock exports directly. */
static void test_acceptex_with_data_event(void)
{
    struct sockaddr_in addr, peer, *local, *remote;
    SOCKET listener = make_listener(&addr, 1), acceptor = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP), connector;
    OVERLAPPED ov;
    char buf[16 + 2 * ADDR_LEN];
    DWORD bytes;
    int llen, rlen, n;
    BOOL r;

    memset(&ov, 0, sizeof(ov));
    memset(buf, 0xcc, sizeof(buf));
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    poison_last_error();
    r = AcceptEx(listener, acceptor, buf, 16, ADDR_LEN, ADDR_LEN, &bytes, &ov);
    ok(!r && WSAGetLastError() == ERROR_IO_PENDING, "AcceptEx: %d, error %d\n", r, WSAGetLastError());

    connector = connect_to(&addr, &peer);
    ok(WaitForSingleObject(ov.hEvent, 200) == WAIT_TIMEOUT, "completed before any data\n");
    ok(OV_LOAD(ov.Internal) == ST_PENDING, "Internal %#lx\n", (unsigned long)OV_LOAD(ov.Internal));

    n = send(connector, "hello", 5, 0);
    ok(n == 5, "send: %d\n", n);
    ok(WaitForSingleObject(ov.hEvent, 2000) == WAIT_OBJECT_0, "not signalled\n");
    ok(ov.Internal == 0, "Internal %#lx\n", (unsigned long)ov.Internal);
    bytes = 0xdeadbeef;
    r = GetOverlappedResult((HANDLE)listener, &ov, &bytes, FALSE);
    ok(r, "GetOverlappedResult: %lu\n", GetLastError());
    ok(bytes == 5, "bytes %lu\n", bytes);
    ok(!memcmp(buf, "hello", 5), "data differs\n");

    GetAcceptExSockaddrs(buf, 16, ADDR_LEN, ADDR_LEN, (struct sockaddr **)&local, &llen, (struct sockaddr **)&remote,
                         &rlen);
    ok(llen == sizeof(struct sockaddr_in) && same_addr(local, &addr), "local address differs (len %d)\n", llen);
    ok(rlen == sizeof(struct sockaddr_in) && same_addr(remote, &peer), "remote address differs (len %d)\n", rlen);

    /* Later data goes to the accept socket as usual. */
    ok(!setsockopt(acceptor, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, (char *)&listener, sizeof(listener)),
       "SO_UPDATE_ACCEPT_CONTEXT: %d\n", WSAGetLastError());
    n = send(connector, "more", 4, 0);
    ok(n == 4, "send: %d\n", n);
    n = recv(acceptor, buf, sizeof(buf), 0);
    ok(n == 4 && !memcmp(buf, "more", 4), "recv: %d\n", n);

    CloseHandle(ov.hEvent);
    closesocket(connector);
    closesocket(acceptor);
    closesocket(listener);
}

/* test_AcceptEx "Disconnect during receive?": the peer connects and closes without sending:
 * AcceptEx with receive data succeeds with 0 bytes. */
static void test_acceptex_peer_closes(void)
{
    struct sockaddr_in addr;
    SOCKET listener = make_listener(&addr, 1), acceptor = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP), connector;
    OVERLAPPED ov;
    char buf[64 + 2 * ADDR_LEN];
    DWORD bytes;
    BOOL r;

    memset(&ov, 0, sizeof(ov));
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    r = pAcceptEx(listener, acceptor, buf, 64, ADDR_LEN, ADDR_LEN, &bytes, &ov);
    ok(!r && WSAGetLastError() == ERROR_IO_PENDING, "AcceptEx: %d, error %d\n", r, WSAGetLastError());
    connector = connect_to(&addr, NULL);
    closesocket(connector);
    ok(WaitForSingleObject(ov.hEvent, 2000) == WAIT_OBJECT_0, "not signalled\n");
    bytes = 123456;
    r = GetOverlappedResult((HANDLE)listener, &ov, &bytes, FALSE);
    ok(r, "GetOverlappedResult: %lu\n", GetLastError());
    ok(bytes == 0, "bytes %lu\n", bytes);

    CloseHandle(ov.hEvent);
    closesocket(acceptor);
    closesocket(listener);
}

/* test_completion_port: the completion goes to the listener's port key (125), never the
 * accept socket's (236); with receive data the byte count is the first receive's. */
static void test_acceptex_iocp(void)
{
    struct sockaddr_in addr;
    SOCKET listener = make_listener(&addr, 1), acceptor, connector;
    HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    OVERLAPPED ov, *olp;
    char buf[64 + 2 * ADDR_LEN];
    DWORD bytes;
    ULONG_PTR key;
    BOOL r;
    int pass;

    ok(CreateIoCompletionPort((HANDLE)listener, port, 125, 0) == port, "associate: %lu\n", GetLastError());
    for (pass = 0; pass < 2; ++pass) {
        DWORD data_len = pass ? 64 : 0;
        acceptor = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        ok(CreateIoCompletionPort((HANDLE)acceptor, port, 236, 0) == port, "associate: %lu\n", GetLastError());
        memset(&ov, 0, sizeof(ov));
        poison_last_error();
        r = pAcceptEx(listener, acceptor, buf, data_len, ADDR_LEN, ADDR_LEN, &bytes, &ov);
        ok(!r && WSAGetLastError() == ERROR_IO_PENDING, "AcceptEx: %d, error %d\n", r, WSAGetLastError());
        connector = connect_to(&addr, NULL);
        if (pass) ok(send(connector, "x", 1, 0) == 1, "send: %d\n", WSAGetLastError());

        poison_last_error();
        key = 0xdeadbeef;
        bytes = 0xdeadbeef;
        olp = (OVERLAPPED *)0xdeadbeef;
        r = GetQueuedCompletionStatus(port, &bytes, &key, &olp, 2000);
        ok(r, "pass %d: GQCS failed, error %lu\n", pass, GetLastError());
        ok(GetLastError() == 0xdeadbeef, "last error %lu\n", GetLastError());
        ok(key == 125, "key %lu\n", (unsigned long)key);
        ok(bytes == (pass ? 1u : 0u), "pass %d: bytes %lu\n", pass, bytes);
        ok(olp == &ov, "olp %p\n", (void *)olp);
        ok(ov.Internal == 0, "Internal %#lx\n", (unsigned long)ov.Internal);

        olp = (OVERLAPPED *)0xdeadbeef;
        r = GetQueuedCompletionStatus(port, &bytes, &key, &olp, 200);
        ok(!r && GetLastError() == WAIT_TIMEOUT && !olp, "a second packet: %d, error %lu\n", r, GetLastError());

        closesocket(connector);
        closesocket(acceptor);
    }

    CloseHandle(port);
    closesocket(listener);
}

/* test_AcceptEx / test_completion_port: closing the listener with AcceptEx pending completes
 * it with STATUS_CANCELLED: ERROR_OPERATION_ABORTED (995) through GetOverlappedResult and GQCS
 * (DESIGN.md says the same). The output buffer is not written after the completion. */
static void test_acceptex_close_listener(void)
{
    struct sockaddr_in addr;
    SOCKET listener = make_listener(&addr, 1), acceptor = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    OVERLAPPED ov, *olp;
    char buf[64 + 2 * ADDR_LEN], ref[sizeof(buf)];
    DWORD bytes;
    ULONG_PTR key;
    HANDLE port;
    BOOL r;

    memset(&ov, 0, sizeof(ov));
    memset(buf, 0xcc, sizeof(buf));
    memset(ref, 0xcc, sizeof(ref));
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    r = pAcceptEx(listener, acceptor, buf, 64, ADDR_LEN, ADDR_LEN, &bytes, &ov);
    ok(!r && WSAGetLastError() == ERROR_IO_PENDING, "AcceptEx: %d, error %d\n", r, WSAGetLastError());
    closesocket(listener);
    ok(WaitForSingleObject(ov.hEvent, 1000) == WAIT_OBJECT_0, "not signalled\n");
    poison_last_error();
    r = GetOverlappedResult((HANDLE)listener, &ov, &bytes, FALSE);
    ok(!r, "expected failure\n");
    ok(GetLastError() == ERROR_OPERATION_ABORTED, "closesocket(listener): error %lu\n", GetLastError());
    ok(ov.Internal == ST_CANCELLED, "Internal %#lx\n", (unsigned long)ov.Internal);
    ok(ov.InternalHigh == 0, "InternalHigh %lu\n", (unsigned long)ov.InternalHigh);
    Sleep(100);
    ok(!memcmp(buf, ref, sizeof(buf)), "the output buffer was written\n");
    CloseHandle(ov.hEvent);
    closesocket(acceptor);

    /* The same through a completion port (test_completion_port, IOCP created before AcceptEx). */
    listener = make_listener(&addr, 1);
    acceptor = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    port = CreateIoCompletionPort((HANDLE)listener, NULL, 125, 0);
    memset(&ov, 0, sizeof(ov));
    memset(buf, 0xcc, sizeof(buf));
    r = pAcceptEx(listener, acceptor, buf, 64, ADDR_LEN, ADDR_LEN, &bytes, &ov);
    ok(!r && WSAGetLastError() == ERROR_IO_PENDING, "AcceptEx: %d, error %d\n", r, WSAGetLastError());
    closesocket(listener);
    poison_last_error();
    key = 0xdeadbeef;
    bytes = 0xdeadbeef;
    olp = (OVERLAPPED *)0xdeadbeef;
    r = GetQueuedCompletionStatus(port, &bytes, &key, &olp, 1000);
    ok(!r, "expected failure\n");
    ok(GetLastError() == ERROR_OPERATION_ABORTED, "GQCS after closesocket(listener): error %lu\n",
             GetLastError());
    ok(key == 125, "key %lu\n", (unsigned long)key);
    ok(bytes == 0, "bytes %lu\n", bytes);
    ok(olp == &ov, "olp %p\n", (void *)olp);
    ok(ov.Internal == ST_CANCELLED, "Internal %#lx\n", (unsigned long)ov.Internal);
    olp = (OVERLAPPED *)0xdeadbeef;
    r = GetQueuedCompletionStatus(port, &bytes, &key, &olp, 200);
    ok(!r && GetLastError() == WAIT_TIMEOUT && !olp, "a second packet: %d, error %lu\n", r, GetLastError());
    Sleep(100);
    ok(!memcmp(buf, ref, sizeof(buf)), "the output buffer was written\n");
    CloseHandle(port);
    closesocket(acceptor);
}

/* test_AcceptEx "Test closing with pending requests": closing the accept socket aborts the
 * AcceptEx (ERROR_OPERATION_ABORTED) at once; CancelIo on the accept socket cancels nothing
 * (the operation belongs to the listener). */
static void test_acceptex_close_acceptor(void)
{
    struct sockaddr_in addr;
    SOCKET listener = make_listener(&addr, 1), acceptor = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP), connector;
    OVERLAPPED ov;
    char buf[2 * ADDR_LEN];
    DWORD bytes, w;
    BOOL r;

    memset(&ov, 0, sizeof(ov));
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);

    r = pAcceptEx(listener, acceptor, buf, 0, ADDR_LEN, ADDR_LEN, &bytes, &ov);
    ok(!r && WSAGetLastError() == ERROR_IO_PENDING, "AcceptEx: %d, error %d\n", r, WSAGetLastError());
    CancelIo((HANDLE)acceptor);
    ok(WaitForSingleObject(ov.hEvent, 100) == WAIT_TIMEOUT, "CancelIo(acceptor) completed the AcceptEx\n");
    closesocket(acceptor);
    w = WaitForSingleObject(ov.hEvent, 1000);
    ok(w == WAIT_OBJECT_0, "closesocket(acceptor) did not complete the AcceptEx: %lu\n", w);
    if (w != WAIT_OBJECT_0) {
        /* overlapped completes it only when a connection comes; let one come. */
        connector = connect_to(&addr, NULL);
        WaitForSingleObject(ov.hEvent, 1000);
        closesocket(connector);
    }
    poison_last_error();
    r = GetOverlappedResult((HANDLE)listener, &ov, &bytes, FALSE);
    ok(!r, "expected failure\n");
    ok(GetLastError() == ERROR_OPERATION_ABORTED, "closesocket(acceptor): error %lu\n", GetLastError());

    CloseHandle(ov.hEvent);
    closesocket(listener);
}

int main(void)
{
    WSADATA wsa;
    WSAStartup(MAKEWORD(2, 2), &wsa);
    load_functions();
    if (!pAcceptEx || !pGetAcceptExSockaddrs || !pConnectEx) return test_finish();

    test_acceptex_args();
    test_acceptex_small_local();
    test_acceptex_no_data_event();
    test_acceptex_with_data_event();
    test_acceptex_peer_closes();
    test_acceptex_iocp();
    test_acceptex_close_listener();
    test_acceptex_close_acceptor();

    WSACleanup();
    return test_finish();
}
