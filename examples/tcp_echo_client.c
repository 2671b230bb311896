/*
 * tcp_echo_client.c — a line-based TCP client in the classic Winsock style: connects with
 * getaddrinfo + socket + connect, reads lines from stdin, sends each one and prints what the
 * server echoes back.
 *
 * Plain Win32 C: builds unmodified with overlapped on Linux and with mingw-w64 for Windows.
 *   run:  tcp_echo_client [host] [port]      (defaults 127.0.0.1 5150)
 */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <stdio.h>
#include <string.h>

#pragma comment(lib, "Ws2_32.lib")

#define DEFAULT_BUFLEN 4096

int main(int argc, char **argv)
{
    WSADATA wsaData;
    SOCKET ConnectSocket = INVALID_SOCKET;
    struct addrinfo *result = NULL, *ptr, hints;
    const char *host = argc > 1 ? argv[1] : "127.0.0.1";
    const char *port = argc > 2 ? argv[2] : "5150";
    char sendbuf[DEFAULT_BUFLEN], recvbuf[DEFAULT_BUFLEN];
    int iResult;

    iResult = WSAStartup(MAKEWORD(2, 2), &wsaData);
    if (iResult != 0) {
        printf("WSAStartup failed with error: %d\n", iResult);
        return 1;
    }

    ZeroMemory(&hints, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_protocol = IPPROTO_TCP;

    iResult = getaddrinfo(host, port, &hints, &result);
    if (iResult != 0) {
        printf("getaddrinfo failed with error: %d\n", iResult);
        WSACleanup();
        return 1;
    }

    for (ptr = result; ptr != NULL; ptr = ptr->ai_next) {
        ConnectSocket = socket(ptr->ai_family, ptr->ai_socktype, ptr->ai_protocol);
        if (ConnectSocket == INVALID_SOCKET) {
            printf("socket failed with error: %d\n", WSAGetLastError());
            WSACleanup();
            return 1;
        }
        iResult = connect(ConnectSocket, ptr->ai_addr, (int)ptr->ai_addrlen);
        if (iResult == SOCKET_ERROR) {
            closesocket(ConnectSocket);
            ConnectSocket = INVALID_SOCKET;
            continue;
        }
        break;
    }
    freeaddrinfo(result);

    if (ConnectSocket == INVALID_SOCKET) {
        printf("Unable to connect to %s:%s (error %d)\n", host, port, WSAGetLastError());
        WSACleanup();
        return 1;
    }
    printf("Connected to %s:%s. Type lines; an empty input ends.\n", host, port);

    while (fgets(sendbuf, sizeof(sendbuf), stdin) != NULL) {
        int len = (int)strlen(sendbuf), got = 0;
        if (send(ConnectSocket, sendbuf, len, 0) == SOCKET_ERROR) {
            printf("send failed with error: %d\n", WSAGetLastError());
            break;
        }
        while (got < len) {
            iResult = recv(ConnectSocket, recvbuf + got, len - got, 0);
            if (iResult > 0) {
                got += iResult;
            } else if (iResult == 0) {
                printf("Connection closed by the server\n");
                break;
            } else {
                printf("recv failed with error: %d\n", WSAGetLastError());
                break;
            }
        }
        if (got < len)
            break;
        printf("echo: %.*s", got, recvbuf);
    }

    shutdown(ConnectSocket, SD_SEND);
    closesocket(ConnectSocket);
    WSACleanup();
    return 0;
}
