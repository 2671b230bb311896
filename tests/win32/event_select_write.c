/* WSAEventSelect, FD_WRITE: recorded when selection starts on a writable connected socket,
 * not recorded again by selecting again or by successful sends (send() does not clear an
 * unread FD_WRITE), recorded again only after a send failed with WSAEWOULDBLOCK and space freed
 * up. Expectations: the event-model branch of Wine dlls/ws2_32/tests/sock.c test_write_events.
 */
#include "event_select_common.h"

/* Receives until the peer's send buffer is empty (nothing more arrives for 200 ms). */
static void drain(SOCKET s, char *buf, int size)
{
    fd_set rd;
    struct timeval tv;

    for (;;) {
        while (recv(s, buf, size, 0) > 0) {
        }
        ok(WSAGetLastError() == WSAEWOULDBLOCK, "recv error %d\n", WSAGetLastError());
        FD_ZERO(&rd);
        FD_SET(s, &rd);
        tv.tv_sec = 0;
        tv.tv_usec = 200000;
        if (select(0, &rd, NULL, NULL, &tv) != 1) break;
    }
}

static void test_write_reenable(struct es_ctx *ctx)
{
    const int size = 1024 * 1024;
    char *buffer = malloc(size);
    SOCKET client, server;
    int ret, sends = 0;

    memset(buffer, 'x', size);
    if (tcp_pair(&client, &server)) return;
    es_set_blocking(client, 0);

    select_events(ctx, server, ALL_EVENTS);
    check_events(ctx, FD_WRITE, 0, 200);
    check_events(ctx, 0, 0, 0);
    select_events(ctx, server, ALL_EVENTS);
    check_events(ctx, 0, 0, 0);
    select_events(ctx, server, 0);
    select_events(ctx, server, ALL_EVENTS);
    check_events(ctx, 0, 0, 0);

    /* a successful send re-enables nothing */
    ret = send(server, "data", 5, 0);
    ok(ret == 5, "send returned %d\n", ret);
    check_events(ctx, 0, 0, 0);
    ret = es_sync_recv(client, buffer, size, 0);
    ok(ret == 5, "recv returned %d\n", ret);
    check_events(ctx, 0, 0, 0);

    /* fill the pipe until WSAEWOULDBLOCK; draining it records FD_WRITE once */
    while ((ret = send(server, buffer, size, 0)) > 0) ++sends;
    ok(ret == SOCKET_ERROR, "send returned %d\n", ret);
    ok_wsa_error(WSAEWOULDBLOCK);
    ok(sends > 0, "no send succeeded\n");
    check_events(ctx, 0, 0, 0);
    drain(client, buffer, size);
    check_events(ctx, FD_WRITE, 0, 200);
    check_events(ctx, 0, 0, 0);
    select_events(ctx, server, 0);
    select_events(ctx, server, ALL_EVENTS);
    check_events(ctx, 0, 0, 0);

    closesocket(server);
    closesocket(client);
    free(buffer);
}

static void test_write_subset(struct es_ctx *ctx)
{
    SOCKET client, server;
    int ret;

    /* a subset without FD_WRITE first: the connected client reports its FD_CONNECT */
    if (tcp_pair(&client, &server)) return;
    es_set_blocking(client, 0);
    ret = send(client, "data", 5, 0);
    ok(ret == 5, "send returned %d\n", ret);
    select_events(ctx, client, FD_ACCEPT | FD_CONNECT | FD_OOB | FD_READ);
    check_events(ctx, FD_CONNECT, 0, 200);
    check_events(ctx, 0, 0, 0);
    select_events(ctx, client, FD_ACCEPT | FD_CONNECT | FD_OOB | FD_READ | FD_WRITE);
    check_events(ctx, FD_WRITE, 0, 200);
    check_events(ctx, 0, 0, 0);
    closesocket(client);
    closesocket(server);

    /* send() does not clear an FD_WRITE that was not read yet */
    if (tcp_pair(&client, &server)) return;
    select_events(ctx, server, FD_ACCEPT | FD_CONNECT | FD_OOB | FD_READ | FD_WRITE);
    ret = send(server, "data", 5, 0);
    ok(ret == 5, "send returned %d\n", ret);
    check_events(ctx, FD_WRITE, 0, 200);
    closesocket(server);
    closesocket(client);
}

int main(void)
{
    WSADATA wsa;
    struct es_ctx ctx;

    ok(!WSAStartup(MAKEWORD(2, 2), &wsa), "WSAStartup failed\n");
    ctx.event = WSACreateEvent();
    ctx.socket = INVALID_SOCKET;

    test_write_reenable(&ctx);
    test_write_subset(&ctx);

    WSACloseEvent(ctx.event);
    WSACleanup();
    return test_finish();
}
