/*
 * select_echo_server.c — the select() model, written the way the classic Winsock textbook
 * writes it.
 *
 * One thread, non-blocking sockets. Each round builds a read set (the listener, and every
 * client with nothing left to echo) and a write set (every client whose echo is not fully
 * sent), calls select(), accepts, receives and sends. Windows' fd_set is a count and an array
 * of FD_SETSIZE (64 unless the program defines it) sockets, not a bitmap: with the listener in
 * the set, this server takes at most 63 clients.
 *
 * Plain Win32 C: builds unmodified with overlapped on Linux and with mingw-w64 for Windows
 * (x86_64-w64-mingw32-gcc select_echo_server.c -lws2_32).
 *   run:   select_echo_server [port]     (default 5150; 0 picks a free port)
 *   poke:  nc 127.0.0.1 5150   (type a line, it comes back)
 */
#include <winsock2.h>
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>

#pragma comment(lib, "ws2_32.lib")

#define DEFAULT_PORT 5150
#define DATA_BUFSIZE 8192

typedef struct _SOCKET_INFORMATION {
    CHAR Buffer[DATA_BUFSIZE];
    WSABUF DataBuf;
    SOCKET Socket;
    DWORD BytesSEND;
    DWORD BytesRECV;
} SOCKET_INFORMATION, *LPSOCKET_INFORMATION;

static DWORD TotalSockets = 0;
static LPSOCKET_INFORMATION SocketArray[FD_SETSIZE];

static BOOL CreateSocketInformation(SOCKET s)
{
    LPSOCKET_INFORMATION SI;

    if ((SI = (LPSOCKET_INFORMATION)GlobalAlloc(GPTR, sizeof(SOCKET_INFORMATION))) == NULL) {
        printf("GlobalAlloc() failed with error %lu\n", (unsigned long)GetLastError());
        return FALSE;
    }
    SI->Socket = s;
    SI->BytesSEND = 0;
    SI->BytesRECV = 0;
    SocketArray[TotalSockets] = SI;
    TotalSockets++;
    return TRUE;
}

static void FreeSocketInformation(DWORD Index)
{
    LPSOCKET_INFORMATION SI = SocketArray[Index];
    DWORD i;

    closesocket(SI->Socket);
    GlobalFree(SI);
    for (i = Index; i < TotalSockets - 1; i++)
        SocketArray[i] = SocketArray[i + 1];
    TotalSockets--;
}

int main(int argc, char **argv)
{
    WSADATA wsaData;
    SOCKET ListenSocket, AcceptSocket;
    SOCKADDR_IN InternetAddr;
    fd_set WriteSet, ReadSet;
    DWORD i, Total, Flags, SendBytes, RecvBytes;
    ULONG NonBlock;
    int AddrLen, Ret;
    unsigned short Port = DEFAULT_PORT;

    if (argc > 1)
        Port = (unsigned short)atoi(argv[1]);

    if ((Ret = WSAStartup(MAKEWORD(2, 2), &wsaData)) != 0) {
        printf("WSAStartup() failed with error %d\n", Ret);
        return 1;
    }
    if ((ListenSocket = WSASocket(AF_INET, SOCK_STREAM, 0, NULL, 0, WSA_FLAG_OVERLAPPED)) == INVALID_SOCKET) {
        printf("WSASocket() failed with error %d\n", WSAGetLastError());
        return 1;
    }
    ZeroMemory(&InternetAddr, sizeof(InternetAddr));
    InternetAddr.sin_family = AF_INET;
    InternetAddr.sin_addr.s_addr = htonl(INADDR_ANY);
    InternetAddr.sin_port = htons(Port);
    if (bind(ListenSocket, (PSOCKADDR)&InternetAddr, sizeof(InternetAddr)) == SOCKET_ERROR) {
        printf("bind() failed with error %d\n", WSAGetLastError());
        return 1;
    }
    if (listen(ListenSocket, SOMAXCONN)) {
        printf("listen() failed with error %d\n", WSAGetLastError());
        return 1;
    }
    AddrLen = sizeof(InternetAddr);
    getsockname(ListenSocket, (PSOCKADDR)&InternetAddr, &AddrLen);
    printf("listening on port %d\n", ntohs(InternetAddr.sin_port));
    fflush(stdout);

    /* Change the socket mode on the listening socket from blocking to non-blocking so the
     * application will not block waiting for requests. */
    NonBlock = 1;
    if (ioctlsocket(ListenSocket, FIONBIO, &NonBlock) == SOCKET_ERROR) {
        printf("ioctlsocket() failed with error %d\n", WSAGetLastError());
        return 1;
    }

    for (;;) {
        /* Prepare the read and write socket sets for network I/O notification. */
        FD_ZERO(&ReadSet);
        FD_ZERO(&WriteSet);

        /* Always look for connection attempts, while there is room for another client. */
        if (TotalSockets < FD_SETSIZE - 1)
            FD_SET(ListenSocket, &ReadSet);

        /* A socket goes in the write set while it has data to echo, else in the read set. */
        for (i = 0; i < TotalSockets; i++)
            if (SocketArray[i]->BytesRECV > SocketArray[i]->BytesSEND)
                FD_SET(SocketArray[i]->Socket, &WriteSet);
            else
                FD_SET(SocketArray[i]->Socket, &ReadSet);

        if ((Ret = select(0, &ReadSet, &WriteSet, NULL, NULL)) == SOCKET_ERROR) {
            printf("select() returned with error %d\n", WSAGetLastError());
            return 1;
        }
        Total = (DWORD)Ret;

        /* Check for arriving connections on the listening socket. */
        if (FD_ISSET(ListenSocket, &ReadSet)) {
            Total--;
            if ((AcceptSocket = accept(ListenSocket, NULL, NULL)) != INVALID_SOCKET) {
                /* Set the accepted socket to non-blocking mode so the server will not get
                 * caught in a blocked condition on WSASends. */
                NonBlock = 1;
                if (ioctlsocket(AcceptSocket, FIONBIO, &NonBlock) == SOCKET_ERROR) {
                    printf("ioctlsocket() failed with error %d\n", WSAGetLastError());
                    return 1;
                }
                if (!CreateSocketInformation(AcceptSocket))
                    return 1;
            } else if (WSAGetLastError() != WSAEWOULDBLOCK) {
                printf("accept() failed with error %d\n", WSAGetLastError());
                return 1;
            }
        }

        /* Check each socket for read and write notification until the number of sockets in
         * Total is satisfied. */
        for (i = 0; Total > 0 && i < TotalSockets; i++) {
            LPSOCKET_INFORMATION SI = SocketArray[i];

            /* If the ReadSet is marked for this socket then this means data is available to be
             * read on the socket (or the peer closed it). */
            if (FD_ISSET(SI->Socket, &ReadSet)) {
                Total--;
                SI->DataBuf.buf = SI->Buffer;
                SI->DataBuf.len = DATA_BUFSIZE;
                Flags = 0;
                if (WSARecv(SI->Socket, &SI->DataBuf, 1, &RecvBytes, &Flags, NULL, NULL) == SOCKET_ERROR) {
                    if (WSAGetLastError() != WSAEWOULDBLOCK) {
                        printf("WSARecv() failed with error %d\n", WSAGetLastError());
                        FreeSocketInformation(i--);
                    }
                    continue;
                }
                SI->BytesRECV = RecvBytes;
                /* If zero bytes are received, this indicates the peer closed the connection. */
                if (RecvBytes == 0) {
                    FreeSocketInformation(i--);
                    continue;
                }
            }

            /* If the WriteSet is marked on this socket then this means the internal data
             * buffers are available for more data (also try right after a receive). */
            if (FD_ISSET(SI->Socket, &WriteSet) || SI->BytesRECV > SI->BytesSEND) {
                if (FD_ISSET(SI->Socket, &WriteSet))
                    Total--;
                SI->DataBuf.buf = SI->Buffer + SI->BytesSEND;
                SI->DataBuf.len = SI->BytesRECV - SI->BytesSEND;
                if (WSASend(SI->Socket, &SI->DataBuf, 1, &SendBytes, 0, NULL, NULL) == SOCKET_ERROR) {
                    if (WSAGetLastError() != WSAEWOULDBLOCK) {
                        printf("WSASend() failed with error %d\n", WSAGetLastError());
                        FreeSocketInformation(i--);
                    }
                    continue;
                }
                SI->BytesSEND += SendBytes;
                if (SI->BytesSEND == SI->BytesRECV) {
                    SI->BytesSEND = 0;
                    SI->BytesRECV = 0;
                }
            }
        }
    }
}
