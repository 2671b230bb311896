/* closesocket() from another thread while a thread waits on the socket in select() or WSAPoll()
 * with no timeout, or in a blocking recv(): the wait ends instead of hanging (a server that
 * shuts down by closing its listener while its accept thread sits in select(NULL timeout) must
 * not hang). select() reports the closed socket readable (Wine sock.c test_select); WSAPoll()
 * reports POLLNVAL for it (our choice: Windows' answer is not documented); recv() fails with
 * WSAEINTR (Windows Sockets 2 spec 2.7). Every wait here is bounded by the test. */
#include <winsock2.h>
#include <windows.h>

#include "ovl_test.h"

enum wait_kind { WAIT_SELECT, WAIT_POLL, WAIT_RECV };

struct ctx {
    SOCKET s;
    enum wait_kind kind;
    HANDLE started;
    int ret, err;
    u_int count;
    SOCKET first;
    SHORT revents;
};

static DWORD WINAPI waiter(void *arg)
{
    struct ctx *c = arg;
    SetEvent(c->started);
    if (c->kind == WAIT_SELECT) {
        fd_set rd;
        FD_ZERO(&rd);
        FD_SET(c->s, &rd);
        c->ret = select(0, &rd, NULL, NULL, NULL);
        c->err = WSAGetLastError();
        c->count = rd.fd_count;
        c->first = rd.fd_count ? rd.fd_array[0] : INVALID_SOCKET;
    } else if (c->kind == WAIT_POLL) {
        WSAPOLLFD p;
        p.fd = c->s;
        p.events = POLLRDNORM;
        p.revents = 0;
        c->ret = WSAPoll(&p, 1, -1);
        c->err = WSAGetLastError();
        c->revents = p.revents;
    } else {
        char buf[8];
        c->ret = recv(c->s, buf, sizeof(buf), 0);
        c->err = WSAGetLastError();
    }
    return 0;
}

static void test_close(enum wait_kind kind)
{
    struct ctx c;
    SOCKET peer;
    HANDLE th;

    memset(&c, 0, sizeof(c));
    c.kind = kind;
    if (tcp_pair(&c.s, &peer)) return;
    c.started = CreateEventA(NULL, TRUE, FALSE, NULL);
    th = CreateThread(NULL, 0, waiter, &c, 0, NULL);
    ok(WaitForSingleObject(c.started, 2000) == WAIT_OBJECT_0, "waiter did not start\n");
    Sleep(100); /* it now waits in the kernel */
    ok(closesocket(c.s) == 0, "closesocket failed %d\n", WSAGetLastError());
    ok(WaitForSingleObject(th, 5000) == WAIT_OBJECT_0, "kind %d: the wait did not end after closesocket\n", (int)kind);
    if (kind == WAIT_SELECT) {
        ok(c.ret == 1 && c.count == 1 && c.first == c.s, "select: ret %d count %u\n", c.ret, c.count);
    } else if (kind == WAIT_POLL) {
        ok(c.ret == 1 && c.revents == POLLNVAL, "WSAPoll: ret %d revents %#x\n", c.ret, (unsigned)c.revents);
    } else {
        ok(c.ret == SOCKET_ERROR && c.err == WSAEINTR, "recv: ret %d error %d\n", c.ret, c.err);
    }
    CloseHandle(th);
    CloseHandle(c.started);
    closesocket(peer);
}

int main(void)
{
    WSADATA wsa;
    WSAStartup(MAKEWORD(2, 2), &wsa);
    test_close(WAIT_SELECT);
    test_close(WAIT_POLL);
    test_close(WAIT_RECV);
    WSACleanup();
    return test_finish();
}
