/* Threads and APCs: CreateThread, thread handles, exit codes, ExitThread, CREATE_SUSPENDED +
 * ResumeThread, _beginthreadex; QueueUserAPC with alertable and non-alertable waits.
 *
 * Expected values: Microsoft's docs (CreateThread, GetExitCodeThread, ResumeThread,
 * QueueUserAPC, SleepEx, WaitForSingleObjectEx, WSAWaitForMultipleEvents) and, for the
 * "object already signalled wins over a queued APC" rule, DESIGN.md "Model II" (NT's wait
 * satisfies a signalled object before it looks at user APCs).
 *
 * <process.h> is needed for _beginthreadex (it is the MSVC CRT header that declares it).
 */
#include <winsock2.h>
#include <windows.h>
#include <process.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#include "ovl_test.h"

/* ---- CreateThread, ids, exit codes ---------------------------------------------------- */

struct id_ctx
{
    DWORD seen_id;
    HANDLE go;
};

static DWORD WINAPI id_thread(void *arg)
{
    struct id_ctx *c = arg;
    c->seen_id = GetCurrentThreadId();
    WaitForSingleObject(c->go, 5000);
    return 0x1234;
}

static void test_create_thread(void)
{
    struct id_ctx c;
    HANDLE t;
    DWORD tid = 0xdeadbeef, code, r;
    BOOL b;

    c.seen_id = 0;
    c.go = CreateEventA(NULL, TRUE, FALSE, NULL);
    SetLastError(0xdeadbeef);
    t = CreateThread(NULL, 0, id_thread, &c, 0, &tid);
    ok(t != NULL, "CreateThread failed, error %u\n", GetLastError());
    ok(tid != 0xdeadbeef && tid != 0, "thread id not written: %u\n", tid);
    ok(tid != GetCurrentThreadId(), "new thread has the caller's id\n");

    r = WaitForSingleObject(t, 100);
    ok(r == WAIT_TIMEOUT, "running thread's handle is signalled: %u\n", r);

    code = 0xdeadbeef;
    b = GetExitCodeThread(t, &code);
    ok(b, "GetExitCodeThread failed, error %u\n", GetLastError());
    ok(code == STILL_ACTIVE && code == 259, "running thread: exit code %u\n", code);

    /* A running thread that is not suspended: previous suspend count 0. */
    r = ResumeThread(t);
    ok(r == 0, "ResumeThread on a running thread returned %u\n", r);

    SetEvent(c.go);
    r = WaitForSingleObject(t, 5000);
    ok(r == WAIT_OBJECT_0, "thread handle not signalled at exit: %u\n", r);
    ok(c.seen_id == tid, "GetCurrentThreadId() in the thread %u, lpThreadId %u\n", c.seen_id, tid);

    code = 0xdeadbeef;
    b = GetExitCodeThread(t, &code);
    ok(b, "GetExitCodeThread failed, error %u\n", GetLastError());
    ok(code == 0x1234, "exit code %#x\n", code);

    /* A thread handle stays signalled. */
    r = WaitForSingleObject(t, 0);
    ok(r == WAIT_OBJECT_0, "got %u\n", r);

    CloseHandle(t);
    CloseHandle(c.go);
}

static DWORD WINAPI exit_thread_proc(void *arg)
{
    ExitThread(77);
    return 5; /* not reached */
}

static void test_exit_thread(void)
{
    HANDLE t = CreateThread(NULL, 0, exit_thread_proc, NULL, 0, NULL);
    DWORD code = 0, r;

    r = WaitForSingleObject(t, 5000);
    ok(r == WAIT_OBJECT_0, "got %u\n", r);
    ok(GetExitCodeThread(t, &code), "GetExitCodeThread failed\n");
    ok(code == 77, "ExitThread code: got %u\n", code);
    CloseHandle(t);
}

static volatile LONG suspended_ran;

static DWORD WINAPI suspended_proc(void *arg)
{
    InterlockedExchange(&suspended_ran, 1);
    return 9;
}

static void test_create_suspended(void)
{
    HANDLE t;
    DWORD r, prev, code = 0;

    suspended_ran = 0;
    t = CreateThread(NULL, 0, suspended_proc, NULL, CREATE_SUSPENDED, NULL);
    ok(t != NULL, "CreateThread failed, error %u\n", GetLastError());
    r = WaitForSingleObject(t, 100);
    ok(r == WAIT_TIMEOUT, "suspended thread finished: %u\n", r);
    ok(suspended_ran == 0, "suspended thread ran before ResumeThread\n");
    ok(GetExitCodeThread(t, &code) && code == STILL_ACTIVE, "exit code %u\n", code);

    prev = ResumeThread(t);
    ok(prev == 1, "ResumeThread returned %u, expected the previous count 1\n", prev);
    r = WaitForSingleObject(t, 5000);
    ok(r == WAIT_OBJECT_0, "resumed thread did not finish: %u\n", r);
    ok(suspended_ran == 1, "thread did not run\n");
    ok(GetExitCodeThread(t, &code) && code == 9, "exit code %u\n", code);

    CloseHandle(t);
}

static unsigned __stdcall beginthreadex_proc(void *arg)
{
    *(DWORD *)arg = GetCurrentThreadId();
    return 42;
}

static void test_beginthreadex(void)
{
    unsigned tid = 0;
    DWORD seen = 0, code = 0, r;
    uintptr_t h;

    h = _beginthreadex(NULL, 0, beginthreadex_proc, &seen, 0, &tid);
    ok(h != 0, "_beginthreadex failed\n");
    r = WaitForSingleObject((HANDLE)h, 5000);
    ok(r == WAIT_OBJECT_0, "got %u\n", r);
    ok(seen == tid, "thread id %u, _beginthreadex reported %u\n", seen, tid);
    ok(GetExitCodeThread((HANDLE)h, &code), "GetExitCodeThread failed\n");
    ok(code == 42, "exit code %u\n", code);
    ok(CloseHandle((HANDLE)h), "CloseHandle failed, error %u\n", GetLastError());
}

/* ---- APCs ------------------------------------------------------------------------------ */

static volatile LONG apc_count;
static DWORD apc_thread_id;
static ULONG_PTR apc_order[8];

static void CALLBACK counting_apc(ULONG_PTR data)
{
    LONG n = InterlockedIncrement(&apc_count);
    apc_thread_id = GetCurrentThreadId();
    if (n <= 8) apc_order[n - 1] = data;
}

struct apc_target
{
    HANDLE ready;    /* set by the target when it is about to wait */
    HANDLE queued;   /* set by the main thread after QueueUserAPC */
    DWORD my_id;
    LONG count_after_nonalertable_wait;
    LONG count_after_sleep;
    DWORD sleepex_result;
    LONG count_after_sleepex;
    DWORD sleepex_elapsed;
};

static DWORD WINAPI apc_target_proc(void *arg)
{
    struct apc_target *c = arg;
    DWORD start;

    c->my_id = GetCurrentThreadId();
    SetEvent(c->ready);
    /* Non-alertable waits must not run the APC queued meanwhile. */
    WaitForSingleObject(c->queued, 5000);
    c->count_after_nonalertable_wait = apc_count;
    Sleep(50);
    c->count_after_sleep = apc_count;
    SleepEx(0, FALSE);
    /* An alertable wait runs it and returns WAIT_IO_COMPLETION at once. */
    start = GetTickCount();
    c->sleepex_result = SleepEx(5000, TRUE);
    c->sleepex_elapsed = GetTickCount() - start;
    c->count_after_sleepex = apc_count;
    return 0;
}

static void test_apc_other_thread(void)
{
    struct apc_target c;
    HANDLE t;
    DWORD r;

    memset(&c, 0, sizeof(c));
    apc_count = 0;
    apc_thread_id = 0;
    c.ready = CreateEventA(NULL, TRUE, FALSE, NULL);
    c.queued = CreateEventA(NULL, TRUE, FALSE, NULL);
    c.sleepex_result = 0xdeadbeef;
    t = CreateThread(NULL, 0, apc_target_proc, &c, 0, NULL);
    WaitForSingleObject(c.ready, 5000);

    SetLastError(0xdeadbeef);
    r = QueueUserAPC(counting_apc, t, 1);
    ok(r != 0, "QueueUserAPC failed, error %u\n", GetLastError());
    SetEvent(c.queued);

    r = WaitForSingleObject(t, 5000);
    ok(r == WAIT_OBJECT_0, "target thread did not finish: %u\n", r);
    ok(c.count_after_nonalertable_wait == 0, "APC ran during a non-alertable WaitForSingleObject\n");
    ok(c.count_after_sleep == 0, "APC ran during Sleep\n");
    ok(c.sleepex_result == WAIT_IO_COMPLETION && WAIT_IO_COMPLETION == 0xC0,
       "SleepEx(alertable) returned %#x\n", c.sleepex_result);
    ok(c.count_after_sleepex == 1, "APC ran %d times\n", c.count_after_sleepex);
    ok(apc_thread_id == c.my_id, "APC ran in thread %u, target is %u\n", apc_thread_id, c.my_id);
    ok(c.sleepex_elapsed < 2000, "SleepEx was not cut short by the APC: %u ms\n", c.sleepex_elapsed);
    CloseHandle(t);
    CloseHandle(c.ready);
    CloseHandle(c.queued);
}

static DWORD WINAPI sleeping_target(void *arg)
{
    DWORD *result = arg;
    *result = SleepEx(5000, TRUE);
    return 0;
}

static void test_apc_wakes_alertable_sleeper(void)
{
    DWORD result = 0xdeadbeef, start, r;
    HANDLE t;

    apc_count = 0;
    t = CreateThread(NULL, 0, sleeping_target, &result, 0, NULL);
    Sleep(100); /* let it enter SleepEx */
    start = GetTickCount();
    r = QueueUserAPC(counting_apc, t, 7);
    ok(r != 0, "QueueUserAPC failed, error %u\n", GetLastError());
    r = WaitForSingleObject(t, 5000);
    ok(r == WAIT_OBJECT_0, "sleeping thread not woken: %u\n", r);
    ok(GetTickCount() - start < 3000, "APC did not wake the alertable sleeper promptly\n");
    ok(result == WAIT_IO_COMPLETION, "SleepEx returned %#x\n", result);
    ok(apc_count == 1, "APC count %d\n", apc_count);
    CloseHandle(t);
}

static void test_apc_fifo_same_thread(void)
{
    DWORD r;
    int i;

    apc_count = 0;
    memset(apc_order, 0, sizeof(apc_order));
    for (i = 1; i <= 3; i++)
    {
        r = QueueUserAPC(counting_apc, GetCurrentThread(), (ULONG_PTR)(i * 10));
        ok(r != 0, "QueueUserAPC %d failed, error %u\n", i, GetLastError());
    }
    Sleep(10);
    ok(apc_count == 0, "APC ran during Sleep\n");
    r = SleepEx(0, FALSE);
    ok(r == 0, "SleepEx(0, FALSE) returned %u\n", r);
    ok(apc_count == 0, "APC ran during a non-alertable SleepEx\n");

    /* One alertable wait runs every queued APC, in FIFO order. */
    r = SleepEx(0, TRUE);
    ok(r == WAIT_IO_COMPLETION, "SleepEx(0, TRUE) returned %#x\n", r);
    ok(apc_count == 3, "expected 3 APCs in one wait, got %d\n", apc_count);
    ok(apc_order[0] == 10 && apc_order[1] == 20 && apc_order[2] == 30,
       "APC order %u %u %u\n", (DWORD)apc_order[0], (DWORD)apc_order[1], (DWORD)apc_order[2]);

    r = SleepEx(0, TRUE);
    ok(r == 0, "no APC queued: SleepEx(0, TRUE) returned %u\n", r);
}

static void test_apc_signalled_object_wins(void)
{
    HANDLE e = CreateEventA(NULL, TRUE, TRUE, NULL);
    HANDLE u = CreateEventA(NULL, TRUE, FALSE, NULL);
    HANDLE two[2];
    WSAEVENT we;
    DWORD r;

    apc_count = 0;
    QueueUserAPC(counting_apc, GetCurrentThread(), 1);

    /* Signalled object: the wait returns it and leaves the APC queued. */
    r = WaitForSingleObjectEx(e, 0, TRUE);
    ok(r == WAIT_OBJECT_0, "WaitForSingleObjectEx(signalled, alertable) returned %#x\n", r);
    ok(apc_count == 0, "APC ran although the object was signalled\n");
    r = WaitForSingleObjectEx(e, 1000, TRUE);
    ok(r == WAIT_OBJECT_0, "with a timeout: returned %#x\n", r);
    ok(apc_count == 0, "APC ran although the object was signalled\n");
    two[0] = u;
    two[1] = e;
    r = WaitForMultipleObjectsEx(2, two, FALSE, 1000, TRUE);
    ok(r == WAIT_OBJECT_0 + 1, "WaitForMultipleObjectsEx returned %#x\n", r);
    ok(apc_count == 0, "APC ran although an object was signalled\n");

    /* Unsignalled object: the APC runs and the wait returns WAIT_IO_COMPLETION. */
    r = WaitForSingleObjectEx(u, 1000, TRUE);
    ok(r == WAIT_IO_COMPLETION, "WaitForSingleObjectEx(unsignalled, alertable) returned %#x\n", r);
    ok(apc_count == 1, "APC count %d\n", apc_count);

    /* Non-alertable Ex waits never run APCs. */
    QueueUserAPC(counting_apc, GetCurrentThread(), 2);
    r = WaitForSingleObjectEx(u, 50, FALSE);
    ok(r == WAIT_TIMEOUT, "got %#x\n", r);
    ok(apc_count == 1, "APC ran in a non-alertable wait\n");
    r = WaitForMultipleObjectsEx(2, two, TRUE, 50, TRUE);
    ok(r == WAIT_IO_COMPLETION, "alertable wait-all with one unsignalled: %#x\n", r);
    ok(apc_count == 2, "APC count %d\n", apc_count);

    /* WSAWaitForMultipleEvents(..., fAlertable = TRUE). */
    we = WSACreateEvent();
    QueueUserAPC(counting_apc, GetCurrentThread(), 3);
    r = WSAWaitForMultipleEvents(1, &we, FALSE, 1000, FALSE);
    ok(r == WSA_WAIT_TIMEOUT, "non-alertable: %#x\n", r);
    ok(apc_count == 2, "APC ran in a non-alertable WSAWaitForMultipleEvents\n");
    r = WSAWaitForMultipleEvents(1, &we, FALSE, 1000, TRUE);
    ok(r == WSA_WAIT_IO_COMPLETION && WSA_WAIT_IO_COMPLETION == 0xC0, "alertable: %#x\n", r);
    ok(apc_count == 3, "APC count %d\n", apc_count);
    /* Already signalled: the event wins. */
    WSASetEvent(we);
    QueueUserAPC(counting_apc, GetCurrentThread(), 4);
    r = WSAWaitForMultipleEvents(1, &we, FALSE, 1000, TRUE);
    ok(r == WSA_WAIT_EVENT_0, "signalled + APC queued: %#x\n", r);
    ok(apc_count == 3, "APC ran although the event was signalled\n");
    r = SleepEx(0, TRUE);
    ok(r == WAIT_IO_COMPLETION, "got %#x\n", r);
    ok(apc_count == 4, "APC count %d\n", apc_count);

    WSACloseEvent(we);
    CloseHandle(e);
    CloseHandle(u);
}

static void test_queue_apc_errors(void)
{
    HANDLE e = CreateEventA(NULL, TRUE, FALSE, NULL);
    DWORD r;

    CloseHandle(e);
    SetLastError(0xdeadbeef);
    r = QueueUserAPC(counting_apc, e, 0);
    ok(r == 0, "QueueUserAPC on a closed handle returned %u\n", r);
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %u\n", GetLastError());
}

int main(void)
{
    WSADATA wsa;
    WSAStartup(MAKEWORD(2, 2), &wsa);

    test_create_thread();
    test_exit_thread();
    test_create_suspended();
    test_beginthreadex();
    test_apc_other_thread();
    test_apc_wakes_alertable_sleeper();
    test_apc_fifo_same_thread();
    test_apc_signalled_object_wins();
    test_queue_apc_errors();

    WSACleanup();
    return test_finish();
}
