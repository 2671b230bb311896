/* consumer_main.c: plain Win32 C with main, built with pkg-config --cflags --libs overlapped. */
#include <winsock2.h>
#include <stdio.h>

int main(void)
{
    WSADATA wsa;
    SOCKET s;
    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0) return 1;
    s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    printf("consumer main socket=%s version=%d.%d\n", s != INVALID_SOCKET ? "ok" : "bad",
           LOBYTE(wsa.wVersion), HIBYTE(wsa.wVersion));
    closesocket(s);
    WSACleanup();
    return 0;
}
