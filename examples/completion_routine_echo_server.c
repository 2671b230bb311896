/*
 * completion_routine_echo_server.c — the Overlapped I/O model with completion routines
 * (model II), written the way the classic Winsock textbook writes it.
 *
 * The main thread accepts connections and hands each new socket to one worker thread through
 * an event object (AcceptEvent) and a small hand-off queue. The worker sits in an alertable
 * wait, WSAWaitForMultipleEvents(1, &AcceptEvent, FALSE, WSA_INFINITE, TRUE):
 *   - WSA_WAIT_IO_COMPLETION: completion routines ran (the wait runs every queued one, then
 *     returns); the worker simply waits again;
 *   - WSA_WAIT_EVENT_0: new sockets were handed over; the worker posts the first WSARecv on
 *     each, with WorkerRoutine as its completion routine.
 * WorkerRoutine runs in the worker thread (the thread that issued the I/O). After a receive it
 * echoes the bytes with WSASend (same routine); after the send completes it re-arms WSARecv.
 * A zero-byte receive or an error closes the socket and frees its state. There is no event per
 * client, so unlike the event model there is no 64-client limit.
 *
 * Plain Win32 C: builds unmodified with overlapped on Linux and with mingw-w64 for Windows:
 *   x86_64-w64-mingw32-gcc completion_routine_echo_server.c -o crserver.exe -lws2_32
 *   run:   completion_routine_echo_server [port]     (default 5150; 0 picks a free port)
 *   poke:  nc 127.0.0.1 5150   (type a line, it comes back)
 */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#pragma comment(lib, "ws2_32.lib")

#define DEFAULT_PORT 5150
#define DATA_BUFSIZE 8192
#define MAX_PENDING_ACCEPTS 1024

typedef struct _SOCKET_INFORMATION {
    WSAOVERLAPPED Overlapped; /* first: the routine's lpOverlapped is the whole record */
    SOCKET Socket;
    CHAR Buffer[DATA_BUFSIZE];
    WSABUF DataBuf;
    DWORD BytesSEND;
    DWORD BytesRECV;
} SOCKET_INFORMATION, *LPSOCKET_INFORMATION;

/* Sockets accepted by the main thread and not yet picked up by the worker. */
static SOCKET PendingSockets[MAX_PENDING_ACCEPTS];
static int PendingCount = 0;
static CRITICAL_SECTION PendingLock;
static WSAEVENT AcceptEvent;
static volatile LONG Clients = 0;

static DWORD WINAPI WorkerThread(LPVOID lpParameter);
static void CALLBACK WorkerRoutine(DWORD Error, DWORD BytesTransferred, LPWSAOVERLAPPED Overlapped,
                                   DWORD InFlags);

static void CloseClient(LPSOCKET_INFORMATION SI)
{
    closesocket(SI->Socket);
    GlobalFree(SI);
    InterlockedDecrement(&Clients);
}

/* Posts a receive for the whole buffer. */
static void PostRecv(LPSOCKET_INFORMATION SI)
{
    DWORD Flags = 0, RecvBytes;

    ZeroMemory(&SI->Overlapped, sizeof(WSAOVERLAPPED));
    SI->BytesRECV = 0;
    SI->BytesSEND = 0;
    SI->DataBuf.len = DATA_BUFSIZE;
    SI->DataBuf.buf = SI->Buffer;
    if (WSARecv(SI->Socket, &SI->DataBuf, 1, &RecvBytes, &Flags, &SI->Overlapped, WorkerRoutine) == SOCKET_ERROR) {
        if (WSAGetLastError() != WSA_IO_PENDING) {
            printf("WSARecv() failed with error %d\n", WSAGetLastError());
            CloseClient(SI);
        }
    }
    /* Success or pending: WorkerRoutine runs in this thread's next alertable wait. */
}

/* Sends what is left of the received bytes. */
static void PostSend(LPSOCKET_INFORMATION SI)
{
    DWORD SendBytes;

    ZeroMemory(&SI->Overlapped, sizeof(WSAOVERLAPPED));
    SI->DataBuf.buf = SI->Buffer + SI->BytesSEND;
    SI->DataBuf.len = SI->BytesRECV - SI->BytesSEND;
    if (WSASend(SI->Socket, &SI->DataBuf, 1, &SendBytes, 0, &SI->Overlapped, WorkerRoutine) == SOCKET_ERROR) {
        if (WSAGetLastError() != WSA_IO_PENDING) {
            printf("WSASend() failed with error %d\n", WSAGetLastError());
            CloseClient(SI);
        }
    }
}

static void CALLBACK WorkerRoutine(DWORD Error, DWORD BytesTransferred, LPWSAOVERLAPPED Overlapped,
                                   DWORD InFlags)
{
    LPSOCKET_INFORMATION SI = (LPSOCKET_INFORMATION)Overlapped;

    (void)InFlags;
    if (Error != 0 || BytesTransferred == 0) {
        /* An error, or the client closed its side: this record is done. */
        if (Error != 0) printf("I/O operation failed with error %lu\n", (unsigned long)Error);
        CloseClient(SI);
        return;
    }

    /* The first completion after PostRecv is a receive; later ones (BytesRECV set) are sends. */
    if (SI->BytesRECV == 0) {
        SI->BytesRECV = BytesTransferred;
        SI->BytesSEND = 0;
    } else {
        SI->BytesSEND += BytesTransferred;
    }

    if (SI->BytesRECV > SI->BytesSEND)
        PostSend(SI); /* echo (the rest of) what arrived */
    else
        PostRecv(SI); /* all echoed: wait for more */
}

int main(int argc, char **argv)
{
    WSADATA wsaData;
    SOCKET ListenSocket, AcceptSocket;
    SOCKADDR_IN InternetAddr;
    int AddrLen;
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
    InitializeCriticalSection(&PendingLock);

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

    if ((AcceptEvent = WSACreateEvent()) == WSA_INVALID_EVENT) {
        printf("WSACreateEvent() failed with error %d\n", WSAGetLastError());
        return 1;
    }
    if ((ThreadHandle = CreateThread(NULL, 0, WorkerThread, NULL, 0, &ThreadId)) == NULL) {
        printf("CreateThread() failed with error %lu\n", (unsigned long)GetLastError());
        return 1;
    }
    CloseHandle(ThreadHandle);

    for (;;) {
        if ((AcceptSocket = accept(ListenSocket, NULL, NULL)) == INVALID_SOCKET) {
            printf("accept() failed with error %d\n", WSAGetLastError());
            return 1;
        }
        EnterCriticalSection(&PendingLock);
        if (PendingCount == MAX_PENDING_ACCEPTS) {
            LeaveCriticalSection(&PendingLock);
            printf("Too many pending connections - closing socket\n");
            closesocket(AcceptSocket);
            continue;
        }
        PendingSockets[PendingCount++] = AcceptSocket;
        LeaveCriticalSection(&PendingLock);

        /* Tell the worker: its alertable wait returns WSA_WAIT_EVENT_0. */
        if (WSASetEvent(AcceptEvent) == FALSE) {
            printf("WSASetEvent() failed with error %d\n", WSAGetLastError());
            return 1;
        }
    }
}

static DWORD WINAPI WorkerThread(LPVOID lpParameter)
{
    DWORD Index;
    SOCKET Batch[MAX_PENDING_ACCEPTS];
    int i, n;

    (void)lpParameter;
    for (;;) {
        /* Alertable: completion routines run in here. */
        Index = WSAWaitForMultipleEvents(1, &AcceptEvent, FALSE, WSA_INFINITE, TRUE);
        if (Index == WSA_WAIT_FAILED) {
            printf("WSAWaitForMultipleEvents() failed with error %d\n", WSAGetLastError());
            return 0;
        }
        if (Index == WSA_WAIT_IO_COMPLETION)
            continue; /* one or more routines ran: wait again */

        /* A new socket (or several) was handed over. */
        WSAResetEvent(AcceptEvent);
        EnterCriticalSection(&PendingLock);
        n = PendingCount;
        memcpy(Batch, PendingSockets, (size_t)n * sizeof(SOCKET));
        PendingCount = 0;
        LeaveCriticalSection(&PendingLock);

        for (i = 0; i < n; i++) {
            LPSOCKET_INFORMATION SI = (LPSOCKET_INFORMATION)GlobalAlloc(GPTR, sizeof(SOCKET_INFORMATION));
            if (SI == NULL) {
                printf("GlobalAlloc() failed with error %lu\n", (unsigned long)GetLastError());
                closesocket(Batch[i]);
                continue;
            }
            SI->Socket = Batch[i];
            InterlockedIncrement(&Clients);
            PostRecv(SI);
        }
    }
}
