/* select() with a program-defined FD_SETSIZE (1024, defined before winsock2.h, as Windows
 * programs do) and 200 sockets in one set: the set is read up to fd_count, whatever
 * FD_SETSIZE the library was built with (Wine sock.c test_select, the 200-socket part). */
#define FD_SETSIZE 1024
#include <winsock2.h>
#include <ws2tcpip.h>
#include <stdio.h>

#include "ovl_test.h"

#define NSOCK 200

int main(void)
{
    static SOCKET socks[NSOCK];
    static fd_set set;
    struct timeval tv = {0, 0};
    WSADATA wsa;
    int i, r;

    ok(!WSAStartup(MAKEWORD(2, 2), &wsa), "WSAStartup failed\n");
    ok(sizeof(set.fd_array) / sizeof(set.fd_array[0]) == 1024, "FD_SETSIZE not honoured\n");

    FD_ZERO(&set);
    for (i = 0; i < NSOCK; i += 2) {
        if (tcp_pair(&socks[i], &socks[i + 1])) {
            skip("could not create socket pair %d\n", i / 2);
            return test_finish();
        }
        FD_SET(socks[i], &set);
        FD_SET(socks[i + 1], &set);
    }
    ok(set.fd_count == NSOCK, "fd_count %u\n", set.fd_count);

    r = select(0, NULL, &set, NULL, &tv);
    ok(r == NSOCK, "select returned %d (%d)\n", r, WSAGetLastError());
    ok(set.fd_count == NSOCK, "fd_count %u\n", set.fd_count);
    for (i = 0; i < NSOCK; ++i) ok(set.fd_array[i] == socks[i], "socket %d moved\n", i);

    /* nothing to read: the set comes back empty */
    FD_ZERO(&set);
    for (i = 0; i < NSOCK; ++i) FD_SET(socks[i], &set);
    r = select(0, &set, NULL, NULL, &tv);
    ok(r == 0 && set.fd_count == 0, "select returned %d, fd_count %u\n", r, set.fd_count);

    /* one readable socket among 200 */
    ok(send(socks[0], "x", 1, 0) == 1, "send failed\n");
    FD_ZERO(&set);
    for (i = 0; i < NSOCK; ++i) FD_SET(socks[i], &set);
    tv.tv_sec = 2;
    r = select(0, &set, NULL, NULL, &tv);
    ok(r == 1 && set.fd_count == 1 && set.fd_array[0] == socks[1], "select returned %d, fd_count %u\n", r,
       set.fd_count);

    for (i = 0; i < NSOCK; ++i) closesocket(socks[i]);
    WSACleanup();
    return test_finish();
}
