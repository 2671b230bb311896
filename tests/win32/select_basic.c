/* select() and WSAPoll(): Windows fd_sets (nfds ignored), readiness of listening, connecting,
 * connected, failed and UDP sockets, how the sets are rewritten, and WSAPoll's Windows
 * POLL* values. Expectations from Wine dlls/ws2_32/tests/sock.c test_select, test_errors and
 * test_WSAPoll (their checks run on Windows).
 */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <stdio.h>

#include "ovl_test.h"

#define FD_ZERO_ALL() do { FD_ZERO(&rd); FD_ZERO(&wr); FD_ZERO(&ex); } while (0)
#define FD_SET_ALL(s) do { FD_SET(s, &rd); FD_SET(s, &wr); FD_SET(s, &ex); } while (0)

static SOCKET make_listener(struct sockaddr_in *addr)
{
    int len = sizeof(*addr);
    SOCKET l = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    memset(addr, 0, sizeof(*addr));
    addr->sin_family = AF_INET;
    addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(l, (struct sockaddr *)addr, sizeof(*addr));
    getsockname(l, (struct sockaddr *)addr, &len);
    listen(l, 5);
    return l;
}

static unsigned short closed_port(void)
{
    struct sockaddr_in a;
    int len = sizeof(a);
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(s, (struct sockaddr *)&a, sizeof(a));
    getsockname(s, (struct sockaddr *)&a, &len);
    closesocket(s);
    return a.sin_port;
}

static void test_select_args(void)
{
    fd_set rd, wr, ex;
    struct timeval tv = {0, 0};
    SOCKET s1, s2;
    DWORD start;
    int r;

    s1 = socket(AF_INET, SOCK_STREAM, 0);
    s2 = socket(AF_INET, SOCK_STREAM, 0);

    /* test_select: fresh sockets are neither readable, writable nor in error */
    FD_ZERO_ALL();
    FD_SET_ALL(s1);
    FD_SET_ALL(s2);
    start = tick_ms();
    r = select(12345, &rd, &wr, &ex, &tv); /* nfds is ignored */
    ok(r == 0, "select returned %d\n", r);
    ok(tick_ms() - start < 1000, "select with a zero timeout blocked\n"); /* generous: load may preempt */
    ok(rd.fd_count == 0 && wr.fd_count == 0 && ex.fd_count == 0, "sets not emptied\n");

    /* a real timeout */
    FD_ZERO_ALL();
    FD_SET(s1, &rd);
    tv.tv_sec = 0;
    tv.tv_usec = 200000;
    start = tick_ms();
    r = select(0, &rd, NULL, NULL, &tv);
    ok(r == 0, "select returned %d\n", r);
    ok(tick_ms() - start >= 150, "select returned after %lu ms\n", (unsigned long)(tick_ms() - start));
    tv.tv_usec = 0;

    /* nothing to wait on */
    poison_last_error();
    r = select(0, NULL, NULL, NULL, &tv);
    ok(r == SOCKET_ERROR, "select(NULL, NULL, NULL) returned %d\n", r);
    ok_wsa_error(WSAEINVAL);
    FD_ZERO_ALL();
    poison_last_error();
    r = select(0, &rd, &wr, &ex, &tv);
    ok(r == SOCKET_ERROR, "select with empty sets returned %d\n", r);
    ok_wsa_error(WSAEINVAL);

    /* an invalid socket: WSAENOTSOCK, sets untouched */
    FD_ZERO_ALL();
    FD_SET(s1, &rd);
    FD_SET(INVALID_SOCKET, &rd);
    poison_last_error();
    r = select(0, &rd, &wr, &ex, &tv);
    ok(r == SOCKET_ERROR, "select with INVALID_SOCKET returned %d\n", r);
    ok_wsa_error(WSAENOTSOCK);
    ok(rd.fd_count == 2, "set changed: %u\n", rd.fd_count);

    closesocket(s2);
    FD_ZERO_ALL();
    FD_SET(s1, &ex);
    FD_SET(s2, &ex);
    poison_last_error();
    r = select(0, NULL, NULL, &ex, &tv);
    ok(r == SOCKET_ERROR, "select with a closed socket returned %d\n", r);
    ok_wsa_error(WSAENOTSOCK);
    ok(ex.fd_count == 2, "set changed: %u\n", ex.fd_count);

    ok(!__WSAFDIsSet(s2, &rd), "__WSAFDIsSet found a socket that is not there\n");
    ok(__WSAFDIsSet(s1, &ex), "__WSAFDIsSet missed a socket\n");
    closesocket(s1);
}

static void test_select_connected(void)
{
    fd_set rd, wr, ex;
    struct timeval tv = {0, 0}, tv1 = {1, 0};
    SOCKET c, srv;
    char buf[16];
    int r;

    if (tcp_pair(&c, &srv)) return;

    /* writable */
    FD_ZERO_ALL();
    FD_SET_ALL(c);
    r = select(0, &rd, &wr, &ex, &tv);
    ok(r == 1 && FD_ISSET(c, &wr) && !FD_ISSET(c, &rd) && !FD_ISSET(c, &ex), "select returned %d\n", r);

    /* the same socket twice: counted once, the second slot left as it was */
    wr.fd_count = 2;
    wr.fd_array[0] = c;
    wr.fd_array[1] = c;
    r = select(0, NULL, &wr, NULL, &tv);
    ok(r == 1, "select returned %d\n", r);
    ok(wr.fd_count == 1 && wr.fd_array[0] == c && wr.fd_array[1] == c, "fd_count %u\n", wr.fd_count);

    /* data makes the receiver readable */
    ok(send(c, "1234", 4, 0) == 4, "send failed\n");
    FD_ZERO_ALL();
    FD_SET(srv, &rd);
    FD_SET(srv, &ex);
    r = select(0, &rd, NULL, &ex, &tv1);
    ok(r == 1 && FD_ISSET(srv, &rd) && !FD_ISSET(srv, &ex), "select returned %d\n", r);

    /* overlapping fd_set pointers: each socket once */
    FD_ZERO(&rd);
    FD_SET(c, &rd);
    FD_SET(srv, &rd);
    r = select(0, &rd, &rd, NULL, &tv);
    ok(r == 2, "select returned %d\n", r);
    ok(FD_ISSET(c, &rd) && FD_ISSET(srv, &rd), "sockets missing\n");
    ok(recv(srv, buf, sizeof(buf), 0) == 4, "recv failed\n");

    /* OOB data: exceptfds */
    ok(send(c, "A", 1, MSG_OOB) == 1, "send MSG_OOB failed: %d\n", WSAGetLastError());
    FD_ZERO_ALL();
    FD_SET(srv, &rd);
    FD_SET(srv, &ex);
    r = select(0, &rd, NULL, &ex, &tv1);
    ok(r == 1 && FD_ISSET(srv, &ex), "select returned %d, except %d\n", r, FD_ISSET(srv, &ex));
    ok(recv(srv, buf, sizeof(buf), MSG_OOB) == 1 && buf[0] == 'A', "OOB recv failed\n");

    /* the peer closes: readable, recv returns 0 */
    closesocket(c);
    FD_ZERO_ALL();
    FD_SET(srv, &rd);
    r = select(0, &rd, NULL, NULL, &tv1);
    ok(r == 1 && FD_ISSET(srv, &rd), "select after close returned %d\n", r);
    ok(recv(srv, buf, sizeof(buf), 0) == 0, "expected EOF\n");
    closesocket(srv);
}

static void test_select_connect(void)
{
    fd_set rd, wr, ex;
    struct timeval tv = {5, 0};
    struct sockaddr_in a, bad;
    SOCKET l, c, srv;
    u_long one = 1;
    DWORD err;
    int r, len;

    l = make_listener(&a);

    /* a pending connection makes the listener readable */
    c = socket(AF_INET, SOCK_STREAM, 0);
    ok(!ioctlsocket(c, FIONBIO, &one), "FIONBIO failed\n");
    poison_last_error();
    r = connect(c, (struct sockaddr *)&a, sizeof(a));
    ok(r == SOCKET_ERROR, "non-blocking connect returned %d\n", r);
    ok_wsa_error(WSAEWOULDBLOCK);
    FD_ZERO_ALL();
    FD_SET_ALL(l);
    r = select(0, &rd, &wr, &ex, &tv);
    ok(r == 1 && FD_ISSET(l, &rd), "listener: select returned %d\n", r);
    srv = accept(l, NULL, NULL);
    ok(srv != INVALID_SOCKET, "accept failed: %d\n", WSAGetLastError());

    /* the connector becomes writable, SO_ERROR 0 */
    FD_ZERO_ALL();
    FD_SET_ALL(c);
    r = select(0, &rd, &wr, &ex, &tv);
    ok(r == 1 && FD_ISSET(c, &wr), "connector: select returned %d\n", r);
    err = 0xdeadbeef;
    len = sizeof(err);
    ok(!getsockopt(c, SOL_SOCKET, SO_ERROR, (char *)&err, &len) && err == 0, "SO_ERROR %lu\n", (unsigned long)err);
    poison_last_error();
    r = connect(c, (struct sockaddr *)&a, sizeof(a));
    ok(r == SOCKET_ERROR, "connect on a connected socket returned %d\n", r);
    ok_wsa_error(WSAEISCONN);
    closesocket(c);
    closesocket(srv);

    /* a non-blocking connect to a closed port fails in exceptfds only (test_select) */
    memset(&bad, 0, sizeof(bad));
    bad.sin_family = AF_INET;
    bad.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bad.sin_port = closed_port();
    c = socket(AF_INET, SOCK_STREAM, 0);
    ioctlsocket(c, FIONBIO, &one);
    poison_last_error();
    r = connect(c, (struct sockaddr *)&bad, sizeof(bad));
    ok(r == SOCKET_ERROR, "connect returned %d\n", r);
    ok_wsa_error(WSAEWOULDBLOCK);
    FD_ZERO_ALL();
    FD_SET_ALL(c);
    r = select(0, &rd, &wr, &ex, &tv);
    ok(r == 1, "select returned %d\n", r);
    ok(FD_ISSET(c, &ex) && !FD_ISSET(c, &wr) && !FD_ISSET(c, &rd), "failed connect not in exceptfds only\n");
    err = 0xdeadbeef;
    len = sizeof(err);
    ok(!getsockopt(c, SOL_SOCKET, SO_ERROR, (char *)&err, &len), "SO_ERROR failed\n");
    ok(err == WSAECONNREFUSED, "SO_ERROR %lu\n", (unsigned long)err);
    err = 0xdeadbeef;
    ok(!getsockopt(c, SOL_SOCKET, SO_ERROR, (char *)&err, &len), "SO_ERROR failed\n");
    ok(err == WSAECONNREFUSED, "second SO_ERROR %lu\n", (unsigned long)err);
    FD_ZERO_ALL();
    FD_SET_ALL(c);
    r = select(0, &rd, &wr, &ex, &tv);
    ok(r == 1 && FD_ISSET(c, &ex), "second select returned %d\n", r);
    closesocket(c);

    /* a synchronous failure also shows in exceptfds, with SO_ERROR 0 */
    c = socket(AF_INET, SOCK_STREAM, 0);
    r = connect(c, (struct sockaddr *)&bad, sizeof(bad));
    ok(r == SOCKET_ERROR && WSAGetLastError() == WSAECONNREFUSED, "connect returned %d (%d)\n", r, WSAGetLastError());
    FD_ZERO_ALL();
    FD_SET_ALL(c);
    tv.tv_sec = 0;
    r = select(0, &rd, &wr, &ex, &tv);
    ok(r == 1 && FD_ISSET(c, &ex), "select returned %d\n", r);
    err = 0xdeadbeef;
    ok(!getsockopt(c, SOL_SOCKET, SO_ERROR, (char *)&err, &len) && err == 0, "SO_ERROR %lu\n", (unsigned long)err);
    closesocket(c);
    closesocket(l);

    /* test_select: an unbound UDP socket is writable */
    c = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    FD_ZERO_ALL();
    FD_SET_ALL(c);
    r = select(0, &rd, &wr, &ex, &tv);
    ok(r == 1 && FD_ISSET(c, &wr), "UDP select returned %d\n", r);
    closesocket(c);
}

static void test_wsapoll(void)
{
    WSAPOLLFD fds[3];
    struct sockaddr_in a;
    SOCKET l, c, srv;
    char buf[8];
    int r;

    /* test_WSAPoll: argument errors */
    poison_last_error();
    r = WSAPoll(NULL, 0, 0);
    ok(r == SOCKET_ERROR, "WSAPoll(NULL, 0) returned %d\n", r);
    ok_wsa_error(WSAEINVAL);
    poison_last_error();
    r = WSAPoll(NULL, 1, 0);
    ok(r == SOCKET_ERROR, "WSAPoll(NULL, 1) returned %d\n", r);
    ok_wsa_error(WSAEFAULT);

    l = make_listener(&a);

    fds[0].fd = l;
    fds[0].events = POLLRDNORM | POLLRDBAND | POLLWRNORM;
    fds[0].revents = 0xdead;
    r = WSAPoll(fds, 1, 0);
    ok(r == 0 && fds[0].revents == 0, "idle listener: %d, %#x\n", r, fds[0].revents);

    fds[0].fd = INVALID_SOCKET;
    fds[0].events = POLLERR;
    fds[0].revents = 0xdead;
    fds[1].fd = l;
    fds[1].events = POLLIN;
    fds[1].revents = 0xdead;
    poison_last_error();
    r = WSAPoll(fds, 2, 0);
    ok(r == 0, "WSAPoll returned %d\n", r);
    ok_wsa_error(0);
    ok(fds[0].revents == POLLNVAL && fds[1].revents == 0, "revents %#x %#x\n", fds[0].revents, fds[1].revents);

    fds[0].fd = INVALID_SOCKET;
    fds[0].events = POLLERR;
    fds[1].fd = 0xabacab;
    fds[1].events = POLLERR;
    poison_last_error();
    r = WSAPoll(fds, 2, 0);
    ok(r == SOCKET_ERROR, "WSAPoll without valid sockets returned %d\n", r);
    ok_wsa_error(WSAENOTSOCK);
    ok(fds[0].revents == POLLNVAL && fds[1].revents == POLLNVAL, "revents %#x %#x\n", fds[0].revents,
       fds[1].revents);

    c = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    connect(c, (struct sockaddr *)&a, sizeof(a));
    fds[0].fd = l;
    fds[0].events = POLLIN;
    fds[0].revents = 0xdead;
    r = WSAPoll(fds, 1, 1000);
    ok(r == 1 && fds[0].revents == POLLRDNORM, "listener: %d, %#x\n", r, fds[0].revents);
    srv = accept(l, NULL, NULL);

    fds[0].fd = l;
    fds[1].fd = srv;
    fds[2].fd = c;
    fds[0].events = fds[1].events = fds[2].events = POLLRDNORM | POLLRDBAND | POLLWRNORM;
    r = WSAPoll(fds, 3, 0);
    ok(r == 2, "WSAPoll returned %d\n", r);
    ok(fds[0].revents == 0 && fds[1].revents == POLLWRNORM && fds[2].revents == POLLWRNORM, "revents %#x %#x %#x\n",
       fds[0].revents, fds[1].revents, fds[2].revents);

    ok(send(srv, "1234", 4, 0) == 4, "send failed\n");
    fds[0].fd = c;
    fds[0].events = POLLRDNORM | POLLRDBAND;
    r = WSAPoll(fds, 1, 1000);
    ok(r == 1 && fds[0].revents == POLLRDNORM, "data: %d, %#x\n", r, fds[0].revents);
    ok(recv(c, buf, sizeof(buf), 0) == 4, "recv failed\n");

    /* the peer shuts down its sending side: POLLHUP, reported even when not asked for */
    shutdown(srv, SD_SEND);
    fds[0].fd = c;
    fds[0].events = 0;
    fds[0].revents = 0;
    r = WSAPoll(fds, 1, 1000);
    ok(r == 1 && fds[0].revents == POLLHUP, "hangup: %d, %#x\n", r, fds[0].revents);

    closesocket(c);
    closesocket(srv);
    closesocket(l);

    /* UDP */
    c = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    fds[0].fd = c;
    fds[0].events = POLLRDNORM | POLLWRNORM;
    r = WSAPoll(fds, 1, 0);
    ok(r == 1 && fds[0].revents == POLLWRNORM, "UDP: %d, %#x\n", r, fds[0].revents);
    closesocket(c);
}

int main(void)
{
    WSADATA wsa;
    fd_set rd;
    int r;

    FD_ZERO(&rd);
    poison_last_error();
    r = select(0, &rd, NULL, NULL, NULL);
    ok(r == SOCKET_ERROR, "select before WSAStartup returned %d\n", r);
    ok_wsa_error(WSANOTINITIALISED);

    ok(!WSAStartup(MAKEWORD(2, 2), &wsa), "WSAStartup failed\n");
    test_select_args();
    test_select_connected();
    test_select_connect();
    test_wsapoll();
    WSACleanup();
    return test_finish();
}
