/* Completion routines (the overlapped model II): WSARecv, WSASend, WSARecvFrom, WSASendTo and
 * WSAIoctl with an LPWSAOVERLAPPED_COMPLETION_ROUTINE.
 *
 * What is checked, and where the expectation comes from:
 *  - the routine is an APC to the issuing thread: it runs only in that thread's alertable wait,
 *    never in a non-alertable one, and the wait returns WAIT_IO_COMPLETION (MSDN WSARecv,
 *    SleepEx; Wine sock.c test_WSARecv: "SleepEx(1000, TRUE) == WAIT_IO_COMPLETION");
 *  - immediate success still queues it, a synchronous failure queues nothing (MSDN WSARecv:
 *    "the completion routine will be scheduled ... when the overlapped operation completes,
 *    even if it completed immediately");
 *  - with a routine, hEvent is the program's own field: never signalled, never validated
 *    (MSDN WSAOVERLAPPED; Wine sock.c test_WSARecv waits on ov.hEvent and gets WAIT_TIMEOUT);
 *  - dwError is the WSA code, cbTransferred the IO_STATUS_BLOCK Information (Wine ws2_32
 *    socket_apc passes io->Information), the OVERLAPPED is already complete when it runs;
 *  - one alertable wait runs every queued APC in completion order, QueueUserAPC included, and
 *    APCs queued by an APC (a routine that re-arms and completes at once) in the same wait;
 *  - an APC that signals the object the thread waits on still makes the wait return
 *    WAIT_IO_COMPLETION and the object stays signalled (Wine kernel32 sync.c
 *    test_alertable_wait); an object already signalled when the wait starts wins and the APCs
 *    stay queued (NT checks the objects before user APCs: DESIGN.md "Model II");
 *  - the routine may free its OVERLAPPED or reuse it for new I/O from inside itself.
 */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ovl_test.h"

#define T_STATUS_PENDING ((ULONG_PTR)0x103)

/* ---- recording routine ------------------------------------------------------------------ */

struct io
{
    WSAOVERLAPPED ov; /* first: the routine gets &ov and casts back */
    int tag;
    SOCKET s;
    WSABUF wb;
    char buf[64];
    HANDLE set_on_completion; /* optional: the routine sets this event */
};

struct call
{
    int tag;
    DWORD err, bytes, flags, tid;
    LPWSAOVERLAPPED ov;
    HANDLE hevent_seen;
};

#define MAX_CALLS 64
static struct call calls[MAX_CALLS];
static volatile LONG ncalls;

static void reset_calls(void)
{
    memset(calls, 0, sizeof(calls));
    InterlockedExchange(&ncalls, 0);
}

static void CALLBACK record_routine(DWORD err, DWORD bytes, LPWSAOVERLAPPED ov, DWORD flags)
{
    struct io *io = (struct io *)ov;
    LONG n = InterlockedIncrement(&ncalls);
    if (n <= MAX_CALLS)
    {
        calls[n - 1].tag = io->tag;
        calls[n - 1].err = err;
        calls[n - 1].bytes = bytes;
        calls[n - 1].flags = flags;
        calls[n - 1].tid = GetCurrentThreadId();
        calls[n - 1].ov = ov;
        calls[n - 1].hevent_seen = ov->hEvent;
    }
    if (io->set_on_completion) SetEvent(io->set_on_completion);
}

static void CALLBACK record_user_apc(ULONG_PTR data)
{
    LONG n = InterlockedIncrement(&ncalls);
    if (n <= MAX_CALLS)
    {
        calls[n - 1].tag = (int)data;
        calls[n - 1].err = 0xffffffff;
        calls[n - 1].tid = GetCurrentThreadId();
    }
}

static void io_init(struct io *io, SOCKET s, int tag, DWORD len)
{
    memset(io, 0, sizeof(*io));
    io->s = s;
    io->tag = tag;
    io->wb.buf = io->buf;
    io->wb.len = len;
}

/* Waits (without running APCs) until the operation leaves STATUS_PENDING. */
#define wait_done(ov) wait_done_(__FILE__, __LINE__, (ov))
static int wait_done_(const char *file, int line, WSAOVERLAPPED *ov)
{
    DWORD start = GetTickCount();
    while (OV_LOAD(ov->Internal) == T_STATUS_PENDING)
    {
        if (GetTickCount() - start > 5000)
        {
            ovl_test_check(file, line, 0, 0, "operation did not complete\n");
            return 0;
        }
        Sleep(1);
    }
    return 1;
}

static int post_recv(struct io *io)
{
    DWORD flags = 0, bytes = 0xdeadbeef;
    return WSARecv(io->s, &io->wb, 1, &bytes, &flags, &io->ov, record_routine);
}

/* ---- a pending receive ---------------------------------------------------------------------- */

static void test_pending_recv(void)
{
    SOCKET c, s;
    struct io io;
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    DWORD r, bytes, flags;
    ULONG_PTR st;
    int ret;

    if (tcp_pair(&c, &s)) return;
    reset_calls();
    io_init(&io, s, 1, sizeof(io.buf));
    io.ov.hEvent = ev; /* the program's own data when a routine is given */

    poison_last_error();
    ret = post_recv(&io);
    ok(ret == SOCKET_ERROR, "WSARecv returned %d\n", ret);
    ok(WSAGetLastError() == WSA_IO_PENDING, "error %d\n", WSAGetLastError());
    st = OV_LOAD(io.ov.Internal);
    ok(st == T_STATUS_PENDING, "Internal %#lx\n", (unsigned long)st);
    r = SleepEx(0, TRUE);
    ok(r == 0, "nothing completed yet: SleepEx returned %#x\n", r);

    ok(send(c, "hello", 5, 0) == 5, "send failed\n");
    wait_done(&io.ov);
    /* The OVERLAPPED is complete before the routine runs. */
    ok(io.ov.Internal == 0, "Internal %#lx\n", (unsigned long)io.ov.Internal);
    ok(io.ov.InternalHigh == 5, "InternalHigh %lu\n", (unsigned long)io.ov.InternalHigh);
    ok(WSAGetOverlappedResult(s, &io.ov, &bytes, FALSE, &flags) && bytes == 5,
       "WSAGetOverlappedResult before the routine: bytes %u, error %d\n", bytes, WSAGetLastError());

    /* Non-alertable waits never run it. */
    Sleep(20);
    r = SleepEx(20, FALSE);
    ok(r == 0, "SleepEx(20, FALSE) returned %#x\n", r);
    r = WaitForSingleObject(ev, 20);
    ok(r == WAIT_TIMEOUT, "hEvent was signalled although a routine was given: %#x\n", r);
    r = WaitForSingleObjectEx(ev, 20, FALSE);
    ok(r == WAIT_TIMEOUT, "WaitForSingleObjectEx(FALSE) returned %#x\n", r);
    r = WaitForMultipleObjectsEx(1, &ev, FALSE, 20, FALSE);
    ok(r == WAIT_TIMEOUT, "WaitForMultipleObjectsEx(FALSE) returned %#x\n", r);
    r = WSAWaitForMultipleEvents(1, &ev, FALSE, 20, FALSE);
    ok(r == WSA_WAIT_TIMEOUT, "WSAWaitForMultipleEvents(FALSE) returned %#x\n", r);
    ok(ncalls == 0, "the routine ran in a non-alertable wait (%d calls)\n", (int)ncalls);

    r = SleepEx(1000, TRUE);
    ok(r == WAIT_IO_COMPLETION, "SleepEx(alertable) returned %#x\n", r);
    ok(ncalls == 1, "routine ran %d times\n", (int)ncalls);
    ok(calls[0].err == 0, "dwError %u\n", calls[0].err);
    ok(calls[0].bytes == 5, "cbTransferred %u\n", calls[0].bytes);
    ok(calls[0].flags == 0, "dwFlags %#x\n", calls[0].flags);
    ok(calls[0].ov == &io.ov, "lpOverlapped %p, expected %p\n", calls[0].ov, &io.ov);
    ok(calls[0].tid == GetCurrentThreadId(), "ran in thread %u\n", calls[0].tid);
    ok(calls[0].hevent_seen == ev, "hEvent changed to %p\n", calls[0].hevent_seen);
    ok(!memcmp(io.buf, "hello", 5), "data %.5s\n", io.buf);
    r = WaitForSingleObject(ev, 0);
    ok(r == WAIT_TIMEOUT, "hEvent signalled after the routine: %#x\n", r);

    /* Exactly once. */
    r = SleepEx(0, TRUE);
    ok(r == 0, "second alertable wait returned %#x\n", r);
    ok(ncalls == 1, "routine ran %d times\n", (int)ncalls);

    closesocket(c);
    closesocket(s);
    CloseHandle(ev);
}

/* hEvent is not looked at: any value, even one that is not a handle, is the program's. */
static void test_hevent_is_app_data(void)
{
    SOCKET c, s;
    struct io rio, sio;
    HANDLE junk = (HANDLE)(ULONG_PTR)0x13572468;
    DWORD r, bytes = 0;
    int ret;

    if (tcp_pair(&c, &s)) return;
    reset_calls();
    io_init(&rio, s, 1, sizeof(rio.buf));
    rio.ov.hEvent = junk;
    poison_last_error();
    ret = post_recv(&rio);
    ok(ret == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING, "WSARecv: %d, error %d\n", ret,
       WSAGetLastError());

    io_init(&sio, c, 2, 3);
    memcpy(sio.buf, "abc", 3);
    sio.ov.hEvent = junk;
    ret = WSASend(c, &sio.wb, 1, &bytes, 0, &sio.ov, record_routine);
    ok(ret == 0 && bytes == 3, "WSASend: %d, bytes %u, error %d\n", ret, bytes, WSAGetLastError());
    wait_done(&rio.ov);

    r = SleepEx(1000, TRUE);
    ok(r == WAIT_IO_COMPLETION, "SleepEx returned %#x\n", r);
    ok(ncalls == 2, "%d calls\n", (int)ncalls);
    /* (The send's and the peer receive's completions race on loopback: no order is checked.) */
    ok(calls[0].hevent_seen == junk && calls[1].hevent_seen == junk, "hEvent changed\n");
    ok(rio.ov.hEvent == junk && sio.ov.hEvent == junk, "hEvent changed\n");
    ok(calls[calls[0].tag == 1 ? 0 : 1].bytes == 3 && !memcmp(rio.buf, "abc", 3), "receive incomplete\n");

    closesocket(c);
    closesocket(s);
}

/* ---- immediate success still queues the routine ---------------------------------------------- */

static void test_immediate_success(void)
{
    SOCKET c, s, a, b;
    struct io io, sio;
    struct sockaddr_in from, to;
    int fromlen = sizeof(from), tolen = sizeof(to), ret;
    DWORD r, bytes, flags;

    if (tcp_pair(&c, &s)) return;
    reset_calls();
    ok(send(c, "0123456789", 10, 0) == 10, "send failed\n");
    Sleep(20);

    io_init(&io, s, 1, sizeof(io.buf));
    bytes = 0xdeadbeef;
    flags = 0xdeadbeef;
    flags = 0;
    poison_last_error();
    ret = WSARecv(s, &io.wb, 1, &bytes, &flags, &io.ov, record_routine);
    ok(ret == 0, "WSARecv with data waiting returned %d, error %d\n", ret, WSAGetLastError());
    ok(bytes == 10, "bytes %u\n", bytes);
    ok(flags == 0, "flags %#x\n", flags);
    ok(io.ov.Internal == 0 && io.ov.InternalHigh == 10, "Internal %#lx InternalHigh %lu\n",
       (unsigned long)io.ov.Internal, (unsigned long)io.ov.InternalHigh);
    ok(ncalls == 0, "routine ran inside WSARecv\n");

    io_init(&sio, c, 2, 4);
    memcpy(sio.buf, "WXYZ", 4);
    bytes = 0xdeadbeef;
    ret = WSASend(c, &sio.wb, 1, &bytes, 0, &sio.ov, record_routine);
    ok(ret == 0 && bytes == 4, "WSASend: %d, bytes %u, error %d\n", ret, bytes, WSAGetLastError());
    ok(ncalls == 0, "routine ran inside WSASend\n");

    r = SleepEx(0, TRUE);
    ok(r == WAIT_IO_COMPLETION, "SleepEx(0, TRUE) returned %#x\n", r);
    ok(ncalls == 2, "%d calls\n", (int)ncalls);
    ok(calls[0].tag == 1 && calls[0].err == 0 && calls[0].bytes == 10, "recv: tag %d err %u bytes %u\n",
       calls[0].tag, calls[0].err, calls[0].bytes);
    ok(calls[1].tag == 2 && calls[1].err == 0 && calls[1].bytes == 4, "send: tag %d err %u bytes %u\n",
       calls[1].tag, calls[1].err, calls[1].bytes);
    closesocket(c);
    closesocket(s);

    /* Datagrams: WSASendTo and WSARecvFrom. */
    if (udp_pair(&a, &b)) return;
    reset_calls();
    getsockname(b, (struct sockaddr *)&to, &tolen);
    io_init(&sio, a, 3, 5);
    memcpy(sio.buf, "dgram", 5);
    bytes = 0;
    ret = WSASendTo(a, &sio.wb, 1, &bytes, 0, (struct sockaddr *)&to, tolen, &sio.ov, record_routine);
    ok(ret == 0 && bytes == 5, "WSASendTo: %d, bytes %u, error %d\n", ret, bytes, WSAGetLastError());
    Sleep(20);
    io_init(&io, b, 4, sizeof(io.buf));
    flags = 0;
    memset(&from, 0, sizeof(from));
    ret = WSARecvFrom(b, &io.wb, 1, &bytes, &flags, (struct sockaddr *)&from, &fromlen, &io.ov, record_routine);
    ok(ret == 0 && bytes == 5, "WSARecvFrom: %d, bytes %u, error %d\n", ret, bytes, WSAGetLastError());
    ok(from.sin_family == AF_INET && from.sin_port != 0, "from not filled\n");
    r = SleepEx(0, TRUE);
    ok(r == WAIT_IO_COMPLETION, "SleepEx returned %#x\n", r);
    ok(ncalls == 2 && calls[0].tag == 3 && calls[1].tag == 4, "%d calls, tags %d %d\n", (int)ncalls, calls[0].tag,
       calls[1].tag);
    ok(calls[1].bytes == 5 && !memcmp(io.buf, "dgram", 5), "datagram: %u bytes\n", calls[1].bytes);
    closesocket(a);
    closesocket(b);
}

/* ---- synchronous failures queue nothing ---------------------------------------------------- */

static void test_sync_failure(void)
{
    SOCKET c, s, u;
    struct io io;
    DWORD r, bytes, flags = 0;
    int ret;

    if (tcp_pair(&c, &s)) return;
    reset_calls();

    io_init(&io, s, 1, sizeof(io.buf));
    poison_last_error();
    ret = WSARecv(s, &io.wb, 0, &bytes, &flags, &io.ov, record_routine);
    ok(ret == SOCKET_ERROR, "zero buffers: %d\n", ret);
    ok_wsa_error(WSAEINVAL);

    ok(!shutdown(c, SD_SEND), "shutdown failed\n");
    io_init(&io, c, 2, 4);
    poison_last_error();
    ret = WSASend(c, &io.wb, 1, &bytes, 0, &io.ov, record_routine);
    ok(ret == SOCKET_ERROR, "WSASend after shutdown: %d\n", ret);
    ok_wsa_error(WSAESHUTDOWN);

    u = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    io_init(&io, u, 3, 4);
    poison_last_error();
    ret = WSASend(u, &io.wb, 1, &bytes, 0, &io.ov, record_routine);
    ok(ret == SOCKET_ERROR, "WSASend unconnected: %d\n", ret);
    ok_wsa_error(WSAENOTCONN);
    poison_last_error();
    ret = WSARecv(u, &io.wb, 1, &bytes, &flags, &io.ov, record_routine);
    ok(ret == SOCKET_ERROR, "WSARecv unconnected: %d\n", ret);
    ok_wsa_error(WSAENOTCONN);

    r = SleepEx(0, TRUE);
    ok(r == 0, "a failed call queued a routine: SleepEx returned %#x\n", r);
    ok(ncalls == 0, "%d calls\n", (int)ncalls);

    closesocket(u);
    closesocket(c);
    closesocket(s);
}

/* ---- completions with an error ------------------------------------------------------------- */

static void test_error_completion(void)
{
    SOCKET c, s;
    struct io io;
    struct linger l;
    DWORD r;

    /* The peer resets the connection. */
    if (tcp_pair(&c, &s)) return;
    reset_calls();
    io_init(&io, s, 1, sizeof(io.buf));
    ok(post_recv(&io) == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING, "WSARecv did not pend\n");
    l.l_onoff = 1;
    l.l_linger = 0;
    setsockopt(c, SOL_SOCKET, SO_LINGER, (char *)&l, sizeof(l));
    closesocket(c);
    r = SleepEx(5000, TRUE);
    ok(r == WAIT_IO_COMPLETION, "SleepEx returned %#x\n", r);
    ok(ncalls == 1, "%d calls\n", (int)ncalls);
    ok(calls[0].err == WSAECONNRESET, "dwError %u, expected WSAECONNRESET\n", calls[0].err);
    ok(calls[0].bytes == 0, "cbTransferred %u on error\n", calls[0].bytes);
    closesocket(s);

    /* closesocket with the receive pending: STATUS_CONNECTION_ABORTED (as overlapped_errors.c
     * checks for the OVERLAPPED), so dwError is WSAECONNABORTED. The routine still runs after
     * the socket is gone. */
    if (tcp_pair(&c, &s)) return;
    reset_calls();
    io_init(&io, s, 2, sizeof(io.buf));
    ok(post_recv(&io) == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING, "WSARecv did not pend\n");
    closesocket(s);
    r = SleepEx(5000, TRUE);
    ok(r == WAIT_IO_COMPLETION, "SleepEx returned %#x\n", r);
    ok(ncalls == 1, "%d calls\n", (int)ncalls);
    ok(calls[0].err == WSAECONNABORTED, "dwError %u, expected WSAECONNABORTED\n", calls[0].err);
    ok(calls[0].bytes == 0, "cbTransferred %u\n", calls[0].bytes);
    closesocket(c);
}

/* A datagram larger than the buffer: the routine gets WSAEMSGSIZE and the bytes copied. */
static void test_truncated_datagram(void)
{
    SOCKET a, b;
    struct io io;
    DWORD r;

    if (udp_pair(&a, &b)) return;
    reset_calls();
    io_init(&io, b, 1, 4);
    ok(post_recv(&io) == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING, "WSARecv did not pend\n");
    ok(send(a, "0123456789", 10, 0) == 10, "send failed\n");
    r = SleepEx(5000, TRUE);
    ok(r == WAIT_IO_COMPLETION, "SleepEx returned %#x\n", r);
    ok(ncalls == 1, "%d calls\n", (int)ncalls);
    ok(calls[0].err == WSAEMSGSIZE, "dwError %u\n", calls[0].err);
    ok(calls[0].bytes == 4, "cbTransferred %u\n", calls[0].bytes);
    ok(!memcmp(io.buf, "0123", 4), "data %.4s\n", io.buf);
    closesocket(a);
    closesocket(b);
}

/* ---- the routine frees or reuses its OVERLAPPED and issues new I/O ------------------------ */

static LONG chain_bytes, chain_left, chain_done_errors;
static char chain_data[256];

static void CALLBACK freeing_routine(DWORD err, DWORD bytes, LPWSAOVERLAPPED ov, DWORD flags)
{
    struct io *io = (struct io *)ov, *next;
    SOCKET s = io->s;

    if (err || bytes == 0)
    {
        if (err != WSAECONNABORTED) ++chain_done_errors;
        free(io);
        return;
    }
    memcpy(chain_data + chain_bytes, io->buf, bytes);
    chain_bytes += bytes;
    /* Poison and free the OVERLAPPED before issuing the next receive on a fresh one. */
    memset(io, 0xcc, sizeof(*io));
    free(io);
    next = malloc(sizeof(*next));
    io_init(next, s, 0, 7);
    flags = 0;
    if (WSARecv(s, &next->wb, 1, &bytes, &flags, &next->ov, freeing_routine) == SOCKET_ERROR &&
        WSAGetLastError() != WSA_IO_PENDING)
    {
        ++chain_done_errors;
        free(next);
    }
}

static void CALLBACK reusing_routine(DWORD err, DWORD bytes, LPWSAOVERLAPPED ov, DWORD flags)
{
    struct io *io = (struct io *)ov;

    if (err || bytes == 0) return;
    memcpy(chain_data + chain_bytes, io->buf, bytes);
    chain_bytes += bytes;
    if (--chain_left == 0) return;
    /* Same OVERLAPPED, same buffer: the data is already there, so this completes at once and
     * queues the routine again; the same alertable wait runs it. */
    memset(&io->ov, 0, sizeof(io->ov));
    flags = 0;
    if (WSARecv(io->s, &io->wb, 1, &bytes, &flags, &io->ov, reusing_routine) == SOCKET_ERROR &&
        WSAGetLastError() != WSA_IO_PENDING)
        ++chain_done_errors;
}

static void test_routine_frees_and_reissues(void)
{
    static const char msg[] = "the quick brown fox jumps over the lazy dog";
    SOCKET c, s;
    struct io *io, rio;
    DWORD r, start;
    int i, len = (int)strlen(msg);

    if (tcp_pair(&c, &s)) return;
    chain_bytes = 0;
    chain_done_errors = 0;
    memset(chain_data, 0, sizeof(chain_data));
    io = malloc(sizeof(*io));
    io_init(io, s, 0, 7);
    ok(WSARecv(s, &io->wb, 1, NULL, &(DWORD){0}, &io->ov, freeing_routine) == SOCKET_ERROR &&
           WSAGetLastError() == WSA_IO_PENDING,
       "WSARecv did not pend\n");
    for (i = 0; i < len; i += 5)
    {
        int n = len - i < 5 ? len - i : 5;
        ok(send(c, msg + i, n, 0) == n, "send failed\n");
        SleepEx(1, TRUE);
    }
    start = GetTickCount();
    while (chain_bytes < len && GetTickCount() - start < 5000) SleepEx(100, TRUE);
    ok(chain_bytes == len, "received %d of %d bytes\n", (int)chain_bytes, len);
    ok(!memcmp(chain_data, msg, len), "data: %s\n", chain_data);
    /* The last re-armed receive is aborted by closesocket; its routine frees it. */
    closesocket(s);
    r = SleepEx(5000, TRUE);
    ok(r == WAIT_IO_COMPLETION, "SleepEx after closesocket returned %#x\n", r);
    ok(chain_done_errors == 0, "%d unexpected errors\n", (int)chain_done_errors);
    closesocket(c);

    /* Reuse of the same OVERLAPPED from inside the routine; every re-armed receive completes
     * at once, and one alertable wait runs the whole chain. */
    if (tcp_pair(&c, &s)) return;
    chain_bytes = 0;
    chain_left = 3;
    chain_done_errors = 0;
    ok(send(c, "aaaabbbbcccc", 12, 0) == 12, "send failed\n");
    Sleep(20);
    io_init(&rio, s, 0, 4);
    ok(WSARecv(s, &rio.wb, 1, NULL, &(DWORD){0}, &rio.ov, reusing_routine) == 0, "WSARecv error %d\n",
       WSAGetLastError());
    r = SleepEx(0, TRUE);
    ok(r == WAIT_IO_COMPLETION, "SleepEx returned %#x\n", r);
    ok(chain_bytes == 12 && !memcmp(chain_data, "aaaabbbbcccc", 12), "one wait ran %d bytes of the chain\n",
       (int)chain_bytes);
    ok(chain_done_errors == 0, "%d errors\n", (int)chain_done_errors);
    r = SleepEx(0, TRUE);
    ok(r == 0, "queue not drained: %#x\n", r);
    closesocket(c);
    closesocket(s);
}

/* ---- ordering -------------------------------------------------------------------------------- */

/* Several sockets: one alertable wait runs every routine in completion order, interleaved with
 * QueueUserAPC in the order things were queued. */
static void test_order_across_sockets(void)
{
    static const int send_order[4] = {2, 0, 3, 1};
    SOCKET c[4], s[4];
    struct io io[4];
    int i;
    DWORD r;

    for (i = 0; i < 4; i++)
        if (tcp_pair(&c[i], &s[i])) return;
    reset_calls();
    for (i = 0; i < 4; i++)
    {
        io_init(&io[i], s[i], i, sizeof(io[i].buf));
        ok(post_recv(&io[i]) == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING, "WSARecv %d did not pend\n", i);
    }
    for (i = 0; i < 4; i++)
    {
        int k = send_order[i];
        ok(send(c[k], "x", 1, 0) == 1, "send failed\n");
        wait_done(&io[k].ov);
        if (i == 0) QueueUserAPC(record_user_apc, GetCurrentThread(), 100);
    }
    ok(ncalls == 0, "routines ran before the alertable wait\n");
    r = SleepEx(0, TRUE);
    ok(r == WAIT_IO_COMPLETION, "SleepEx returned %#x\n", r);
    ok(ncalls == 5, "%d calls in one wait\n", (int)ncalls);
    ok(calls[0].tag == 2 && calls[1].tag == 100 && calls[2].tag == 0 && calls[3].tag == 3 && calls[4].tag == 1,
       "order %d %d %d %d %d, expected 2 100 0 3 1\n", calls[0].tag, calls[1].tag, calls[2].tag, calls[3].tag,
       calls[4].tag);
    for (i = 0; i < 4; i++)
    {
        closesocket(c[i]);
        closesocket(s[i]);
    }
}

/* One socket: pending receives complete, and their routines run, in issue order; so do sends
 * that complete at once. */
static void test_order_same_socket(void)
{
    SOCKET c, s;
    struct io io[3], sio[2];
    DWORD r, bytes;
    int i;

    if (tcp_pair(&c, &s)) return;
    reset_calls();
    for (i = 0; i < 3; i++)
    {
        io_init(&io[i], s, i, 4);
        ok(post_recv(&io[i]) == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING, "WSARecv %d did not pend\n", i);
    }
    ok(send(c, "aaaabbbbcccc", 12, 0) == 12, "send failed\n");
    wait_done(&io[2].ov);
    r = SleepEx(0, TRUE);
    ok(r == WAIT_IO_COMPLETION, "SleepEx returned %#x\n", r);
    ok(ncalls == 3, "%d calls\n", (int)ncalls);
    ok(calls[0].tag == 0 && calls[1].tag == 1 && calls[2].tag == 2, "receives out of issue order: %d %d %d\n",
       calls[0].tag, calls[1].tag, calls[2].tag);
    ok(!memcmp(io[0].buf, "aaaa", 4) && !memcmp(io[1].buf, "bbbb", 4) && !memcmp(io[2].buf, "cccc", 4),
       "data %.4s %.4s %.4s\n", io[0].buf, io[1].buf, io[2].buf);

    reset_calls();
    for (i = 0; i < 2; i++)
    {
        io_init(&sio[i], c, 10 + i, 6);
        memcpy(sio[i].buf, i ? "second" : "first.", 6);
        ok(WSASend(c, &sio[i].wb, 1, &bytes, 0, &sio[i].ov, record_routine) == 0, "WSASend %d error %d\n", i,
           WSAGetLastError());
    }
    r = SleepEx(0, TRUE);
    ok(r == WAIT_IO_COMPLETION, "SleepEx returned %#x\n", r);
    ok(ncalls == 2 && calls[0].tag == 10 && calls[1].tag == 11, "sends: %d calls, order %d %d\n", (int)ncalls,
       calls[0].tag, calls[1].tag);
    closesocket(c);
    closesocket(s);
}

/* ---- the issuing thread, and every kind of alertable wait ------------------------------------ */

struct worker
{
    SOCKET s;
    HANDLE armed, go, step_done, never;
    WSAEVENT never_wsa;
    DWORD tid;
    DWORD result[5];
    LONG calls_after_nonalertable;
    struct io io;
};

static DWORD WINAPI worker_proc(void *arg)
{
    struct worker *w = arg;
    HANDLE two[2];
    int step;

    w->tid = GetCurrentThreadId();
    two[0] = w->never;
    two[1] = w->never_wsa;
    for (step = 0; step < 5; step++)
    {
        io_init(&w->io, w->s, step, sizeof(w->io.buf));
        if (post_recv(&w->io) != SOCKET_ERROR || WSAGetLastError() != WSA_IO_PENDING) return 1;
        SetEvent(w->armed);
        switch (step)
        {
        case 0:
            /* Completed while this thread sits in a non-alertable wait: nothing runs. */
            WaitForSingleObject(w->go, 5000);
            w->calls_after_nonalertable = ncalls;
            w->result[0] = SleepEx(5000, TRUE);
            break;
        case 1: w->result[1] = WaitForSingleObjectEx(w->never, 5000, TRUE); break;
        case 2: w->result[2] = WaitForMultipleObjectsEx(2, two, FALSE, 5000, TRUE); break;
        case 3: w->result[3] = WSAWaitForMultipleEvents(1, &w->never_wsa, FALSE, 5000, TRUE); break;
        case 4: w->result[4] = WaitForMultipleObjectsEx(2, two, TRUE, 5000, TRUE); break;
        }
        SetEvent(w->step_done);
    }
    return 0;
}

static void test_issuing_thread(void)
{
    struct worker w;
    SOCKET c;
    HANDLE t;
    DWORD r;
    int step;

    memset(&w, 0, sizeof(w));
    if (tcp_pair(&c, &w.s)) return;
    reset_calls();
    w.armed = CreateEventA(NULL, FALSE, FALSE, NULL);
    w.go = CreateEventA(NULL, TRUE, FALSE, NULL);
    w.step_done = CreateEventA(NULL, FALSE, FALSE, NULL);
    w.never = CreateEventA(NULL, TRUE, FALSE, NULL);
    w.never_wsa = WSACreateEvent();
    t = CreateThread(NULL, 0, worker_proc, &w, 0, NULL);

    for (step = 0; step < 5; step++)
    {
        r = WaitForSingleObject(w.armed, 5000);
        ok(r == WAIT_OBJECT_0, "step %d: worker did not arm\n", step);
        if (step > 0) Sleep(20); /* let it block in the alertable wait */
        ok(send(c, "z", 1, 0) == 1, "send failed\n");
        if (step == 0)
        {
            wait_done(&w.io.ov);
            /* The routine belongs to the worker: this thread's alertable wait does not run it. */
            r = SleepEx(50, TRUE);
            ok(r == 0, "main thread's SleepEx ran another thread's routine: %#x\n", r);
            ok(ncalls == 0, "%d calls\n", (int)ncalls);
            SetEvent(w.go);
        }
        r = WaitForSingleObject(w.step_done, 5000);
        ok(r == WAIT_OBJECT_0, "step %d: worker's wait did not return\n", step);
    }
    r = WaitForSingleObject(t, 5000);
    ok(r == WAIT_OBJECT_0, "worker did not finish\n");
    ok(w.calls_after_nonalertable == 0, "routine ran in the worker's non-alertable wait\n");
    ok(w.result[0] == WAIT_IO_COMPLETION, "SleepEx: %#x\n", w.result[0]);
    ok(w.result[1] == WAIT_IO_COMPLETION, "WaitForSingleObjectEx: %#x\n", w.result[1]);
    ok(w.result[2] == WAIT_IO_COMPLETION, "WaitForMultipleObjectsEx(any): %#x\n", w.result[2]);
    ok(w.result[3] == WSA_WAIT_IO_COMPLETION, "WSAWaitForMultipleEvents: %#x\n", w.result[3]);
    ok(w.result[4] == WAIT_IO_COMPLETION, "WaitForMultipleObjectsEx(all): %#x\n", w.result[4]);
    ok(ncalls == 5, "%d calls\n", (int)ncalls);
    for (step = 0; step < 5 && step < ncalls; step++)
    {
        ok(calls[step].tid == w.tid, "step %d: routine ran in thread %u, issuer %u (main %u)\n", step,
           calls[step].tid, w.tid, GetCurrentThreadId());
        ok(calls[step].tag == step && calls[step].bytes == 1 && calls[step].err == 0, "step %d: tag %d bytes %u err %u\n",
           step, calls[step].tag, calls[step].bytes, calls[step].err);
    }
    CloseHandle(t);
    CloseHandle(w.armed);
    CloseHandle(w.go);
    CloseHandle(w.step_done);
    CloseHandle(w.never);
    WSACloseEvent(w.never_wsa);
    closesocket(c);
    closesocket(w.s);
}

/* ---- a signalled object and a queued routine --------------------------------------------------- */

struct signal_waiter
{
    HANDLE ev;
    HANDLE armed;
    SOCKET s;
    struct io io;
    DWORD first, second;
    LONG calls_in_first;
};

static DWORD WINAPI signal_waiter_proc(void *arg)
{
    struct signal_waiter *w = arg;

    io_init(&w->io, w->s, 0, 1);
    w->io.set_on_completion = w->ev;
    if (post_recv(&w->io) != SOCKET_ERROR || WSAGetLastError() != WSA_IO_PENDING) return 1;
    SetEvent(w->armed);
    w->first = WaitForSingleObjectEx(w->ev, 5000, TRUE);
    w->calls_in_first = ncalls;
    w->second = WaitForSingleObjectEx(w->ev, 0, TRUE);
    return 0;
}

static void test_signalled_object_and_apc(void)
{
    struct signal_waiter w;
    SOCKET c, s;
    struct io io, io2;
    HANDLE ev, t;
    DWORD r;

    /* A blocked thread; its routine signals the very object it waits on (Wine
     * test_alertable_wait): the wait still reports WAIT_IO_COMPLETION and leaves the auto-reset
     * event signalled for the next wait. */
    memset(&w, 0, sizeof(w));
    if (tcp_pair(&c, &w.s)) return;
    reset_calls();
    w.ev = CreateEventA(NULL, FALSE, FALSE, NULL);
    w.armed = CreateEventA(NULL, FALSE, FALSE, NULL);
    t = CreateThread(NULL, 0, signal_waiter_proc, &w, 0, NULL);
    WaitForSingleObject(w.armed, 5000);
    Sleep(50);
    ok(send(c, "x", 1, 0) == 1, "send failed\n");
    r = WaitForSingleObject(t, 5000);
    ok(r == WAIT_OBJECT_0, "waiter did not finish\n");
    ok(w.first == WAIT_IO_COMPLETION, "wait woken by a routine that set its event: %#x\n", w.first);
    ok(w.calls_in_first == 1, "%d routines ran in that wait\n", (int)w.calls_in_first);
    ok(w.second == WAIT_OBJECT_0, "the event was consumed by the interrupted wait: %#x\n", w.second);
    CloseHandle(t);
    CloseHandle(w.ev);
    CloseHandle(w.armed);
    closesocket(c);
    closesocket(w.s);

    /* Same thread, deterministic: two routines queued, the event not signalled when the wait
     * starts. The first routine signals it; the wait still runs the second one too and
     * returns WAIT_IO_COMPLETION (Wine test_alertable_wait, alertable_wait_apc2). */
    if (tcp_pair(&c, &s)) return;
    reset_calls();
    ev = CreateEventA(NULL, FALSE, FALSE, NULL);
    io_init(&io, s, 1, 1);
    io.set_on_completion = ev;
    io_init(&io2, s, 2, 1);
    ok(post_recv(&io) == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING, "WSARecv did not pend\n");
    ok(post_recv(&io2) == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING, "WSARecv did not pend\n");
    send(c, "xy", 2, 0);
    wait_done(&io2.ov);
    r = WaitForSingleObjectEx(ev, 1000, TRUE);
    ok(r == WAIT_IO_COMPLETION, "got %#x\n", r);
    ok(ncalls == 2 && calls[0].tag == 1 && calls[1].tag == 2, "%d calls\n", (int)ncalls);
    r = WaitForSingleObject(ev, 0);
    ok(r == WAIT_OBJECT_0, "event not left signalled: %#x\n", r);

    /* The object is already signalled when the wait starts: it wins, the routine stays queued. */
    reset_calls();
    SetEvent(ev);
    io_init(&io, s, 2, 1);
    ok(post_recv(&io) == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING, "WSARecv did not pend\n");
    send(c, "y", 1, 0);
    wait_done(&io.ov);
    r = WaitForSingleObjectEx(ev, 1000, TRUE);
    ok(r == WAIT_OBJECT_0, "signalled object + queued routine: %#x\n", r);
    ok(ncalls == 0, "routine ran although the object was signalled\n");
    r = WSAWaitForMultipleEvents(1, &ev, FALSE, 1000, TRUE);
    ok(r == WSA_WAIT_IO_COMPLETION, "next alertable wait: %#x\n", r);
    ok(ncalls == 1, "%d calls\n", (int)ncalls);
    CloseHandle(ev);
    closesocket(c);
    closesocket(s);
}

/* ---- WSAIoctl ----------------------------------------------------------------------------------- */

static void test_wsaioctl(void)
{
    SOCKET c, s;
    struct io io, io2, io3;
    u_long arg = 0, avail = 0;
    DWORD size, r;
    int ret;

    if (tcp_pair(&c, &s)) return;
    reset_calls();
    io_init(&io3, s, 3, 0);

    io_init(&io, s, 1, 0);
    io.ov.hEvent = (HANDLE)(ULONG_PTR)0x2468;
    size = 0xdeadbeef;
    ret = WSAIoctl(s, FIONBIO, &arg, sizeof(arg), NULL, 0, &size, &io.ov, record_routine);
    ok(ret == 0, "WSAIoctl(FIONBIO) returned %d, error %d\n", ret, WSAGetLastError());
    ok(size == 0, "size %u\n", size);

    send(c, "abc", 3, 0);
    Sleep(20);
    io_init(&io2, s, 2, 0);
    ret = WSAIoctl(s, FIONREAD, NULL, 0, &avail, sizeof(avail), &size, &io2.ov, record_routine);
    ok(ret == 0, "WSAIoctl(FIONREAD) returned %d, error %d\n", ret, WSAGetLastError());
    ok(avail == 3 && size == sizeof(avail), "avail %lu size %u\n", (unsigned long)avail, size);
    /* The bytes returned go to lpcbBytesReturned only: InternalHigh and cbTransferred are 0
     * (what Wine does; not yet confirmed on Windows). */
    ok(io2.ov.Internal == 0 && io2.ov.InternalHigh == 0, "Internal %#lx InternalHigh %lu\n",
       (unsigned long)io2.ov.Internal, (unsigned long)io2.ov.InternalHigh);
    ok(ncalls == 0, "routine ran inside WSAIoctl\n");

    /* An unsupported code: Windows pends and completes it with WSAEOPNOTSUPP through the
     * routine (Wine test_unsupported_ioctls). */
    poison_last_error();
    ret = WSAIoctl(s, 0xdeadbeef, NULL, 0, NULL, 0, &size, &io3.ov, record_routine);
    ok(ret == SOCKET_ERROR, "unsupported code returned %d\n", ret);
    ok(WSAGetLastError() == WSA_IO_PENDING, "unsupported code: error %d\n", WSAGetLastError());

    r = SleepEx(0, TRUE);
    ok(r == WAIT_IO_COMPLETION, "SleepEx returned %#x\n", r);
    ok(ncalls >= 2, "%d calls\n", (int)ncalls);
    ok(ncalls == 3 && calls[2].tag == 3 && calls[2].err == WSAEOPNOTSUPP, "unsupported code: %d calls\n",
       (int)ncalls);
    ok(calls[0].tag == 1 && calls[0].err == 0 && calls[0].bytes == 0, "FIONBIO: tag %d err %u bytes %u\n",
       calls[0].tag, calls[0].err, calls[0].bytes);
    ok(calls[0].hevent_seen == (HANDLE)(ULONG_PTR)0x2468, "hEvent changed\n");
    ok(calls[1].tag == 2 && calls[1].err == 0 && calls[1].bytes == 0,
       "FIONREAD: tag %d err %u bytes %u\n", calls[1].tag, calls[1].err, calls[1].bytes);
    ok(calls[0].tid == GetCurrentThreadId(), "thread %u\n", calls[0].tid);
    closesocket(c);
    closesocket(s);
}

/* ---- completion ports -------------------------------------------------------------------------- */

/* A routine on a socket associated with a completion port fails synchronously with WSAEINVAL
 * and queues nothing (DESIGN.md "Model II"); without a routine the same call works. */
static void test_routine_on_port_socket(void)
{
    SOCKET c, s;
    struct io io;
    HANDLE port;
    DWORD r, bytes, flags = 0;
    int ret;

    if (tcp_pair(&c, &s)) return;
    reset_calls();
    port = CreateIoCompletionPort((HANDLE)s, NULL, 1, 0);
    ok(port != NULL, "CreateIoCompletionPort failed, error %u\n", GetLastError());
    io_init(&io, s, 1, sizeof(io.buf));
    poison_last_error();
    ret = post_recv(&io);
    ok(ret == SOCKET_ERROR, "WSARecv returned %d\n", ret);
    ok_wsa_error(WSAEINVAL);
    poison_last_error();
    ret = WSASend(s, &io.wb, 1, &bytes, 0, &io.ov, record_routine);
    ok(ret == SOCKET_ERROR, "WSASend returned %d\n", ret);
    ok_wsa_error(WSAEINVAL);
    send(c, "q", 1, 0);
    Sleep(20);
    r = SleepEx(0, TRUE);
    ok(r == 0, "a routine was queued: %#x\n", r);
    ok(ncalls == 0, "%d calls\n", (int)ncalls);
    /* The data is still there for a port-style receive. */
    io_init(&io, s, 2, sizeof(io.buf));
    ret = WSARecv(s, &io.wb, 1, &bytes, &flags, &io.ov, NULL);
    ok(ret == 0 && bytes == 1, "WSARecv without a routine: %d, bytes %u, error %d\n", ret, bytes, WSAGetLastError());
    CloseHandle(port);
    closesocket(c);
    closesocket(s);
}

int main(void)
{
    WSADATA wsa;
    WSAStartup(MAKEWORD(2, 2), &wsa);

    test_pending_recv();
    test_hevent_is_app_data();
    test_immediate_success();
    test_sync_failure();
    test_error_completion();
    test_truncated_datagram();
    test_routine_frees_and_reissues();
    test_order_across_sockets();
    test_order_same_socket();
    test_issuing_thread();
    test_signalled_object_and_apc();
    test_wsaioctl();
    test_routine_on_port_socket();

    WSACleanup();
    return test_finish();
}
