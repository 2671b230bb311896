// headers_compile_cpp.cpp: proves the include/win32 headers compile as C++20
// with -Wall -Wextra, that libstdc++ headers included after <windows.h> still
// compile (min/max are templates, not macros), and that the Windows x64 sizes
// hold. Build (syntax only):
//   g++ -std=c++20 -Wall -Wextra -fsyntax-only -Iinclude/win32 tests/win32/headers_compile_cpp.cpp
// -DOVL_ORDER_STD_FIRST includes the C++ standard headers before <windows.h>.
#ifdef OVL_ORDER_STD_FIRST
#include <algorithm>
#include <iostream>
#include <string>
#include <thread>
#include <vector>
#endif
#include <WinSock2.h>
#include <Ws2tcpip.h>
#include <Mswsock.h>
#include <Windows.h>
#include <process.h>
#include <tchar.h>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>
#include <cstddef>

static_assert(sizeof(DWORD) == 4);
static_assert(sizeof(u_long) == 4);
static_assert(sizeof(ULONG_PTR) == 8);
static_assert(sizeof(HANDLE) == 8);
static_assert(sizeof(OVERLAPPED) == 32);
static_assert(sizeof(CRITICAL_SECTION) == 40);
static_assert(sizeof(WSABUF) == 16);
static_assert(offsetof(WSABUF, buf) == 8);
static_assert(sizeof(struct sockaddr_in6) == 28);
static_assert(sizeof(SOCKADDR_STORAGE) == 128);
static_assert(sizeof(fd_set) == 8 + 64 * 8);
static_assert(sizeof(SYSTEM_INFO) == 48);
static_assert(sizeof(WSANETWORKEVENTS) == 44);
static_assert(sizeof(WSADATA) == 408);
static_assert(std::is_same_v<SIZE_T, std::size_t>, "SIZE_T is size_t, as on Windows");
#ifndef NOMINMAX
static_assert(std::is_same_v<decltype(min(DWORD(1), 2)), unsigned int>);
static_assert(min(3, 4) == 3 && max(3u, 4) == 4u);
#endif

struct per_io {
    WSAOVERLAPPED ov;
    WSABUF buf;
    char data[256];
};

class session {
public:
    void add_ref() { InterlockedIncrement(&refs_); }
    bool release() { return InterlockedDecrement(&refs_) == 0; }

private:
    volatile long refs_ = 1; // `long` as Windows code writes it (64 bits here)
};

static unsigned __stdcall worker(void *arg)
{
    HANDLE port = static_cast<HANDLE>(arg);
    DWORD bytes = 0;
    ULONG_PTR key = 0;
    LPOVERLAPPED ov = nullptr;
    while (GetQueuedCompletionStatus(port, &bytes, &key, &ov, INFINITE)) {
        per_io *io = CONTAINING_RECORD(ov, per_io, ov);
        (void)io;
        if (key == 0)
            break;
    }
    return 0;
}

int main()
{
    WSADATA wsa;
    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0)
        return 1;
    SOCKET s = WSASocket(AF_INET6, SOCK_STREAM, IPPROTO_TCP, nullptr, 0, WSA_FLAG_OVERLAPPED);
    sockaddr_in6 sin6{};
    sin6.sin6_family = AF_INET6;
    sin6.sin6_port = htons(5150);
    sin6.sin6_addr = in6addr_any;
    int off = 0;
    setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, reinterpret_cast<const char *>(&off), sizeof(off));
    ::bind(s, reinterpret_cast<sockaddr *>(&sin6), sizeof(sin6));
    ::listen(s, SOMAXCONN);

    GUID guid = WSAID_ACCEPTEX;
    LPFN_ACCEPTEX accept_ex = nullptr;
    DWORD bytes = 0;
    WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &guid, sizeof(guid), &accept_ex, sizeof(accept_ex), &bytes,
             nullptr, nullptr);
    if (IsEqualGUID(guid, GUID(WSAID_ACCEPTEX)))
        std::cout << "acceptex guid ok\n";

    HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, nullptr, 0, 0);
    HANDLE t = reinterpret_cast<HANDLE>(_beginthreadex(nullptr, 0, worker, port, 0, nullptr));
    per_io io{};
    io.buf.buf = io.data;
    io.buf.len = sizeof(io.data);
    DWORD flags = 0;
    if (WSARecv(s, &io.buf, 1, &bytes, &flags, &io.ov, nullptr) == SOCKET_ERROR &&
        WSAGetLastError() != WSA_IO_PENDING)
        std::cerr << "WSARecv failed: " << WSAGetLastError() << '\n';
    PostQueuedCompletionStatus(port, 0, 0, nullptr);
    WaitForSingleObject(t, INFINITE);
    CloseHandle(t);

    fd_set rd;
    FD_ZERO(&rd);
    FD_SET(s, &rd);
    timeval tv{0, 0};
    select(0, &rd, nullptr, nullptr, &tv);

    session sess;
    sess.add_ref();
    (void)sess.release();
    volatile LONG counter = 0;
    InterlockedExchange(&counter, 7);
    InterlockedCompareExchange(&counter, 8, 7);
    LONGLONG big = 0;
    InterlockedAdd64(&big, 5);

    std::vector<int> v{3, 1, 2};
    std::sort(v.begin(), v.end());
    int lo = std::min(v[0], v[1]);
    int hi = (std::max)(v[1], v[2]);
#ifndef NOMINMAX
    DWORD capped = min(bytes, 100);
#else
    DWORD capped = std::min<DWORD>(bytes, 100);
#endif
    auto lim = std::numeric_limits<int>::max();
    std::string name(NI_MAXHOST, '\0');
    gethostname(name.data(), static_cast<int>(name.size()));
    std::thread th([] { SleepEx(0, TRUE); });
    th.join();
    const TCHAR *generic_text = TEXT("x");
    const _TCHAR *crt_text = _T("y");
    std::cout << lo << hi << capped << lim << (generic_text != nullptr) << (crt_text != nullptr) << '\n';
    EnterCriticalSection(nullptr);
    MessageBoxA(nullptr, "text", "caption", MB_OK);
    closesocket(s);
    CloseHandle(port);
    WSACleanup();
    return 0;
}
