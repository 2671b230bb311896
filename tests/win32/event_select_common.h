/* Helpers shared by the tests/win32/event_select_*.c programs: selecting, and checking the
 * events recorded since the last check exactly (the set, their iErrorCode[] values, and that the
 * event object is signalled only when something was recorded). Modelled on the event-model
 * branch of Wine's dlls/ws2_32/tests/sock.c test_events, whose checks run on Windows.
 *
 *   check_events(ctx, e1, e2, timeout_ms)   e1/e2: FD_* bits, or MAKELONG(FD_x, error) to also
 *                                            check that event's iErrorCode; 0 = nothing.
 *   check_events_todo(...)                   the same, a known divergence (todo_ovl).
 */
#ifndef EVENT_SELECT_COMMON_H
#define EVENT_SELECT_COMMON_H

#include <winsock2.h>
#include <ws2tcpip.h>
#include <mswsock.h>
#include <stdlib.h>
#include <string.h>

#include "ovl_test.h"

#define ALL_EVENTS (FD_ACCEPT | FD_CLOSE | FD_CONNECT | FD_OOB | FD_READ | FD_WRITE)

struct es_ctx {
    SOCKET socket;
    HANDLE event;
};

#define select_events(ctx, s, events) select_events_(__FILE__, __LINE__, (ctx), (s), (events))
OVL_TEST_HELPER void select_events_(const char *file, int line, struct es_ctx *ctx, SOCKET s, long events)
{
    int ret = WSAEventSelect(s, ctx->event, events);
    ovl_test_check(file, line, 0, ret == 0, "WSAEventSelect failed, error %d\n", WSAGetLastError());
    ctx->socket = s;
}

#define check_events(ctx, a, b, t) check_events_(__FILE__, __LINE__, (ctx), (a), (b), (t), 0)
#define check_events_todo(ctx, a, b, t) check_events_(__FILE__, __LINE__, (ctx), (a), (b), (t), 1)
OVL_TEST_HELPER void check_events_(const char *file, int line, struct es_ctx *ctx, LONG e1, LONG e2,
                                   DWORD timeout, int todo)
{
    WSANETWORKEVENTS ne;
    unsigned int i;
    DWORD w;
    int ret;

    w = WaitForSingleObject(ctx->event, timeout);
    if (e1 | e2)
        ovl_test_check(file, line, todo, w == WAIT_OBJECT_0, "event wait returned %lu\n", (unsigned long)w);
    else
        ovl_test_check(file, line, todo, w == WAIT_TIMEOUT, "event signalled (wait returned %lu)\n",
                       (unsigned long)w);
    memset(&ne, 0xcc, sizeof(ne));
    ret = WSAEnumNetworkEvents(ctx->socket, ctx->event, &ne);
    ovl_test_check(file, line, 0, ret == 0, "WSAEnumNetworkEvents failed, error %d\n", WSAGetLastError());
    ovl_test_check(file, line, todo, ne.lNetworkEvents == (long)LOWORD(e1 | e2), "got events %#lx, expected %#x\n",
                   (unsigned long)ne.lNetworkEvents, (unsigned)LOWORD(e1 | e2));
    for (i = 0; i < FD_MAX_EVENTS; ++i) {
        if ((1u << i) == LOWORD(e1) && (ne.lNetworkEvents & LOWORD(e1)))
            ovl_test_check(file, line, 0, ne.iErrorCode[i] == HIWORD(e1), "got error %d for event %#x\n",
                           ne.iErrorCode[i], 1u << i);
        if ((1u << i) == LOWORD(e2) && (ne.lNetworkEvents & LOWORD(e2)))
            ovl_test_check(file, line, 0, ne.iErrorCode[i] == HIWORD(e2), "got error %d for event %#x\n",
                           ne.iErrorCode[i], 1u << i);
    }
}

/* A listening socket on 127.0.0.1, port 0; *addr receives its address. */
OVL_TEST_HELPER SOCKET es_listener(struct sockaddr_in *addr)
{
    int len = sizeof(*addr);
    SOCKET l = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    memset(addr, 0, sizeof(*addr));
    addr->sin_family = AF_INET;
    addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(l, (struct sockaddr *)addr, sizeof(*addr));
    getsockname(l, (struct sockaddr *)addr, &len);
    listen(l, 5);
    return l;
}

OVL_TEST_HELPER void es_set_blocking(SOCKET s, int blocking)
{
    u_long nb = blocking ? 0 : 1;
    ioctlsocket(s, FIONBIO, &nb);
}

/* A receive that waits even on a non-blocking socket (an overlapped WSARecv), as Wine's sync_recv. */
OVL_TEST_HELPER int es_sync_recv(SOCKET s, char *buf, int len, DWORD flags)
{
    OVERLAPPED ov;
    WSABUF b;
    DWORD got = 0;
    int ret;

    memset(&ov, 0, sizeof(ov));
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    b.buf = buf;
    b.len = (ULONG)len;
    ret = WSARecv(s, &b, 1, &got, &flags, &ov, NULL);
    if (ret == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING) {
        ok(WaitForSingleObject(ov.hEvent, 1000) == WAIT_OBJECT_0, "overlapped recv timed out\n");
        ret = WSAGetOverlappedResult(s, &ov, &got, FALSE, &flags) ? 0 : SOCKET_ERROR;
    }
    CloseHandle(ov.hEvent);
    return ret == 0 ? (int)got : -1;
}

/* Closes with a reset (SO_LINGER on, zero timeout). */
OVL_TEST_HELPER void es_close_with_rst(SOCKET s)
{
    struct linger l;
    l.l_onoff = 1;
    l.l_linger = 0;
    setsockopt(s, SOL_SOCKET, SO_LINGER, (const char *)&l, sizeof(l));
    closesocket(s);
}

#endif /* EVENT_SELECT_COMMON_H */
