// consumer_winmain.cpp: a WinMain program built against the installed package
// (find_package(overlapped) + overlapped::win32, which also links the WinMain shim).
#include <WinSock2.h>
#include <strsafe.h>
#include <stdio.h>

int WINAPI WinMain(HINSTANCE, HINSTANCE, LPSTR lpCmdLine, int)
{
    WSADATA wsa;
    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) return 1;
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    char line[64];
    StringCchPrintfA(line, ARRAYSIZE(line), "consumer %s socket=%s", lpCmdLine, s != INVALID_SOCKET ? "ok" : "bad");
    puts(line);
    closesocket(s);
    WSACleanup();
    return 0;
}
