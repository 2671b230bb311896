/* async_select_basic.c: WSAAsyncSelect delivers FD_* events as window messages to the window's
 * thread: wParam is the socket, WSAGETSELECTEVENT(lParam) the event and WSAGETSELECTERROR(lParam)
 * its error. FD_ACCEPT on the listener, the accepted socket inherits the selection (FD_READ,
 * FD_CLOSE with error 0 after a graceful close, WSAECONNABORTED after a reset), a GetMessage
 * blocked on the window's thread wakes for them, and lEvent 0 cancels; a selection made on
 * an AcceptEx accept socket stays with it (FD_WRITE, FD_READ, FD_CLOSE of the accepted
 * connection). The client side (FD_CONNECT, FD_WRITE) is async_select_connect.c. */
#include <winsock2.h>
#include <mswsock.h>
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

static void expect_quiet(SOCKET s, DWORD ms)
{
    MSG msg;
    BOOL got = next_socket_msg(s, &msg, ms);
    ok(!got, "unexpected event %#x on socket %d\n", got ? WSAGETSELECTEVENT(msg.lParam) : 0, (int)s);
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

static void test_server_events(void)
{
    struct sockaddr_in addr;
    SOCKET listener, client, server;
    char buf[16];
    int r;
    struct linger lg;

    listener = make_listener(&addr);
    poison_last_error();
    r = WSAAsyncSelect(listener, hwnd, WM_SOCKET, FD_ACCEPT | FD_READ | FD_CLOSE);
    ok(r == 0, "WSAAsyncSelect returned %d error %d\n", r, WSAGetLastError());

    client = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    ok(connect(client, (struct sockaddr *)&addr, sizeof(addr)) == 0, "connect failed %d\n", WSAGetLastError());
    expect_event(listener, FD_ACCEPT, 0);

    server = accept(listener, NULL, NULL);
    ok(server != INVALID_SOCKET, "accept failed %d\n", WSAGetLastError());
    /* the accepted socket inherits FD_READ|FD_CLOSE; data arrives → FD_READ with wParam = server */
    ok(send(client, "hello", 5, 0) == 5, "send failed\n");
    expect_event(server, FD_READ, 0);
    r = recv(server, buf, sizeof(buf), 0);
    ok(r == 5 && !memcmp(buf, "hello", 5), "recv returned %d\n", r);
    /* the non-blocking flag came with the selection */
    r = recv(server, buf, sizeof(buf), 0);
    ok(r == SOCKET_ERROR && WSAGetLastError() == WSAEWOULDBLOCK, "recv on empty: %d error %d\n", r,
       WSAGetLastError());

    /* graceful close: FD_CLOSE with error 0 */
    closesocket(client);
    expect_event(server, FD_CLOSE, 0);
    closesocket(server);

    /* abortive close: FD_CLOSE with WSAECONNABORTED */
    client = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    connect(client, (struct sockaddr *)&addr, sizeof(addr));
    expect_event(listener, FD_ACCEPT, 0);
    server = accept(listener, NULL, NULL);
    ok(server != INVALID_SOCKET, "accept failed %d\n", WSAGetLastError());
    lg.l_onoff = 1;
    lg.l_linger = 0;
    setsockopt(client, SOL_SOCKET, SO_LINGER, (const char *)&lg, sizeof(lg));
    closesocket(client);
    expect_event(server, FD_CLOSE, WSAECONNABORTED);
    closesocket(server);

    /* lEvent 0 cancels: a new connection posts nothing */
    ok(WSAAsyncSelect(listener, hwnd, 0, 0) == 0, "cancel failed %d\n", WSAGetLastError());
    client = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    connect(client, (struct sockaddr *)&addr, sizeof(addr));
    expect_quiet(listener, 200);
    closesocket(client);
    closesocket(listener);
}

/* WSAAsyncSelect on the accept socket before AcceptEx: the selection belongs to the SOCKET and
 * reports the accepted connection (Microsoft's WSAAsyncSelect page: until closesocket or
 * another WSAAsyncSelect; Wine server/sock.c accept_into_socket keeps the accept socket's own
 * window and message). event_select_reuse.c has the event model and DisconnectEx reuse. */
static void test_acceptex_socket(void)
{
    struct sockaddr_in addr;
    SOCKET listener = make_listener(&addr), client, server;
    char buffer[2 * (sizeof(struct sockaddr_in) + 16)], buf[8];
    OVERLAPPED ov;
    DWORD size;
    BOOL bret;
    int r;

    server = WSASocketW(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    r = WSAAsyncSelect(server, hwnd, WM_SOCKET, FD_READ | FD_WRITE | FD_CLOSE);
    ok(r == 0, "WSAAsyncSelect returned %d error %d\n", r, WSAGetLastError());
    expect_quiet(server, 100);  /* not connected: nothing holds */

    memset(&ov, 0, sizeof(ov));
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    poison_last_error();
    bret = AcceptEx(listener, server, buffer, 0, sizeof(struct sockaddr_in) + 16, sizeof(struct sockaddr_in) + 16,
                    &size, &ov);
    ok(!bret && WSAGetLastError() == ERROR_IO_PENDING, "AcceptEx returned %d error %d\n", bret, WSAGetLastError());
    client = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    ok(connect(client, (struct sockaddr *)&addr, sizeof(addr)) == 0, "connect failed %d\n", WSAGetLastError());
    ok(WaitForSingleObject(ov.hEvent, 5000) == WAIT_OBJECT_0, "AcceptEx did not complete\n");
    ok(GetOverlappedResult((HANDLE)listener, &ov, &size, FALSE), "AcceptEx failed %u\n", (unsigned)GetLastError());
    expect_event(server, FD_WRITE, 0);

    ok(send(client, "hello", 5, 0) == 5, "send failed\n");
    expect_event(server, FD_READ, 0);
    r = recv(server, buf, sizeof(buf), 0);
    ok(r == 5 && !memcmp(buf, "hello", 5), "recv returned %d\n", r);
    closesocket(client);
    expect_event(server, FD_CLOSE, 0);

    CloseHandle(ov.hEvent);
    closesocket(server);
    closesocket(listener);
}

static void test_errors(void)
{
    int r;
    poison_last_error();
    r = WSAAsyncSelect((SOCKET)12345, hwnd, WM_SOCKET, FD_READ);
    ok(r == SOCKET_ERROR && WSAGetLastError() == WSAENOTSOCK, "bad socket: %d error %d\n", r, WSAGetLastError());
}

int main(void)
{
    WSADATA wsa;
    WNDCLASSA wc;

    WSAStartup(MAKEWORD(2, 2), &wsa);
    memset(&wc, 0, sizeof(wc));
    wc.lpfnWndProc = DefWindowProcA;
    wc.lpszClassName = "async_select_basic";
    RegisterClassA(&wc);
    hwnd = CreateWindowA("async_select_basic", "", 0, 0, 0, 0, 0, NULL, NULL, NULL, NULL);
    ok(hwnd != NULL, "CreateWindow failed %u\n", (unsigned)GetLastError());
    test_server_events();
    test_acceptex_socket();
    test_errors();
    DestroyWindow(hwnd);
    WSACleanup();
    return test_finish();
}
