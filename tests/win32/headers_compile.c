/* headers_compile.c: proves the include/win32 headers compile as C11 with
 * -Wall -Wextra, in the include orders real programs use, and that the
 * Windows x64 sizes and a sample of Windows constant values hold.
 *
 * Build (syntax only, nothing to link):
 *   gcc -std=c11 -Wall -Wextra -fsyntax-only -Iinclude/win32 tests/win32/headers_compile.c
 * -DOVL_ORDER_WINSOCK_FIRST puts <winsock2.h> before the C library headers;
 * the default puts <stdlib.h> and <sys/types.h> first.
 */
#ifdef OVL_ORDER_WINSOCK_FIRST
#include <winsock2.h>
#include <ws2tcpip.h>
#include <mswsock.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/time.h>
#include <sys/select.h>
#include <unistd.h>
#include <stdio.h>
#else
#include <stdlib.h>
#include <stdio.h>
#include <sys/types.h>
#include <unistd.h>
#include <WinSock2.h>
#include <WS2tcpip.h>
#include <MSWSock.h>
#endif
#include <Windows.h>
#include <windows.h>
#include <winsock.h>
#include <process.h>
#include <tchar.h>
#include <mstcpip.h>
#include <guiddef.h>
#include <basetsd.h>
#include <winerror.h>
#include <stddef.h>

/* sizes and layouts (Windows x64) */
_Static_assert(sizeof(DWORD) == 4, "DWORD");
_Static_assert(sizeof(LONG) == 4, "LONG");
_Static_assert(sizeof(u_long) == 4, "u_long");
_Static_assert(sizeof(ULONG_PTR) == 8, "ULONG_PTR");
_Static_assert(sizeof(HANDLE) == 8, "HANDLE");
_Static_assert(sizeof(SOCKET) == 8, "SOCKET");
_Static_assert(sizeof(OVERLAPPED) == 32, "OVERLAPPED");
_Static_assert(sizeof(WSAOVERLAPPED) == 32, "WSAOVERLAPPED");
_Static_assert(sizeof(CRITICAL_SECTION) == 40, "CRITICAL_SECTION");
_Static_assert(sizeof(WSABUF) == 16, "WSABUF");
_Static_assert(offsetof(WSABUF, buf) == 8, "WSABUF.buf");
_Static_assert(sizeof(struct sockaddr_in) == 16, "sockaddr_in");
_Static_assert(sizeof(struct sockaddr_in6) == 28, "sockaddr_in6");
_Static_assert(sizeof(SOCKADDR_STORAGE) == 128, "SOCKADDR_STORAGE");
_Static_assert(sizeof(fd_set) == 8 + 64 * 8, "fd_set");
_Static_assert(sizeof(SYSTEM_INFO) == 48, "SYSTEM_INFO");
_Static_assert(sizeof(WSANETWORKEVENTS) == 44, "WSANETWORKEVENTS");
_Static_assert(sizeof(WSADATA) == 408, "WSADATA");
_Static_assert(sizeof(OVERLAPPED_ENTRY) == 32, "OVERLAPPED_ENTRY");
_Static_assert(sizeof(GUID) == 16, "GUID");
_Static_assert(sizeof(struct addrinfo) == 48, "addrinfo");
_Static_assert(sizeof(socklen_t) == 4 && (socklen_t)-1 < 0, "socklen_t is int");

/* a sample of values that differ from Linux */
_Static_assert(AF_INET6 == 23, "AF_INET6");
_Static_assert(SOL_SOCKET == 0xffff, "SOL_SOCKET");
_Static_assert(SO_REUSEADDR == 4, "SO_REUSEADDR");
_Static_assert(SO_RCVTIMEO == 0x1006, "SO_RCVTIMEO");
_Static_assert(SO_EXCLUSIVEADDRUSE == -5, "SO_EXCLUSIVEADDRUSE");
_Static_assert(SO_UPDATE_ACCEPT_CONTEXT == 0x700B, "SO_UPDATE_ACCEPT_CONTEXT");
_Static_assert(FIONBIO == 0x8004667EU, "FIONBIO");
_Static_assert(FIONREAD == 0x4004667FU, "FIONREAD");
_Static_assert(SIOCATMARK == 0x40047307U, "SIOCATMARK");
_Static_assert(SIO_GET_EXTENSION_FUNCTION_POINTER == 0xC8000006U, "SIO_GET_EXTENSION_FUNCTION_POINTER");
_Static_assert(SIO_KEEPALIVE_VALS == 0x98000004U, "SIO_KEEPALIVE_VALS");
_Static_assert(SIO_ADDRESS_LIST_QUERY == 0x48000016U, "SIO_ADDRESS_LIST_QUERY");
_Static_assert(IPV6_V6ONLY == 27 && IP_TTL == 4 && IP_ADD_MEMBERSHIP == 12, "IP options");
_Static_assert(TCP_KEEPIDLE == 3 && TCP_KEEPINTVL == 17 && TCP_KEEPCNT == 16, "TCP keepalive");
_Static_assert(MSG_WAITALL == 8 && MSG_PARTIAL == 0x8000, "MSG flags");
_Static_assert(POLLIN == 0x0300 && POLLOUT == 0x0010 && POLLHUP == 2, "POLL flags");
_Static_assert(AI_ADDRCONFIG == 0x400 && AI_V4MAPPED == 0x800 && NI_NUMERICHOST == 2, "AI/NI flags");
_Static_assert(EAI_NONAME == 11001 && EAI_AGAIN == 11002, "EAI codes");
_Static_assert(WSAEWOULDBLOCK == 10035 && WSAECONNRESET == 10054 && WSAEDISCON == 10101, "WSA codes");
_Static_assert(WSA_IO_PENDING == 997 && WSA_WAIT_IO_COMPLETION == 0xC0, "WSA overlapped");
_Static_assert(ERROR_NETNAME_DELETED == 64 && ERROR_CONNECTION_ABORTED == 1236, "Win32 codes");
_Static_assert(WAIT_TIMEOUT == 258 && WAIT_FAILED == 0xFFFFFFFF && STATUS_PENDING == 0x103, "waits");
_Static_assert(FD_CLOSE == 32 && FD_ALL_EVENTS == 0x3ff, "FD events");
_Static_assert(FD_SETSIZE == 64, "FD_SETSIZE");
_Static_assert(INET6_ADDRSTRLEN == 65 && NI_MAXHOST == 1025, "string lengths");

static const GUID guid_acceptex = WSAID_ACCEPTEX;
static const GUID guid_connectex = WSAID_CONNECTEX;
static const GUID guid_wsasendmsg = WSAID_WSASENDMSG;
static const struct in6_addr any6 = IN6ADDR_ANY_INIT;
static const struct in6_addr loop6 = IN6ADDR_LOOPBACK_INIT;

static DWORD WINAPI thread_main(LPVOID arg)
{
    UNREFERENCED_PARAMETER(arg);
    return 0;
}

static unsigned __stdcall crt_thread_main(void *arg)
{
    (void)arg;
    return 0;
}

static void CALLBACK on_recv(DWORD err, DWORD bytes, LPWSAOVERLAPPED ov, DWORD flags)
{
    (void)err, (void)bytes, (void)ov, (void)flags;
}

/* Never run: only has to compile. */
int _tmain(int argc, _TCHAR *argv[])
{
    WSADATA wsa;
    SOCKET s;
    struct sockaddr_in sin;
    fd_set rd;
    struct timeval tv = {1, 0};
    u_long nb = 1;
    WSAOVERLAPPED ov;
    WSABUF buf;
    DWORD bytes = 0, flags = 0;
    char data[64];
    LPFN_ACCEPTEX accept_ex = NULL;
    GUID g = WSAID_ACCEPTEX;
    HANDLE port, thread;
    CRITICAL_SECTION cs;
    SYSTEM_INFO si;
    volatile LONG counter = 0;
    long wide_counter = 0;
    LONG64 big = 0;
    PVOID slot = NULL;
    struct addrinfo hints, *res = NULL;
    char host[NI_MAXHOST];
    LPSTR msg = NULL;
    WSANETWORKEVENTS ne;
    WSAEVENT ev;
    int len = (int)sizeof(sin);
    TCHAR text[] = TEXT("hello");
    ULONG_PTR key = 0;
    LPOVERLAPPED pov = NULL;

    (void)argc, (void)argv;
    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0)
        return 1;
    s = WSASocket(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    ZeroMemory(&sin, sizeof(sin));
    sin.sin_family = AF_INET;
    sin.sin_port = htons(5150);
    sin.sin_addr.s_addr = htonl(INADDR_ANY);
    sin.sin_addr.S_un.S_addr = inet_addr("127.0.0.1");
    bind(s, (SOCKADDR *)&sin, sizeof(sin));
    listen(s, SOMAXCONN);
    getsockname(s, (struct sockaddr *)&sin, &len);
    ioctlsocket(s, FIONBIO, &nb);
    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, (const char *)&nb, sizeof(nb));
    FD_ZERO(&rd);
    FD_SET(s, &rd);
    FD_CLR(s, &rd);
    if (select(0, &rd, NULL, NULL, &tv) > 0 && FD_ISSET(s, &rd))
        accept(s, NULL, NULL);
    ZeroMemory(&ov, sizeof(ov));
    ov.hEvent = WSACreateEvent();
    ov.Offset = 0;
    buf.len = sizeof(data);
    buf.buf = data;
    if (WSARecv(s, &buf, 1, &bytes, &flags, &ov, NULL) == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING)
        WSAGetOverlappedResult(s, &ov, &bytes, TRUE, &flags);
    WSARecv(s, &buf, 1, &bytes, &flags, &ov, on_recv);
    (void)HasOverlappedIoCompleted(&ov);
    WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &g, sizeof(g), &accept_ex, sizeof(accept_ex), &bytes, NULL,
             NULL);
    (void)IsEqualGUID(&g, &guid_acceptex);
    (void)guid_connectex, (void)guid_wsasendmsg, (void)any6, (void)loop6;
    AcceptEx(s, s, data, 0, sizeof(SOCKADDR_IN) + 16, sizeof(SOCKADDR_IN) + 16, &bytes, &ov);
    port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    CreateIoCompletionPort((HANDLE)s, port, (ULONG_PTR)s, 0);
    GetQueuedCompletionStatus(port, &bytes, &key, &pov, INFINITE);
    PostQueuedCompletionStatus(port, 0, 0, NULL);
    thread = CreateThread(NULL, 0, thread_main, NULL, 0, NULL);
    WaitForSingleObject(thread, INFINITE);
    CloseHandle(thread);
    CloseHandle((HANDLE)_beginthreadex(NULL, 0, crt_thread_main, NULL, 0, NULL));
    InitializeCriticalSection(&cs);
    EnterCriticalSection(&cs);
    LeaveCriticalSection(&cs);
    DeleteCriticalSection(&cs);
    GetSystemInfo(&si);
    printf("%u cpus, arch %u\n", si.dwNumberOfProcessors, (unsigned)si.wProcessorArchitecture);
    InterlockedIncrement(&counter);
    InterlockedDecrement(&wide_counter);
    InterlockedExchangeAdd(&counter, 5);
    (void)InterlockedCompareExchange(&counter, 1, 0);
    InterlockedIncrement64(&big);
    InterlockedExchangePointer(&slot, &cs);
    MemoryBarrier();
    YieldProcessor();
    ZeroMemory(&hints, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    if (getaddrinfo(NULL, "5150", &hints, &res) != 0)
        printf("%s\n", gai_strerrorA(WSAGetLastError()));
    else {
        getnameinfo(res->ai_addr, (socklen_t)res->ai_addrlen, host, sizeof(host), NULL, 0, NI_NUMERICHOST);
        freeaddrinfo(res);
    }
    inet_ntop(AF_INET, &sin.sin_addr, host, sizeof(host));
    inet_pton(AF_INET6, "::1", &sin.sin_addr);
    gethostname(host, (int)sizeof(host));
    ev = WSACreateEvent();
    WSAEventSelect(s, ev, FD_READ | FD_CLOSE);
    WSAWaitForMultipleEvents(1, &ev, FALSE, WSA_INFINITE, TRUE);
    WSAEnumNetworkEvents(s, ev, &ne);
    if (ne.lNetworkEvents & FD_READ && ne.iErrorCode[FD_READ_BIT] == 0)
        WSAResetEvent(ev);
    WSACloseEvent(ev);
    FormatMessageA(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL,
                   WSAGetLastError(), MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT), (LPSTR)&msg, 0, NULL);
    LocalFree(msg);
    MessageBox(NULL, TEXT("text"), TEXT("caption"), MB_OK | MB_ICONINFORMATION);
#ifndef NOMINMAX
    _tprintf(_T("%s %d\n"), text, (int)min(bytes, 10u));
    Sleep(max(1, 2));
#else
    _tprintf(_T("%s\n"), text);
#endif
    SleepEx(0, TRUE);
    shutdown(s, SD_BOTH);
    closesocket(s);
    WSACleanup();
    return 0;
}
