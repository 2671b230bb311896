/* WSAEventSelect, FD_CLOSE: recorded once when the peer closes or shuts down its sending side
 * (iErrorCode 0), with WSAECONNABORTED after a reset; never re-recorded by selecting again;
 * recorded after our own shutdown(SD_BOTH) when the peer then finishes; recorded alongside
 * FD_READ when data is still queued; kept for a later selection that includes it.
 * Expectations: the event-model branch of Wine dlls/ws2_32/tests/sock.c test_close_events
 * (todo_wine checks hold the Windows values).
 */
#include "event_select_common.h"

#define CLOSE_MASK (FD_ACCEPT | FD_CLOSE | FD_CONNECT | FD_OOB | FD_READ)

static void test_close_peer(struct es_ctx *ctx)
{
    SOCKET client, server;
    char buffer[5];
    int ret;

    /* closesocket() on the peer */
    if (tcp_pair(&client, &server)) return;
    select_events(ctx, server, CLOSE_MASK);
    closesocket(client);
    check_events(ctx, FD_CLOSE, 0, 1000);
    check_events(ctx, 0, 0, 0);
    select_events(ctx, server, CLOSE_MASK);
    check_events(ctx, 0, 0, 0);
    select_events(ctx, server, 0);
    select_events(ctx, server, CLOSE_MASK);
    check_events(ctx, 0, 0, 0);
    ret = recv(server, buffer, 5, 0);
    ok(ret == 0, "recv returned %d\n", ret);
    check_events(ctx, 0, 0, 0);
    closesocket(server);

    /* shutdown(SD_SEND) on the peer; its closesocket() afterwards records nothing more */
    if (tcp_pair(&client, &server)) return;
    select_events(ctx, server, CLOSE_MASK);
    shutdown(client, SD_SEND);
    check_events(ctx, FD_CLOSE, 0, 1000);
    check_events(ctx, 0, 0, 0);
    closesocket(client);
    check_events(ctx, 0, 0, 0);
    closesocket(server);

    /* no other shutdown records anything; after our own SD_BOTH the peer's SD_SEND still does */
    if (tcp_pair(&client, &server)) return;
    select_events(ctx, server, CLOSE_MASK);
    shutdown(client, SD_RECEIVE);
    shutdown(server, SD_BOTH);
    check_events(ctx, 0, 0, 200);
    shutdown(client, SD_SEND);
    check_events(ctx, FD_CLOSE, 0, 200);
    check_events(ctx, 0, 0, 0);
    closesocket(server);
    closesocket(client);
}

static void test_close_with_data(struct es_ctx *ctx)
{
    SOCKET client, server;
    char buffer[5];
    int ret;

    if (tcp_pair(&client, &server)) return;
    select_events(ctx, server, CLOSE_MASK);
    ret = send(client, "data", 5, 0);
    ok(ret == 5, "send returned %d\n", ret);
    check_events(ctx, FD_READ, 0, 200);
    closesocket(client);
    check_events(ctx, FD_CLOSE, 0, 200);
    ret = recv(server, buffer, 3, 0);
    ok(ret == 3, "recv returned %d\n", ret);
    check_events(ctx, FD_READ, 0, 200);
    ret = recv(server, buffer, 5, 0);
    ok(ret == 2, "recv returned %d\n", ret);
    check_events(ctx, 0, 0, 0);
    closesocket(server);
}

static void test_close_then_select(struct es_ctx *ctx)
{
    SOCKET client, server;

    if (tcp_pair(&client, &server)) return;
    closesocket(client);
    select_events(ctx, server, CLOSE_MASK);
    check_events(ctx, FD_CLOSE, 0, 200);
    closesocket(server);

    /* a subset without FD_CLOSE first */
    if (tcp_pair(&client, &server)) return;
    select_events(ctx, server, FD_ACCEPT | FD_CONNECT | FD_OOB | FD_READ);
    closesocket(client);
    check_events(ctx, 0, 0, 200);
    select_events(ctx, server, CLOSE_MASK);
    check_events(ctx, FD_CLOSE, 0, 200);
    closesocket(server);
}

static void test_close_reset(struct es_ctx *ctx)
{
    SOCKET client, server;
    char buffer[4];
    int ret;

    if (tcp_pair(&client, &server)) return;
    select_events(ctx, server, CLOSE_MASK);
    es_close_with_rst(client);
    check_events(ctx, MAKELONG(FD_CLOSE, WSAECONNABORTED), 0, 200);
    check_events(ctx, 0, 0, 0);
    select_events(ctx, server, CLOSE_MASK);
    check_events(ctx, 0, 0, 0);
    select_events(ctx, server, 0);
    select_events(ctx, server, CLOSE_MASK);
    check_events(ctx, 0, 0, 0);
    /* the reset is still reported to the next receive */
    poison_last_error();
    ret = recv(server, buffer, sizeof(buffer), 0);
    ok(ret == SOCKET_ERROR, "recv returned %d\n", ret);
    ok_wsa_error(WSAECONNRESET);
    check_events(ctx, 0, 0, 0);
    closesocket(server);
}

int main(void)
{
    WSADATA wsa;
    struct es_ctx ctx;

    ok(!WSAStartup(MAKEWORD(2, 2), &wsa), "WSAStartup failed\n");
    ctx.event = WSACreateEvent();
    ctx.socket = INVALID_SOCKET;

    test_close_peer(&ctx);
    test_close_with_data(&ctx);
    test_close_then_select(&ctx);
    test_close_reset(&ctx);

    WSACloseEvent(ctx.event);
    WSACleanup();
    return test_finish();
}
