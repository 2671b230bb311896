/* Blocking Winsock calls wait alertably. Microsoft's accept/recv/send/connect/select pages,
 * "Remarks": "When issuing a blocking Winsock call such as accept, Winsock may need to wait for
 * a network event before the call can complete. Winsock performs an alertable wait in this
 * situation, which can be interrupted by an asynchronous procedure call (APC) scheduled on the
 * same thread." So an APC queued to a thread blocked in recv, send, accept, connect, select or
 * WSAPoll runs on that thread, and the call then goes on waiting and completes normally; APCs
 * queued before a call that has to wait run too; a call that need not wait runs none; an
 * SO_RCVTIMEO timeout still expires; a completion routine of the thread's own overlapped I/O
 * runs during a later blocking call. A blocking call whose socket another thread closes fails
 * with WSAEINTR (Windows Sockets 2 specification, 2.7).
 *
 * Timing checks are bounds only (a call returned; it did not return before its timeout minus a
 * margin). Every wait is bounded and every thread is joined.
 */
#include "ovl_test.h"

#define LOADL(v) InterlockedCompareExchange(&(v), 0, 0)

static volatile LONG apc_count;
static volatile LONG apc_tid;

static void CALLBACK count_apc(ULONG_PTR param)
{
    (void)param;
    InterlockedExchange(&apc_tid, (LONG)GetCurrentThreadId());
    InterlockedIncrement(&apc_count);
}

static void reset_apc(void)
{
    InterlockedExchange(&apc_count, 0);
    InterlockedExchange(&apc_tid, 0);
}

/* Polls *v until it reaches want, at most ms milliseconds. */
static int wait_for(volatile LONG *v, LONG want, DWORD ms)
{
    DWORD start = tick_ms();
    while (LOADL(*v) < want) {
        if (tick_ms() - start > ms) return 0;
        Sleep(5);
    }
    return 1;
}

/* ---- a thread blocked in one call ------------------------------------------------------- */

enum blocking_op { OP_RECV, OP_WSARECV, OP_SEND, OP_ACCEPT, OP_CONNECT, OP_SELECT, OP_WSAPOLL };

struct blocked
{
    enum blocking_op op;
    SOCKET s;
    struct sockaddr_in addr; /* OP_CONNECT */
    char *buf;
    int len;
    volatile LONG started, done;
    LONG tid;
    INT_PTR ret;
    int err;
    DWORD took;
    short revents; /* OP_WSAPOLL */
    int isset;     /* OP_SELECT */
};

static DWORD WINAPI blocked_thread(void *arg)
{
    struct blocked *b = arg;
    DWORD start;
    b->tid = (LONG)GetCurrentThreadId();
    InterlockedExchange(&b->started, 1);
    start = tick_ms();
    WSASetLastError(0);
    switch (b->op) {
    case OP_RECV:
        b->ret = recv(b->s, b->buf, b->len, 0);
        break;
    case OP_WSARECV: {
        WSABUF wb;
        DWORD got = 0, flags = 0;
        wb.buf = b->buf;
        wb.len = (ULONG)b->len;
        b->ret = WSARecv(b->s, &wb, 1, &got, &flags, NULL, NULL);
        if (b->ret == 0) b->ret = (INT_PTR)got;
        break;
    }
    case OP_SEND:
        b->ret = send(b->s, b->buf, b->len, 0);
        break;
    case OP_ACCEPT:
        b->ret = (INT_PTR)accept(b->s, NULL, NULL);
        break;
    case OP_CONNECT:
        b->ret = connect(b->s, (struct sockaddr *)&b->addr, sizeof(b->addr));
        break;
    case OP_SELECT: {
        fd_set rd;
        struct timeval tv = {10, 0};
        FD_ZERO(&rd);
        FD_SET(b->s, &rd);
        b->ret = select(0, &rd, NULL, NULL, &tv);
        b->isset = FD_ISSET(b->s, &rd);
        break;
    }
    case OP_WSAPOLL: {
        WSAPOLLFD p;
        p.fd = b->s;
        p.events = POLLRDNORM;
        p.revents = 0;
        b->ret = WSAPoll(&p, 1, 10000);
        b->revents = p.revents;
        break;
    }
    }
    b->err = WSAGetLastError();
    b->took = tick_ms() - start;
    InterlockedExchange(&b->done, 1);
    return 0;
}

static HANDLE start_blocked(struct blocked *b)
{
    HANDLE t = CreateThread(NULL, 0, blocked_thread, b, 0, NULL);
    ok(t != NULL, "CreateThread failed, error %lu\n", GetLastError());
    if (t) {
        ok(wait_for(&b->started, 1, 5000), "the thread did not start\n");
        Sleep(150); /* let it reach its wait */
    }
    return t;
}

#define join(t) join_((t), __LINE__)
static void join_(HANDLE t, int line)
{
    DWORD r = WaitForSingleObject(t, 15000);
    ok_(__FILE__, line)(r == WAIT_OBJECT_0, "thread did not finish: %lu\n", r);
    CloseHandle(t);
}

/* Queues an APC to the blocked thread and checks that it ran there while the call kept waiting. */
#define interrupt(b, t) interrupt_((b), (t), __LINE__)
static void interrupt_(struct blocked *b, HANDLE t, int line)
{
    reset_apc();
    ok_(__FILE__, line)(!LOADL(b->done), "the call returned before the APC\n");
    ok_(__FILE__, line)(QueueUserAPC(count_apc, t, 0) != 0, "QueueUserAPC failed, error %lu\n", GetLastError());
    ok_(__FILE__, line)(wait_for(&apc_count, 1, 5000), "the APC did not run during the blocking call\n");
    ok_(__FILE__, line)(LOADL(apc_tid) == b->tid, "the APC ran on thread %ld, not the blocked %ld\n",
                        (long)LOADL(apc_tid), (long)b->tid);
    Sleep(100);
    if (!ok_(__FILE__, line)(!LOADL(b->done), "the call returned after the APC\n"))
        trace("it returned %ld, error %d\n", (long)b->ret, b->err);
}

static void test_recv(enum blocking_op op)
{
    SOCKET c, s;
    char buf[64];
    struct blocked b;
    HANDLE t;

    if (tcp_pair(&c, &s)) return;
    memset(&b, 0, sizeof(b));
    b.op = op;
    b.s = s;
    b.buf = buf;
    b.len = sizeof(buf);
    t = start_blocked(&b);
    if (t) {
        interrupt(&b, t);
        ok(send(c, "hello world", 11, 0) == 11, "send failed, error %d\n", WSAGetLastError());
        join(t);
        ok(b.ret == 11, "%s returned %ld, error %d\n", op == OP_RECV ? "recv" : "WSARecv", (long)b.ret, b.err);
        ok(b.ret == 11 && !memcmp(buf, "hello world", 11), "wrong data\n");
        ok(LOADL(apc_count) == 1, "APC ran %ld times\n", (long)LOADL(apc_count));
    }
    closesocket(c);
    closesocket(s);
}

static SOCKET make_listener(struct sockaddr_in *addr, int backlog)
{
    int len = sizeof(*addr);
    SOCKET l = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    memset(addr, 0, sizeof(*addr));
    addr->sin_family = AF_INET;
    addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ok(!bind(l, (struct sockaddr *)addr, sizeof(*addr)), "bind failed, error %d\n", WSAGetLastError());
    ok(!getsockname(l, (struct sockaddr *)addr, &len), "getsockname failed, error %d\n", WSAGetLastError());
    ok(!listen(l, backlog), "listen failed, error %d\n", WSAGetLastError());
    return l;
}

static void test_accept(void)
{
    struct sockaddr_in addr;
    struct blocked b;
    SOCKET l = make_listener(&addr, 5), c;
    HANDLE t;

    memset(&b, 0, sizeof(b));
    b.op = OP_ACCEPT;
    b.s = l;
    t = start_blocked(&b);
    if (t) {
        interrupt(&b, t);
        c = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        ok(!connect(c, (struct sockaddr *)&addr, sizeof(addr)), "connect failed, error %d\n", WSAGetLastError());
        join(t);
        ok((SOCKET)b.ret != INVALID_SOCKET, "accept failed, error %d\n", b.err);
        if ((SOCKET)b.ret != INVALID_SOCKET) {
            ok(send(c, "x", 1, 0) == 1, "send failed\n");
            ok(recv((SOCKET)b.ret, (char *)&addr, 1, 0) == 1, "the accepted socket is not the connection\n");
            closesocket((SOCKET)b.ret);
        }
        closesocket(c);
    }
    closesocket(l);
}

static void test_select(enum blocking_op op)
{
    SOCKET c, s;
    struct blocked b;
    HANDLE t;

    if (tcp_pair(&c, &s)) return;
    memset(&b, 0, sizeof(b));
    b.op = op;
    b.s = s;
    t = start_blocked(&b);
    if (t) {
        interrupt(&b, t);
        ok(send(c, "z", 1, 0) == 1, "send failed, error %d\n", WSAGetLastError());
        join(t);
        if (op == OP_SELECT) {
            ok(b.ret == 1, "select returned %ld, error %d\n", (long)b.ret, b.err);
            ok(b.isset, "the socket is not in readfds\n");
        } else {
            ok(b.ret == 1, "WSAPoll returned %ld, error %d\n", (long)b.ret, b.err);
            ok(b.revents == POLLRDNORM, "revents %#x\n", b.revents);
        }
    }
    closesocket(c);
    closesocket(s);
}

/* Fills the socket's send path (and the peer's receive buffer) without blocking; returns the
 * number of bytes that went out. */
static int fill(SOCKET s)
{
    static char chunk[65536];
    u_long nb = 1;
    int r, total = 0, rounds;

    memset(chunk, 'f', sizeof(chunk));
    ioctlsocket(s, FIONBIO, &nb);
    for (rounds = 0; rounds < 10000 && (r = send(s, chunk, sizeof(chunk), 0)) > 0; ++rounds) total += r;
    ok(WSAGetLastError() == WSAEWOULDBLOCK, "fill: error %d\n", WSAGetLastError());
    nb = 0;
    ioctlsocket(s, FIONBIO, &nb);
    return total;
}

static void test_send(void)
{
    static char big[100000];
    char buf[65536];
    SOCKET c, s;
    struct blocked b;
    HANDLE t;
    DWORD tmo = 5000;
    int filled, expect, got = 0, r, i, good = 1;

    if (tcp_pair(&c, &s)) return;
    for (i = 0; i < (int)sizeof(big); ++i) big[i] = (char)('a' + i % 26);
    filled = fill(c);
    memset(&b, 0, sizeof(b));
    b.op = OP_SEND;
    b.s = c;
    b.buf = big;
    b.len = sizeof(big);
    t = start_blocked(&b);
    if (t) {
        interrupt(&b, t);
        /* Drain everything: what fill() sent, then the blocked send's bytes, in order. */
        setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, (char *)&tmo, sizeof(tmo));
        expect = filled + (int)sizeof(big);
        while (got < expect && (r = recv(s, buf, sizeof(buf), 0)) > 0) {
            for (i = 0; i < r; ++i) {
                int at = got + i;
                char want = at < filled ? 'f' : (char)('a' + (at - filled) % 26);
                if (buf[i] != want) good = 0;
            }
            got += r;
        }
        join(t);
        ok(got == expect, "received %d of %d bytes\n", got, expect);
        ok(good, "the bytes differ\n");
        ok(b.ret == (INT_PTR)sizeof(big), "send returned %ld, error %d\n", (long)b.ret, b.err);
    }
    closesocket(c);
    closesocket(s);
}

/* A blocking connect has to wait while the listener's backlog is full (Linux drops the SYN and
 * retries it a second later). Windows refuses such a connection at once instead: skipped. */
static void test_connect(void)
{
    struct sockaddr_in addr;
    SOCKET l = make_listener(&addr, 1), probes[16], accepted;
    struct blocked b;
    fd_set wr, ex;
    struct timeval tv = {0, 500000};
    u_long nb = 1;
    int n, full = 0, i;
    HANDLE t;

    for (n = 0; n < 16 && !full; ++n) {
        probes[n] = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        ioctlsocket(probes[n], FIONBIO, &nb);
        connect(probes[n], (struct sockaddr *)&addr, sizeof(addr));
        FD_ZERO(&wr);
        FD_SET(probes[n], &wr);
        FD_ZERO(&ex);
        FD_SET(probes[n], &ex);
        if (select(0, NULL, &wr, &ex, &tv) == 0) {
            /* its SYN was dropped: close it so its retries do not take the room made below */
            closesocket(probes[n]);
            probes[n] = INVALID_SOCKET;
            full = 1;
        } else if (FD_ISSET(probes[n], &ex)) {
            full = 2;
        }
    }
    if (full != 1) {
        skip("a full backlog does not make connect wait here (%d)\n", full);
    } else {
        memset(&b, 0, sizeof(b));
        b.op = OP_CONNECT;
        b.s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        b.addr = addr;
        t = start_blocked(&b);
        if (t) {
            interrupt(&b, t);
            accepted = accept(l, NULL, NULL); /* room for the waiting connect */
            ok(accepted != INVALID_SOCKET, "accept failed, error %d\n", WSAGetLastError());
            closesocket(accepted);
            join(t);
            ok(b.ret == 0, "connect returned %ld, error %d\n", (long)b.ret, b.err);
        }
        closesocket(b.s);
    }
    for (i = 0; i < n; ++i)
        if (probes[i] != INVALID_SOCKET) closesocket(probes[i]);
    closesocket(l);
}

/* An APC queued before a blocking recv that has to wait runs during it. */
struct sender
{
    SOCKET s;
    const char *data;
    int len;
    volatile LONG *wait_on; /* send once this is non-zero (bounded) */
    int saw;                /* it was non-zero when we sent */
};

static DWORD WINAPI sender_thread(void *arg)
{
    struct sender *x = arg;
    x->saw = wait_for(x->wait_on, 1, 5000);
    send(x->s, x->data, x->len, 0);
    return 0;
}

static void test_queued_before(void)
{
    SOCKET c, s;
    struct sender x;
    char buf[16];
    HANDLE t;
    int r;

    if (tcp_pair(&c, &s)) return;
    reset_apc();
    ok(QueueUserAPC(count_apc, GetCurrentThread(), 0) != 0, "QueueUserAPC failed, error %lu\n", GetLastError());
    x.s = c;
    x.data = "data";
    x.len = 4;
    x.wait_on = &apc_count;
    x.saw = 0;
    t = CreateThread(NULL, 0, sender_thread, &x, 0, NULL);
    ok(t != NULL, "CreateThread failed\n");
    r = recv(s, buf, sizeof(buf), 0);
    ok(r == 4 && !memcmp(buf, "data", 4), "recv returned %d, error %d\n", r, WSAGetLastError());
    ok(LOADL(apc_count) == 1, "APC ran %ld times\n", (long)LOADL(apc_count));
    ok(LOADL(apc_tid) == (LONG)GetCurrentThreadId(), "the APC ran on another thread\n");
    if (t) join(t);
    ok(x.saw, "the APC had not run while recv waited for the data\n");
    closesocket(c);
    closesocket(s);
}

/* Wine sock.c test_select: an APC queued before a select that times out (500 µs) has run when
 * select returns 0; a zero timeout never waits, so it runs none. */
static void test_select_timeout(void)
{
    SOCKET c, s;
    fd_set rd;
    struct timeval tv = {0, 500}, zero = {0, 0};
    DWORD w;
    int r;

    if (tcp_pair(&c, &s)) return;
    reset_apc();
    ok(QueueUserAPC(count_apc, GetCurrentThread(), 0) != 0, "QueueUserAPC failed, error %lu\n", GetLastError());
    FD_ZERO(&rd);
    FD_SET(s, &rd);
    r = select(0, &rd, NULL, NULL, &zero);
    ok(r == 0, "select returned %d\n", r);
    ok(LOADL(apc_count) == 0, "a select with a zero timeout ran an APC\n");
    FD_ZERO(&rd);
    FD_SET(s, &rd);
    r = select(0, &rd, NULL, NULL, &tv);
    ok(r == 0, "select returned %d\n", r);
    ok(LOADL(apc_count) == 1, "APC ran %ld times\n", (long)LOADL(apc_count));
    w = SleepEx(0, TRUE);
    ok(w == 0, "SleepEx returned %lu: an APC was left\n", w);
    closesocket(c);
    closesocket(s);
}

/* A call that need not wait runs no APC: it stays queued for the next alertable wait. */
static void test_no_wait(void)
{
    SOCKET c, s;
    fd_set rd;
    struct timeval tv = {5, 0};
    char buf[16];
    DWORD w;
    int r;

    if (tcp_pair(&c, &s)) return;
    ok(send(c, "abc", 3, 0) == 3, "send failed\n");
    FD_ZERO(&rd);
    FD_SET(s, &rd);
    ok(select(0, &rd, NULL, NULL, &tv) == 1, "the data did not arrive\n");
    reset_apc();
    ok(QueueUserAPC(count_apc, GetCurrentThread(), 0) != 0, "QueueUserAPC failed, error %lu\n", GetLastError());
    /* select with the socket already readable, then recv with the data there */
    FD_ZERO(&rd);
    FD_SET(s, &rd);
    r = select(0, &rd, NULL, NULL, &tv);
    ok(r == 1, "select returned %d\n", r);
    r = recv(s, buf, sizeof(buf), 0);
    ok(r == 3, "recv returned %d, error %d\n", r, WSAGetLastError());
    ok(LOADL(apc_count) == 0, "an APC ran in a call that did not wait\n");
    w = SleepEx(0, TRUE);
    ok(w == WAIT_IO_COMPLETION, "SleepEx returned %lu\n", w);
    ok(LOADL(apc_count) == 1, "APC ran %ld times\n", (long)LOADL(apc_count));
    closesocket(c);
    closesocket(s);
}

/* SO_RCVTIMEO still ends the call when an APC ran in between. */
static void test_timeout(void)
{
    SOCKET c, s;
    DWORD tmo = 700;
    char buf[16];
    struct blocked b;
    HANDLE t;

    if (tcp_pair(&c, &s)) return;
    ok(!setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, (char *)&tmo, sizeof(tmo)), "SO_RCVTIMEO failed\n");
    memset(&b, 0, sizeof(b));
    b.op = OP_RECV;
    b.s = s;
    b.buf = buf;
    b.len = sizeof(buf);
    t = start_blocked(&b);
    if (t) {
        reset_apc();
        ok(QueueUserAPC(count_apc, t, 0) != 0, "QueueUserAPC failed, error %lu\n", GetLastError());
        ok(wait_for(&apc_count, 1, 5000), "the APC did not run\n");
        ok(LOADL(apc_tid) == b.tid, "the APC ran on another thread\n");
        join(t);
        ok(b.ret == SOCKET_ERROR && b.err == WSAETIMEDOUT, "recv returned %ld, error %d\n", (long)b.ret, b.err);
        ok(b.took >= tmo - 100, "recv returned after %lu ms, before its %lu ms timeout\n", b.took, tmo);
    }
    closesocket(c);
    closesocket(s);
}

/* A completion routine of an overlapped WSARecv issued earlier by this thread runs during a
 * later blocking recv on another socket. */
static volatile LONG routine_count;
static LONG routine_tid;
static DWORD routine_err, routine_bytes;

static void CALLBACK routine(DWORD err, DWORD bytes, LPWSAOVERLAPPED ov, DWORD flags)
{
    (void)ov;
    (void)flags;
    routine_err = err;
    routine_bytes = bytes;
    routine_tid = (LONG)GetCurrentThreadId();
    InterlockedIncrement(&routine_count);
}

struct two_sends
{
    SOCKET first, second;
    int saw;
};

static DWORD WINAPI two_sends_thread(void *arg)
{
    struct two_sends *x = arg;
    Sleep(150);
    send(x->first, "routine", 7, 0);
    x->saw = wait_for(&routine_count, 1, 5000);
    send(x->second, "blocking", 8, 0);
    return 0;
}

static void test_completion_routine(void)
{
    SOCKET ac, as, bc, bs;
    WSAOVERLAPPED ov;
    WSABUF wb;
    DWORD flags = 0;
    char abuf[16], bbuf[16];
    struct two_sends x;
    HANDLE t;
    int r;

    if (tcp_pair(&ac, &as)) return;
    if (tcp_pair(&bc, &bs)) {
        closesocket(ac);
        closesocket(as);
        return;
    }
    InterlockedExchange(&routine_count, 0);
    memset(&ov, 0, sizeof(ov));
    wb.buf = abuf;
    wb.len = sizeof(abuf);
    poison_last_error();
    r = WSARecv(as, &wb, 1, NULL, &flags, &ov, routine);
    ok(r == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING, "WSARecv returned %d, error %d\n", r,
       WSAGetLastError());
    x.first = ac;
    x.second = bc;
    x.saw = 0;
    t = CreateThread(NULL, 0, two_sends_thread, &x, 0, NULL);
    ok(t != NULL, "CreateThread failed\n");
    r = recv(bs, bbuf, sizeof(bbuf), 0);
    ok(r == 8 && !memcmp(bbuf, "blocking", 8), "recv returned %d, error %d\n", r, WSAGetLastError());
    if (t) join(t);
    ok(x.saw, "the completion routine did not run during the blocking recv\n");
    ok(LOADL(routine_count) == 1, "routine ran %ld times\n", (long)LOADL(routine_count));
    ok(routine_tid == (LONG)GetCurrentThreadId(), "the routine ran on another thread\n");
    ok(routine_err == 0 && routine_bytes == 7, "routine got error %lu, %lu bytes\n", routine_err, routine_bytes);
    ok(!memcmp(abuf, "routine", 7), "wrong data\n");
    closesocket(ac);
    closesocket(as);
    closesocket(bc);
    closesocket(bs);
}

/* closesocket() from another thread ends a blocking recv with WSAEINTR. */
static void test_close(void)
{
    SOCKET c, s;
    char buf[16];
    struct blocked b;
    HANDLE t;

    if (tcp_pair(&c, &s)) return;
    memset(&b, 0, sizeof(b));
    b.op = OP_RECV;
    b.s = s;
    b.buf = buf;
    b.len = sizeof(buf);
    t = start_blocked(&b);
    if (t) {
        ok(!LOADL(b.done), "recv returned early\n");
        closesocket(s);
        join(t);
        ok(b.ret == SOCKET_ERROR && b.err == WSAEINTR, "recv returned %ld, error %d\n", (long)b.ret, b.err);
    } else {
        closesocket(s);
    }
    closesocket(c);
}

int main(void)
{
    WSADATA wsa;

    ok(!WSAStartup(MAKEWORD(2, 2), &wsa), "WSAStartup failed\n");
    test_recv(OP_RECV);
    test_recv(OP_WSARECV);
    test_accept();
    test_select(OP_SELECT);
    test_select(OP_WSAPOLL);
    test_send();
    test_connect();
    test_queued_before();
    test_select_timeout();
    test_no_wait();
    test_timeout();
    test_completion_routine();
    test_close();
    WSACleanup();
    return test_finish();
}
