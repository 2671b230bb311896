/*
 * iocp_echo_server.c — the I/O completion port model, written the way the classic Winsock
 * textbook writes it.
 *
 * main() creates a completion port and 2 x CPUs worker threads, then loops on accept(). Each
 * accepted socket is associated with the port (the per-handle data is the completion key) and
 * gets a first WSARecv. Workers loop on GetQueuedCompletionStatus: a finished receive is echoed
 * with WSASend, a finished send posts the next WSARecv. The per-I/O structure starts with its
 * OVERLAPPED, so the OVERLAPPED pointer GetQueuedCompletionStatus returns is the structure.
 *
 * Plain Win32 C: builds unmodified with overlapped on Linux and with mingw-w64 for Windows.
 *   run:   iocp_echo_server [port]     (default 5150; 0 picks a free port)
 *   poke:  nc 127.0.0.1 5150
 */
#include <winsock2.h>
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>

#pragma comment(lib, "ws2_32.lib")

#define DEFAULT_PORT 5150
#define DATA_BUFSIZE 8192
#define RECV_POSTED 0
#define SEND_POSTED 1

typedef struct _PER_HANDLE_DATA {
    SOCKET Socket;
    SOCKADDR_IN ClientAddr;
} PER_HANDLE_DATA, *LPPER_HANDLE_DATA;

typedef struct _PER_IO_DATA {
    OVERLAPPED Overlapped;      /* must be first: GetQueuedCompletionStatus hands this back */
    WSABUF DataBuf;
    CHAR Buffer[DATA_BUFSIZE];
    DWORD BytesRECV;
    DWORD BytesSEND;
    int Operation;
} PER_IO_DATA, *LPPER_IO_DATA;

static DWORD WINAPI ServerWorkerThread(LPVOID CompletionPortID);

static int PostRecv(LPPER_HANDLE_DATA PerHandleData, LPPER_IO_DATA PerIoData)
{
    DWORD RecvBytes, Flags = 0;

    ZeroMemory(&PerIoData->Overlapped, sizeof(OVERLAPPED));
    PerIoData->BytesRECV = 0;
    PerIoData->BytesSEND = 0;
    PerIoData->DataBuf.len = DATA_BUFSIZE;
    PerIoData->DataBuf.buf = PerIoData->Buffer;
    PerIoData->Operation = RECV_POSTED;
    if (WSARecv(PerHandleData->Socket, &PerIoData->DataBuf, 1, &RecvBytes, &Flags, &PerIoData->Overlapped,
                NULL) == SOCKET_ERROR) {
        if (WSAGetLastError() != ERROR_IO_PENDING) {
            printf("WSARecv() failed with error %d\n", WSAGetLastError());
            return -1;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    SOCKADDR_IN InternetAddr;
    SOCKET Listen;
    HANDLE CompletionPort;
    SYSTEM_INFO SystemInfo;
    WSADATA wsaData;
    DWORD i, ThreadID;
    int Ret, AddrLen;
    unsigned short Port = DEFAULT_PORT;

    if (argc > 1)
        Port = (unsigned short)atoi(argv[1]);

    if ((Ret = WSAStartup(0x0202, &wsaData)) != 0) {
        printf("WSAStartup failed with error %d\n", Ret);
        return 1;
    }

    /* The completion port, then two worker threads per processor. */
    if ((CompletionPort = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0)) == NULL) {
        printf("CreateIoCompletionPort failed with error: %lu\n", (unsigned long)GetLastError());
        return 1;
    }
    GetSystemInfo(&SystemInfo);
    for (i = 0; i < SystemInfo.dwNumberOfProcessors * 2; i++) {
        HANDLE ThreadHandle;
        if ((ThreadHandle = CreateThread(NULL, 0, ServerWorkerThread, CompletionPort, 0, &ThreadID)) == NULL) {
            printf("CreateThread() failed with error %lu\n", (unsigned long)GetLastError());
            return 1;
        }
        CloseHandle(ThreadHandle);
    }

    if ((Listen = WSASocket(AF_INET, SOCK_STREAM, 0, NULL, 0, WSA_FLAG_OVERLAPPED)) == INVALID_SOCKET) {
        printf("WSASocket() failed with error %d\n", WSAGetLastError());
        return 1;
    }
    InternetAddr.sin_family = AF_INET;
    InternetAddr.sin_addr.s_addr = htonl(INADDR_ANY);
    InternetAddr.sin_port = htons(Port);
    if (bind(Listen, (PSOCKADDR)&InternetAddr, sizeof(InternetAddr)) == SOCKET_ERROR) {
        printf("bind() failed with error %d\n", WSAGetLastError());
        return 1;
    }
    if (listen(Listen, SOMAXCONN) == SOCKET_ERROR) {
        printf("listen() failed with error %d\n", WSAGetLastError());
        return 1;
    }
    AddrLen = sizeof(InternetAddr);
    getsockname(Listen, (PSOCKADDR)&InternetAddr, &AddrLen);
    printf("listening on port %d\n", ntohs(InternetAddr.sin_port));
    fflush(stdout);

    for (;;) {
        LPPER_HANDLE_DATA PerHandleData;
        LPPER_IO_DATA PerIoData;
        SOCKADDR_IN saRemote;
        int RemoteLen = sizeof(saRemote);
        SOCKET Accept;

        if ((Accept = WSAAccept(Listen, (PSOCKADDR)&saRemote, &RemoteLen, NULL, 0)) == INVALID_SOCKET) {
            printf("WSAAccept() failed with error %d\n", WSAGetLastError());
            return 1;
        }
        if ((PerHandleData = (LPPER_HANDLE_DATA)GlobalAlloc(GPTR, sizeof(PER_HANDLE_DATA))) == NULL) {
            printf("GlobalAlloc() failed with error %lu\n", (unsigned long)GetLastError());
            return 1;
        }
        PerHandleData->Socket = Accept;
        memcpy(&PerHandleData->ClientAddr, &saRemote, RemoteLen);

        /* The per-handle data is the completion key. */
        if (CreateIoCompletionPort((HANDLE)Accept, CompletionPort, (ULONG_PTR)PerHandleData, 0) == NULL) {
            printf("CreateIoCompletionPort failed with error %lu\n", (unsigned long)GetLastError());
            return 1;
        }
        if ((PerIoData = (LPPER_IO_DATA)GlobalAlloc(GPTR, sizeof(PER_IO_DATA))) == NULL) {
            printf("GlobalAlloc() failed with error %lu\n", (unsigned long)GetLastError());
            return 1;
        }
        if (PostRecv(PerHandleData, PerIoData) != 0) {
            closesocket(Accept);
            GlobalFree(PerHandleData);
            GlobalFree(PerIoData);
        }
    }
}

static DWORD WINAPI ServerWorkerThread(LPVOID CompletionPortID)
{
    HANDLE CompletionPort = (HANDLE)CompletionPortID;
    DWORD BytesTransferred, SendBytes;
    LPPER_HANDLE_DATA PerHandleData;
    LPPER_IO_DATA PerIoData;
    LPOVERLAPPED Overlapped;

    for (;;) {
        BOOL Ok = GetQueuedCompletionStatus(CompletionPort, &BytesTransferred, (PULONG_PTR)&PerHandleData,
                                            &Overlapped, INFINITE);
        if (Overlapped == NULL) {
            printf("GetQueuedCompletionStatus failed with error %lu\n", (unsigned long)GetLastError());
            return 0;
        }
        PerIoData = (LPPER_IO_DATA)Overlapped;  /* OVERLAPPED is the first member */

        /* An error, or the client closed: release the connection. */
        if (!Ok || BytesTransferred == 0) {
            closesocket(PerHandleData->Socket);
            GlobalFree(PerHandleData);
            GlobalFree(PerIoData);
            continue;
        }

        if (PerIoData->Operation == RECV_POSTED) {
            PerIoData->BytesRECV = BytesTransferred;
            PerIoData->BytesSEND = 0;
        } else {
            PerIoData->BytesSEND += BytesTransferred;
        }

        if (PerIoData->BytesRECV > PerIoData->BytesSEND) {
            /* Echo what has not been sent yet. */
            ZeroMemory(&PerIoData->Overlapped, sizeof(OVERLAPPED));
            PerIoData->DataBuf.buf = PerIoData->Buffer + PerIoData->BytesSEND;
            PerIoData->DataBuf.len = PerIoData->BytesRECV - PerIoData->BytesSEND;
            PerIoData->Operation = SEND_POSTED;
            if (WSASend(PerHandleData->Socket, &PerIoData->DataBuf, 1, &SendBytes, 0, &PerIoData->Overlapped,
                        NULL) == SOCKET_ERROR) {
                if (WSAGetLastError() != ERROR_IO_PENDING) {
                    printf("WSASend() failed with error %d\n", WSAGetLastError());
                    closesocket(PerHandleData->Socket);
                    GlobalFree(PerHandleData);
                    GlobalFree(PerIoData);
                }
            }
        } else {
            if (PostRecv(PerHandleData, PerIoData) != 0) {
                closesocket(PerHandleData->Socket);
                GlobalFree(PerHandleData);
                GlobalFree(PerIoData);
            }
        }
    }
}
