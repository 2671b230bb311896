/* WSAEventSelect, FD_ACCEPT: recorded once per readiness, re-enabled by accept(), recorded
 * again in the event model when another connection arrives, not re-recorded by selecting again,
 * absorbed by a pending AcceptEx, and the accepted socket inherits the selection (and then gets
 * FD_WRITE). Expectations: the event-model branch of Wine dlls/ws2_32/tests/sock.c
 * test_accept_events (todo_wine checks hold the Windows values).
 */
#include "event_select_common.h"

static SOCKET connect_to(const struct sockaddr_in *addr)
{
    SOCKET c = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    int ret = connect(c, (const struct sockaddr *)addr, sizeof(*addr));
    ok(!ret, "connect failed, error %d\n", WSAGetLastError());
    return c;
}

static void test_accept_reenable(struct es_ctx *ctx)
{
    const long mask = FD_CONNECT | FD_READ | FD_OOB | FD_ACCEPT;
    struct sockaddr_in addr;
    SOCKET listener, client, client2, server;
    int len = sizeof(addr), ret;

    /* selected before bind/listen */
    listener = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    select_events(ctx, listener, mask);
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ret = bind(listener, (struct sockaddr *)&addr, sizeof(addr));
    ok(!ret, "bind failed, error %d\n", WSAGetLastError());
    getsockname(listener, (struct sockaddr *)&addr, &len);
    ret = listen(listener, 5);
    ok(!ret, "listen failed, error %d\n", WSAGetLastError());
    check_events(ctx, 0, 0, 0);

    client = connect_to(&addr);
    check_events(ctx, FD_ACCEPT, 0, 200);
    check_events(ctx, 0, 0, 0);
    /* selecting again does not record a reported event again (WSAAsyncSelect would) */
    select_events(ctx, listener, mask);
    check_events(ctx, 0, 0, 0);
    select_events(ctx, listener, 0);
    select_events(ctx, listener, mask);
    check_events(ctx, 0, 0, 0);

    /* event model: a new connection records FD_ACCEPT again without an accept() */
    client2 = connect_to(&addr);
    check_events(ctx, FD_ACCEPT, 0, 200);
    check_events(ctx, 0, 0, 0);

    /* accept() re-enables it: one connection is still queued */
    server = accept(listener, NULL, NULL);
    ok(server != INVALID_SOCKET, "accept failed, error %d\n", WSAGetLastError());
    closesocket(server);
    check_events(ctx, FD_ACCEPT, 0, 200);
    check_events(ctx, 0, 0, 0);

    server = accept(listener, NULL, NULL);
    ok(server != INVALID_SOCKET, "accept failed, error %d\n", WSAGetLastError());
    closesocket(server);
    check_events(ctx, 0, 0, 0);
    closesocket(client2);
    closesocket(client);

    client = connect_to(&addr);
    check_events(ctx, FD_ACCEPT, 0, 200);
    server = accept(listener, NULL, NULL);
    closesocket(server);
    closesocket(client);
    check_events(ctx, 0, 0, 200);
    closesocket(listener);
}

static void test_accept_select_after(struct es_ctx *ctx)
{
    const long mask = FD_CONNECT | FD_READ | FD_OOB | FD_ACCEPT;
    struct sockaddr_in addr;
    SOCKET listener, client, server;
    DWORD w;

    /* connect, then select */
    listener = es_listener(&addr);
    client = connect_to(&addr);
    select_events(ctx, listener, mask);
    check_events(ctx, FD_ACCEPT, 0, 200);
    server = accept(listener, NULL, NULL);
    closesocket(server);
    closesocket(client);

    /* selecting a subset does not reset the event; selecting FD_ACCEPT again signals it */
    select_events(ctx, listener, mask);
    client = connect_to(&addr);
    w = WaitForSingleObject(ctx->event, 200);
    ok(w == WAIT_OBJECT_0, "wait returned %lu\n", (unsigned long)w);
    select_events(ctx, listener, FD_CONNECT | FD_READ | FD_OOB);
    w = WaitForSingleObject(ctx->event, 0);
    ok(w == WAIT_OBJECT_0, "wait returned %lu\n", (unsigned long)w);
    ResetEvent(ctx->event);
    select_events(ctx, listener, FD_CONNECT | FD_READ | FD_OOB);
    w = WaitForSingleObject(ctx->event, 0);
    ok(w == WAIT_TIMEOUT, "wait returned %lu\n", (unsigned long)w);
    select_events(ctx, listener, mask);
    w = WaitForSingleObject(ctx->event, 0);
    ok(w == WAIT_OBJECT_0, "wait returned %lu\n", (unsigned long)w);
    check_events(ctx, FD_ACCEPT, 0, 0);
    server = accept(listener, NULL, NULL);
    closesocket(server);
    closesocket(client);

    /* a subset without FD_ACCEPT first, then FD_ACCEPT */
    select_events(ctx, listener, FD_CONNECT | FD_READ | FD_OOB);
    client = connect_to(&addr);
    select_events(ctx, listener, mask);
    check_events(ctx, FD_ACCEPT, 0, 200);
    server = accept(listener, NULL, NULL);
    closesocket(server);
    closesocket(client);

    /* accept() before selecting: nothing left to record */
    select_events(ctx, listener, FD_CONNECT | FD_READ | FD_OOB);
    client = connect_to(&addr);
    Sleep(200);
    server = accept(listener, NULL, NULL);
    ok(server != INVALID_SOCKET, "accept failed, error %d\n", WSAGetLastError());
    select_events(ctx, listener, mask);
    check_events(ctx, 0, 0, 200);
    closesocket(server);
    closesocket(client);
    closesocket(listener);
}

static void test_accept_inherit(struct es_ctx *ctx)
{
    struct sockaddr_in addr;
    SOCKET listener, client, server;
    u_long arg = 0;
    int ret;

    listener = es_listener(&addr);
    client = connect_to(&addr);
    select_events(ctx, listener, FD_CONNECT | FD_READ | FD_OOB | FD_ACCEPT | FD_WRITE);
    check_events(ctx, FD_ACCEPT, 0, 200);

    server = accept(listener, NULL, NULL);
    ok(server != INVALID_SOCKET, "accept failed, error %d\n", WSAGetLastError());
    ctx->socket = server;
    check_events(ctx, FD_WRITE, 0, 200);
    check_events(ctx, 0, 0, 0);

    /* the accepted socket is selected: non-blocking, and cannot be made blocking */
    poison_last_error();
    ret = ioctlsocket(server, FIONBIO, &arg);
    ok(ret == SOCKET_ERROR, "FIONBIO 0 returned %d\n", ret);
    ok_wsa_error(WSAEINVAL);

    /* its events are its own: data for it records FD_READ on it */
    ret = send(client, "data", 5, 0);
    ok(ret == 5, "send returned %d\n", ret);
    check_events(ctx, FD_READ, 0, 200);

    closesocket(server);
    closesocket(client);
    closesocket(listener);
}

static void test_accept_acceptex(struct es_ctx *ctx)
{
    GUID guid = WSAID_ACCEPTEX;
    LPFN_ACCEPTEX pAcceptEx = NULL;
    struct sockaddr_in addr;
    SOCKET listener, client, server;
    OVERLAPPED ov;
    char buffer[2 * (sizeof(struct sockaddr_in) + 16)];
    DWORD size;
    BOOL bret;
    int ret;

    listener = es_listener(&addr);
    ret = WSAIoctl(listener, SIO_GET_EXTENSION_FUNCTION_POINTER, &guid, sizeof(guid), &pAcceptEx,
                   sizeof(pAcceptEx), &size, NULL, NULL);
    ok(!ret, "no AcceptEx, error %d\n", WSAGetLastError());
    if (ret) {
        closesocket(listener);
        return;
    }
    select_events(ctx, listener, FD_CONNECT | FD_READ | FD_OOB | FD_ACCEPT);

    /* a pending AcceptEx takes the connection: no FD_ACCEPT */
    memset(&ov, 0, sizeof(ov));
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    server = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    bret = pAcceptEx(listener, server, buffer, 0, sizeof(struct sockaddr_in) + 16, sizeof(struct sockaddr_in) + 16,
                     &size, &ov);
    ok(!bret && WSAGetLastError() == ERROR_IO_PENDING, "AcceptEx returned %d, error %d\n", bret, WSAGetLastError());
    client = connect_to(&addr);
    ok(WaitForSingleObject(ov.hEvent, 1000) == WAIT_OBJECT_0, "AcceptEx did not complete\n");
    bret = GetOverlappedResult((HANDLE)listener, &ov, &size, FALSE);
    ok(bret, "AcceptEx failed, error %lu\n", (unsigned long)GetLastError());
    ok(size == 0, "got size %lu\n", (unsigned long)size);
    check_events(ctx, 0, 0, 0);
    closesocket(server);
    closesocket(client);

    /* the next connection, with no AcceptEx pending, records FD_ACCEPT */
    client = connect_to(&addr);
    check_events(ctx, FD_ACCEPT, 0, 200);
    check_events(ctx, 0, 0, 0);
    server = accept(listener, NULL, NULL);
    closesocket(server);
    closesocket(client);
    closesocket(listener);
    CloseHandle(ov.hEvent);
}

int main(void)
{
    WSADATA wsa;
    struct es_ctx ctx;

    ok(!WSAStartup(MAKEWORD(2, 2), &wsa), "WSAStartup failed\n");
    ctx.event = WSACreateEvent();
    ctx.socket = INVALID_SOCKET;

    test_accept_reenable(&ctx);
    test_accept_select_after(&ctx);
    test_accept_inherit(&ctx);
    test_accept_acceptex(&ctx);

    WSACloseEvent(ctx.event);
    WSACleanup();
    return test_finish();
}
