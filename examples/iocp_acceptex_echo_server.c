/*
 * iocp_acceptex_echo_server.c — a completion-port echo server that accepts with AcceptEx.
 *
 * The listening socket is associated with the completion port and a pool of AcceptEx calls is
 * kept posted (each with a pre-created accept socket and no receive data), so accepts complete
 * on the port like any other I/O and no thread blocks in accept(). Worker threads (2 x CPUs)
 * loop on GetQueuedCompletionStatus: a finished AcceptEx gets SO_UPDATE_ACCEPT_CONTEXT, its
 * socket is associated with the port and receives; receives are echoed; a fresh AcceptEx
 * replaces the one that completed. The extension functions come from WSAIoctl
 * (SIO_GET_EXTENSION_FUNCTION_POINTER), as real servers fetch them.
 *
 * Plain Win32 C: builds unmodified with overlapped on Linux and with mingw-w64 for Windows.
 *   run:   iocp_acceptex_echo_server [port]     (default 5150; 0 picks a free port)
 */
#include <winsock2.h>
#include <mswsock.h>
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>

#pragma comment(lib, "ws2_32.lib")
#pragma comment(lib, "mswsock.lib")

#define DEFAULT_PORT 5150
#define DATA_BUFSIZE 8192
#define ACCEPT_POOL 64
#define ADDRLEN (sizeof(SOCKADDR_IN) + 16)

enum { OP_ACCEPT, OP_RECV, OP_SEND };

typedef struct _IO_CONTEXT {
    OVERLAPPED Overlapped;  /* first member: GetQueuedCompletionStatus returns it */
    int Operation;
    SOCKET Socket;
    WSABUF DataBuf;
    DWORD BytesRECV;
    DWORD BytesSEND;
    CHAR Buffer[DATA_BUFSIZE];
} IO_CONTEXT, *LPIO_CONTEXT;

static SOCKET ListenSocket;
static HANDLE CompletionPort;
static LPFN_ACCEPTEX pAcceptEx;
static LPFN_GETACCEPTEXSOCKADDRS pGetAcceptExSockaddrs;

static void CloseContext(LPIO_CONTEXT Ctx)
{
    closesocket(Ctx->Socket);
    GlobalFree(Ctx);
}

static BOOL PostAccept(void)
{
    DWORD Bytes;
    LPIO_CONTEXT Ctx = (LPIO_CONTEXT)GlobalAlloc(GPTR, sizeof(IO_CONTEXT));
    if (Ctx == NULL)
        return FALSE;
    Ctx->Operation = OP_ACCEPT;
    Ctx->Socket = WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    if (Ctx->Socket == INVALID_SOCKET) {
        GlobalFree(Ctx);
        return FALSE;
    }
    if (!pAcceptEx(ListenSocket, Ctx->Socket, Ctx->Buffer, 0, ADDRLEN, ADDRLEN, &Bytes, &Ctx->Overlapped) &&
        WSAGetLastError() != ERROR_IO_PENDING) {
        printf("AcceptEx failed with error %d\n", WSAGetLastError());
        CloseContext(Ctx);
        return FALSE;
    }
    return TRUE;
}

static BOOL PostRecv(LPIO_CONTEXT Ctx)
{
    DWORD Flags = 0, Bytes;
    ZeroMemory(&Ctx->Overlapped, sizeof(OVERLAPPED));
    Ctx->Operation = OP_RECV;
    Ctx->BytesRECV = Ctx->BytesSEND = 0;
    Ctx->DataBuf.buf = Ctx->Buffer;
    Ctx->DataBuf.len = DATA_BUFSIZE;
    if (WSARecv(Ctx->Socket, &Ctx->DataBuf, 1, &Bytes, &Flags, &Ctx->Overlapped, NULL) == SOCKET_ERROR &&
        WSAGetLastError() != WSA_IO_PENDING)
        return FALSE;
    return TRUE;
}

static BOOL PostSend(LPIO_CONTEXT Ctx)
{
    DWORD Bytes;
    ZeroMemory(&Ctx->Overlapped, sizeof(OVERLAPPED));
    Ctx->Operation = OP_SEND;
    Ctx->DataBuf.buf = Ctx->Buffer + Ctx->BytesSEND;
    Ctx->DataBuf.len = Ctx->BytesRECV - Ctx->BytesSEND;
    if (WSASend(Ctx->Socket, &Ctx->DataBuf, 1, &Bytes, 0, &Ctx->Overlapped, NULL) == SOCKET_ERROR &&
        WSAGetLastError() != WSA_IO_PENDING)
        return FALSE;
    return TRUE;
}

static DWORD WINAPI Worker(LPVOID Param)
{
    DWORD Bytes;
    ULONG_PTR Key;
    LPOVERLAPPED Ov;

    (void)Param;
    for (;;) {
        BOOL Ok = GetQueuedCompletionStatus(CompletionPort, &Bytes, &Key, &Ov, INFINITE);
        LPIO_CONTEXT Ctx = (LPIO_CONTEXT)Ov;
        if (Ctx == NULL)
            return 0;  /* the port is gone */

        switch (Ctx->Operation) {
        case OP_ACCEPT:
            PostAccept();  /* keep the pool full */
            if (!Ok) {
                CloseContext(Ctx);
                break;
            }
            setsockopt(Ctx->Socket, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, (char *)&ListenSocket,
                       sizeof(ListenSocket));
            if (CreateIoCompletionPort((HANDLE)Ctx->Socket, CompletionPort, 0, 0) == NULL || !PostRecv(Ctx))
                CloseContext(Ctx);
            break;
        case OP_RECV:
            if (!Ok || Bytes == 0) {
                CloseContext(Ctx);
                break;
            }
            Ctx->BytesRECV = Bytes;
            Ctx->BytesSEND = 0;
            if (!PostSend(Ctx))
                CloseContext(Ctx);
            break;
        case OP_SEND:
            if (!Ok) {
                CloseContext(Ctx);
                break;
            }
            Ctx->BytesSEND += Bytes;
            if (Ctx->BytesSEND < Ctx->BytesRECV ? !PostSend(Ctx) : !PostRecv(Ctx))
                CloseContext(Ctx);
            break;
        }
    }
}

int main(int argc, char **argv)
{
    WSADATA wsaData;
    SOCKADDR_IN Addr;
    SYSTEM_INFO Info;
    GUID GuidAcceptEx = WSAID_ACCEPTEX, GuidSockaddrs = WSAID_GETACCEPTEXSOCKADDRS;
    DWORD Bytes, i;
    int Len;

    if (WSAStartup(MAKEWORD(2, 2), &wsaData) != 0)
        return 1;
    CompletionPort = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    ListenSocket = WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    ZeroMemory(&Addr, sizeof(Addr));
    Addr.sin_family = AF_INET;
    Addr.sin_addr.s_addr = htonl(INADDR_ANY);
    Addr.sin_port = htons(argc > 1 ? (u_short)atoi(argv[1]) : DEFAULT_PORT);
    if (bind(ListenSocket, (SOCKADDR *)&Addr, sizeof(Addr)) == SOCKET_ERROR || listen(ListenSocket, SOMAXCONN)) {
        printf("bind/listen failed with error %d\n", WSAGetLastError());
        return 1;
    }
    if (WSAIoctl(ListenSocket, SIO_GET_EXTENSION_FUNCTION_POINTER, &GuidAcceptEx, sizeof(GuidAcceptEx), &pAcceptEx,
                 sizeof(pAcceptEx), &Bytes, NULL, NULL) == SOCKET_ERROR ||
        WSAIoctl(ListenSocket, SIO_GET_EXTENSION_FUNCTION_POINTER, &GuidSockaddrs, sizeof(GuidSockaddrs),
                 &pGetAcceptExSockaddrs, sizeof(pGetAcceptExSockaddrs), &Bytes, NULL, NULL) == SOCKET_ERROR) {
        printf("WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER) failed with error %d\n", WSAGetLastError());
        return 1;
    }
    if (CreateIoCompletionPort((HANDLE)ListenSocket, CompletionPort, 0, 0) == NULL) {
        printf("CreateIoCompletionPort failed with error %lu\n", (unsigned long)GetLastError());
        return 1;
    }
    Len = sizeof(Addr);
    getsockname(ListenSocket, (SOCKADDR *)&Addr, &Len);
    printf("listening on port %d\n", ntohs(Addr.sin_port));
    fflush(stdout);

    for (i = 0; i < ACCEPT_POOL; i++)
        PostAccept();
    GetSystemInfo(&Info);
    for (i = 0; i < Info.dwNumberOfProcessors * 2; i++)
        CloseHandle(CreateThread(NULL, 0, Worker, NULL, 0, NULL));
    Sleep(INFINITE);
    return 0;
}
