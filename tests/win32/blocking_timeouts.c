/* The blocking model: SO_RCVTIMEO / SO_SNDTIMEO (DWORD milliseconds) make blocking calls fail
 * with WSAETIMEDOUT, non-blocking sockets fail with WSAEWOULDBLOCK instead of waiting (recv,
 * send, accept), and a non-blocking connect says WSAEWOULDBLOCK, then WSAEALREADY/WSAEISCONN,
 * and shows up as writable. Wine dlls/ws2_32/tests/sock.c test_send / test_select /
 * test_connect; Microsoft's SO_RCVTIMEO documentation.
 */
#include "ovl_test.h"

static void fill(SOCKET s)
{
    static char buf[65536];
    u_long nb = 1;
    int r;

    ioctlsocket(s, FIONBIO, &nb);
    while ((r = send(s, buf, sizeof(buf), 0)) > 0) {
    }
    ok(r == SOCKET_ERROR && WSAGetLastError() == WSAEWOULDBLOCK, "send returned %d, error %d\n", r,
       WSAGetLastError());
    nb = 0;
    ioctlsocket(s, FIONBIO, &nb);
}

static void test_timeouts(void)
{
    SOCKET c, s;
    DWORD t = 300, start, took;
    WSABUF b;
    DWORD got = 0, flags = 0;
    char buf[16];
    int r;

    if (tcp_pair(&c, &s)) return;
    ok(!setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, (char *)&t, sizeof(t)), "SO_RCVTIMEO failed\n");

    start = tick_ms();
    poison_last_error();
    r = recv(s, buf, sizeof(buf), 0);
    took = tick_ms() - start;
    ok(r == SOCKET_ERROR, "recv returned %d\n", r);
    ok_wsa_error(WSAETIMEDOUT);
    ok(took >= 250 && took < 2000, "recv took %lu ms\n", (unsigned long)took);

    /* WSARecv without an OVERLAPPED honours it too */
    b.buf = buf;
    b.len = sizeof(buf);
    poison_last_error();
    r = WSARecv(s, &b, 1, &got, &flags, NULL, NULL);
    ok(r == SOCKET_ERROR, "WSARecv returned %d\n", r);
    ok_wsa_error(WSAETIMEDOUT);

    /* data that arrives in time is returned */
    ok(send(c, "hi", 2, 0) == 2, "send failed\n");
    r = recv(s, buf, sizeof(buf), 0);
    ok(r == 2, "recv returned %d\n", r);

    /* SO_SNDTIMEO: a blocking send that finds no space times out */
    fill(s);
    ok(!setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, (char *)&t, sizeof(t)), "SO_SNDTIMEO failed\n");
    start = tick_ms();
    poison_last_error();
    r = send(s, buf, 1, 0);
    took = tick_ms() - start;
    ok(r == SOCKET_ERROR, "send returned %d\n", r);
    ok_wsa_error(WSAETIMEDOUT);
    ok(took >= 250 && took < 2000, "send took %lu ms\n", (unsigned long)took);

    closesocket(c);
    closesocket(s);
}

static void test_wouldblock(void)
{
    struct sockaddr_in addr;
    int len = sizeof(addr), r;
    SOCKET l, c, s;
    u_long nb = 1;
    char buf[16];
    fd_set wr;
    struct timeval tv = {2, 0};

    if (tcp_pair(&c, &s)) return;
    ioctlsocket(s, FIONBIO, &nb);
    poison_last_error();
    r = recv(s, buf, sizeof(buf), 0);
    ok(r == SOCKET_ERROR, "recv returned %d\n", r);
    ok_wsa_error(WSAEWOULDBLOCK);
    fill(c);
    ioctlsocket(c, FIONBIO, &nb);
    poison_last_error();
    r = send(c, buf, sizeof(buf), 0);
    ok(r == SOCKET_ERROR, "send returned %d\n", r);
    ok_wsa_error(WSAEWOULDBLOCK);
    closesocket(c);
    closesocket(s);

    /* accept on a non-blocking listener */
    l = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(l, (struct sockaddr *)&addr, sizeof(addr));
    getsockname(l, (struct sockaddr *)&addr, &len);
    listen(l, 5);
    ioctlsocket(l, FIONBIO, &nb);
    poison_last_error();
    s = accept(l, NULL, NULL);
    ok(s == INVALID_SOCKET, "accept returned a socket\n");
    ok_wsa_error(WSAEWOULDBLOCK);

    /* non-blocking connect: WSAEWOULDBLOCK, then writable, then WSAEISCONN */
    c = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    ioctlsocket(c, FIONBIO, &nb);
    poison_last_error();
    r = connect(c, (struct sockaddr *)&addr, sizeof(addr));
    ok(r == SOCKET_ERROR, "connect returned %d\n", r);
    ok_wsa_error(WSAEWOULDBLOCK);
    FD_ZERO(&wr);
    FD_SET(c, &wr);
    r = select(0, NULL, &wr, NULL, &tv);
    ok(r == 1 && FD_ISSET(c, &wr), "select returned %d\n", r);
    poison_last_error();
    r = connect(c, (struct sockaddr *)&addr, sizeof(addr));
    ok(r == SOCKET_ERROR, "second connect returned %d\n", r);
    ok_wsa_error(WSAEISCONN);
    s = accept(l, NULL, NULL);
    ok(s != INVALID_SOCKET, "accept failed, error %d\n", WSAGetLastError());
    closesocket(s);
    closesocket(c);
    closesocket(l);
}

int main(void)
{
    WSADATA wsa;

    ok(!WSAStartup(MAKEWORD(2, 2), &wsa), "WSAStartup failed\n");
    test_timeouts();
    test_wouldblock();
    WSACleanup();
    return test_finish();
}
