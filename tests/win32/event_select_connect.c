/* WSAEventSelect, FD_CONNECT and the FD_WRITE that follows a connection: a non-blocking
 * connect records FD_CONNECT then FD_WRITE; a connect made before selecting is still reported
 * as FD_CONNECT to a later selection (event model); a failed connect records FD_CONNECT with
 * its error in iErrorCode[FD_CONNECT_BIT]; an accepted socket gets FD_WRITE only; UDP records
 * FD_CONNECT + FD_WRITE on connect. Expectations: the event-model branch of Wine
 * dlls/ws2_32/tests/sock.c test_connect_events (todo_wine checks hold the Windows values).
 */
#include "event_select_common.h"

static void test_connect_nonblocking(struct es_ctx *ctx)
{
    struct sockaddr_in addr;
    SOCKET listener, client, server;
    int ret;

    listener = es_listener(&addr);
    client = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    select_events(ctx, client, ALL_EVENTS);
    check_events(ctx, 0, 0, 0);

    poison_last_error();
    ret = connect(client, (struct sockaddr *)&addr, sizeof(addr));
    ok(ret == SOCKET_ERROR, "connect returned %d\n", ret);
    ok_wsa_error(WSAEWOULDBLOCK);
    check_events(ctx, FD_CONNECT, FD_WRITE, 200);
    check_events(ctx, 0, 0, 0);
    select_events(ctx, client, 0);
    select_events(ctx, client, ALL_EVENTS);
    check_events(ctx, 0, 0, 0);

    /* the accepted socket (listener not selected) gets FD_WRITE, never FD_CONNECT */
    server = accept(listener, NULL, NULL);
    ok(server != INVALID_SOCKET, "accept failed, error %d\n", WSAGetLastError());
    select_events(ctx, server, FD_ACCEPT | FD_CONNECT | FD_OOB | FD_READ | FD_WRITE);
    check_events(ctx, FD_WRITE, 0, 200);
    closesocket(client);
    closesocket(server);

    /* connect (blocking), then select: FD_CONNECT was recorded at connect time */
    client = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    ret = connect(client, (struct sockaddr *)&addr, sizeof(addr));
    ok(!ret, "connect failed, error %d\n", WSAGetLastError());
    server = accept(listener, NULL, NULL);
    ret = send(client, "data", 5, 0);
    ok(ret == 5, "send returned %d\n", ret);
    select_events(ctx, client, ALL_EVENTS);
    check_events(ctx, FD_CONNECT, FD_WRITE, 200);
    closesocket(client);
    closesocket(server);

    /* a subset without FD_CONNECT first: FD_CONNECT stays recorded for the next selection */
    client = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    select_events(ctx, client, FD_ACCEPT | FD_CLOSE | FD_OOB | FD_READ | FD_WRITE);
    ret = connect(client, (struct sockaddr *)&addr, sizeof(addr));
    ok(ret == SOCKET_ERROR && WSAGetLastError() == WSAEWOULDBLOCK, "connect returned %d, error %d\n", ret,
       WSAGetLastError());
    server = accept(listener, NULL, NULL);
    ok(server != INVALID_SOCKET, "accept failed, error %d\n", WSAGetLastError());
    check_events(ctx, FD_WRITE, 0, 200);
    select_events(ctx, client, FD_ACCEPT | FD_CONNECT | FD_OOB | FD_READ | FD_WRITE);
    check_events(ctx, FD_CONNECT, 0, 200);
    closesocket(client);
    closesocket(server);
    closesocket(listener);
}

static void test_connect_refused(struct es_ctx *ctx)
{
    struct sockaddr_in addr;
    SOCKET l, client;
    int len = sizeof(addr), ret;

    /* a port nobody listens on */
    l = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(l, (struct sockaddr *)&addr, sizeof(addr));
    getsockname(l, (struct sockaddr *)&addr, &len);
    closesocket(l);

    client = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    select_events(ctx, client, ALL_EVENTS);
    ret = connect(client, (struct sockaddr *)&addr, sizeof(addr));
    ok(ret == SOCKET_ERROR && WSAGetLastError() == WSAEWOULDBLOCK, "connect returned %d, error %d\n", ret,
       WSAGetLastError());
    /* Windows retries a refused SYN for about 2 s before it reports this. */
    check_events(ctx, MAKELONG(FD_CONNECT, WSAECONNREFUSED), 0, 5000);
    check_events(ctx, 0, 0, 0);
    closesocket(client);
}

static void test_connect_udp(struct es_ctx *ctx)
{
    struct sockaddr_in addr;
    SOCKET client, server;
    int len = sizeof(addr), ret;

    client = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    server = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    select_events(ctx, client, FD_ACCEPT | FD_CONNECT | FD_OOB | FD_READ | FD_WRITE);
    check_events(ctx, 0, 0, 0);

    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ret = bind(server, (struct sockaddr *)&addr, sizeof(addr));
    ok(!ret, "bind failed, error %d\n", WSAGetLastError());
    getsockname(server, (struct sockaddr *)&addr, &len);
    ret = connect(client, (struct sockaddr *)&addr, sizeof(addr));
    ok(!ret, "connect failed, error %d\n", WSAGetLastError());
    check_events(ctx, FD_CONNECT, FD_WRITE, 200);
    check_events(ctx, 0, 0, 0);

    /* a datagram for it records FD_READ */
    ret = send(server, "x", 1, 0);
    ok(ret == SOCKET_ERROR, "send on an unconnected UDP socket returned %d\n", ret);
    len = sizeof(addr);
    getsockname(client, (struct sockaddr *)&addr, &len);
    ret = sendto(server, "x", 1, 0, (struct sockaddr *)&addr, sizeof(addr));
    ok(ret == 1, "sendto returned %d\n", ret);
    check_events(ctx, FD_READ, 0, 200);
    closesocket(client);
    closesocket(server);
}

int main(void)
{
    WSADATA wsa;
    struct es_ctx ctx;

    ok(!WSAStartup(MAKEWORD(2, 2), &wsa), "WSAStartup failed\n");
    ctx.event = WSACreateEvent();
    ctx.socket = INVALID_SOCKET;

    test_connect_nonblocking(&ctx);
    test_connect_refused(&ctx);
    test_connect_udp(&ctx);

    WSACloseEvent(ctx.event);
    WSACleanup();
    return test_finish();
}
