/*
 * blocking_echo_server.c — the blocking model: one thread per client, written the way the
 * classic Winsock textbook writes it.
 *
 * The main thread blocks in accept(); each connection gets a thread that blocks in recv() and
 * send() until the client closes. Simple and fine for a modest number of clients (each costs
 * a thread). A receive timeout (SO_RCVTIMEO, DWORD milliseconds) drops clients that stay
 * silent: the blocked recv() then fails with WSAETIMEDOUT.
 *
 * Plain Win32 C: builds unmodified with overlapped on Linux and with mingw-w64 for Windows
 * (x86_64-w64-mingw32-gcc blocking_echo_server.c -lws2_32).
 *   run:   blocking_echo_server [port]     (default 5150; 0 picks a free port)
 *   poke:  nc 127.0.0.1 5150   (type a line, it comes back)
 */
#include <winsock2.h>
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>

#pragma comment(lib, "ws2_32.lib")

#define DEFAULT_PORT 5150
#define DATA_BUFSIZE 8192
#define IDLE_TIMEOUT_MS 120000

static DWORD WINAPI ClientThread(LPVOID lpParam)
{
    SOCKET s = (SOCKET)lpParam;
    char Buffer[DATA_BUFSIZE];
    int Ret, Left, Idx;

    for (;;) {
        /* Perform a blocking recv() call. */
        Ret = recv(s, Buffer, DATA_BUFSIZE, 0);
        if (Ret == 0) /* graceful close */
            break;
        if (Ret == SOCKET_ERROR) {
            if (WSAGetLastError() == WSAETIMEDOUT)
                printf("client idle for %d ms, dropping it\n", IDLE_TIMEOUT_MS);
            else
                printf("recv() failed with error %d\n", WSAGetLastError());
            break;
        }
        /* Echo the data back, however many send() calls that takes. */
        Left = Ret;
        Idx = 0;
        while (Left > 0) {
            Ret = send(s, &Buffer[Idx], Left, 0);
            if (Ret == SOCKET_ERROR) {
                printf("send() failed with error %d\n", WSAGetLastError());
                closesocket(s);
                return 1;
            }
            Left -= Ret;
            Idx += Ret;
        }
    }
    closesocket(s);
    return 0;
}

int main(int argc, char **argv)
{
    WSADATA wsaData;
    SOCKET Listen, Client;
    SOCKADDR_IN InternetAddr;
    HANDLE Thread;
    DWORD ThreadId, Timeout = IDLE_TIMEOUT_MS;
    int AddrLen, Ret;
    unsigned short Port = DEFAULT_PORT;

    if (argc > 1)
        Port = (unsigned short)atoi(argv[1]);

    if ((Ret = WSAStartup(MAKEWORD(2, 2), &wsaData)) != 0) {
        printf("WSAStartup() failed with error %d\n", Ret);
        return 1;
    }
    if ((Listen = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)) == INVALID_SOCKET) {
        printf("socket() failed with error %d\n", WSAGetLastError());
        return 1;
    }
    ZeroMemory(&InternetAddr, sizeof(InternetAddr));
    InternetAddr.sin_family = AF_INET;
    InternetAddr.sin_addr.s_addr = htonl(INADDR_ANY);
    InternetAddr.sin_port = htons(Port);
    if (bind(Listen, (PSOCKADDR)&InternetAddr, sizeof(InternetAddr)) == SOCKET_ERROR) {
        printf("bind() failed with error %d\n", WSAGetLastError());
        return 1;
    }
    if (listen(Listen, SOMAXCONN)) {
        printf("listen() failed with error %d\n", WSAGetLastError());
        return 1;
    }
    AddrLen = sizeof(InternetAddr);
    getsockname(Listen, (PSOCKADDR)&InternetAddr, &AddrLen);
    printf("listening on port %d\n", ntohs(InternetAddr.sin_port));
    fflush(stdout);

    for (;;) {
        /* Block until a client connects. */
        if ((Client = accept(Listen, NULL, NULL)) == INVALID_SOCKET) {
            printf("accept() failed with error %d\n", WSAGetLastError());
            break;
        }
        setsockopt(Client, SOL_SOCKET, SO_RCVTIMEO, (const char *)&Timeout, sizeof(Timeout));
        if ((Thread = CreateThread(NULL, 0, ClientThread, (LPVOID)Client, 0, &ThreadId)) == NULL) {
            printf("CreateThread() failed with error %lu\n", (unsigned long)GetLastError());
            closesocket(Client);
            continue;
        }
        CloseHandle(Thread);
    }
    closesocket(Listen);
    WSACleanup();
    return 0;
}
