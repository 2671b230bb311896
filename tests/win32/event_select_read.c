/* WSAEventSelect, FD_READ and FD_OOB: recorded when data (urgent data) arrives, re-enabled by
 * every recv (recv(MSG_OOB) for FD_OOB) so that data still queued records it again at once, in
 * the event model recorded again when new data arrives even without a recv, not re-recorded by
 * selecting again, absorbed by a pending WSARecv, and kept for a later selection when they were
 * not selected. Expectations: the event-model branch of Wine dlls/ws2_32/tests/sock.c
 * test_read_events and test_oob_events (todo_wine checks hold the Windows values).
 */
#include "event_select_common.h"

#define READ_MASK (FD_ACCEPT | FD_CLOSE | FD_CONNECT | FD_OOB | FD_READ)

static void test_read_reenable(struct es_ctx *ctx)
{
    SOCKET client, server;
    char buffer[8];
    int ret, i;

    if (tcp_pair(&client, &server)) return;
    es_set_blocking(client, 0);

    select_events(ctx, server, READ_MASK);
    check_events(ctx, 0, 0, 0);

    ret = send(client, "data", 5, 0);
    ok(ret == 5, "send returned %d\n", ret);
    check_events(ctx, FD_READ, 0, 200);
    check_events(ctx, 0, 0, 0);
    select_events(ctx, server, READ_MASK);
    check_events(ctx, 0, 0, 0);
    select_events(ctx, server, 0);
    select_events(ctx, server, READ_MASK);
    check_events(ctx, 0, 0, 0);

    /* event model: new data records FD_READ again without a recv */
    ret = send(client, "data", 5, 0);
    ok(ret == 5, "send returned %d\n", ret);
    check_events(ctx, FD_READ, 0, 200);
    check_events(ctx, 0, 0, 0);

    /* a recv that leaves data queued records FD_READ again */
    ret = recv(server, buffer, 2, 0);
    ok(ret == 2, "recv returned %d\n", ret);
    check_events(ctx, FD_READ, 0, 200);
    check_events(ctx, 0, 0, 0);

    /* a recv the veneer refuses does not */
    poison_last_error();
    ret = recv(server, buffer, -1, 0);
    ok(ret == SOCKET_ERROR, "recv returned %d\n", ret);
    ok_wsa_error(WSAEFAULT);
    check_events(ctx, 0, 0, 0);

    /* overlapped receives re-enable it too; the last one leaves nothing to record */
    for (i = 0; i < 8; ++i) {
        ret = es_sync_recv(server, buffer, 1, 0);
        ok(ret == 1, "recv %d returned %d\n", i, ret);
        if (i < 7) check_events(ctx, FD_READ, 0, 200);
        check_events(ctx, 0, 0, 0);
    }

    /* data sent while not selecting is recorded when selection starts */
    select_events(ctx, server, 0);
    ret = send(client, "data", 5, 0);
    ok(ret == 5, "send returned %d\n", ret);
    select_events(ctx, server, READ_MASK);
    check_events(ctx, FD_READ, 0, 200);
    ret = recv(server, buffer, 5, 0);
    ok(ret == 5, "recv returned %d\n", ret);

    /* ... unless it was received before */
    select_events(ctx, server, 0);
    ret = send(client, "data", 5, 0);
    ok(ret == 5, "send returned %d\n", ret);
    ret = es_sync_recv(server, buffer, 5, 0);
    ok(ret == 5, "recv returned %d\n", ret);
    select_events(ctx, server, FD_ACCEPT | FD_CONNECT | FD_OOB | FD_READ);
    check_events(ctx, 0, 0, 200);

    /* not selecting: nothing reported; selecting FD_READ | FD_WRITE reports both */
    select_events(ctx, server, 0);
    ret = send(client, "data", 5, 0);
    ok(ret == 5, "send returned %d\n", ret);
    Sleep(100);
    check_events(ctx, 0, 0, 0);
    select_events(ctx, server, FD_ACCEPT | FD_CONNECT | FD_OOB | FD_READ | FD_WRITE);
    check_events(ctx, FD_READ, FD_WRITE, 200);
    check_events(ctx, 0, 0, 0);
    ret = es_sync_recv(server, buffer, 5, 0);
    ok(ret == 5, "recv returned %d\n", ret);

    closesocket(server);
    closesocket(client);
}

static void test_read_pending_wsarecv(struct es_ctx *ctx)
{
    SOCKET client, server;
    OVERLAPPED ov;
    WSABUF b;
    DWORD flags = 0, size = 0;
    char buffer[8];
    BOOL bret;
    int ret;

    if (tcp_pair(&client, &server)) return;
    es_set_blocking(client, 0);
    select_events(ctx, server, READ_MASK);

    /* the data goes to the pending WSARecv: no FD_READ */
    memset(&ov, 0, sizeof(ov));
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    b.buf = buffer;
    b.len = 1;
    ret = WSARecv(server, &b, 1, NULL, &flags, &ov, NULL);
    ok(ret == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING, "WSARecv returned %d, error %d\n", ret,
       WSAGetLastError());
    ret = send(client, "a", 1, 0);
    ok(ret == 1, "send returned %d\n", ret);
    ok(WaitForSingleObject(ov.hEvent, 1000) == WAIT_OBJECT_0, "WSARecv did not complete\n");
    bret = GetOverlappedResult((HANDLE)server, &ov, &size, FALSE);
    ok(bret && size == 1, "GetOverlappedResult returned %d, size %lu\n", bret, (unsigned long)size);
    check_events(ctx, 0, 0, 0);

    ret = send(client, "a", 1, 0);
    ok(ret == 1, "send returned %d\n", ret);
    check_events(ctx, FD_READ, 0, 200);
    check_events(ctx, 0, 0, 0);

    CloseHandle(ov.hEvent);
    closesocket(server);
    closesocket(client);
}

static void test_oob(struct es_ctx *ctx)
{
    SOCKET client, server;
    char buffer[4];
    int ret;

    if (tcp_pair(&client, &server)) return;
    es_set_blocking(client, 0);
    select_events(ctx, server, READ_MASK);
    check_events(ctx, 0, 0, 0);

    ret = send(client, "a", 1, MSG_OOB);
    ok(ret == 1, "send returned %d\n", ret);
    check_events(ctx, FD_OOB, 0, 200);
    check_events(ctx, 0, 0, 0);
    select_events(ctx, server, READ_MASK);
    check_events(ctx, 0, 0, 0);
    select_events(ctx, server, 0);
    select_events(ctx, server, READ_MASK);
    check_events(ctx, 0, 0, 0);

    /* recv(MSG_OOB) re-enables FD_OOB; nothing urgent is left */
    ret = recv(server, buffer, 1, MSG_OOB);
    ok(ret == 1 && buffer[0] == 'a', "recv(MSG_OOB) returned %d\n", ret);
    check_events(ctx, 0, 0, 0);

    /* urgent data sent while not selecting is recorded when selection starts */
    select_events(ctx, server, 0);
    ret = send(client, "b", 1, MSG_OOB);
    ok(ret == 1, "send returned %d\n", ret);
    select_events(ctx, server, READ_MASK);
    check_events(ctx, FD_OOB, 0, 200);
    ret = recv(server, buffer, 1, MSG_OOB);
    ok(ret == 1 && buffer[0] == 'b', "recv(MSG_OOB) returned %d\n", ret);
    check_events(ctx, 0, 0, 0);

    /* Windows queues every urgent byte and records FD_OOB again for a new one; Linux keeps one
     * urgent byte (a new one replaces it), and overlapped records FD_OOB only after a
     * recv(MSG_OOB). */
    ret = send(client, "c", 1, MSG_OOB);
    ok(ret == 1, "send returned %d\n", ret);
    check_events(ctx, FD_OOB, 0, 200);
    ret = send(client, "d", 1, MSG_OOB);
    ok(ret == 1, "send returned %d\n", ret);
    check_events_todo(ctx, FD_OOB, 0, 200);

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

    test_read_reenable(&ctx);
    test_read_pending_wsarecv(&ctx);
    test_oob(&ctx);

    WSACloseEvent(ctx.event);
    WSACleanup();
    return test_finish();
}
