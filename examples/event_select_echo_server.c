/*
 * event_select_echo_server.c — the WSAEventSelect model, written the way the classic Winsock
 * textbook writes it.
 *
 * One thread does everything. Every socket (the listener in slot 0, then one per client) has
 * its own event object, associated with WSAEventSelect; WSAWaitForMultipleEvents waits on the
 * whole array (WSA_MAXIMUM_WAIT_EVENTS is 64, so this server takes at most 63 clients), and
 * WSAEnumNetworkEvents says what happened on the socket whose event fired (and resets the
 * event): FD_ACCEPT on the listener, FD_READ, FD_WRITE and FD_CLOSE on a client. Sockets are
 * non-blocking once selected: a recv or send that cannot proceed says WSAEWOULDBLOCK, and
 * FD_READ / FD_WRITE come again when it can (recv re-enables FD_READ; a send that failed with
 * WSAEWOULDBLOCK is what re-enables FD_WRITE).
 *
 * Plain Win32 C: builds unmodified with overlapped on Linux and with mingw-w64 for Windows
 * (x86_64-w64-mingw32-gcc event_select_echo_server.c -lws2_32).
 *   run:   event_select_echo_server [port]     (default 5150; 0 picks a free port)
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

static DWORD EventTotal = 0;
static WSAEVENT EventArray[WSA_MAXIMUM_WAIT_EVENTS];
static LPSOCKET_INFORMATION SocketArray[WSA_MAXIMUM_WAIT_EVENTS];

static BOOL CreateSocketInformation(SOCKET s)
{
    LPSOCKET_INFORMATION SI;

    if ((EventArray[EventTotal] = WSACreateEvent()) == WSA_INVALID_EVENT) {
        printf("WSACreateEvent() failed with error %d\n", WSAGetLastError());
        return FALSE;
    }
    if ((SI = (LPSOCKET_INFORMATION)GlobalAlloc(GPTR, sizeof(SOCKET_INFORMATION))) == NULL) {
        printf("GlobalAlloc() failed with error %lu\n", (unsigned long)GetLastError());
        return FALSE;
    }
    SI->Socket = s;
    SI->BytesSEND = 0;
    SI->BytesRECV = 0;
    SocketArray[EventTotal] = SI;
    EventTotal++;
    return TRUE;
}

static void FreeSocketInformation(DWORD Index)
{
    LPSOCKET_INFORMATION SI = SocketArray[Index];
    DWORD i;

    closesocket(SI->Socket);
    GlobalFree(SI);
    WSACloseEvent(EventArray[Index]);
    /* Squash the arrays. */
    for (i = Index; i < EventTotal - 1; i++) {
        EventArray[i] = EventArray[i + 1];
        SocketArray[i] = SocketArray[i + 1];
    }
    EventTotal--;
}

/* Echoes what can be echoed now. Returns FALSE when the connection is finished. */
static BOOL Echo(LPSOCKET_INFORMATION SI)
{
    DWORD Flags, RecvBytes, SendBytes;

    for (;;) {
        if (SI->BytesRECV == 0) {
            SI->DataBuf.buf = SI->Buffer;
            SI->DataBuf.len = DATA_BUFSIZE;
            Flags = 0;
            if (WSARecv(SI->Socket, &SI->DataBuf, 1, &RecvBytes, &Flags, NULL, NULL) == SOCKET_ERROR) {
                if (WSAGetLastError() == WSAEWOULDBLOCK) return TRUE;  /* FD_READ comes again */
                printf("WSARecv() failed with error %d\n", WSAGetLastError());
                return FALSE;
            }
            if (RecvBytes == 0) return TRUE;  /* end of stream: FD_CLOSE follows */
            SI->BytesRECV = RecvBytes;
        }
        while (SI->BytesSEND < SI->BytesRECV) {
            SI->DataBuf.buf = SI->Buffer + SI->BytesSEND;
            SI->DataBuf.len = SI->BytesRECV - SI->BytesSEND;
            if (WSASend(SI->Socket, &SI->DataBuf, 1, &SendBytes, 0, NULL, NULL) == SOCKET_ERROR) {
                if (WSAGetLastError() == WSAEWOULDBLOCK) return TRUE;  /* FD_WRITE comes later */
                printf("WSASend() failed with error %d\n", WSAGetLastError());
                return FALSE;
            }
            SI->BytesSEND += SendBytes;
        }
        SI->BytesSEND = 0;
        SI->BytesRECV = 0;
    }
}

int main(int argc, char **argv)
{
    WSADATA wsaData;
    SOCKET Listen, Accept;
    SOCKADDR_IN InternetAddr;
    WSANETWORKEVENTS NetworkEvents;
    DWORD Event, Index;
    int AddrLen, Ret;
    unsigned short Port = DEFAULT_PORT;

    if (argc > 1)
        Port = (unsigned short)atoi(argv[1]);

    if ((Ret = WSAStartup(MAKEWORD(2, 2), &wsaData)) != 0) {
        printf("WSAStartup() failed with error %d\n", Ret);
        return 1;
    }
    if ((Listen = socket(AF_INET, SOCK_STREAM, 0)) == INVALID_SOCKET) {
        printf("socket() failed with error %d\n", WSAGetLastError());
        return 1;
    }
    if (!CreateSocketInformation(Listen))
        return 1;
    if (WSAEventSelect(Listen, EventArray[EventTotal - 1], FD_ACCEPT | FD_CLOSE) == SOCKET_ERROR) {
        printf("WSAEventSelect() failed with error %d\n", WSAGetLastError());
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
        /* Wait for one of the sockets to receive I/O notification. */
        if ((Event = WSAWaitForMultipleEvents(EventTotal, EventArray, FALSE, WSA_INFINITE, FALSE)) == WSA_WAIT_FAILED) {
            printf("WSAWaitForMultipleEvents() failed with error %d\n", WSAGetLastError());
            return 1;
        }
        Index = Event - WSA_WAIT_EVENT_0;

        if (WSAEnumNetworkEvents(SocketArray[Index]->Socket, EventArray[Index], &NetworkEvents) == SOCKET_ERROR) {
            printf("WSAEnumNetworkEvents() failed with error %d\n", WSAGetLastError());
            return 1;
        }

        if (NetworkEvents.lNetworkEvents & FD_ACCEPT) {
            if (NetworkEvents.iErrorCode[FD_ACCEPT_BIT] != 0) {
                printf("FD_ACCEPT failed with error %d\n", NetworkEvents.iErrorCode[FD_ACCEPT_BIT]);
                continue;
            }
            if ((Accept = accept(SocketArray[Index]->Socket, NULL, NULL)) == INVALID_SOCKET) {
                printf("accept() failed with error %d\n", WSAGetLastError());
                continue;
            }
            if (EventTotal >= WSA_MAXIMUM_WAIT_EVENTS) {
                printf("Too many connections - closing socket.\n");
                closesocket(Accept);
                continue;
            }
            if (!CreateSocketInformation(Accept))
                return 1;
            /* The accepted socket inherits the listener's selection; give it its own. */
            if (WSAEventSelect(Accept, EventArray[EventTotal - 1], FD_READ | FD_WRITE | FD_CLOSE) == SOCKET_ERROR) {
                printf("WSAEventSelect() failed with error %d\n", WSAGetLastError());
                return 1;
            }
        }

        if (NetworkEvents.lNetworkEvents & (FD_READ | FD_WRITE)) {
            if ((NetworkEvents.lNetworkEvents & FD_READ) && NetworkEvents.iErrorCode[FD_READ_BIT] != 0) {
                printf("FD_READ failed with error %d\n", NetworkEvents.iErrorCode[FD_READ_BIT]);
                FreeSocketInformation(Index);
                continue;
            }
            if (!Echo(SocketArray[Index])) {
                FreeSocketInformation(Index);
                continue;
            }
        }

        if (NetworkEvents.lNetworkEvents & FD_CLOSE) {
            if (NetworkEvents.iErrorCode[FD_CLOSE_BIT] != 0)
                printf("FD_CLOSE failed with error %d\n", NetworkEvents.iErrorCode[FD_CLOSE_BIT]);
            else
                Echo(SocketArray[Index]); /* whatever arrived with the FIN */
            FreeSocketInformation(Index);
        }
    }
}
