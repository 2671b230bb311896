/* Small kernel32/ws2_32 services: Interlocked*, GetSystemInfo, GetTickCount(64),
 * QueryPerformanceCounter, FormatMessageA/W, WSAStartup/WSACleanup.
 *
 * Expected values: Microsoft's docs (Interlocked* return values, FormatMessage, WSAStartup);
 * Wine dlls/kernel32/tests/format_msg.c for ERROR_INSUFFICIENT_BUFFER and
 * ERROR_MR_MID_NOT_FOUND; Wine dlls/ws2_32/tests/sock.c test_WithWSAStartup for "the last
 * WSACleanup closes every socket" and the extra WSACleanup error.
 */
#include <winsock2.h>
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#include "ovl_test.h"

static void test_interlocked(void)
{
    volatile LONG v = 5;
    volatile LONG64 v64 = 0x100000000LL;
    LONG r;
    LONG64 r64;
    PVOID p = NULL, old;

    r = InterlockedIncrement(&v);
    ok(r == 6 && v == 6, "InterlockedIncrement returned %d, value %d\n", r, v);
    r = InterlockedDecrement(&v);
    ok(r == 5 && v == 5, "InterlockedDecrement returned %d, value %d\n", r, v);
    r = InterlockedExchange(&v, 9);
    ok(r == 5 && v == 9, "InterlockedExchange returned %d (the old value), value %d\n", r, v);
    r = InterlockedExchangeAdd(&v, 3);
    ok(r == 9 && v == 12, "InterlockedExchangeAdd returned %d (the old value), value %d\n", r, v);
    r = InterlockedCompareExchange(&v, 100, 11);
    ok(r == 12 && v == 12, "failed InterlockedCompareExchange returned %d, value %d\n", r, v);
    r = InterlockedCompareExchange(&v, 100, 12);
    ok(r == 12 && v == 100, "InterlockedCompareExchange returned %d, value %d\n", r, v);
    r = InterlockedAnd(&v, 0x0f);
    ok(r == 100 && v == (100 & 0x0f), "InterlockedAnd returned %d, value %d\n", r, v);
    r = InterlockedOr(&v, 0x30);
    ok(r == 4 && v == 0x34, "InterlockedOr returned %d, value %d\n", r, v);
    r = InterlockedXor(&v, 0x04);
    ok(r == 0x34 && v == 0x30, "InterlockedXor returned %d, value %d\n", r, v);

    v = 0x7fffffff;
    r = InterlockedIncrement(&v);
    ok(r == (LONG)0x80000000, "InterlockedIncrement wraps: %d\n", r);

    r64 = InterlockedIncrement64(&v64);
    ok(r64 == 0x100000001LL, "InterlockedIncrement64 returned %#llx\n", (unsigned long long)r64);
    r64 = InterlockedExchange64(&v64, 7);
    ok(r64 == 0x100000001LL && v64 == 7, "InterlockedExchange64 returned %#llx\n", (unsigned long long)r64);
    r64 = InterlockedCompareExchange64(&v64, 0x200000000LL, 7);
    ok(r64 == 7 && v64 == 0x200000000LL, "InterlockedCompareExchange64 returned %#llx\n", (unsigned long long)r64);
    r64 = InterlockedExchangeAdd64(&v64, 1);
    ok(r64 == 0x200000000LL && v64 == 0x200000001LL, "InterlockedExchangeAdd64 returned %#llx\n",
       (unsigned long long)r64);

    old = InterlockedExchangePointer(&p, (PVOID)&v);
    ok(old == NULL && p == (PVOID)&v, "InterlockedExchangePointer returned %p\n", old);
    old = InterlockedCompareExchangePointer(&p, NULL, (PVOID)&v64);
    ok(old == (PVOID)&v && p == (PVOID)&v, "failed InterlockedCompareExchangePointer returned %p\n", old);
    old = InterlockedCompareExchangePointer(&p, NULL, (PVOID)&v);
    ok(old == (PVOID)&v && p == NULL, "InterlockedCompareExchangePointer returned %p\n", old);
}

static void test_system_info(void)
{
    SYSTEM_INFO si;
    memset(&si, 0xcc, sizeof(si));
    GetSystemInfo(&si);
    ok(si.dwNumberOfProcessors >= 1 && si.dwNumberOfProcessors < 100000, "dwNumberOfProcessors %u\n",
       si.dwNumberOfProcessors);
    ok(si.dwPageSize == 4096, "dwPageSize %u\n", si.dwPageSize);
    ok(si.dwAllocationGranularity == 65536, "dwAllocationGranularity %u\n", si.dwAllocationGranularity);
    ok(si.dwActiveProcessorMask != 0, "dwActiveProcessorMask is 0\n");
}

static void test_clocks(void)
{
    DWORD t0, t1;
    ULONGLONG u0, u1;
    LARGE_INTEGER f, c0, c1;

    t0 = GetTickCount();
    u0 = GetTickCount64();
    ok(QueryPerformanceFrequency(&f), "QueryPerformanceFrequency failed\n");
    ok(f.QuadPart > 0, "frequency %lld\n", (long long)f.QuadPart);
    ok(QueryPerformanceCounter(&c0), "QueryPerformanceCounter failed\n");
    Sleep(60);
    t1 = GetTickCount();
    u1 = GetTickCount64();
    QueryPerformanceCounter(&c1);
    ok(t1 - t0 >= 40 && t1 - t0 < 2000, "GetTickCount advanced %u ms over Sleep(60)\n", t1 - t0);
    ok(u1 - u0 >= 40 && u1 - u0 < 2000, "GetTickCount64 advanced %llu ms\n", (unsigned long long)(u1 - u0));
    ok((DWORD)u1 - t1 < 100 || t1 - (DWORD)u1 < 100, "GetTickCount %u and GetTickCount64 %llu disagree\n", t1,
       (unsigned long long)u1);
    ok(c1.QuadPart > c0.QuadPart, "performance counter did not advance\n");
    ok((c1.QuadPart - c0.QuadPart) * 1000 / f.QuadPart >= 40, "performance counter advanced %lld ticks at %lld Hz\n",
       (long long)(c1.QuadPart - c0.QuadPart), (long long)f.QuadPart);
}

static const char connreset_text[] = "An existing connection was forcibly closed by the remote host.\r\n";

static void test_format_message_system(void)
{
    char buf[512];
    char *alloc = NULL;
    DWORD n, len = (DWORD)strlen(connreset_text);

    memset(buf, 0xcc, sizeof(buf));
    SetLastError(0xdeadbeef);
    n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, WSAECONNRESET, 0, buf,
                       sizeof(buf), NULL);
    ok(n == len, "FormatMessageA(WSAECONNRESET) returned %u, error %u\n", n, GetLastError());
    ok(!strcmp(buf, connreset_text), "got \"%s\"\n", buf);

    /* Exactly-fitting buffer needs room for the NUL. */
    SetLastError(0xdeadbeef);
    n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, WSAECONNRESET, 0, buf, len + 1,
                       NULL);
    ok(n == len, "nSize = len + 1: returned %u, error %u\n", n, GetLastError());
    SetLastError(0xdeadbeef);
    n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, WSAECONNRESET, 0, buf, len,
                       NULL);
    ok(n == 0, "nSize = len: returned %u\n", n);
    ok(GetLastError() == ERROR_INSUFFICIENT_BUFFER, "nSize = len: error %u\n", GetLastError());
    SetLastError(0xdeadbeef);
    n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, WSAECONNRESET, 0, buf, 10,
                       NULL);
    ok(n == 0, "too-small buffer: returned %u\n", n);
    ok(GetLastError() == ERROR_INSUFFICIENT_BUFFER && ERROR_INSUFFICIENT_BUFFER == 122, "error %u\n", GetLastError());

    /* ALLOCATE_BUFFER + LocalFree. */
    SetLastError(0xdeadbeef);
    n = FormatMessageA(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL,
                       ERROR_ACCESS_DENIED, 0, (LPSTR)&alloc, 0, NULL);
    ok(n == strlen("Access is denied.\r\n"), "ALLOCATE_BUFFER returned %u, error %u\n", n, GetLastError());
    ok(alloc != NULL && !strcmp(alloc, "Access is denied.\r\n"), "got \"%s\"\n", alloc ? alloc : "(null)");
    ok(LocalFree(alloc) == NULL, "LocalFree failed\n");

    /* A code with no system message: 0 + ERROR_MR_MID_NOT_FOUND (317). */
    SetLastError(0xdeadbeef);
    n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, 0x2000abcd, 0, buf,
                       sizeof(buf), NULL);
    ok(n == 0, "unknown code: returned %u\n", n);
    ok(GetLastError() == ERROR_MR_MID_NOT_FOUND && ERROR_MR_MID_NOT_FOUND == 317, "unknown code: error %u\n",
       GetLastError());
}

static void test_format_message_string(void)
{
    char buf[256];
    DWORD_PTR args[2];
    DWORD n;

    args[0] = (DWORD_PTR) "world";
    args[1] = 42;
    memset(buf, 0xcc, sizeof(buf));
    n = FormatMessageA(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ARGUMENT_ARRAY, "Hello %1, %2!d! items", 0, 0, buf,
                       sizeof(buf), (va_list *)args);
    ok(n == strlen("Hello world, 42 items"), "returned %u, error %u\n", n, GetLastError());
    ok(!strcmp(buf, "Hello world, 42 items"), "got \"%s\"\n", buf);

    /* Escapes: %% -> %, %n -> CRLF, %0 ends the message. */
    n = FormatMessageA(FORMAT_MESSAGE_FROM_STRING, "a%%b%nc%0ignored", 0, 0, buf, sizeof(buf), NULL);
    ok(n == 6 && !strcmp(buf, "a%b\r\nc"), "escapes: returned %u, \"%s\"\n", n, buf);

    /* format_msg.c test_message_ignore_inserts: IGNORE_INSERTS keeps inserts as written and
     * processes only %n, %r, %t (and %0); %%, %. and %! stay as they are. */
    n = FormatMessageA(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_IGNORE_INSERTS, "x %1 y", 0, 0, buf, sizeof(buf),
                       NULL);
    ok(n == 6 && !strcmp(buf, "x %1 y"), "IGNORE_INSERTS: returned %u, \"%s\"\n", n, buf);
    n = FormatMessageA(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_IGNORE_INSERTS, "%%% %.%!", 0, 0, buf, sizeof(buf),
                       NULL);
    ok(n == 8 && !strcmp(buf, "%%% %.%!"), "IGNORE_INSERTS escapes: returned %u, \"%s\"\n", n, buf);
    n = FormatMessageA(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_IGNORE_INSERTS, "%n%r%t", 0, 0, buf, sizeof(buf),
                       NULL);
    ok(n == 4 && !strcmp(buf, "\r\n\r\t"), "IGNORE_INSERTS %%n%%r%%t: returned %u\n", n);
    /* An empty result: 0 with ERROR_NO_WORK_DONE (235). */
    SetLastError(0xdeadbeef);
    n = FormatMessageA(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_IGNORE_INSERTS, "%0test", 0, 0, buf, sizeof(buf),
                       NULL);
    ok(n == 0, "\"%%0test\": returned %u\n", n);
    ok(GetLastError() == 235, "\"%%0test\": error %u, expected ERROR_NO_WORK_DONE\n", GetLastError());

    /* Too small for FROM_STRING too. */
    SetLastError(0xdeadbeef);
    n = FormatMessageA(FORMAT_MESSAGE_FROM_STRING, "test", 0, 0, buf, 1, NULL);
    ok(n == 0, "returned %u\n", n);
    ok(GetLastError() == ERROR_INSUFFICIENT_BUFFER, "error %u\n", GetLastError());
}

static BOOL wide_equals_ascii(const WCHAR *w, const char *a)
{
    while (*a)
        if (*w++ != (WCHAR)(unsigned char)*a++) return FALSE;
    return *w == 0;
}

static void test_format_message_wide(void)
{
    WCHAR buf[256];
    DWORD_PTR args[1];
    DWORD n;

    args[0] = (DWORD_PTR)L"z";
    n = FormatMessageW(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ARGUMENT_ARRAY, L"x %1 y", 0, 0, buf, 256,
                       (va_list *)args);
    ok(n == 5, "FormatMessageW FROM_STRING returned %u, error %u\n", n, GetLastError());
    ok(wide_equals_ascii(buf, "x z y"), "FormatMessageW FROM_STRING: wrong text\n");

    n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, WSAECONNRESET, 0, buf, 256,
                       NULL);
    ok(n == strlen(connreset_text), "FormatMessageW(WSAECONNRESET) returned %u, error %u\n", n, GetLastError());
    ok(wide_equals_ascii(buf, connreset_text), "FormatMessageW(WSAECONNRESET): wrong text\n");

    SetLastError(0xdeadbeef);
    n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, WSAECONNRESET, 0, buf, 5,
                       NULL);
    ok(n == 0 && GetLastError() == ERROR_INSUFFICIENT_BUFFER, "W too small: %u, error %u\n", n, GetLastError());
}

/* Runs with no WSAStartup reference held on entry; leaves none held. */
static void test_startup_cleanup(void)
{
    WSADATA wsa;
    SOCKET s;
    int r;

    memset(&wsa, 0xcc, sizeof(wsa));
    r = WSAStartup(MAKEWORD(2, 2), &wsa);
    ok(r == 0, "WSAStartup(2.2) returned %d\n", r);
    ok(wsa.wVersion == 0x0202, "wVersion %#x\n", wsa.wVersion);
    ok(wsa.wHighVersion == 0x0202, "wHighVersion %#x\n", wsa.wHighVersion);

    memset(&wsa, 0xcc, sizeof(wsa));
    r = WSAStartup(MAKEWORD(1, 1), &wsa);
    ok(r == 0, "WSAStartup(1.1) returned %d\n", r);
    ok(wsa.wVersion == 0x0101, "wVersion %#x\n", wsa.wVersion);
    r = WSACleanup();
    ok(r == 0, "WSACleanup returned %d\n", r);

    /* Version 0.0 is not supported: the error is the return value. */
    r = WSAStartup(MAKEWORD(0, 0), &wsa);
    ok(r == WSAVERNOTSUPPORTED, "WSAStartup(0.0) returned %d\n", r);

    /* The last WSACleanup closes every socket (sock.c test_WithWSAStartup). */
    s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    ok(s != INVALID_SOCKET, "socket failed, error %d\n", WSAGetLastError());
    r = WSACleanup();
    ok(r == 0, "last WSACleanup returned %d\n", r);

    WSASetLastError(0xdeadbeef);
    r = WSACleanup();
    ok(r == SOCKET_ERROR, "extra WSACleanup returned %d\n", r);
    ok(WSAGetLastError() == WSANOTINITIALISED, "extra WSACleanup: error %d\n", WSAGetLastError());

    r = WSAStartup(MAKEWORD(2, 2), &wsa);
    ok(r == 0, "WSAStartup returned %d\n", r);
    {
        struct sockaddr_in to;
        memset(&to, 0, sizeof(to));
        to.sin_family = AF_INET;
        to.sin_port = htons(9);
        to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        WSASetLastError(0xdeadbeef);
        r = sendto(s, "TEST", 4, 0, (struct sockaddr *)&to, sizeof(to));
        ok(r == SOCKET_ERROR, "send on a socket from before WSACleanup returned %d\n", r);
        ok(WSAGetLastError() == WSAENOTSOCK, "error %d\n", WSAGetLastError());
    }
    r = WSACleanup();
    ok(r == 0, "WSACleanup returned %d\n", r);
}

int main(void)
{
    test_interlocked();
    test_system_info();
    test_clocks();
    test_format_message_system();
    test_format_message_string();
    test_format_message_wide();
    test_startup_cleanup();
    return test_finish();
}
