/* WSAEventSelect on a socket that AcceptEx accepts into, or that DisconnectEx(TF_REUSE_SOCKET)
 * makes reusable: the selection belongs to the SOCKET and stays across the operation (the
 * library swaps the Linux fd underneath, and the watch must follow it). What was recorded for
 * the old socket is forgotten; the new connection records FD_WRITE, then FD_READ when data
 * arrives and FD_CLOSE when the peer closes. Windows keeps a socket's selection until
 * closesocket or another WSAEventSelect (Microsoft's WSAEventSelect page); Wine's server
 * (server/sock.c accept_into_socket) keeps the accept socket's own mask and event and clears
 * its pending and reported events.
 */
#include "event_select_common.h"

#define ADDR_LEN (sizeof(struct sockaddr_in) + 16)

static void *get_ext(SOCKET s, GUID guid)
{
    void *fn = NULL;
    DWORD size = 0;
    WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &guid, sizeof(guid), &fn, sizeof(fn), &size, NULL, NULL);
    return fn;
}

/* The peer sends, then closes: FD_READ (re-enabled by the recv), then FD_CLOSE. */
#define check_data_and_close(ctx, s, peer) check_data_and_close_(__FILE__, __LINE__, (ctx), (s), (peer))
static void check_data_and_close_(const char *file, int line, struct es_ctx *ctx, SOCKET s, SOCKET peer)
{
    char buf[8];
    ovl_test_check(file, line, 0, send(peer, "abc", 3, 0) == 3, "send: %d\n", WSAGetLastError());
    check_events_(file, line, ctx, FD_READ, 0, 2000, 0);
    ovl_test_check(file, line, 0, recv(s, buf, sizeof(buf), 0) == 3, "recv: %d\n", WSAGetLastError());
    closesocket(peer);
    check_events_(file, line, ctx, FD_CLOSE, 0, 2000, 0);
}

/* A selection made on the accept socket before AcceptEx, with and without a first receive. */
static void test_acceptex_selected(struct es_ctx *ctx)
{
    LPFN_ACCEPTEX pAcceptEx;
    struct sockaddr_in addr;
    SOCKET listener = es_listener(&addr), client, server;
    char buffer[4 + 2 * ADDR_LEN];
    OVERLAPPED ov;
    DWORD size;
    BOOL bret;
    int i;

    pAcceptEx = (LPFN_ACCEPTEX)get_ext(listener, (GUID)WSAID_ACCEPTEX);
    ok(pAcceptEx != NULL, "no AcceptEx\n");
    if (!pAcceptEx) return;
    memset(&ov, 0, sizeof(ov));
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    for (i = 0; i < 2; ++i) {
        const DWORD data = i ? 4 : 0;
        ResetEvent(ov.hEvent);
        server = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
        select_events(ctx, server, FD_READ | FD_WRITE | FD_CLOSE);
        check_events(ctx, 0, 0, 0);  /* not connected: nothing holds */

        poison_last_error();
        bret = pAcceptEx(listener, server, buffer, data, ADDR_LEN, ADDR_LEN, &size, &ov);
        ok(!bret, "AcceptEx returned %d\n", bret);
        ok_wsa_error(ERROR_IO_PENDING);
        client = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        ok(!connect(client, (struct sockaddr *)&addr, sizeof(addr)), "connect: %d\n", WSAGetLastError());
        if (data) ok(send(client, "wxyz", 4, 0) == 4, "send: %d\n", WSAGetLastError());
        ok(WaitForSingleObject(ov.hEvent, 5000) == WAIT_OBJECT_0, "AcceptEx did not complete\n");
        ok(GetOverlappedResult((HANDLE)listener, &ov, &size, FALSE), "AcceptEx: %lu\n", GetLastError());
        ok(size == data, "size %lu\n", size);
        ok(!setsockopt(server, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, (char *)&listener, sizeof(listener)),
           "SO_UPDATE_ACCEPT_CONTEXT: %d\n", WSAGetLastError());

        /* The connection is writable (the first receive took the data: no FD_READ). */
        check_events(ctx, FD_WRITE, 0, 2000);
        check_events(ctx, 0, 0, 0);
        check_data_and_close(ctx, server, client);
        closesocket(server);
    }
    CloseHandle(ov.hEvent);
    closesocket(listener);
}

/* DisconnectEx(TF_REUSE_SOCKET) on a selected socket, then ConnectEx, then (reused again)
 * AcceptEx: each new connection reports to the selection made before the first disconnect. */
static void test_disconnectex_reuse_selected(struct es_ctx *ctx)
{
    LPFN_DISCONNECTEX pDisconnectEx;
    LPFN_CONNECTEX pConnectEx;
    LPFN_ACCEPTEX pAcceptEx;
    struct sockaddr_in addr, any;
    SOCKET listener = es_listener(&addr), client, server;
    char buffer[2 * ADDR_LEN];
    OVERLAPPED ov;
    DWORD size;
    BOOL bret;

    client = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    pDisconnectEx = (LPFN_DISCONNECTEX)get_ext(client, (GUID)WSAID_DISCONNECTEX);
    pConnectEx = (LPFN_CONNECTEX)get_ext(client, (GUID)WSAID_CONNECTEX);
    pAcceptEx = (LPFN_ACCEPTEX)get_ext(client, (GUID)WSAID_ACCEPTEX);
    ok(pDisconnectEx && pConnectEx && pAcceptEx, "no extension functions\n");
    if (!pDisconnectEx || !pConnectEx || !pAcceptEx) return;
    memset(&ov, 0, sizeof(ov));
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);

    ok(!connect(client, (struct sockaddr *)&addr, sizeof(addr)), "connect: %d\n", WSAGetLastError());
    server = accept(listener, NULL, NULL);
    select_events(ctx, client, FD_CONNECT | FD_READ | FD_WRITE | FD_CLOSE);
    check_events(ctx, FD_CONNECT, FD_WRITE, 2000);  /* FD_CONNECT waits for a later selection */

    poison_last_error();
    bret = pDisconnectEx(client, NULL, TF_REUSE_SOCKET, 0);
    ok(bret, "DisconnectEx: %d\n", WSAGetLastError());
    closesocket(server);
    Sleep(100);
    /* The old connection's end is not reported on the reused socket. */
    check_events(ctx, 0, 0, 0);

    /* ConnectEx on the reused socket: FD_CONNECT, FD_WRITE, then data and close. */
    memset(&any, 0, sizeof(any));
    any.sin_family = AF_INET;
    ok(!bind(client, (struct sockaddr *)&any, sizeof(any)), "bind: %d\n", WSAGetLastError());
    poison_last_error();
    bret = pConnectEx(client, (struct sockaddr *)&addr, sizeof(addr), NULL, 0, NULL, &ov);
    ok(!bret, "ConnectEx returned %d\n", bret);
    ok_wsa_error(ERROR_IO_PENDING);
    ok(WaitForSingleObject(ov.hEvent, 5000) == WAIT_OBJECT_0, "ConnectEx did not complete\n");
    ok(GetOverlappedResult((HANDLE)client, &ov, &size, FALSE), "ConnectEx: %lu\n", GetLastError());
    server = accept(listener, NULL, NULL);
    ok(server != INVALID_SOCKET, "accept: %d\n", WSAGetLastError());
    check_events(ctx, FD_CONNECT, FD_WRITE, 2000);
    check_data_and_close(ctx, client, server);

    /* Reused again, as an accept socket. */
    poison_last_error();
    bret = pDisconnectEx(client, NULL, TF_REUSE_SOCKET, 0);
    ok(bret, "DisconnectEx: %d\n", WSAGetLastError());
    WSAEnumNetworkEvents(client, ctx->event, &(WSANETWORKEVENTS){0});
    ResetEvent(ov.hEvent);
    poison_last_error();
    bret = pAcceptEx(listener, client, buffer, 0, ADDR_LEN, ADDR_LEN, &size, &ov);
    ok(!bret, "AcceptEx returned %d\n", bret);
    ok_wsa_error(ERROR_IO_PENDING);
    server = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    ok(!connect(server, (struct sockaddr *)&addr, sizeof(addr)), "connect: %d\n", WSAGetLastError());
    ok(WaitForSingleObject(ov.hEvent, 5000) == WAIT_OBJECT_0, "AcceptEx did not complete\n");
    ok(GetOverlappedResult((HANDLE)listener, &ov, &size, FALSE), "AcceptEx: %lu\n", GetLastError());
    check_events(ctx, FD_WRITE, 0, 2000);
    check_data_and_close(ctx, client, server);

    CloseHandle(ov.hEvent);
    closesocket(client);
    closesocket(listener);
}

int main(void)
{
    WSADATA wsa;
    struct es_ctx ctx;

    ok(!WSAStartup(MAKEWORD(2, 2), &wsa), "WSAStartup failed\n");
    ctx.event = WSACreateEvent();
    ctx.socket = INVALID_SOCKET;

    test_acceptex_selected(&ctx);
    test_disconnectex_reuse_selected(&ctx);

    WSACloseEvent(ctx.event);
    WSACleanup();
    return test_finish();
}
