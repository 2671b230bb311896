/* ovl_test.h: the test harness of tests/win32, plain Win32 C so each test also builds with
 * MinGW and runs on Windows or Wine to confirm its expectations.
 *
 *   ok(cond, fmt, ...)        Wine-style check: prints file:line and the message on failure.
 *   ok_(file, line)(cond, fmt, ...)  the same with a caller's location (for helpers).
 *   todo_ovl(cond, fmt, ...)  a known divergence of overlapped from Windows: expected to fail;
 *                             it counts as a failure once it passes (Wine's todo_wine).
 *   skip(fmt, ...)            prints a reason; a test that only skipped exits with 77.
 *   trace(fmt, ...)           prints a note.
 *   test_finish()             prints a summary, returns the exit code: 0 pass, 1 fail, 77 skip.
 *
 * Helpers: tcp_pair() (a connected TCP loopback pair on port 0), udp_pair() (two bound UDP
 * sockets connected to each other), poison_last_error() (SetLastError(0xdeadbeef)),
 * ok_wsa_error(expected) and tick_ms().
 *
 * Everything is static: include it from exactly one translation unit per test program.
 */
#ifndef OVL_TEST_H
#define OVL_TEST_H

#include <winsock2.h>
#include <ws2tcpip.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#if defined(__GNUC__)
#define OVL_TEST_HELPER static __attribute__((unused))
#else
#define OVL_TEST_HELPER static
#endif

static int ovl_test_failures;
static int ovl_test_passes;
static int ovl_test_todos;
static int ovl_test_skips;
static const char *ovl_test_loc_file;
static int ovl_test_loc_line;

static const char *ovl_test_basename(const char *path)
{
    const char *p = strrchr(path, '/');
    const char *q = strrchr(path, '\\');
    if (q && (!p || q > p)) p = q;
    return p ? p + 1 : path;
}

static int ovl_test_vcheck(const char *file, int line, int todo, int cond, const char *fmt, va_list ap)
{
    if (todo) {
        if (cond) {
            ++ovl_test_failures;
            printf("%s:%d: Test succeeded inside todo block (remove todo_ovl): ", ovl_test_basename(file), line);
            vprintf(fmt, ap);
            fflush(stdout);
        } else {
            ++ovl_test_todos;
        }
        return cond;
    }
    if (cond) {
        ++ovl_test_passes;
    } else {
        ++ovl_test_failures;
        printf("%s:%d: Test failed: ", ovl_test_basename(file), line);
        vprintf(fmt, ap);
        fflush(stdout);
    }
    return cond;
}

OVL_TEST_HELPER int ovl_test_check(const char *file, int line, int todo, int cond, const char *fmt, ...)
{
    va_list ap;
    int r;
    va_start(ap, fmt);
    r = ovl_test_vcheck(file, line, todo, cond, fmt, ap);
    va_end(ap);
    return r;
}

OVL_TEST_HELPER int ovl_test_check_at(int cond, const char *fmt, ...)
{
    va_list ap;
    int r;
    va_start(ap, fmt);
    r = ovl_test_vcheck(ovl_test_loc_file, ovl_test_loc_line, 0, cond, fmt, ap);
    va_end(ap);
    return r;
}

OVL_TEST_HELPER void ovl_test_set_loc(const char *file, int line)
{
    ovl_test_loc_file = file;
    ovl_test_loc_line = line;
}

OVL_TEST_HELPER void ovl_test_skip(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    ++ovl_test_skips;
    printf("%s:%d: Tests skipped: ", ovl_test_basename(file), line);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    fflush(stdout);
}

OVL_TEST_HELPER void ovl_test_trace(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    printf("%s:%d: ", ovl_test_basename(file), line);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    fflush(stdout);
}

#define ok(cond, ...) ovl_test_check(__FILE__, __LINE__, 0, !!(cond), __VA_ARGS__)
#define ok_(file, line) (ovl_test_set_loc((file), (line)), ovl_test_check_at)
#define todo_ovl(cond, ...) ovl_test_check(__FILE__, __LINE__, 1, !!(cond), __VA_ARGS__)
#define skip(...) ovl_test_skip(__FILE__, __LINE__, __VA_ARGS__)
#define trace(...) ovl_test_trace(__FILE__, __LINE__, __VA_ARGS__)

OVL_TEST_HELPER int test_finish(void)
{
    printf("%d tests executed (%d marked as todo, %d failures), %d skipped.\n",
           ovl_test_passes + ovl_test_failures + ovl_test_todos, ovl_test_todos, ovl_test_failures,
           ovl_test_skips);
    fflush(stdout);
    if (ovl_test_failures) return 1;
    if (ovl_test_skips && !ovl_test_passes && !ovl_test_todos) return 77;
    return 0;
}

/* ---- helpers -------------------------------------------------------------------------- */

OVL_TEST_HELPER void poison_last_error(void) { SetLastError(0xdeadbeef); }

OVL_TEST_HELPER DWORD tick_ms(void) { return GetTickCount(); }

/* Checks the last error in a helper-friendly way: ok_wsa_error(WSAEFAULT). */
#define ok_wsa_error(expected)                                                                   \
    do {                                                                                         \
        int ovl_e_ = WSAGetLastError();                                                          \
        ok(ovl_e_ == (int)(expected), "expected error %d, got %d\n", (int)(expected), ovl_e_);  \
    } while (0)

/* A connected TCP loopback pair on an ephemeral port. Returns 0, or -1 (both INVALID_SOCKET)
 * after reporting the failure at the caller's line. */
#define tcp_pair(client, server) ovl_tcp_pair(__FILE__, __LINE__, (client), (server))
OVL_TEST_HELPER int ovl_tcp_pair(const char *file, int line, SOCKET *client, SOCKET *server)
{
    struct sockaddr_in addr;
    int len = sizeof(addr);
    SOCKET listener = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);

    *client = *server = INVALID_SOCKET;
    memset(&addr, 0, sizeof(addr));
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (listener == INVALID_SOCKET || bind(listener, (struct sockaddr *)&addr, sizeof(addr)) ||
        getsockname(listener, (struct sockaddr *)&addr, &len) || listen(listener, 1))
        goto fail;
    *client = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    if (*client == INVALID_SOCKET || connect(*client, (struct sockaddr *)&addr, sizeof(addr))) goto fail;
    *server = accept(listener, NULL, NULL);
    if (*server == INVALID_SOCKET) goto fail;
    closesocket(listener);
    return 0;
fail:
    ovl_test_check(file, line, 0, 0, "tcp_pair failed, error %d\n", WSAGetLastError());
    if (listener != INVALID_SOCKET) closesocket(listener);
    if (*client != INVALID_SOCKET) closesocket(*client);
    if (*server != INVALID_SOCKET) closesocket(*server);
    *client = *server = INVALID_SOCKET;
    return -1;
}

/* Two UDP sockets bound to 127.0.0.1 on ephemeral ports and connected to each other. */
#define udp_pair(a, b) ovl_udp_pair(__FILE__, __LINE__, (a), (b))
OVL_TEST_HELPER int ovl_udp_pair(const char *file, int line, SOCKET *a, SOCKET *b)
{
    struct sockaddr_in aa, ba;
    int len;

    *a = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    *b = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    memset(&aa, 0, sizeof(aa));
    aa.sin_family = AF_INET;
    aa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ba = aa;
    if (*a == INVALID_SOCKET || *b == INVALID_SOCKET) goto fail;
    if (bind(*a, (struct sockaddr *)&aa, sizeof(aa)) || bind(*b, (struct sockaddr *)&ba, sizeof(ba))) goto fail;
    len = sizeof(aa);
    if (getsockname(*a, (struct sockaddr *)&aa, &len)) goto fail;
    len = sizeof(ba);
    if (getsockname(*b, (struct sockaddr *)&ba, &len)) goto fail;
    if (connect(*a, (struct sockaddr *)&ba, sizeof(ba)) || connect(*b, (struct sockaddr *)&aa, sizeof(aa)))
        goto fail;
    return 0;
fail:
    ovl_test_check(file, line, 0, 0, "udp_pair failed, error %d\n", WSAGetLastError());
    if (*a != INVALID_SOCKET) closesocket(*a);
    if (*b != INVALID_SOCKET) closesocket(*b);
    *a = *b = INVALID_SOCKET;
    return -1;
}

/* Reads an OVERLAPPED field the library may be writing from another thread (atomic, so
 * ThreadSanitizer sees the same contract HasOverlappedIoCompleted follows). */
#define OV_LOAD(field) __atomic_load_n(&(field), __ATOMIC_ACQUIRE)

#endif /* OVL_TEST_H */
