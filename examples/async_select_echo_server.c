/*
 * async_select_echo_server.c — the WSAAsyncSelect model, written the way the classic Winsock
 * textbook writes it: a GUI program (WinMain) with a hidden window whose window procedure
 * handles socket messages.
 *
 * WinMain registers a window class, creates a window that is never shown, and asks for FD_ACCEPT
 * on the listening socket with WSAAsyncSelect(listener, hwnd, WM_SOCKET, FD_ACCEPT | FD_CLOSE).
 * Winsock then posts WM_SOCKET to the window: wParam is the socket, WSAGETSELECTEVENT(lParam)
 * the event, WSAGETSELECTERROR(lParam) its error. FD_ACCEPT accepts (the new socket inherits
 * the selection, which is replaced with FD_READ | FD_WRITE | FD_CLOSE); FD_READ receives and
 * echoes; when send would block, the rest waits in the socket's buffer until FD_WRITE.
 * FD_CLOSE closes. The message loop is the usual GetMessage / TranslateMessage /
 * DispatchMessage. With overlapped there is no display: the window exists only as a message
 * target, which is all this model needs.
 *
 * Plain Win32 C: builds unmodified with overlapped on Linux (linked with liboverlapped_winmain,
 * which supplies main) and with mingw-w64 for Windows.
 *   run:   async_select_echo_server [port]     (default 5150; 0 picks a free port)
 *   poke:  nc 127.0.0.1 5150
 */
#include <winsock2.h>
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>

#pragma comment(lib, "ws2_32.lib")

#define DEFAULT_PORT 5150
#define DATA_BUFSIZE 8192
#define WM_SOCKET (WM_USER + 1)

typedef struct _SOCKET_INFORMATION {
    SOCKET Socket;
    CHAR Buffer[DATA_BUFSIZE];
    DWORD BytesRECV; /* bytes in Buffer */
    DWORD BytesSEND; /* bytes of Buffer already sent */
    struct _SOCKET_INFORMATION *Next;
} SOCKET_INFORMATION, *LPSOCKET_INFORMATION;

static LPSOCKET_INFORMATION SocketInfoList;
static SOCKET Listen = INVALID_SOCKET;
static DWORD Connections;

static void CreateSocketInformation(SOCKET s)
{
    LPSOCKET_INFORMATION SI = (LPSOCKET_INFORMATION)GlobalAlloc(GPTR, sizeof(SOCKET_INFORMATION));
    if (SI == NULL) {
        printf("GlobalAlloc() failed with error %d\n", (int)GetLastError());
        return;
    }
    SI->Socket = s;
    SI->BytesSEND = 0;
    SI->BytesRECV = 0;
    SI->Next = SocketInfoList;
    SocketInfoList = SI;
}

static LPSOCKET_INFORMATION GetSocketInformation(SOCKET s)
{
    LPSOCKET_INFORMATION SI = SocketInfoList;
    while (SI) {
        if (SI->Socket == s) return SI;
        SI = SI->Next;
    }
    return NULL;
}

static void FreeSocketInformation(SOCKET s)
{
    LPSOCKET_INFORMATION SI = SocketInfoList, PrevSI = NULL;
    while (SI) {
        if (SI->Socket == s) {
            if (PrevSI) PrevSI->Next = SI->Next;
            else SocketInfoList = SI->Next;
            closesocket(SI->Socket);
            GlobalFree(SI);
            return;
        }
        PrevSI = SI;
        SI = SI->Next;
    }
}

/* Sends what is buffered; FALSE on a hard error. WSAEWOULDBLOCK leaves the rest for FD_WRITE. */
static BOOL FlushSocket(LPSOCKET_INFORMATION SI)
{
    while (SI->BytesSEND < SI->BytesRECV) {
        int n = send(SI->Socket, SI->Buffer + SI->BytesSEND, (int)(SI->BytesRECV - SI->BytesSEND), 0);
        if (n == SOCKET_ERROR) {
            if (WSAGetLastError() == WSAEWOULDBLOCK) return TRUE;
            printf("send() failed with error %d\n", WSAGetLastError());
            return FALSE;
        }
        SI->BytesSEND += (DWORD)n;
    }
    SI->BytesSEND = SI->BytesRECV = 0;
    return TRUE;
}

static LRESULT CALLBACK WindowProc(HWND hwnd, UINT uMsg, WPARAM wParam, LPARAM lParam)
{
    SOCKET Accept;
    LPSOCKET_INFORMATION SocketInfo;
    int n;

    if (uMsg == WM_SOCKET) {
        if (WSAGETSELECTERROR(lParam)) {
            /* FD_CLOSE after a reset, a failed connect, ...: drop the connection */
            FreeSocketInformation((SOCKET)wParam);
            return 0;
        }
        switch (WSAGETSELECTEVENT(lParam)) {
        case FD_ACCEPT:
            Accept = accept((SOCKET)wParam, NULL, NULL);
            if (Accept == INVALID_SOCKET) {
                if (WSAGetLastError() != WSAEWOULDBLOCK) printf("accept() failed with error %d\n", WSAGetLastError());
                break;
            }
            CreateSocketInformation(Accept);
            ++Connections;
            WSAAsyncSelect(Accept, hwnd, WM_SOCKET, FD_READ | FD_WRITE | FD_CLOSE);
            break;

        case FD_READ:
            SocketInfo = GetSocketInformation((SOCKET)wParam);
            if (SocketInfo == NULL) break;
            /* Still sending the previous data: FD_WRITE will flush it, and the next recv()
             * re-enables FD_READ for what is waiting. */
            if (SocketInfo->BytesRECV != 0) break;
            n = recv(SocketInfo->Socket, SocketInfo->Buffer, DATA_BUFSIZE, 0);
            if (n == SOCKET_ERROR) {
                if (WSAGetLastError() != WSAEWOULDBLOCK) {
                    printf("recv() failed with error %d\n", WSAGetLastError());
                    FreeSocketInformation((SOCKET)wParam);
                }
                break;
            }
            if (n == 0) break; /* FD_CLOSE follows */
            SocketInfo->BytesRECV = (DWORD)n;
            SocketInfo->BytesSEND = 0;
            if (!FlushSocket(SocketInfo)) FreeSocketInformation((SOCKET)wParam);
            break;

        case FD_WRITE:
            SocketInfo = GetSocketInformation((SOCKET)wParam);
            if (SocketInfo == NULL) break;
            if (!FlushSocket(SocketInfo)) FreeSocketInformation((SOCKET)wParam);
            else if (SocketInfo->BytesRECV == 0) /* all sent: read what FD_READ skipped meanwhile */
                PostMessage(hwnd, WM_SOCKET, wParam, WSAMAKESELECTREPLY(FD_READ, 0));
            break;

        case FD_CLOSE:
            FreeSocketInformation((SOCKET)wParam);
            break;
        }
        return 0;
    }

    switch (uMsg) {
    case WM_DESTROY:
        PostQuitMessage(0);
        return 0;
    }
    return DefWindowProc(hwnd, uMsg, wParam, lParam);
}

int WINAPI WinMain(HINSTANCE hInstance, HINSTANCE hPrevInstance, LPSTR lpCmdLine, int nCmdShow)
{
    MSG msg;
    WNDCLASS wndclass;
    HWND Window;
    WSADATA wsaData;
    SOCKADDR_IN InternetAddr;
    int len = sizeof(InternetAddr);
    int Port = DEFAULT_PORT;
    int Ret;

    if (lpCmdLine && *lpCmdLine) Port = atoi(lpCmdLine);

    wndclass.style = CS_HREDRAW | CS_VREDRAW;
    wndclass.lpfnWndProc = (WNDPROC)WindowProc;
    wndclass.cbClsExtra = 0;
    wndclass.cbWndExtra = 0;
    wndclass.hInstance = hInstance;
    wndclass.hIcon = LoadIcon(NULL, IDI_APPLICATION);
    wndclass.hCursor = LoadCursor(NULL, IDC_ARROW);
    wndclass.hbrBackground = (HBRUSH)GetStockObject(WHITE_BRUSH);
    wndclass.lpszMenuName = NULL;
    wndclass.lpszClassName = TEXT("AsyncSelect");
    if (RegisterClass(&wndclass) == 0) {
        printf("RegisterClass() failed with error %d\n", (int)GetLastError());
        return 1;
    }
    Window = CreateWindow(TEXT("AsyncSelect"), TEXT("WSAAsyncSelect echo server"), WS_OVERLAPPEDWINDOW,
                          CW_USEDEFAULT, CW_USEDEFAULT, CW_USEDEFAULT, CW_USEDEFAULT, NULL, NULL, hInstance, NULL);
    if (Window == NULL) {
        printf("CreateWindow() failed with error %d\n", (int)GetLastError());
        return 1;
    }
    ShowWindow(Window, SW_HIDE); /* the window is only a message target */
    UpdateWindow(Window);

    if ((Ret = WSAStartup(MAKEWORD(2, 2), &wsaData)) != 0) {
        printf("WSAStartup() failed with error %d\n", Ret);
        return 1;
    }
    if ((Listen = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)) == INVALID_SOCKET) {
        printf("socket() failed with error %d\n", WSAGetLastError());
        return 1;
    }
    WSAAsyncSelect(Listen, Window, WM_SOCKET, FD_ACCEPT | FD_CLOSE);

    InternetAddr.sin_family = AF_INET;
    InternetAddr.sin_addr.s_addr = htonl(INADDR_ANY);
    InternetAddr.sin_port = htons((u_short)Port);
    if (bind(Listen, (PSOCKADDR)&InternetAddr, sizeof(InternetAddr)) == SOCKET_ERROR) {
        printf("bind() failed with error %d\n", WSAGetLastError());
        return 1;
    }
    if (listen(Listen, SOMAXCONN) == SOCKET_ERROR) {
        printf("listen() failed with error %d\n", WSAGetLastError());
        return 1;
    }
    getsockname(Listen, (PSOCKADDR)&InternetAddr, &len);
    printf("listening on port %d\n", ntohs(InternetAddr.sin_port));
    fflush(stdout);

    while ((Ret = GetMessage(&msg, NULL, 0, 0)) != 0) {
        if (Ret == -1) {
            printf("GetMessage() failed with error %d\n", (int)GetLastError());
            return 1;
        }
        TranslateMessage(&msg);
        DispatchMessage(&msg);
    }
    printf("served %lu connections\n", (unsigned long)Connections);
    closesocket(Listen);
    WSACleanup();
    return (int)msg.wParam;
}
