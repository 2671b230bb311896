/* WSAEventSelect / WSAEnumNetworkEvents basics: argument checks, the socket becoming
 * non-blocking (FIONBIO 0 then fails with WSAEINVAL until the selection is cancelled),
 * WSAEventSelect(s, NULL, 0) cancelling, WSAEnumNetworkEvents resetting the event it is given
 * (and only that one) and leaving the other iErrorCode[] entries zero, and one event object
 * shared by several sockets. Wine dlls/ws2_32/tests/sock.c test_fionbio, test_events.
 */
#include "event_select_common.h"

static void test_args(void)
{
    WSANETWORKEVENTS ne;
    HANDLE ev = WSACreateEvent();
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    int ret;

    poison_last_error();
    ret = WSAEventSelect(INVALID_SOCKET, ev, FD_READ);
    ok(ret == SOCKET_ERROR, "got %d\n", ret);
    ok_wsa_error(WSAENOTSOCK);

    poison_last_error();
    ret = WSAEventSelect(s, NULL, FD_READ);
    ok(ret == SOCKET_ERROR, "got %d\n", ret);
    ok_wsa_error(WSAEINVAL);

    poison_last_error();
    ret = WSAEventSelect(s, ev, FD_READ);
    ok(ret == 0, "got %d\n", ret);

    poison_last_error();
    ret = WSAEnumNetworkEvents(INVALID_SOCKET, ev, &ne);
    ok(ret == SOCKET_ERROR, "got %d\n", ret);
    ok_wsa_error(WSAENOTSOCK);

    poison_last_error();
    ret = WSAEnumNetworkEvents(s, ev, NULL);
    ok(ret == SOCKET_ERROR, "got %d\n", ret);
    ok_wsa_error(WSAEFAULT);

    memset(&ne, 0xcc, sizeof(ne));
    poison_last_error();
    ret = WSAEnumNetworkEvents(s, NULL, &ne);
    ok(ret == 0, "got %d\n", ret);
    ok(ne.lNetworkEvents == 0, "got events %#lx\n", (unsigned long)ne.lNetworkEvents);

    ret = WSAEventSelect(s, NULL, 0);
    ok(ret == 0, "cancelling failed, error %d\n", WSAGetLastError());
    closesocket(s);
    WSACloseEvent(ev);
}

static void test_nonblocking(void)
{
    HANDLE ev = WSACreateEvent();
    SOCKET client, server;
    u_long arg;
    char c;
    int ret;

    if (tcp_pair(&client, &server)) return;

    ret = WSAEventSelect(server, ev, FD_READ);
    ok(ret == 0, "WSAEventSelect failed, error %d\n", WSAGetLastError());
    /* the selected socket is non-blocking now */
    poison_last_error();
    ret = recv(server, &c, 1, 0);
    ok(ret == SOCKET_ERROR, "recv returned %d\n", ret);
    ok_wsa_error(WSAEWOULDBLOCK);

    arg = 0;
    poison_last_error();
    ret = ioctlsocket(server, FIONBIO, &arg);
    ok(ret == SOCKET_ERROR, "FIONBIO 0 returned %d\n", ret);
    ok_wsa_error(WSAEINVAL);
    arg = 1;
    ret = ioctlsocket(server, FIONBIO, &arg);
    ok(ret == 0, "FIONBIO 1 failed, error %d\n", WSAGetLastError());

    /* an empty mask cancels; the socket stays non-blocking but may be made blocking again */
    ret = WSAEventSelect(server, ev, 0);
    ok(ret == 0, "WSAEventSelect failed, error %d\n", WSAGetLastError());
    poison_last_error();
    ret = recv(server, &c, 1, 0);
    ok(ret == SOCKET_ERROR, "recv returned %d\n", ret);
    ok_wsa_error(WSAEWOULDBLOCK);
    arg = 0;
    ret = ioctlsocket(server, FIONBIO, &arg);
    ok(ret == 0, "FIONBIO 0 failed, error %d\n", WSAGetLastError());

    closesocket(client);
    closesocket(server);
    WSACloseEvent(ev);
}

static void test_cancel_and_reset(void)
{
    struct es_ctx ctx;
    WSANETWORKEVENTS ne;
    HANDLE other = WSACreateEvent();
    SOCKET client, server;
    unsigned int i;
    int ret;

    ctx.event = WSACreateEvent();
    if (tcp_pair(&client, &server)) return;

    select_events(&ctx, server, FD_READ | FD_CLOSE);
    ret = send(client, "x", 1, 0);
    ok(ret == 1, "send returned %d\n", ret);
    ok(WaitForSingleObject(ctx.event, 1000) == WAIT_OBJECT_0, "event not signalled\n");

    /* WSAEnumNetworkEvents resets the event it is given, not the selected one */
    SetEvent(other);
    memset(&ne, 0xcc, sizeof(ne));
    ret = WSAEnumNetworkEvents(server, other, &ne);
    ok(ret == 0, "WSAEnumNetworkEvents failed, error %d\n", WSAGetLastError());
    ok(ne.lNetworkEvents == FD_READ, "got events %#lx\n", (unsigned long)ne.lNetworkEvents);
    for (i = 0; i < FD_MAX_EVENTS; ++i) ok(ne.iErrorCode[i] == 0, "iErrorCode[%u] = %d\n", i, ne.iErrorCode[i]);
    ok(WaitForSingleObject(other, 0) == WAIT_TIMEOUT, "the given event was not reset\n");
    ok(WaitForSingleObject(ctx.event, 0) == WAIT_OBJECT_0, "the selected event was reset\n");
    ResetEvent(ctx.event);

    /* cancelled: nothing is recorded or signalled any more */
    ret = WSAEventSelect(server, NULL, 0);
    ok(ret == 0, "cancelling failed, error %d\n", WSAGetLastError());
    closesocket(client);
    ok(WaitForSingleObject(ctx.event, 200) == WAIT_TIMEOUT, "event signalled after cancelling\n");
    ctx.socket = server;
    check_events(&ctx, 0, 0, 0);
    /* selecting again records what holds now, except FD_READ: it was reported and no recv
     * re-enabled it */
    select_events(&ctx, server, FD_READ | FD_CLOSE);
    check_events(&ctx, FD_CLOSE, 0, 200);

    closesocket(server);
    WSACloseEvent(other);
    WSACloseEvent(ctx.event);
}

/* The textbook pattern: one event for several sockets, a thread waiting on it. */
static void test_shared_event(void)
{
    HANDLE ev = WSACreateEvent();
    SOCKET c1, s1, c2, s2;
    WSANETWORKEVENTS ne;
    int ret;

    if (tcp_pair(&c1, &s1) || tcp_pair(&c2, &s2)) return;
    ok(!WSAEventSelect(s1, ev, FD_READ), "WSAEventSelect failed\n");
    ok(!WSAEventSelect(s2, ev, FD_READ), "WSAEventSelect failed\n");
    ret = send(c2, "y", 1, 0);
    ok(ret == 1, "send returned %d\n", ret);
    ok(WSAWaitForMultipleEvents(1, &ev, FALSE, 1000, FALSE) == WSA_WAIT_EVENT_0, "event not signalled\n");
    ok(!WSAEnumNetworkEvents(s1, ev, &ne), "WSAEnumNetworkEvents failed\n");
    ok(ne.lNetworkEvents == 0, "s1 events %#lx\n", (unsigned long)ne.lNetworkEvents);
    ok(!WSAEnumNetworkEvents(s2, NULL, &ne), "WSAEnumNetworkEvents failed\n");
    ok(ne.lNetworkEvents == FD_READ, "s2 events %#lx\n", (unsigned long)ne.lNetworkEvents);
    closesocket(c1);
    closesocket(s1);
    closesocket(c2);
    closesocket(s2);
    WSACloseEvent(ev);
}

int main(void)
{
    WSADATA wsa;

    ok(!WSAStartup(MAKEWORD(2, 2), &wsa), "WSAStartup failed\n");
    test_args();
    test_nonblocking();
    test_cancel_and_reset();
    test_shared_event();
    WSACleanup();
    return test_finish();
}
