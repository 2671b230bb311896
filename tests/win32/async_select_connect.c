/* async_select_connect.c: the client side of WSAAsyncSelect: a non-blocking connect posts
 * FD_CONNECT (error 0), then FD_WRITE, then FD_READ when the peer sends; wParam is the socket,
 * WSAGETSELECTEVENT/WSAGETSELECTERROR(lParam) the event and its error. The server side is
 * async_select_basic.c. */
#include <winsock2.h>
#include <windows.h>

#include "ovl_test.h"

#define WM_SOCKET (WM_USER + 1)

static HWND hwnd;

/* The next WM_SOCKET for `s` (other messages are dropped), or FALSE after `ms`. */
static BOOL next_socket_msg(SOCKET s, MSG *out, DWORD ms)
{
    MSG msg;
    UINT_PTR timer = SetTimer(NULL, 0, ms, NULL);
    BOOL got = FALSE;
    while (GetMessageA(&msg, NULL, 0, 0) > 0) {
        if (msg.message == WM_TIMER && msg.hwnd == NULL && msg.wParam == timer) break;
        if (msg.message == WM_SOCKET && msg.hwnd == hwnd && (SOCKET)msg.wParam == s) {
            *out = msg;
            got = TRUE;
            break;
        }
        DispatchMessageA(&msg);
    }
    KillTimer(NULL, timer);
    return got;
}

/* Waits for event `ev` on `s`, skipping other events of s. */
#define expect_event(s, ev, err) expect_event_(__FILE__, __LINE__, (s), (ev), (err))
static void expect_event_(const char *file, int line, SOCKET s, int ev, int err)
{
    MSG msg;
    int tries;
    for (tries = 0; tries < 8; ++tries) {
        if (!next_socket_msg(s, &msg, 2000)) break;
        if (WSAGETSELECTEVENT(msg.lParam) != ev) continue;
        ok_(file, line)(WSAGETSELECTERROR(msg.lParam) == err, "event %#x: error %d, expected %d\n", ev,
                        WSAGETSELECTERROR(msg.lParam), err);
        return;
    }
    ok_(file, line)(0, "no message for event %#x on socket %d\n", ev, (int)s);
}

static SOCKET make_listener(struct sockaddr_in *addr)
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

static void test_client_events(void)
{
    struct sockaddr_in addr;
    SOCKET listener, client, server;

    listener = make_listener(&addr);
    client = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    ok(WSAAsyncSelect(client, hwnd, WM_SOCKET, FD_CONNECT | FD_WRITE | FD_READ | FD_CLOSE) == 0,
       "WSAAsyncSelect failed %d\n", WSAGetLastError());
    ok(connect(client, (struct sockaddr *)&addr, sizeof(addr)) == SOCKET_ERROR && WSAGetLastError() == WSAEWOULDBLOCK,
       "non-blocking connect: error %d\n", WSAGetLastError());
    expect_event(client, FD_CONNECT, 0);
    expect_event(client, FD_WRITE, 0);
    server = accept(listener, NULL, NULL);
    send(server, "x", 1, 0);
    expect_event(client, FD_READ, 0);
    closesocket(server);
    closesocket(client);
    closesocket(listener);
}

int main(void)
{
    WSADATA wsa;
    WNDCLASSA wc;

    WSAStartup(MAKEWORD(2, 2), &wsa);
    memset(&wc, 0, sizeof(wc));
    wc.lpfnWndProc = DefWindowProcA;
    wc.lpszClassName = "async_select_connect";
    RegisterClassA(&wc);
    hwnd = CreateWindowA("async_select_connect", "", 0, 0, 0, 0, 0, NULL, NULL, NULL, NULL);
    ok(hwnd != NULL, "CreateWindow failed %u\n", (unsigned)GetLastError());
    test_client_events();
    DestroyWindow(hwnd);
    WSACleanup();
    return test_finish();
}
