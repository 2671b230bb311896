/* real_program.c: a small Winsock program written the way real Windows sources are, compiled
 * unmodified against include/win32 as C (this file) and as C++ (real_program_cpp.cpp includes
 * it). It proves, at compile time and at run time:
 *   - mixed-case system includes: <WinSock2.h>, <Windows.h>, <WS2tcpip.h>, <MSWSock.h>;
 *   - #pragma comment(lib, ...) after the includes compiles without any warning under
 *     -Wall -Wextra (ctest compat_real_program.werror_* builds it with -Werror);
 *   - min/max from windows.h in C, and in C++ next to <algorithm>/<vector>/<string> included
 *     after windows.h (std::min, std::max_element and numeric_limits<>::max() still work);
 *   - TCHAR/_T/_tprintf/_tcslen/_tmain in multibyte mode;
 *   - the LLP64 sizes (static asserts): DWORD, LONG, u_long 4; ULONG_PTR, SOCKET, HANDLE 8;
 *     WCHAR is wchar_t, 4 bytes on Linux (docs/porting.md);
 *   - string literals in UTF-8 (this file is saved as UTF-8 with a BOM) and in CP949
 *     (cp949_strings.h) go out over a loopback TCP socket byte for byte unchanged.
 * Exit: 0 pass, 1 fail; the summary line has the tests/harness format.
 * Encoding: keep the BOM at the start of this file and keep cp949_strings.h in CP949.
 */
#include <WinSock2.h>
#include <Windows.h>
#include <WS2tcpip.h>
#include <MSWSock.h>
#include <tchar.h>
#ifdef __cplusplus
#include <algorithm>
#include <limits>
#include <string>
#include <vector>
#endif

#include "cp949_strings.h"

#pragma comment(lib, "ws2_32.lib")
#pragma comment(lib, "mswsock.lib")

#ifdef __cplusplus
#define COMPAT_STATIC_ASSERT(cond, msg) static_assert(cond, msg)
#else
#define COMPAT_STATIC_ASSERT(cond, msg) _Static_assert(cond, msg)
#endif

/* Windows x64 (LLP64) sizes. */
COMPAT_STATIC_ASSERT(sizeof(DWORD) == 4, "DWORD is 32 bits");
COMPAT_STATIC_ASSERT(sizeof(LONG) == 4, "LONG is 32 bits");
COMPAT_STATIC_ASSERT(sizeof(u_long) == 4, "u_long is 32 bits");
COMPAT_STATIC_ASSERT(sizeof(ULONG_PTR) == 8, "ULONG_PTR is 64 bits");
COMPAT_STATIC_ASSERT(sizeof(SOCKET) == 8, "SOCKET is 64 bits");
COMPAT_STATIC_ASSERT(sizeof(HANDLE) == 8, "HANDLE is 64 bits");
/* Differs from Windows (docs/porting.md): WCHAR is wchar_t, 32 bits on Linux. */
COMPAT_STATIC_ASSERT(sizeof(WCHAR) == sizeof(wchar_t) && sizeof(WCHAR) == 4, "WCHAR is wchar_t");
COMPAT_STATIC_ASSERT(sizeof(TCHAR) == 1 && sizeof(_TCHAR) == 1, "multibyte TCHAR");

static const char greeting_utf8[] = "안녕하세요, 세계";
static const unsigned char greeting_utf8_bytes[] = {
    0xEC, 0x95, 0x88, 0xEB, 0x85, 0x95, 0xED, 0x95, 0x98, 0xEC, 0x84, 0xB8,
    0xEC, 0x9A, 0x94, 0x2C, 0x20, 0xEC, 0x84, 0xB8, 0xEA, 0xB3, 0x84};

static int passes, failures;

static void check(int cond, int line, const char *what)
{
    if (cond) {
        ++passes;
    } else {
        ++failures;
        printf("real_program.c:%d: Test failed: %s\n", line, what);
    }
}
#define CHECK(cond) check(!!(cond), __LINE__, #cond)

/* Sends the literal over a connected pair and checks the receiver gets exactly `expect`. */
static void send_literal(SOCKET c, SOCKET s, const char *lit, int len, const unsigned char *expect, int expect_len)
{
    char buf[128];
    int got = 0, r;

    CHECK(len == expect_len);
    CHECK(send(c, lit, len, 0) == len);
    while (got < expect_len) {
        r = recv(s, buf + got, (int)sizeof(buf) - got, 0);
        if (r <= 0) break;
        got += r;
    }
    CHECK(got == expect_len);
    CHECK(memcmp(buf, expect, (size_t)expect_len) == 0);
}

static int loopback_pair(SOCKET *c, SOCKET *s)
{
    SOCKADDR_IN addr;
    int len = sizeof(addr);
    SOCKET l = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);

    ZeroMemory(&addr, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (l == INVALID_SOCKET || bind(l, (SOCKADDR *)&addr, sizeof(addr)) == SOCKET_ERROR ||
        getsockname(l, (SOCKADDR *)&addr, &len) == SOCKET_ERROR || listen(l, SOMAXCONN) == SOCKET_ERROR)
        return -1;
    *c = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (*c == INVALID_SOCKET || connect(*c, (SOCKADDR *)&addr, sizeof(addr)) == SOCKET_ERROR) return -1;
    *s = accept(l, NULL, NULL);
    closesocket(l);
    return *s == INVALID_SOCKET ? -1 : 0;
}

static void test_min_max(void)
{
    DWORD dwSize = 4096;
    int small = -3;
    /* The textbook uses: clamp a DWORD against an int literal, compare ints. */
    DWORD chunk = min(dwSize, 1024);
    CHECK(chunk == 1024);
    CHECK(max(small, 7) == 7);
    CHECK(min(small, 7) == -3);
#ifdef __cplusplus
    std::vector<int> v = {4, 1, 3};
    std::string s = "overlapped";
    std::sort(v.begin(), v.end());
    CHECK(v.front() == 1 && *std::max_element(v.begin(), v.end()) == 4);
    CHECK(std::min(2, 3) == 2 && (std::max)(2, 3) == 3);
    CHECK(min(s.size(), (size_t)4) == 4);
    CHECK(max(s.size(), (size_t)4) == s.size());
    CHECK(std::numeric_limits<int>::max() == 2147483647);
#endif
}

static void test_tchar(void)
{
    TCHAR name[] = _T("overlapped");
    _TCHAR copy[32];
    _tcscpy(copy, name);
    CHECK(_tcslen(copy) == 10);
    CHECK(_tcscmp(copy, _T("overlapped")) == 0);
    _tprintf(_T("%s: TCHAR is %d byte(s)\n"), name, (int)sizeof(TCHAR));
}

int _tmain(int argc, _TCHAR *argv[])
{
    WSADATA wsaData;
    SOCKET c = INVALID_SOCKET, s = INVALID_SOCKET;

    CHECK(argc >= 1 && argv[0] != NULL);
    test_min_max();
    test_tchar();

    CHECK(WSAStartup(MAKEWORD(2, 2), &wsaData) == 0);
    CHECK(loopback_pair(&c, &s) == 0);
    if (c != INVALID_SOCKET && s != INVALID_SOCKET) {
        send_literal(c, s, greeting_utf8, (int)sizeof(greeting_utf8) - 1, greeting_utf8_bytes,
                     (int)sizeof(greeting_utf8_bytes));
        send_literal(c, s, greeting_cp949, (int)sizeof(greeting_cp949) - 1, greeting_cp949_bytes,
                     (int)sizeof(greeting_cp949_bytes));
    }
    closesocket(c);
    closesocket(s);
    WSACleanup();

    printf("%d tests executed (0 marked as todo, %d failures), 0 skipped.\n", passes + failures, failures);
    return failures ? 1 : 0;
}
