/* I/O completion ports with several threads: waiters are released last in, first out; the
 * concurrency value bounds how many released threads run at once (0 = number of CPUs) and a
 * thread that blocks elsewhere frees its slot; closing the port releases every waiter with
 * ERROR_ABANDONED_WAIT_0; worker threads servicing many sockets see each packet exactly once.
 *
 * Expected values come from Microsoft's docs ("I/O Completion Ports": LIFO release, the
 * concurrency value, "if a thread ... waits ... the system can release another thread";
 * GetQueuedCompletionStatus: ERROR_ABANDONED_WAIT_0 when the handle is closed while a call is
 * outstanding) and Wine's tests where named.
 */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <mswsock.h>
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#include "ovl_test.h"

#define POISON ((ULONG_PTR)0xdeadbeef)
/* Fields worker threads write while the main thread reads them. */
#define LOAD(x) __atomic_load_n(&(x), __ATOMIC_ACQUIRE)
#define STORE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELEASE)

/* Waits until *flag reaches value, up to ms milliseconds. */
static BOOL wait_value(volatile LONG *flag, LONG value, DWORD ms)
{
    DWORD start = GetTickCount();
    while (__atomic_load_n(flag, __ATOMIC_ACQUIRE) < value) {
        if (GetTickCount() - start > ms) return FALSE;
        Sleep(1);
    }
    return TRUE;
}

static void spin_ms(DWORD ms)
{
    DWORD start = GetTickCount();
    while (GetTickCount() - start < ms) {}
}

static HANDLE start_thread(LPTHREAD_START_ROUTINE fn, void *arg)
{
    HANDLE t = CreateThread(NULL, 0, fn, arg, 0, NULL);
    ok(t != NULL, "CreateThread failed, error %lu\n", GetLastError());
    return t;
}

static void join(HANDLE t, DWORD ms)
{
    DWORD r = WaitForSingleObject(t, ms);
    ok(r == WAIT_OBJECT_0, "thread did not finish in %lu ms (%lu)\n", ms, r);
    CloseHandle(t);
}

/* ---- LIFO release ------------------------------------------------------------------------ */

struct lifo_ctx {
    HANDLE port;
    volatile LONG started;   /* threads that are about to wait */
    volatile LONG got;       /* packets taken */
    int order[3];            /* which thread took packet 0, 1, 2 */
};

struct lifo_arg {
    struct lifo_ctx *ctx;
    int id;
};

static DWORD WINAPI lifo_thread(void *p)
{
    struct lifo_arg *a = p;
    DWORD bytes;
    ULONG_PTR key;
    OVERLAPPED *olp;
    BOOL r;

    InterlockedIncrement(&a->ctx->started);
    r = GetQueuedCompletionStatus(a->ctx->port, &bytes, &key, &olp, 5000);
    if (r) {
        a->ctx->order[key] = a->id;
        __atomic_fetch_add(&a->ctx->got, 1, __ATOMIC_RELEASE);
    }
    return r ? 0 : 1;
}

static void test_lifo_release(void)
{
    struct lifo_ctx ctx;
    struct lifo_arg args[3];
    HANDLE threads[3];
    int i;

    memset(&ctx, 0, sizeof(ctx));
    /* Concurrency 3 so the limit does not get in the way of the order. */
    ctx.port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 3);
    ok(ctx.port != NULL, "CreateIoCompletionPort failed\n");
    for (i = 0; i < 3; i++) {
        args[i].ctx = &ctx;
        args[i].id = 'A' + i;
        threads[i] = start_thread(lifo_thread, &args[i]);
        ok(wait_value(&ctx.started, i + 1, 2000), "thread %c did not start\n", 'A' + i);
        Sleep(50);  /* let it block in GQCS before the next one starts */
    }
    for (i = 0; i < 3; i++) {
        ok(PostQueuedCompletionStatus(ctx.port, 0, (ULONG_PTR)i, NULL), "PQCS failed\n");
        ok(wait_value(&ctx.got, i + 1, 2000), "packet %d was not taken\n", i);
    }
    ok(ctx.order[0] == 'C', "packet 0 went to %c, expected C (the last waiter)\n", ctx.order[0]);
    ok(ctx.order[1] == 'B', "packet 1 went to %c, expected B\n", ctx.order[1]);
    ok(ctx.order[2] == 'A', "packet 2 went to %c, expected A\n", ctx.order[2]);
    for (i = 0; i < 3; i++) join(threads[i], 2000);
    CloseHandle(ctx.port);
}

/* ---- concurrency ------------------------------------------------------------------------- */

#define KEY_SPIN 1   /* busy for spin_ms, without blocking */
#define KEY_SLEEP 2  /* blocks in Sleep */
#define KEY_PLAIN 3
#define KEY_SPIN_EXIT 4  /* busy for spin_ms, then the thread exits */
#define KEY_CS 5  /* blocks in EnterCriticalSection(&conc_cs) until the test leaves it */

static CRITICAL_SECTION conc_cs;
#define KEY_EXIT 99

struct conc_ctx {
    HANDLE port;
    DWORD work_ms;
    DWORD gqcs_ms;              /* each GQCS call's timeout; a thread loops on timeouts */
    volatile LONG timeouts;
    volatile LONG started;
    volatile LONG running;      /* threads between a packet and their next GQCS */
    volatile LONG max_running;
    volatile LONG got;
    volatile LONG exited;
    DWORD t0;
    DWORD got_at[8];            /* ms after t0 */
    DWORD got_by[8];
    DWORD recall_at[8];         /* when the thread that took packet i called GQCS again */
};

static DWORD WINAPI conc_thread(void *p)
{
    struct conc_ctx *c = p;
    DWORD bytes, me = GetCurrentThreadId();
    ULONG_PTR key;
    OVERLAPPED *olp;
    LONG idx, now, prev;

    InterlockedIncrement(&c->started);
    for (;;) {
        olp = NULL;
        if (!GetQueuedCompletionStatus(c->port, &bytes, &key, &olp, c->gqcs_ms)) {
            if (!olp && GetLastError() == WAIT_TIMEOUT) {
                InterlockedIncrement(&c->timeouts);
                continue;
            }
            break;  /* ERROR_ABANDONED_WAIT_0: stop_conc closed the port */
        }
        if (key == KEY_EXIT) break;
        now = InterlockedIncrement(&c->running);
        prev = __atomic_load_n(&c->max_running, __ATOMIC_RELAXED);
        while (now > prev && !__atomic_compare_exchange_n(&c->max_running, &prev, now, 0, __ATOMIC_SEQ_CST,
                                                          __ATOMIC_RELAXED)) {}
        idx = InterlockedIncrement(&c->got) - 1;
        if (idx < 8) {
            STORE(c->got_at[idx], GetTickCount() - c->t0);
            STORE(c->got_by[idx], me);
        }
        if (key == KEY_SPIN || key == KEY_SPIN_EXIT) spin_ms(c->work_ms);
        if (key == KEY_SLEEP) Sleep(c->work_ms);
        if (key == KEY_CS) {
            EnterCriticalSection(&conc_cs);
            LeaveCriticalSection(&conc_cs);
        }
        InterlockedDecrement(&c->running);
        if (idx < 8) STORE(c->recall_at[idx], GetTickCount() - c->t0);
        if (key == KEY_SPIN_EXIT) break;
    }
    InterlockedIncrement(&c->exited);
    return 0;
}

static void start_conc(struct conc_ctx *c, HANDLE *threads, int n, DWORD concurrency, DWORD work_ms, DWORD gqcs_ms)
{
    int i;
    memset(c, 0, sizeof(*c));
    c->work_ms = work_ms;
    c->gqcs_ms = gqcs_ms;
    c->port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, concurrency);
    ok(c->port != NULL, "CreateIoCompletionPort failed\n");
    for (i = 0; i < n; i++) {
        threads[i] = start_thread(conc_thread, c);
        ok(wait_value(&c->started, i + 1, 2000), "thread %d did not start\n", i);
        Sleep(30);
    }
    c->t0 = GetTickCount();
}

static void stop_conc(struct conc_ctx *c, HANDLE *threads, int n)
{
    int i;
    /* Closing the port releases every waiter with ERROR_ABANDONED_WAIT_0. */
    CloseHandle(c->port);
    for (i = 0; i < n; i++) join(threads[i], 3000);
}

/* Concurrency 1, two waiting threads, two packets: only one thread is released; the second
 * packet waits until that thread calls GQCS again (and that thread then takes it itself: MS docs
 * "I/O Completion Ports" - a thread that calls GQCS again picks up the next packet without a
 * context switch). */
static void test_concurrency_one(void)
{
    struct conc_ctx c;
    HANDLE threads[2];

    start_conc(&c, threads, 2, 1, 200, 5000);
    PostQueuedCompletionStatus(c.port, 0, KEY_SPIN, NULL);
    PostQueuedCompletionStatus(c.port, 0, KEY_PLAIN, NULL);
    ok(wait_value(&c.got, 1, 2000), "no thread was released\n");
    Sleep(100);
    ok(LOAD(c.got) == 1, "%ld packets taken while the first thread runs (limit 1)\n", LOAD(c.got));
    ok(wait_value(&c.got, 2, 3000), "second packet never taken\n");
    ok(LOAD(c.max_running) == 1, "%ld threads ran at once, limit 1\n", LOAD(c.max_running));
    ok(LOAD(c.got_at[1]) + 5 >= LOAD(c.recall_at[0]), "second packet taken at %lu ms, before the first thread called GQCS "
       "again (%lu ms)\n", LOAD(c.got_at[1]), LOAD(c.recall_at[0]));
    ok(LOAD(c.got_by[1]) == LOAD(c.got_by[0]), "second packet went to another thread\n");
    trace("concurrency 1: packet 0 at %lu ms, GQCS again at %lu ms, packet 1 at %lu ms\n", LOAD(c.got_at[0]),
          LOAD(c.recall_at[0]), LOAD(c.got_at[1]));
    stop_conc(&c, threads, 2);
}

/* A waiter whose GQCS times out counts as running again (the kernel's KQUEUE counts every
 * associated thread that wakes from a wait), so calling GQCS again does not take a slot that
 * belongs to a thread still working: with concurrency 1 and one thread busy, another thread
 * that loops on short timeouts is not released (MS docs "I/O Completion Ports": the limit counts
 * runnable threads; the count may only exceed it briefly, when a blocked thread wakes). */
static void test_concurrency_timeout_loop(void)
{
    struct conc_ctx c;
    HANDLE threads[2];

    start_conc(&c, threads, 2, 1, 400, 30);
    PostQueuedCompletionStatus(c.port, 0, KEY_SPIN, NULL);
    PostQueuedCompletionStatus(c.port, 0, KEY_PLAIN, NULL);
    ok(wait_value(&c.got, 1, 2000), "no thread was released\n");
    Sleep(200);
    ok(LOAD(c.timeouts) > 0, "the idle thread never timed out\n");
    ok(LOAD(c.got) == 1, "%ld packets taken while the first thread runs (limit 1): a waiter that timed out "
             "took the busy thread's slot\n", LOAD(c.got));
    ok(wait_value(&c.got, 2, 3000), "second packet never taken\n");
    stop_conc(&c, threads, 2);
}

/* A released thread that exits frees its slot at once: a packet queued behind it goes to a
 * waiting thread without waiting for that thread's timeout (the kernel removes an exiting
 * thread from its queue and releases a waiter). */
static void test_concurrency_thread_exit(void)
{
    struct conc_ctx c;
    HANDLE threads[2];

    start_conc(&c, threads, 2, 1, 100, 3000);
    c.t0 = GetTickCount();
    PostQueuedCompletionStatus(c.port, 0, KEY_SPIN_EXIT, NULL);
    PostQueuedCompletionStatus(c.port, 0, KEY_PLAIN, NULL);
    ok(wait_value(&c.got, 1, 2000), "no thread was released\n");
    ok(wait_value(&c.got, 2, 5000), "second packet never taken\n");
    ok(LOAD(c.got_at[1]) < 600, "second packet taken %lu ms after the first thread exited at %lu ms\n",
             LOAD(c.got_at[1]), LOAD(c.recall_at[0]));
    stop_conc(&c, threads, 2);
}

/* A released thread that blocks elsewhere (Sleep) frees its slot: with concurrency 1 the other
 * waiter is released while the first one sleeps (MS docs "I/O Completion Ports": "If a thread
 * ... enters a wait state, ... the system can release another thread"; DESIGN.md). */
static void test_concurrency_blocked_thread(void)
{
    struct conc_ctx c;
    HANDLE threads[2];

    start_conc(&c, threads, 2, 1, 400, 5000);
    PostQueuedCompletionStatus(c.port, 0, KEY_SLEEP, NULL);
    PostQueuedCompletionStatus(c.port, 0, KEY_SLEEP, NULL);
    ok(wait_value(&c.got, 1, 2000), "no thread was released\n");
    ok(wait_value(&c.got, 2, 250), "the second waiter was not released while the first slept\n");
    ok(wait_value(&c.got, 2, 3000), "second packet never taken\n");
    stop_conc(&c, threads, 2);
}

/* The same for a thread that sleeps in EnterCriticalSection (Windows waits on the section's
 * event, a wait like any other). */
static void test_concurrency_blocked_in_critical_section(void)
{
    struct conc_ctx c;
    HANDLE threads[2];

    InitializeCriticalSection(&conc_cs);
    EnterCriticalSection(&conc_cs);
    start_conc(&c, threads, 2, 1, 0, 5000);
    PostQueuedCompletionStatus(c.port, 0, KEY_CS, NULL);
    PostQueuedCompletionStatus(c.port, 0, KEY_PLAIN, NULL);
    ok(wait_value(&c.got, 1, 2000), "no thread was released\n");
    ok(wait_value(&c.got, 2, 2000), "the second waiter was not released while the first waited for the section\n");
    LeaveCriticalSection(&conc_cs);
    stop_conc(&c, threads, 2);
    DeleteCriticalSection(&conc_cs);
}

/* NumberOfConcurrentThreads 0 = the number of CPUs (MS docs CreateIoCompletionPort). */
static void test_concurrency_default(void)
{
    struct conc_ctx c;
    HANDLE threads[8];
    SYSTEM_INFO si;
    int ncpu, n, i;

    GetSystemInfo(&si);
    ncpu = (int)si.dwNumberOfProcessors;
    if (ncpu > 6) {
        skip("%d CPUs: the test spins one thread per CPU plus one\n", ncpu);
        return;
    }
    n = ncpu + 1;
    start_conc(&c, threads, n, 0, 400, 5000);
    for (i = 0; i < n; i++) PostQueuedCompletionStatus(c.port, 0, KEY_SPIN, NULL);
    ok(wait_value(&c.got, ncpu, 2000), "only %ld threads released, expected %d\n", LOAD(c.got), ncpu);
    Sleep(150);
    ok(LOAD(c.got) == ncpu, "%ld threads released with concurrency 0 on %d CPUs\n", LOAD(c.got), ncpu);
    ok(wait_value(&c.got, n, 4000), "last packet never taken\n");
    ok(LOAD(c.max_running) == ncpu, "max %ld threads ran at once, expected %d\n", LOAD(c.max_running), ncpu);
    stop_conc(&c, threads, n);
}

/* ---- closing the port while threads wait ------------------------------------------------- */

struct close_ctx {
    HANDLE port;
    volatile LONG started;
    volatile LONG done;
    BOOL ret[2];
    DWORD err[2];
    OVERLAPPED *olp[2];
};

struct close_arg {
    struct close_ctx *c;
    int i;
};

static DWORD WINAPI close_thread(void *p)
{
    struct close_arg *a = p;
    DWORD bytes;
    ULONG_PTR key;
    OVERLAPPED *olp = (OVERLAPPED *)POISON;
    BOOL r;
    InterlockedIncrement(&a->c->started);
    SetLastError(0xdeadbeef);
    r = GetQueuedCompletionStatus(a->c->port, &bytes, &key, &olp, 5000);
    a->c->err[a->i] = GetLastError();
    a->c->ret[a->i] = r;
    a->c->olp[a->i] = olp;
    InterlockedIncrement(&a->c->done);
    return 0;
}

/* MS docs GetQueuedCompletionStatus: "If a call to GetQueuedCompletionStatus fails because the
 * completion port handle associated with it is closed while the call is outstanding, the
 * function returns FALSE, *lpOverlapped will be NULL, and GetLastError will return
 * ERROR_ABANDONED_WAIT_0". */
static void test_close_while_waiting(void)
{
    struct close_ctx c;
    struct close_arg args[2];
    HANDLE threads[2];
    DWORD start;
    int i;

    memset(&c, 0, sizeof(c));
    c.port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 0);
    for (i = 0; i < 2; i++) {
        args[i].c = &c;
        args[i].i = i;
        threads[i] = start_thread(close_thread, &args[i]);
        ok(wait_value(&c.started, i + 1, 2000), "thread %d did not start\n", i);
        Sleep(50);
    }
    start = GetTickCount();
    ok(CloseHandle(c.port), "CloseHandle failed, error %lu\n", GetLastError());
    ok(wait_value(&c.done, 2, 2000), "%ld of 2 waiters returned after CloseHandle\n", LOAD(c.done));
    ok(GetTickCount() - start < 1000, "waiters took %lu ms to return\n", GetTickCount() - start);
    for (i = 0; i < 2; i++) {
        ok(c.ret[i] == FALSE, "thread %d: returned %d\n", i, c.ret[i]);
        ok(c.err[i] == ERROR_ABANDONED_WAIT_0, "thread %d: expected 735, got %lu\n", i, c.err[i]);
        ok(c.olp[i] == NULL, "thread %d: olp %p\n", i, c.olp[i]);
    }
    for (i = 0; i < 2; i++) join(threads[i], 2000);
}

/* ---- many sockets, several workers ------------------------------------------------------- */

#define NSOCK 20
#define NPER 5
#define MSGLEN 8

struct io_slot {
    OVERLAPPED ov;   /* first: the OVERLAPPED pointer is the slot */
    WSABUF wb;
    char buf[MSGLEN];
    int sock, index;
    volatile LONG seen;
};

struct echo_ctx {
    HANDLE port;
    SOCKET server[NSOCK], client[NSOCK];
    struct io_slot slots[NSOCK * NPER];
    volatile LONG total;
    volatile LONG bad;
    volatile LONG per_thread[4];
};

struct echo_arg {
    struct echo_ctx *c;
    int id;
};

static DWORD WINAPI echo_worker(void *p)
{
    struct echo_arg *a = p;
    struct echo_ctx *c = a->c;
    DWORD bytes;
    ULONG_PTR key;
    OVERLAPPED *olp;
    for (;;) {
        BOOL r = GetQueuedCompletionStatus(c->port, &bytes, &key, &olp, 5000);
        struct io_slot *s;
        if (!r && !olp) break;  /* timeout or closed */
        if (key == KEY_EXIT) break;
        s = (struct io_slot *)olp;
        if (!r || bytes != MSGLEN || (int)key != s->sock) InterlockedIncrement(&c->bad);
        InterlockedIncrement(&s->seen);
        InterlockedIncrement(&c->per_thread[a->id]);
        if (r && bytes) send(c->server[s->sock], s->buf, (int)bytes, 0);
        InterlockedIncrement(&c->total);
    }
    return 0;
}

static void test_workers_exactly_once(void)
{
    static struct echo_ctx c;
    struct echo_arg args[4];
    HANDLE threads[4];
    int i, k;

    memset(&c, 0, sizeof(c));
    c.port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 4);
    for (i = 0; i < NSOCK; i++) {
        if (tcp_pair(&c.client[i], &c.server[i])) return;
        ok(CreateIoCompletionPort((HANDLE)c.server[i], c.port, (ULONG_PTR)i, 0) == c.port, "associate %d failed\n", i);
    }
    for (i = 0; i < 4; i++) {
        args[i].c = &c;
        args[i].id = i;
        threads[i] = start_thread(echo_worker, &args[i]);
    }
    /* 100 pending recvs, issued in order on each socket. */
    for (i = 0; i < NSOCK; i++) {
        for (k = 0; k < NPER; k++) {
            struct io_slot *s = &c.slots[i * NPER + k];
            DWORD flags = 0, got;
            int rc;
            s->sock = i;
            s->index = k;
            s->wb.buf = s->buf;
            s->wb.len = MSGLEN;
            memset(s->buf, 0, MSGLEN);
            rc = WSARecv(c.server[i], &s->wb, 1, &got, &flags, &s->ov, NULL);
            ok(rc == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING, "recv %d/%d: rc %d error %d\n", i, k, rc,
               WSAGetLastError());
        }
    }
    /* Each client sends its 5 messages in one go; the pending recvs take them in issue order. */
    for (i = 0; i < NSOCK; i++) {
        char msg[NPER * MSGLEN];
        for (k = 0; k < NPER; k++) sprintf(msg + k * MSGLEN, "s%02dm%d__", i, k);
        ok(send(c.client[i], msg, sizeof(msg), 0) == (int)sizeof(msg), "client %d send failed\n", i);
    }
    ok(wait_value(&c.total, NSOCK * NPER, 5000), "%ld of %d packets delivered\n", LOAD(c.total), NSOCK * NPER);
    Sleep(100);  /* a duplicate would show up now */
    ok(LOAD(c.total) == NSOCK * NPER, "%ld packets delivered, expected %d\n", LOAD(c.total), NSOCK * NPER);
    ok(LOAD(c.bad) == 0, "%ld packets with a wrong status, size or key\n", LOAD(c.bad));
    for (i = 0; i < NSOCK * NPER; i++) {
        struct io_slot *s = &c.slots[i];
        char expect[MSGLEN + 1];
        sprintf(expect, "s%02dm%d__", s->sock, s->index);
        ok(LOAD(s->seen) == 1, "OVERLAPPED %d delivered %ld times\n", i, LOAD(s->seen));
        ok(!memcmp(s->buf, expect, MSGLEN), "recv %d got %.8s, expected %.8s (issue order)\n", i, s->buf, expect);
    }
    /* The echoes come back whole (their order across workers may vary). */
    for (i = 0; i < NSOCK; i++) {
        char back[NPER * MSGLEN];
        int have = 0, r, seen_mask = 0;
        while (have < (int)sizeof(back)) {
            r = recv(c.client[i], back + have, (int)sizeof(back) - have, 0);
            if (r <= 0) break;
            have += r;
        }
        ok(have == (int)sizeof(back), "client %d: %d echoed bytes\n", i, have);
        for (k = 0; k < NPER && have == (int)sizeof(back); k++) {
            int m;
            char expect[MSGLEN + 1];
            for (m = 0; m < NPER; m++) {
                sprintf(expect, "s%02dm%d__", i, m);
                if (!memcmp(back + k * MSGLEN, expect, MSGLEN)) seen_mask |= 1 << m;
            }
        }
        ok(seen_mask == (1 << NPER) - 1, "client %d: echoed messages mask %#x\n", i, seen_mask);
    }
    trace("per-thread packets: %ld %ld %ld %ld\n", LOAD(c.per_thread[0]), LOAD(c.per_thread[1]),
          LOAD(c.per_thread[2]), LOAD(c.per_thread[3]));
    for (i = 0; i < 4; i++) PostQueuedCompletionStatus(c.port, 0, KEY_EXIT, NULL);
    for (i = 0; i < 4; i++) join(threads[i], 8000);
    for (i = 0; i < NSOCK; i++) {
        closesocket(c.client[i]);
        closesocket(c.server[i]);
    }
    CloseHandle(c.port);
}

int main(void)
{
    WSADATA wsa;
    if (WSAStartup(MAKEWORD(2, 2), &wsa)) {
        printf("WSAStartup failed\n");
        return 1;
    }
    test_lifo_release();
    test_concurrency_one();
    test_concurrency_timeout_loop();
    test_concurrency_thread_exit();
    test_concurrency_blocked_thread();
    test_concurrency_blocked_in_critical_section();
    test_concurrency_default();
    test_close_while_waiting();
    test_workers_exactly_once();
    WSACleanup();
    return test_finish();
}
