// Server.cpp: a WinMain program in the Visual Studio style.
#include <WinSock2.h>
#include <WS2tcpip.h>
#include <mswsock.h >
#include <strsafe.h>
#include "..\..\Common\Common.h"
#include "iocpserver.h"

#pragma comment(lib, "ws2_32.lib")
#pragma comment(lib, "mswsock")

BOOL IocpServer::Start()
{
    m_listen = WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    if (m_listen == INVALID_SOCKET) return FALSE;
    SOCKADDR_IN addr;
    ZeroMemory(&addr, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (bind(m_listen, (SOCKADDR*)&addr, sizeof(addr)) == SOCKET_ERROR) return FALSE;
    if (listen(m_listen, SOMAXCONN) == SOCKET_ERROR) return FALSE;
    int len = sizeof(addr);
    if (getsockname(m_listen, (SOCKADDR*)&addr, &len) == SOCKET_ERROR) return FALSE;
    m_port = ntohs(addr.sin_port);
    return TRUE;
}

void IocpServer::Stop()
{
    closesocket(m_listen);
}

// The 32-bit-era completion-key cast; only compiled here (the port is never waited on).
static BOOL DrainOnce(HANDLE port)
{
    DWORD bytes = 0;
    DWORD key = 0;
    LPOVERLAPPED ov = NULL;
    return GetQueuedCompletionStatus(port, &bytes, (LPDWORD)&key, &ov, 0);
}
BOOL (*g_drain)(HANDLE) = DrainOnce;

int WINAPI WinMain(HINSTANCE hInstance, HINSTANCE hPrevInstance, LPSTR lpCmdLine, int nCmdShow)
{
    WSADATA wsa;
    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) return 1;

    char line[64];
    if (FAILED(StringCchPrintfA(line, ARRAYSIZE(line), "%s v%d", APP_NAME, AppVersion()))) return 2;
    LogLine(line);

    char cmd[128];
    sprintf_s(cmd, "cmdline=[%s] show=%d inst=%s", lpCmdLine, nCmdShow, hInstance ? "yes" : "no");
    LogLine(cmd);

    char small[4];
    HRESULT hr = StringCchCopyA(small, _countof(small), "truncated");
    printf("StringCchCopyA: %s \"%s\"\n", hr == STRSAFE_E_INSUFFICIENT_BUFFER ? "insufficient" : "??", small);
    printf("_stricmp: %d\n", _stricmp("WinSock", "winsock"));

    time_t zero = 0;
    struct tm tmv;
    if (gmtime_s(&tmv, &zero) == 0) printf("gmtime_s: %d\n", tmv.tm_year + 1900);

    IocpServer server;
    __try {
        if (!server.Start()) {
            printf("start failed: %d\n", WSAGetLastError());
            return 1;
        }
        printf("listening: %s\n", server.Port() != 0 ? "yes" : "no");
    }
    __finally {
        server.Stop();
    }
    WSACleanup();
    return 7;  // WinMain's return value is the exit code
}
