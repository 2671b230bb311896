/*
 * overlapped_event_echo_server.c — the Overlapped I/O model with event objects (model I),
 * written the way the classic Winsock textbook writes it.
 *
 * The main thread accepts connections. A single worker thread waits with
 * WSAWaitForMultipleEvents on an array of events: slot 0 is a dummy event the main thread
 * signals when it adds a client, slots 1..63 belong to one client each (WSA_MAXIMUM_WAIT_EVENTS
 * is 64, so this model serves at most 63 clients per worker). When a client's event fires, the
 * worker calls WSAGetOverlappedResult, then echoes what it received with WSASend and posts the
 * next WSARecv.
 *
 * Plain Win32 C: builds unmodified with overlapped on Linux and with mingw-w64 for Windows.
 *   run:   overlapped_event_echo_server [port]     (default 5150; 0 picks a free port)
 *   poke:  nc 127.0.0.1 5150   (type a line, it comes back)
 */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>

#pragma comment(lib, "ws2_32.lib")

#define DEFAULT_PORT 5150
#define DATA_BUFSIZE 8192

typedef struct _SOCKET_INFORMATION {
    WSAOVERLAPPED Overlapped;
    SOCKET Socket;
    CHAR Buffer[DATA_BUFSIZE];
    WSABUF DataBuf;
    DWORD BytesSEND;
    DWORD BytesRECV;
    char Peer[INET6_ADDRSTRLEN + 8];
} SOCKET_INFORMATION, *LPSOCKET_INFORMATION;

static DWORD EventTotal = 0;
static WSAEVENT EventArray[WSA_MAXIMUM_WAIT_EVENTS];
static LPSOCKET_INFORMATION SocketArray[WSA_MAXIMUM_WAIT_EVENTS];
static CRITICAL_SECTION CriticalSection;

static DWORD WINAPI ProcessIO(LPVOID lpParameter);

static void PostRecv(LPSOCKET_INFORMATION SI, WSAEVENT Event)
{
    DWORD Flags = 0, RecvBytes;

    ZeroMemory(&SI->Overlapped, sizeof(WSAOVERLAPPED));
    SI->Overlapped.hEvent = Event;
    SI->BytesRECV = 0;
    SI->BytesSEND = 0;
    SI->DataBuf.len = DATA_BUFSIZE;
    SI->DataBuf.buf = SI->Buffer;
    if (WSARecv(SI->Socket, &SI->DataBuf, 1, &RecvBytes, &Flags, &SI->Overlapped, NULL) == SOCKET_ERROR) {
        if (WSAGetLastError() != WSA_IO_PENDING) {
            printf("WSARecv() failed with error %d\n", WSAGetLastError());
            /* Completes nothing: signal the event so the worker notices and closes. */
            SI->Overlapped.Internal = 0;
            SI->Overlapped.InternalHigh = 0;
            WSASetEvent(Event);
        }
    }
}

int main(int argc, char **argv)
{
    WSADATA wsaData;
    SOCKET ListenSocket, AcceptSocket;
    SOCKADDR_IN InternetAddr, ClientAddr;
    int ClientAddrLen, AddrLen;
    DWORD ThreadId;
    HANDLE ThreadHandle;
    unsigned short Port = DEFAULT_PORT;
    int Ret;

    if (argc > 1)
        Port = (unsigned short)atoi(argv[1]);

    if ((Ret = WSAStartup(MAKEWORD(2, 2), &wsaData)) != 0) {
        printf("WSAStartup() failed with error %d\n", Ret);
        return 1;
    }
    InitializeCriticalSection(&CriticalSection);

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

    /* Slot 0: the dummy event that tells the worker the array grew. */
    if ((EventArray[0] = WSACreateEvent()) == WSA_INVALID_EVENT) {
        printf("WSACreateEvent() failed with error %d\n", WSAGetLastError());
        return 1;
    }
    EventTotal = 1;

    if ((ThreadHandle = CreateThread(NULL, 0, ProcessIO, NULL, 0, &ThreadId)) == NULL) {
        printf("CreateThread() failed with error %lu\n", (unsigned long)GetLastError());
        return 1;
    }
    CloseHandle(ThreadHandle);

    for (;;) {
        LPSOCKET_INFORMATION SI;
        WSAEVENT Event;

        ClientAddrLen = sizeof(ClientAddr);
        if ((AcceptSocket = accept(ListenSocket, (PSOCKADDR)&ClientAddr, &ClientAddrLen)) == INVALID_SOCKET) {
            printf("accept() failed with error %d\n", WSAGetLastError());
            return 1;
        }

        EnterCriticalSection(&CriticalSection);
        if (EventTotal >= WSA_MAXIMUM_WAIT_EVENTS) {
            LeaveCriticalSection(&CriticalSection);
            printf("Too many connections - closing socket\n");
            closesocket(AcceptSocket);
            continue;
        }

        if ((SI = (LPSOCKET_INFORMATION)GlobalAlloc(GPTR, sizeof(SOCKET_INFORMATION))) == NULL) {
            printf("GlobalAlloc() failed with error %lu\n", (unsigned long)GetLastError());
            return 1;
        }
        SI->Socket = AcceptSocket;
        inet_ntop(AF_INET, &ClientAddr.sin_addr, SI->Peer, sizeof(SI->Peer));
        sprintf(SI->Peer + strlen(SI->Peer), ":%d", ntohs(ClientAddr.sin_port));
        printf("Socket %d connected from %s\n", (int)AcceptSocket, SI->Peer);

        if ((Event = WSACreateEvent()) == WSA_INVALID_EVENT) {
            printf("WSACreateEvent() failed with error %d\n", WSAGetLastError());
            return 1;
        }
        SocketArray[EventTotal] = SI;
        EventArray[EventTotal] = Event;
        PostRecv(SI, Event);
        EventTotal++;
        LeaveCriticalSection(&CriticalSection);

        /* Wake the worker so it waits on the new event too. */
        if (WSASetEvent(EventArray[0]) == FALSE) {
            printf("WSASetEvent() failed with error %d\n", WSAGetLastError());
            return 1;
        }
    }
}

static DWORD WINAPI ProcessIO(LPVOID lpParameter)
{
    DWORD Index, Flags, BytesTransferred, SendBytes, i, Total;
    LPSOCKET_INFORMATION SI;
    WSAEVENT Events[WSA_MAXIMUM_WAIT_EVENTS];

    (void)lpParameter;
    for (;;) {
        EnterCriticalSection(&CriticalSection);
        Total = EventTotal;
        memcpy(Events, EventArray, Total * sizeof(WSAEVENT));
        LeaveCriticalSection(&CriticalSection);

        if ((Index = WSAWaitForMultipleEvents(Total, Events, FALSE, WSA_INFINITE, FALSE)) == WSA_WAIT_FAILED) {
            printf("WSAWaitForMultipleEvents() failed %d\n", WSAGetLastError());
            return 0;
        }
        Index -= WSA_WAIT_EVENT_0;

        if (Index == 0) {  /* a new client was added */
            WSAResetEvent(EventArray[0]);
            continue;
        }

        EnterCriticalSection(&CriticalSection);
        SI = SocketArray[Index];
        LeaveCriticalSection(&CriticalSection);
        WSAResetEvent(Events[Index]);

        if (WSAGetOverlappedResult(SI->Socket, &SI->Overlapped, &BytesTransferred, FALSE, &Flags) == FALSE ||
            BytesTransferred == 0) {
            printf("Closing socket %d (%s)\n", (int)SI->Socket, SI->Peer);
            if (closesocket(SI->Socket) == SOCKET_ERROR)
                printf("closesocket() failed with error %d\n", WSAGetLastError());
            GlobalFree(SI);
            WSACloseEvent(Events[Index]);

            EnterCriticalSection(&CriticalSection);
            for (i = Index; i + 1 < EventTotal; i++) {
                EventArray[i] = EventArray[i + 1];
                SocketArray[i] = SocketArray[i + 1];
            }
            EventTotal--;
            LeaveCriticalSection(&CriticalSection);
            continue;
        }

        /* A WSARecv just completed when BytesRECV is 0; otherwise a WSASend did. */
        if (SI->BytesRECV == 0) {
            SI->BytesRECV = BytesTransferred;
            SI->BytesSEND = 0;
        } else {
            SI->BytesSEND += BytesTransferred;
        }

        if (SI->BytesRECV > SI->BytesSEND) {
            /* Echo what is left of the received data. */
            ZeroMemory(&SI->Overlapped, sizeof(WSAOVERLAPPED));
            SI->Overlapped.hEvent = Events[Index];
            SI->DataBuf.buf = SI->Buffer + SI->BytesSEND;
            SI->DataBuf.len = SI->BytesRECV - SI->BytesSEND;
            if (WSASend(SI->Socket, &SI->DataBuf, 1, &SendBytes, 0, &SI->Overlapped, NULL) == SOCKET_ERROR) {
                if (WSAGetLastError() != WSA_IO_PENDING) {
                    printf("WSASend() failed with error %d\n", WSAGetLastError());
                    return 0;
                }
            }
        } else {
            /* Everything was echoed: post the next receive. */
            PostRecv(SI, Events[Index]);
        }
    }
}
