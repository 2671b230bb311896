/* The basic socket calls: socket/WSASocket argument checks, bind, listen, accept, WSAAccept,
 * connect, shutdown, getsockname/getpeername, setsockopt/getsockopt, ioctlsocket, WSAIoctl,
 * and the synchronous send/recv family -- exact return values and WSAGetLastError codes.
 *
 * Expectations come from Microsoft's documentation and Wine dlls/ws2_32/tests/sock.c (whose
 * checks run on Windows); the Wine test function is named next to each one taken from it.
 */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <stdio.h>

#include "ovl_test.h"

static struct sockaddr_in loopback(unsigned short port)
{
    struct sockaddr_in a;
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(port);
    return a;
}

/* A listening socket on 127.0.0.1:0; *addr receives its address. */
static SOCKET make_listener(struct sockaddr_in *addr)
{
    int len = sizeof(*addr);
    SOCKET l = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    *addr = loopback(0);
    ok(!bind(l, (struct sockaddr *)addr, sizeof(*addr)), "bind failed: %d\n", WSAGetLastError());
    ok(!getsockname(l, (struct sockaddr *)addr, &len), "getsockname failed: %d\n", WSAGetLastError());
    ok(!listen(l, 5), "listen failed: %d\n", WSAGetLastError());
    return l;
}

/* A loopback port nobody listens on. */
static unsigned short closed_port(void)
{
    struct sockaddr_in a = loopback(0);
    int len = sizeof(a);
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    bind(s, (struct sockaddr *)&a, sizeof(a));
    getsockname(s, (struct sockaddr *)&a, &len);
    closesocket(s);
    return ntohs(a.sin_port);
}

/* Before WSAStartup every call fails with WSANOTINITIALISED. */
static void test_not_initialised(void)
{
    struct sockaddr_in a = loopback(0);
    SOCKET s;
    int r;

    poison_last_error();
    s = socket(AF_INET, SOCK_STREAM, 0);
    ok(s == INVALID_SOCKET, "socket succeeded before WSAStartup\n");
    ok_wsa_error(WSANOTINITIALISED);

    poison_last_error();
    r = bind(3, (struct sockaddr *)&a, sizeof(a));
    ok(r == SOCKET_ERROR, "bind returned %d\n", r);
    ok_wsa_error(WSANOTINITIALISED);

    poison_last_error();
    r = closesocket(3);
    ok(r == SOCKET_ERROR, "closesocket returned %d\n", r);
    ok_wsa_error(WSANOTINITIALISED);
}

/* Wine test_WSASocket: the order in which bad arguments are reported. */
static void test_socket_args(void)
{
    static const struct { int af, type, protocol; int error; int ret_type; } tests[] = {
        {0xdead, SOCK_STREAM, IPPROTO_TCP, WSAEAFNOSUPPORT, 0},
        {-1, SOCK_STREAM, IPPROTO_TCP, WSAEAFNOSUPPORT, 0},
        {AF_INET, 0xdead, IPPROTO_TCP, WSAESOCKTNOSUPPORT, 0},
        {AF_INET, -1, IPPROTO_TCP, WSAESOCKTNOSUPPORT, 0},
        {AF_INET, SOCK_STREAM, 0xdead, WSAEPROTONOSUPPORT, 0},
        {AF_INET, SOCK_STREAM, -1, WSAEPROTONOSUPPORT, 0},
        {0xdead, 0xdead, IPPROTO_TCP, WSAESOCKTNOSUPPORT, 0},
        {AF_INET, 0xdead, 0xdead, WSAESOCKTNOSUPPORT, 0},
        {0xdead, SOCK_STREAM, IPPROTO_UDP, WSAEAFNOSUPPORT, 0},
        {AF_INET, SOCK_STREAM, 0, 0, SOCK_STREAM},
        {AF_INET, SOCK_DGRAM, 0, 0, SOCK_DGRAM},
        {AF_INET, 0xdead, 0, WSAESOCKTNOSUPPORT, 0},
        {AF_INET, 0, IPPROTO_TCP, 0, SOCK_STREAM},
        {AF_INET, 0, IPPROTO_UDP, 0, SOCK_DGRAM},
        {AF_INET, 0, 0xdead, WSAEPROTONOSUPPORT, 0},
        {AF_INET, 0, 0, 0, SOCK_STREAM},
        {AF_INET, SOCK_STREAM, IPPROTO_UDP, WSAEPROTONOSUPPORT, 0},
        {AF_INET, SOCK_DGRAM, IPPROTO_TCP, WSAEPROTONOSUPPORT, 0},
        {AF_UNSPEC, SOCK_STREAM, IPPROTO_TCP, 0, SOCK_STREAM},
        {AF_UNSPEC, SOCK_STREAM, 0xdead, WSAEPROTONOSUPPORT, 0},
        {AF_UNSPEC, 0xdead, IPPROTO_UDP, WSAESOCKTNOSUPPORT, 0},
        {AF_UNSPEC, SOCK_STREAM, 0, WSAEINVAL, 0},
        {AF_UNSPEC, SOCK_DGRAM, 0, WSAEINVAL, 0},
        {AF_UNSPEC, 0xdead, 0, WSAEINVAL, 0},
        {AF_UNSPEC, 0, 0, WSAEINVAL, 0},
    };
    unsigned i;

    for (i = 0; i < sizeof(tests) / sizeof(tests[0]); ++i) {
        SOCKET s;
        poison_last_error();
        s = WSASocketA(tests[i].af, tests[i].type, tests[i].protocol, NULL, 0, 0);
        ok(WSAGetLastError() == tests[i].error, "test %u: expected error %d, got %d\n", i, tests[i].error,
           WSAGetLastError());
        if (tests[i].error) {
            ok(s == INVALID_SOCKET, "test %u: expected failure\n", i);
        } else {
            int type = 0xdead, len = sizeof(type);
            ok(s != INVALID_SOCKET, "test %u: expected success\n", i);
            ok(!getsockopt(s, SOL_SOCKET, SO_TYPE, (char *)&type, &len), "test %u: SO_TYPE failed\n", i);
            ok(type == tests[i].ret_type, "test %u: got type %d\n", i, type);
            closesocket(s);
        }
    }
}

/* Invalid and closed SOCKETs: WSAENOTSOCK. */
static void test_not_a_socket(void)
{
    SOCKET s;
    int r, v = 1234, len = sizeof(v);

    poison_last_error();
    r = listen(0xdeadbeef, 0); /* Wine test_listen */
    ok(r == SOCKET_ERROR, "listen returned %d\n", r);
    ok_wsa_error(WSAENOTSOCK);

    poison_last_error();
    r = closesocket(INVALID_SOCKET);
    ok(r == SOCKET_ERROR, "closesocket returned %d\n", r);
    ok_wsa_error(WSAENOTSOCK);

    s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    ok(!closesocket(s), "closesocket failed: %d\n", WSAGetLastError());
    poison_last_error();
    r = closesocket(s);
    ok(r == SOCKET_ERROR, "second closesocket returned %d\n", r);
    ok_wsa_error(WSAENOTSOCK);

    /* Wine test_set_getsockopt: the closed socket, the value untouched */
    poison_last_error();
    r = getsockopt(s, SOL_SOCKET, SO_ERROR, (char *)&v, &len);
    ok(r == SOCKET_ERROR, "getsockopt returned %d\n", r);
    ok_wsa_error(WSAENOTSOCK);
    ok(v == 1234, "value changed to %d\n", v);

    poison_last_error();
    r = send(s, "x", 1, 0);
    ok(r == SOCKET_ERROR, "send returned %d\n", r);
    ok_wsa_error(WSAENOTSOCK);
}

static void test_bind(void)
{
    struct sockaddr_in a = loopback(0), got;
    SOCKET s1, s2;
    int r, len;

    s1 = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);

    poison_last_error();
    r = bind(s1, NULL, sizeof(a));
    ok(r == SOCKET_ERROR, "bind(NULL) returned %d\n", r);
    ok_wsa_error(WSAEFAULT);

    poison_last_error();
    r = bind(s1, (struct sockaddr *)&a, sizeof(a) - 1);
    ok(r == SOCKET_ERROR, "bind with a short length returned %d\n", r);
    ok_wsa_error(WSAEFAULT);

    ok(!bind(s1, (struct sockaddr *)&a, sizeof(a)), "bind failed: %d\n", WSAGetLastError());
    poison_last_error();
    r = bind(s1, (struct sockaddr *)&a, sizeof(a));
    ok(r == SOCKET_ERROR, "second bind returned %d\n", r);
    ok_wsa_error(WSAEINVAL);

    len = sizeof(got);
    getsockname(s1, (struct sockaddr *)&got, &len);

    /* Wine test_listen: a second bind to a bound (not yet listening) address fails... */
    s2 = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    poison_last_error();
    r = bind(s2, (struct sockaddr *)&got, sizeof(got));
    ok(r == SOCKET_ERROR, "bind to a bound port returned %d\n", r);
    ok_wsa_error(WSAEADDRINUSE);
    closesocket(s2);

    /* ...and so does one to a listening address. */
    ok(!listen(s1, 1), "listen failed: %d\n", WSAGetLastError());
    s2 = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    poison_last_error();
    r = bind(s2, (struct sockaddr *)&got, sizeof(got));
    ok(r == SOCKET_ERROR, "bind to a listening port returned %d\n", r);
    ok_wsa_error(WSAEADDRINUSE);
    closesocket(s2);
    closesocket(s1);

    /* UDP */
    s1 = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    s2 = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    a = loopback(0);
    ok(!bind(s1, (struct sockaddr *)&a, sizeof(a)), "bind failed: %d\n", WSAGetLastError());
    len = sizeof(got);
    getsockname(s1, (struct sockaddr *)&got, &len);
    poison_last_error();
    r = bind(s2, (struct sockaddr *)&got, sizeof(got));
    ok(r == SOCKET_ERROR, "UDP bind to a bound port returned %d\n", r);
    ok_wsa_error(WSAEADDRINUSE);
    closesocket(s1);
    closesocket(s2);
}

/* Windows lets a server bind a port whose previous connection is still in TIME_WAIT. */
static void test_bind_time_wait(void)
{
    struct sockaddr_in a;
    SOCKET l, c, srv, l2;
    char buf[4];
    int r;

    l = make_listener(&a);
    c = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    ok(!connect(c, (struct sockaddr *)&a, sizeof(a)), "connect failed: %d\n", WSAGetLastError());
    srv = accept(l, NULL, NULL);
    ok(srv != INVALID_SOCKET, "accept failed: %d\n", WSAGetLastError());
    /* The server closes first, so its end (on the listening port) goes to TIME_WAIT. */
    closesocket(srv);
    r = recv(c, buf, sizeof(buf), 0);
    ok(r == 0, "expected EOF, got %d (%d)\n", r, WSAGetLastError());
    closesocket(c);
    closesocket(l);

    l2 = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    poison_last_error();
    r = bind(l2, (struct sockaddr *)&a, sizeof(a));
    ok(r == 0, "bind over TIME_WAIT returned %d, error %d\n", r, WSAGetLastError());
    ok(!listen(l2, 1), "listen failed: %d\n", WSAGetLastError());
    closesocket(l2);
}

/* Wine test_listen */
static void test_listen(void)
{
    struct sockaddr_in a = loopback(0);
    SOCKET s;
    int r, v, len;

    s = socket(AF_INET, SOCK_DGRAM, 0);
    poison_last_error();
    r = listen(s, 1);
    ok(r == SOCKET_ERROR, "UDP listen returned %d\n", r);
    ok_wsa_error(WSAEOPNOTSUPP);
    closesocket(s);

    s = socket(AF_INET, SOCK_STREAM, 0);
    poison_last_error();
    r = listen(s, SOMAXCONN);
    ok(r == SOCKET_ERROR, "listen on an unbound socket returned %d\n", r);
    ok_wsa_error(WSAEINVAL);

    ok(!bind(s, (struct sockaddr *)&a, sizeof(a)), "bind failed: %d\n", WSAGetLastError());
    v = 0xdead;
    len = sizeof(v);
    ok(!getsockopt(s, SOL_SOCKET, SO_ACCEPTCONN, (char *)&v, &len), "SO_ACCEPTCONN failed\n");
    ok(v == 0, "SO_ACCEPTCONN %d before listen\n", v);
    ok(!listen(s, 0), "listen failed: %d\n", WSAGetLastError());
    ok(!listen(s, SOMAXCONN), "second listen failed: %d\n", WSAGetLastError());
    ok(!listen(s, SOMAXCONN_HINT(500)), "listen with a hint failed: %d\n", WSAGetLastError());
    v = 0xdead;
    ok(!getsockopt(s, SOL_SOCKET, SO_ACCEPTCONN, (char *)&v, &len), "SO_ACCEPTCONN failed\n");
    ok(v == 1, "SO_ACCEPTCONN %d after listen\n", v);

    v = 1;
    poison_last_error();
    r = setsockopt(s, SOL_SOCKET, SO_ACCEPTCONN, (char *)&v, sizeof(v));
    ok(r == SOCKET_ERROR, "setting SO_ACCEPTCONN returned %d\n", r);
    ok_wsa_error(WSAENOPROTOOPT);
    closesocket(s);
}

static void test_connect(void)
{
    struct sockaddr_in a, closed = loopback(closed_port());
    SOCKET l, c, srv;
    int r;

    /* Wine test_errors */
    c = socket(AF_INET, SOCK_STREAM, 0);
    poison_last_error();
    r = connect(c, (struct sockaddr *)&closed, sizeof(closed));
    ok(r == SOCKET_ERROR, "connect to a closed port returned %d\n", r);
    ok_wsa_error(WSAECONNREFUSED);

    poison_last_error();
    r = connect(c, NULL, sizeof(closed));
    ok(r == SOCKET_ERROR, "connect(NULL) returned %d\n", r);
    ok_wsa_error(WSAEFAULT);
    poison_last_error();
    r = connect(c, (struct sockaddr *)&closed, 4);
    ok(r == SOCKET_ERROR, "connect with a short length returned %d\n", r);
    ok_wsa_error(WSAEFAULT);
    closesocket(c);

    /* Wine test_connect: a listener cannot connect, a connected socket reports WSAEISCONN */
    l = make_listener(&a);
    poison_last_error();
    r = connect(l, (struct sockaddr *)&a, sizeof(a));
    ok(r == SOCKET_ERROR, "connect on a listener returned %d\n", r);
    ok_wsa_error(WSAEINVAL);

    c = socket(AF_INET, SOCK_STREAM, 0);
    ok(!connect(c, (struct sockaddr *)&a, sizeof(a)), "connect failed: %d\n", WSAGetLastError());
    srv = accept(l, NULL, NULL);
    poison_last_error();
    r = connect(c, (struct sockaddr *)&a, sizeof(a));
    ok(r == SOCKET_ERROR, "second connect returned %d\n", r);
    ok_wsa_error(WSAEISCONN);
    poison_last_error();
    r = connect(srv, (struct sockaddr *)&a, sizeof(a));
    ok(r == SOCKET_ERROR, "connect on an accepted socket returned %d\n", r);
    ok_wsa_error(WSAEISCONN);
    closesocket(srv);
    closesocket(c);

    /* Wine test_connect: a connect after a failed attempt works */
    c = socket(AF_INET, SOCK_STREAM, 0);
    r = connect(c, (struct sockaddr *)&closed, sizeof(closed));
    ok(r == SOCKET_ERROR && WSAGetLastError() == WSAECONNREFUSED, "got %d, error %d\n", r, WSAGetLastError());
    r = connect(c, (struct sockaddr *)&a, sizeof(a));
    ok(r == 0, "connect after a failure returned %d, error %d\n", r, WSAGetLastError());
    srv = accept(l, NULL, NULL);
    ok(srv != INVALID_SOCKET, "accept failed: %d\n", WSAGetLastError());
    closesocket(srv);
    closesocket(c);
    closesocket(l);
}

static int CALLBACK defer_condition(LPWSABUF caller, LPWSABUF caller_data, LPQOS sqos, LPQOS gqos, LPWSABUF callee,
                                    LPWSABUF callee_data, GROUP *g, DWORD_PTR ctx)
{
    ++*(int *)ctx;
    return CF_DEFER;
}

static int CALLBACK reject_condition(LPWSABUF caller, LPWSABUF caller_data, LPQOS sqos, LPQOS gqos, LPWSABUF callee,
                                     LPWSABUF callee_data, GROUP *g, DWORD_PTR ctx)
{
    const struct sockaddr_in *peer = (const struct sockaddr_in *)caller->buf;
    ok(caller->len == sizeof(struct sockaddr_in), "caller id length %lu\n", (unsigned long)caller->len);
    ok(peer->sin_family == AF_INET && peer->sin_addr.s_addr == htonl(INADDR_LOOPBACK), "bad caller id\n");
    ++*(int *)ctx;
    return CF_REJECT;
}

/* Wine test_accept */
static void test_accept(void)
{
    struct sockaddr_in a;
    SOCKADDR_STORAGE ss, empty;
    SOCKET l, c, srv, nb;
    int len, r, calls = 0;
    u_long one = 1;
    char buf[4];

    l = make_listener(&a);

    c = socket(AF_INET, SOCK_STREAM, 0);
    connect(c, (struct sockaddr *)&a, sizeof(a));
    len = 0;
    poison_last_error();
    srv = accept(l, (struct sockaddr *)&ss, &len);
    ok(srv == INVALID_SOCKET, "accept with addrlen 0 succeeded\n");
    ok_wsa_error(WSAEFAULT);
    ok(len == 0, "addrlen changed to %d\n", len);

    memset(&ss, 0, sizeof(ss));
    memset(&empty, 0, sizeof(empty));
    srv = accept(l, (struct sockaddr *)&ss, NULL);
    ok(srv != INVALID_SOCKET, "accept failed: %d\n", WSAGetLastError());
    ok(!memcmp(&ss, &empty, sizeof(ss)), "address written without a length\n");
    closesocket(srv);
    closesocket(c);

    c = socket(AF_INET, SOCK_STREAM, 0);
    connect(c, (struct sockaddr *)&a, sizeof(a));
    len = sizeof(ss);
    srv = accept(l, (struct sockaddr *)&ss, &len);
    ok(srv != INVALID_SOCKET, "accept failed: %d\n", WSAGetLastError());
    ok(len == sizeof(struct sockaddr_in), "addrlen %d\n", len);
    ok(ss.ss_family == AF_INET, "family %d\n", ss.ss_family);
    closesocket(srv);
    closesocket(c);

    /* WSAAccept: CF_DEFER keeps the connection for the next accept */
    c = socket(AF_INET, SOCK_STREAM, 0);
    connect(c, (struct sockaddr *)&a, sizeof(a));
    poison_last_error();
    srv = WSAAccept(l, NULL, NULL, defer_condition, (DWORD_PTR)&calls);
    ok(srv == INVALID_SOCKET, "deferred WSAAccept returned a socket\n");
    ok_wsa_error(WSATRY_AGAIN);
    ok(calls == 1, "condition called %d times\n", calls);
    srv = accept(l, NULL, NULL);
    ok(srv != INVALID_SOCKET, "accept of the deferred connection failed: %d\n", WSAGetLastError());
    ok(send(srv, "abc", 3, 0) == 3, "send on the deferred connection failed\n");
    ok(recv(c, buf, sizeof(buf), 0) == 3, "recv failed: %d\n", WSAGetLastError());
    closesocket(srv);
    closesocket(c);

    /* CF_REJECT */
    calls = 0;
    c = socket(AF_INET, SOCK_STREAM, 0);
    connect(c, (struct sockaddr *)&a, sizeof(a));
    poison_last_error();
    srv = WSAAccept(l, NULL, NULL, reject_condition, (DWORD_PTR)&calls);
    ok(srv == INVALID_SOCKET, "rejected WSAAccept returned a socket\n");
    ok_wsa_error(WSAECONNREFUSED);
    ok(calls == 1, "condition called %d times\n", calls);
    closesocket(c);

    /* no condition function */
    c = socket(AF_INET, SOCK_STREAM, 0);
    connect(c, (struct sockaddr *)&a, sizeof(a));
    srv = WSAAccept(l, NULL, NULL, NULL, 0);
    ok(srv != INVALID_SOCKET, "WSAAccept failed: %d\n", WSAGetLastError());
    closesocket(srv);
    closesocket(c);

    /* accept on a socket that is not listening */
    nb = socket(AF_INET, SOCK_STREAM, 0);
    poison_last_error();
    srv = accept(nb, NULL, NULL);
    ok(srv == INVALID_SOCKET, "accept on a non-listening socket succeeded\n");
    ok_wsa_error(WSAEINVAL);
    closesocket(nb);

    /* non-blocking listener: nothing pending, then the accepted socket inherits the mode */
    ok(!ioctlsocket(l, FIONBIO, &one), "FIONBIO failed: %d\n", WSAGetLastError());
    poison_last_error();
    srv = accept(l, NULL, NULL);
    ok(srv == INVALID_SOCKET, "accept with nothing pending succeeded\n");
    ok_wsa_error(WSAEWOULDBLOCK);

    c = socket(AF_INET, SOCK_STREAM, 0);
    connect(c, (struct sockaddr *)&a, sizeof(a));
    {
        fd_set rd;
        struct timeval tv = {2, 0};
        FD_ZERO(&rd);
        FD_SET(l, &rd);
        ok(select(0, &rd, NULL, NULL, &tv) == 1, "the listener never became readable\n");
    }
    srv = accept(l, NULL, NULL);
    ok(srv != INVALID_SOCKET, "accept failed: %d\n", WSAGetLastError());
    poison_last_error();
    r = recv(srv, buf, sizeof(buf), 0);
    ok(r == SOCKET_ERROR, "recv on the accepted socket returned %d\n", r);
    ok_wsa_error(WSAEWOULDBLOCK); /* inherited the listener's non-blocking mode */
    closesocket(srv);
    closesocket(c);
    closesocket(l);
}

/* Wine test_getsockname */
static void test_names(void)
{
    struct sockaddr_in set = loopback(0), got, peer;
    static const unsigned char zero[8];
    SOCKET s, c, srv;
    int len, r;

    s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    got = set;
    len = sizeof(got);
    poison_last_error();
    r = getsockname(s, (struct sockaddr *)&got, &len);
    ok(r == SOCKET_ERROR, "getsockname on an unbound socket returned %d\n", r);
    ok_wsa_error(WSAEINVAL);
    ok(!memcmp(&got, &set, sizeof(got)), "address changed\n");

    set.sin_addr.s_addr = htonl(INADDR_ANY);
    ok(!bind(s, (struct sockaddr *)&set, sizeof(set)), "bind failed: %d\n", WSAGetLastError());
    memset(&got, 0xcc, sizeof(got));
    len = sizeof(got);
    poison_last_error();
    r = getsockname(s, (struct sockaddr *)&got, &len);
    ok(r == 0, "getsockname failed: %d\n", WSAGetLastError());
    ok_wsa_error(0);
    ok(len == sizeof(got), "len %d\n", len);
    ok(got.sin_family == AF_INET, "family %d\n", got.sin_family);
    ok(got.sin_port != 0, "zero port\n");
    ok(got.sin_addr.s_addr == INADDR_ANY, "address %08lx\n", (unsigned long)got.sin_addr.s_addr);
    ok(!memcmp(got.sin_zero, zero, 8), "sin_zero not zeroed\n");

    len = sizeof(got) - 1;
    poison_last_error();
    r = getsockname(s, (struct sockaddr *)&got, &len);
    ok(r == SOCKET_ERROR, "getsockname with a short buffer returned %d\n", r);
    ok_wsa_error(WSAEFAULT);
    ok(len == sizeof(got) - 1, "len changed to %d\n", len);

    poison_last_error();
    r = getsockname(s, NULL, &len);
    ok(r == SOCKET_ERROR, "getsockname(NULL) returned %d\n", r);
    ok_wsa_error(WSAEFAULT);

    len = sizeof(peer);
    poison_last_error();
    r = getpeername(s, (struct sockaddr *)&peer, &len);
    ok(r == SOCKET_ERROR, "getpeername on an unconnected socket returned %d\n", r);
    ok_wsa_error(WSAENOTCONN);
    closesocket(s);

    if (tcp_pair(&c, &srv)) return;
    len = sizeof(peer);
    ok(!getpeername(c, (struct sockaddr *)&peer, &len), "getpeername failed: %d\n", WSAGetLastError());
    ok(len == sizeof(peer) && peer.sin_addr.s_addr == htonl(INADDR_LOOPBACK), "bad peer\n");
    len = sizeof(got);
    ok(!getsockname(srv, (struct sockaddr *)&got, &len), "getsockname failed\n");
    ok(got.sin_port == peer.sin_port, "peer port %u vs local port %u\n", ntohs(peer.sin_port), ntohs(got.sin_port));
    closesocket(c);
    closesocket(srv);
}

/* Wine test_set_getsockopt (selected rows of test_optsize and the explicit checks) */
static void test_sockopt(void)
{
    SOCKET s, u;
    DWORD value;
    int r, len, i;
    LINGER lg;

    s = socket(AF_INET, SOCK_STREAM, 0);
    u = socket(AF_INET, SOCK_DGRAM, 0);

    /* SO_TYPE */
    value = 0xdead;
    len = sizeof(value);
    ok(!getsockopt(u, SOL_SOCKET, SO_TYPE, (char *)&value, &len), "SO_TYPE failed\n");
    ok(value == SOCK_DGRAM && len == 4, "SO_TYPE %lu len %d\n", (unsigned long)value, len);

    /* SO_RCVTIMEO / SO_SNDTIMEO are DWORD milliseconds */
    value = 63000;
    ok(!setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, (char *)&value, sizeof(value)), "set SO_RCVTIMEO failed\n");
    value = 0;
    len = sizeof(value);
    ok(!getsockopt(s, SOL_SOCKET, SO_RCVTIMEO, (char *)&value, &len), "get SO_RCVTIMEO failed\n");
    ok(value == 63000 && len == 4, "SO_RCVTIMEO %lu len %d\n", (unsigned long)value, len);

    /* SO_RCVBUF reports what was set (Linux doubles it) */
    value = 4096;
    ok(!setsockopt(s, SOL_SOCKET, SO_RCVBUF, (char *)&value, sizeof(value)), "set SO_RCVBUF failed\n");
    value = 0xdeadbeef;
    len = sizeof(value);
    ok(!getsockopt(s, SOL_SOCKET, SO_RCVBUF, (char *)&value, &len), "get SO_RCVBUF failed\n");
    ok(value == 4096, "SO_RCVBUF %lu\n", (unsigned long)value);
    value = 0;
    ok(!setsockopt(s, SOL_SOCKET, SO_SNDBUF, (char *)&value, sizeof(value)), "set SO_SNDBUF failed\n");
    value = 0xdeadbeef;
    ok(!getsockopt(s, SOL_SOCKET, SO_SNDBUF, (char *)&value, &len), "get SO_SNDBUF failed\n");
    ok(value == 0, "SO_SNDBUF %lu\n", (unsigned long)value);

    /* SO_LINGER: Windows' u_short pair; not for UDP */
    lg.l_onoff = 1;
    lg.l_linger = 555;
    ok(!setsockopt(s, SOL_SOCKET, SO_LINGER, (char *)&lg, sizeof(lg)), "set SO_LINGER failed\n");
    memset(&lg, 0, sizeof(lg));
    len = sizeof(lg);
    ok(!getsockopt(s, SOL_SOCKET, SO_LINGER, (char *)&lg, &len), "get SO_LINGER failed\n");
    ok(lg.l_onoff == 1 && lg.l_linger == 555 && len == 4, "SO_LINGER %u/%u len %d\n", lg.l_onoff, lg.l_linger, len);
    value = 0xdead;
    len = sizeof(value);
    ok(!getsockopt(s, SOL_SOCKET, SO_DONTLINGER, (char *)&value, &len), "get SO_DONTLINGER failed\n");
    ok(value == 0, "SO_DONTLINGER %lu while lingering\n", (unsigned long)value);
    poison_last_error();
    r = setsockopt(s, SOL_SOCKET, SO_LINGER, NULL, sizeof(lg));
    ok(r == SOCKET_ERROR, "SO_LINGER with NULL returned %d\n", r);
    ok_wsa_error(WSAEFAULT);
    len = sizeof(lg);
    poison_last_error();
    r = getsockopt(u, SOL_SOCKET, SO_LINGER, (char *)&lg, &len); /* test_extendedSocketOptions */
    ok(r == SOCKET_ERROR, "SO_LINGER on UDP returned %d\n", r);
    ok_wsa_error(WSAENOPROTOOPT);

    /* TCP_NODELAY: any positive length, only the first byte counts, 1 byte back */
    value = 1;
    ok(!setsockopt(s, IPPROTO_TCP, TCP_NODELAY, (char *)&value, 1), "TCP_NODELAY len 1 failed\n");
    value = 0xff;
    len = sizeof(value);
    ok(!getsockopt(s, IPPROTO_TCP, TCP_NODELAY, (char *)&value, &len), "get TCP_NODELAY failed\n");
    ok(value == 1, "TCP_NODELAY %#lx\n", (unsigned long)value);
    value = 0x100;
    ok(!setsockopt(s, IPPROTO_TCP, TCP_NODELAY, (char *)&value, 4), "TCP_NODELAY 0x100 failed\n");
    value = 0xff;
    ok(!getsockopt(s, IPPROTO_TCP, TCP_NODELAY, (char *)&value, &len), "get TCP_NODELAY failed\n");
    ok(value == 0, "TCP_NODELAY %#lx after 0x100\n", (unsigned long)value);
    value = 1;
    poison_last_error();
    r = setsockopt(s, IPPROTO_TCP, TCP_NODELAY, (char *)&value, 0);
    ok(r == SOCKET_ERROR, "TCP_NODELAY len 0 returned %d\n", r);
    ok_wsa_error(WSAEFAULT);

    /* SO_KEEPALIVE reports 1 byte */
    value = 1;
    ok(!setsockopt(s, SOL_SOCKET, SO_KEEPALIVE, (char *)&value, 4), "SO_KEEPALIVE failed\n");
    value = 0xdeadbeef;
    len = 4;
    ok(!getsockopt(s, SOL_SOCKET, SO_KEEPALIVE, (char *)&value, &len), "get SO_KEEPALIVE failed\n");
    ok(value == 0xdeadbe01 && len == 1, "SO_KEEPALIVE %#lx len %d\n", (unsigned long)value, len);

    /* SO_BROADCAST: 2-byte get writes 2 bytes but reports 1; 0-length set succeeds */
    value = 1;
    ok(!setsockopt(u, SOL_SOCKET, SO_BROADCAST, (char *)&value, 2), "SO_BROADCAST len 2 failed\n");
    value = 0xdeadbeef;
    len = 2;
    ok(!getsockopt(u, SOL_SOCKET, SO_BROADCAST, (char *)&value, &len), "get SO_BROADCAST failed\n");
    ok(value == 0xdead0001 && len == 1, "SO_BROADCAST %#lx len %d\n", (unsigned long)value, len);
    poison_last_error();
    r = setsockopt(u, SOL_SOCKET, SO_BROADCAST, (char *)&value, 0);
    ok(r == 0, "SO_BROADCAST len 0 returned %d\n", r);
    ok_wsa_error(0);

    /* short lengths: WSAEFAULT, SO_RCVBUF zero-fills what it was given */
    value = 0xdeadbeef;
    len = 2;
    poison_last_error();
    r = getsockopt(s, SOL_SOCKET, SO_RCVBUF, (char *)&value, &len);
    ok(r == SOCKET_ERROR, "2-byte SO_RCVBUF returned %d\n", r);
    ok_wsa_error(WSAEFAULT);
    ok(value == 0xdead0000 && len == 2, "value %#lx len %d\n", (unsigned long)value, len);
    i = 1;
    len = 1;
    poison_last_error();
    r = getsockopt(s, SOL_SOCKET, SO_ERROR, (char *)&i, &len);
    ok(r == SOCKET_ERROR, "1-byte SO_ERROR returned %d\n", r);
    ok_wsa_error(WSAEFAULT);
    len = -1;
    poison_last_error();
    r = getsockopt(s, SOL_SOCKET, SO_RCVTIMEO, (char *)&value, &len);
    ok(r == SOCKET_ERROR && len == -1, "negative length returned %d, len %d\n", r, len);
    ok_wsa_error(WSAEFAULT);
    value = 1;
    poison_last_error();
    r = setsockopt(s, IPPROTO_TCP, TCP_NODELAY, (char *)&value, -1);
    ok(r == SOCKET_ERROR, "TCP_NODELAY len -1 returned %d\n", r);
    ok_wsa_error(WSAENOBUFS);

    /* SO_ERROR: stored and read back, last error reset on success */
    i = 1234;
    poison_last_error();
    r = setsockopt(s, SOL_SOCKET, SO_ERROR, (char *)&i, sizeof(i));
    ok(r == 0, "set SO_ERROR returned %d\n", r);
    ok_wsa_error(0);
    i = 4321;
    len = sizeof(i);
    poison_last_error();
    r = getsockopt(s, SOL_SOCKET, SO_ERROR, (char *)&i, &len);
    ok(r == 0, "get SO_ERROR returned %d\n", r);
    ok_wsa_error(0);
    ok(i == 1234, "SO_ERROR %d\n", i);

    /* bad level, bad option, a value instead of a pointer */
    i = 10;
    poison_last_error();
    r = setsockopt(s, 0xffffffff, SO_RCVTIMEO, (char *)&i, sizeof(i));
    ok(r == SOCKET_ERROR, "level 0xffffffff returned %d\n", r);
    ok_wsa_error(WSAEINVAL);
    poison_last_error();
    r = setsockopt(s, 0x8000, SO_RCVTIMEO, (char *)&i, sizeof(i));
    ok(r == SOCKET_ERROR, "level 0x8000 returned %d\n", r);
    ok_wsa_error(WSAEINVAL);
    poison_last_error();
    r = setsockopt(s, SOL_SOCKET, 0x7777, (char *)&i, sizeof(i));
    ok(r == SOCKET_ERROR, "unknown option returned %d\n", r);
    ok_wsa_error(WSAENOPROTOOPT);
    poison_last_error();
    r = setsockopt(s, SOL_SOCKET, SO_DONTROUTE, (char *)1, 1);
    ok(r == SOCKET_ERROR, "a value for a pointer returned %d\n", r);
    ok_wsa_error(WSAEFAULT);

    /* IP_TTL: values above 255 are refused */
    value = 0x100;
    poison_last_error();
    r = setsockopt(u, IPPROTO_IP, IP_TTL, (char *)&value, 4);
    ok(r == SOCKET_ERROR, "IP_TTL 256 returned %d\n", r);
    ok_wsa_error(WSAEINVAL);

    /* IP_DONTFRAGMENT defaults: TCP on, UDP off */
    value = 0xdead;
    len = sizeof(value);
    ok(!getsockopt(u, IPPROTO_IP, IP_DONTFRAGMENT, (char *)&value, &len), "IP_DONTFRAGMENT failed\n");
    ok(value == 0, "UDP IP_DONTFRAGMENT %lu\n", (unsigned long)value);
    value = 0xdead;
    ok(!getsockopt(s, IPPROTO_IP, IP_DONTFRAGMENT, (char *)&value, &len), "IP_DONTFRAGMENT failed\n");
    ok(value == 1, "TCP IP_DONTFRAGMENT %lu\n", (unsigned long)value);

    /* Wine test_reuseaddr: SO_REUSEADDR and SO_EXCLUSIVEADDRUSE exclude each other */
    value = 1;
    ok(!setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (char *)&value, sizeof(value)), "SO_REUSEADDR failed\n");
    poison_last_error();
    r = setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (char *)&value, sizeof(value));
    ok(r == SOCKET_ERROR, "SO_EXCLUSIVEADDRUSE after SO_REUSEADDR returned %d\n", r);
    ok_wsa_error(WSAEINVAL);

    closesocket(s);
    closesocket(u);

    /* Wine test_ipv6only: on by default */
    s = socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET) {
        skip("no IPv6\n");
    } else {
        int enabled = 2;
        len = sizeof(enabled);
        ok(!getsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, (char *)&enabled, &len), "IPV6_V6ONLY failed\n");
        ok(enabled == 1, "IPV6_V6ONLY %d\n", enabled);
        closesocket(s);
    }
}

/* Wine test_accept_inheritance */
static void test_accept_inheritance(void)
{
    struct sockaddr_in a;
    SOCKET l, c, srv;
    DWORD v;
    int len;

    l = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    v = 0x123;
    setsockopt(l, SOL_SOCKET, SO_RCVTIMEO, (char *)&v, sizeof(v));
    setsockopt(l, SOL_SOCKET, SO_SNDBUF, (char *)&v, sizeof(v));
    v = 1;
    setsockopt(l, IPPROTO_TCP, TCP_NODELAY, (char *)&v, sizeof(v));
    a = loopback(0);
    bind(l, (struct sockaddr *)&a, sizeof(a));
    len = sizeof(a);
    getsockname(l, (struct sockaddr *)&a, &len);
    listen(l, 1);
    c = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    connect(c, (struct sockaddr *)&a, sizeof(a));
    srv = accept(l, NULL, NULL);
    ok(srv != INVALID_SOCKET, "accept failed: %d\n", WSAGetLastError());

    v = 0;
    len = sizeof(v);
    ok(!getsockopt(srv, SOL_SOCKET, SO_RCVTIMEO, (char *)&v, &len) && v == 0x123, "SO_RCVTIMEO %#lx\n",
       (unsigned long)v);
    v = 0;
    ok(!getsockopt(srv, SOL_SOCKET, SO_SNDBUF, (char *)&v, &len) && v == 0x123, "SO_SNDBUF %#lx\n", (unsigned long)v);
    v = 0;
    ok(!getsockopt(srv, IPPROTO_TCP, TCP_NODELAY, (char *)&v, &len) && v == 1, "TCP_NODELAY %#lx\n", (unsigned long)v);
    closesocket(srv);
    closesocket(c);
    closesocket(l);
}

static void test_ioctl(void)
{
    SOCKET c, srv;
    u_long v;
    DWORD size, value;
    char buf[16];
    int r;
    struct tcp_keepalive_vals { ULONG onoff, time, interval; } ka = {1, 10000, 1000};

    if (tcp_pair(&c, &srv)) return;

    /* Wine test_fionbio / test_fionread_siocatmark */
    poison_last_error();
    r = ioctlsocket(c, FIONBIO, (u_long *)1);
    ok(r == SOCKET_ERROR, "FIONBIO with a bad pointer returned %d\n", r);
    ok_wsa_error(WSAEFAULT);
    poison_last_error();
    r = ioctlsocket(c, 0x12345678, &v);
    ok(r == SOCKET_ERROR, "unknown ioctl returned %d\n", r);
    ok_wsa_error(WSAEINVAL);

    v = 1;
    poison_last_error();
    ok(!ioctlsocket(srv, FIONBIO, &v), "FIONBIO failed: %d\n", WSAGetLastError());
    ok_wsa_error(0);
    poison_last_error();
    r = recv(srv, buf, sizeof(buf), 0);
    ok(r == SOCKET_ERROR, "non-blocking recv returned %d\n", r);
    ok_wsa_error(WSAEWOULDBLOCK);

    v = 0xdead;
    ok(!ioctlsocket(srv, FIONREAD, &v), "FIONREAD failed\n");
    ok(v == 0, "FIONREAD %lu with nothing queued\n", (unsigned long)v);
    v = 0;
    ok(!ioctlsocket(srv, SIOCATMARK, &v), "SIOCATMARK failed\n");
    ok(v == 1, "SIOCATMARK %lu with no urgent data\n", (unsigned long)v);

    ok(send(c, "hello", 5, 0) == 5, "send failed\n");
    {
        fd_set rd;
        struct timeval tv = {2, 0};
        FD_ZERO(&rd);
        FD_SET(srv, &rd);
        select(0, &rd, NULL, NULL, &tv);
    }
    v = 0;
    ok(!ioctlsocket(srv, FIONREAD, &v), "FIONREAD failed\n");
    ok(v == 5, "FIONREAD %lu\n", (unsigned long)v);

    /* WSAIoctl: the byte count is required */
    poison_last_error();
    r = WSAIoctl(srv, FIONREAD, NULL, 0, &value, sizeof(value), NULL, NULL, NULL);
    ok(r == SOCKET_ERROR, "WSAIoctl without a size pointer returned %d\n", r);
    ok_wsa_error(WSAEFAULT);
    size = 0xdeadbeef;
    poison_last_error();
    r = WSAIoctl(srv, FIONREAD, NULL, 0, &value, sizeof(value) - 1, &size, NULL, NULL);
    ok(r == SOCKET_ERROR && size == 0xdeadbeef, "short FIONREAD returned %d, size %lu\n", r, (unsigned long)size);
    ok_wsa_error(WSAEFAULT);
    poison_last_error();
    r = WSAIoctl(srv, FIONREAD, NULL, 0, &value, sizeof(value), &size, NULL, NULL);
    ok(r == 0 && value == 5 && size == 4, "FIONREAD returned %d, %lu, size %lu\n", r, (unsigned long)value,
       (unsigned long)size);
    ok_wsa_error(0);

    /* Wine test_keepalive_vals / test_unsupported_ioctls */
    size = 0xdeadbeef;
    poison_last_error();
    r = WSAIoctl(srv, SIO_KEEPALIVE_VALS, &ka, 0, NULL, 0, &size, NULL, NULL);
    ok(r == SOCKET_ERROR && size == 0, "SIO_KEEPALIVE_VALS len 0 returned %d size %lu\n", r, (unsigned long)size);
    ok_wsa_error(WSAEFAULT);
    size = 0xdeadbeef;
    r = WSAIoctl(srv, SIO_KEEPALIVE_VALS, &ka, sizeof(ka), NULL, 0, &size, NULL, NULL);
    ok(r == 0 && size == 0, "SIO_KEEPALIVE_VALS returned %d size %lu\n", r, (unsigned long)size);
    size = 0xdeadbeef;
    poison_last_error();
    r = WSAIoctl(srv, 0xdeadbeef, NULL, 0, NULL, 0, &size, NULL, NULL);
    ok(r == SOCKET_ERROR && size == 0, "unknown WSAIoctl returned %d size %lu\n", r, (unsigned long)size);
    ok_wsa_error(WSAEOPNOTSUPP);

    closesocket(c);
    closesocket(srv);
}

/* SO_RCVTIMEO makes a blocking recv fail with WSAETIMEDOUT. */
static void test_rcvtimeo(void)
{
    SOCKET c, srv;
    DWORD t = 100, start, elapsed;
    char buf[4];
    int r;

    if (tcp_pair(&c, &srv)) return;
    ok(!setsockopt(srv, SOL_SOCKET, SO_RCVTIMEO, (char *)&t, sizeof(t)), "SO_RCVTIMEO failed\n");
    start = tick_ms();
    poison_last_error();
    r = recv(srv, buf, sizeof(buf), 0);
    elapsed = tick_ms() - start;
    ok(r == SOCKET_ERROR, "recv returned %d\n", r);
    ok_wsa_error(WSAETIMEDOUT);
    ok(elapsed >= 80 && elapsed < 1000, "timed out after %lu ms\n", (unsigned long)elapsed);
    closesocket(c);
    closesocket(srv);
}

static void test_shutdown(void)
{
    SOCKET c, srv, s;
    char buf[8];
    int r;

    if (tcp_pair(&c, &srv)) return;

    poison_last_error();
    r = shutdown(c, 7);
    ok(r == SOCKET_ERROR, "shutdown(7) returned %d\n", r);
    ok_wsa_error(WSAEINVAL);

    ok(!shutdown(c, SD_SEND), "shutdown(SD_SEND) failed: %d\n", WSAGetLastError());
    poison_last_error();
    r = send(c, "x", 1, 0);
    ok(r == SOCKET_ERROR, "send after SD_SEND returned %d\n", r);
    ok_wsa_error(WSAESHUTDOWN);
    r = recv(srv, buf, sizeof(buf), 0);
    ok(r == 0, "peer recv returned %d, expected EOF\n", r);

    /* the other direction still works */
    ok(send(srv, "abc", 3, 0) == 3, "send back failed: %d\n", WSAGetLastError());
    ok(recv(c, buf, sizeof(buf), 0) == 3, "recv failed: %d\n", WSAGetLastError());

    ok(!shutdown(srv, SD_RECEIVE), "shutdown(SD_RECEIVE) failed: %d\n", WSAGetLastError());
    poison_last_error();
    r = recv(srv, buf, sizeof(buf), 0);
    ok(r == SOCKET_ERROR, "recv after SD_RECEIVE returned %d\n", r);
    ok_wsa_error(WSAESHUTDOWN);
    closesocket(c);
    closesocket(srv);

    s = socket(AF_INET, SOCK_STREAM, 0);
    poison_last_error();
    r = shutdown(s, SD_BOTH);
    ok(r == SOCKET_ERROR, "shutdown of an unconnected socket returned %d\n", r);
    ok_wsa_error(WSAENOTCONN);
    poison_last_error();
    r = send(s, "x", 1, 0);
    ok(r == SOCKET_ERROR, "send on an unconnected socket returned %d\n", r);
    ok_wsa_error(WSAENOTCONN);
    closesocket(s);
}

static void test_udp(void)
{
    SOCKET a, b;
    char buf[16], addrbuf[64];
    struct sockaddr_in from;
    int r, len;

    if (udp_pair(&a, &b)) return;

    /* a datagram larger than the buffer: the bytes that fit, then WSAEMSGSIZE */
    ok(send(a, "0123456789", 10, 0) == 10, "send failed: %d\n", WSAGetLastError());
    memset(buf, 0, sizeof(buf));
    poison_last_error();
    r = recv(b, buf, 4, 0);
    ok(r == SOCKET_ERROR, "truncated recv returned %d\n", r);
    ok_wsa_error(WSAEMSGSIZE);
    ok(!memcmp(buf, "0123", 4), "got '%.4s'\n", buf);

    /* Wine test_UDP: a too small fromlen fails before the datagram is consumed */
    ok(send(a, "abcdef", 6, 0) == 6, "send failed\n");
    addrbuf[0] = 'A';
    len = 1;
    poison_last_error();
    r = recvfrom(b, buf, sizeof(buf), 0, (struct sockaddr *)addrbuf, &len);
    ok(r == SOCKET_ERROR, "recvfrom with fromlen 1 returned %d\n", r);
    ok_wsa_error(WSAEFAULT);
    ok(addrbuf[0] == 'A', "address buffer written\n");
    len = sizeof(from);
    poison_last_error();
    r = recvfrom(b, buf, sizeof(buf), 0, (struct sockaddr *)&from, &len);
    ok(r == 6, "recvfrom returned %d (%d)\n", r, WSAGetLastError());
    ok_wsa_error(0);
    ok(len == sizeof(from) && from.sin_family == AF_INET, "from len %d family %d\n", len, from.sin_family);
    closesocket(a);
    closesocket(b);
}

int main(void)
{
    WSADATA wsa;

    test_not_initialised();
    ok(!WSAStartup(MAKEWORD(2, 2), &wsa), "WSAStartup failed\n");

    test_socket_args();
    test_not_a_socket();
    test_bind();
    test_bind_time_wait();
    test_listen();
    test_connect();
    test_accept();
    test_accept_inheritance();
    test_names();
    test_sockopt();
    test_ioctl();
    test_rcvtimeo();
    test_shutdown();
    test_udp();

    WSACleanup();
    return test_finish();
}
