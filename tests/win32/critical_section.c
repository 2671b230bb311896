/* CRITICAL_SECTION: recursion, TryEnterCriticalSection from another thread, blocking, and
 * mutual exclusion under contention (4 threads x 100000 increments).
 *
 * Expected values: Microsoft's docs (EnterCriticalSection, TryEnterCriticalSection: "If the
 * critical section is successfully entered or the current thread already owns the critical
 * section, the return value is nonzero"); RTL_CRITICAL_SECTION's OwningThread holds the owner's
 * thread ID and RecursionCount the depth (Wine dlls/ntdll/sync.c keeps the same fields).
 */
#include <winsock2.h>
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#include "ovl_test.h"

static CRITICAL_SECTION cs;

static void test_recursion(void)
{
    BOOL b;

    InitializeCriticalSection(&cs);
    EnterCriticalSection(&cs);
    ok(cs.RecursionCount == 1, "RecursionCount %d\n", (int)cs.RecursionCount);
    ok((DWORD)(ULONG_PTR)cs.OwningThread == GetCurrentThreadId(), "OwningThread %p, id %u\n",
       cs.OwningThread, GetCurrentThreadId());
    EnterCriticalSection(&cs);
    ok(cs.RecursionCount == 2, "RecursionCount %d\n", (int)cs.RecursionCount);
    b = TryEnterCriticalSection(&cs);
    ok(b, "TryEnterCriticalSection by the owner failed\n");
    ok(cs.RecursionCount == 3, "RecursionCount %d\n", (int)cs.RecursionCount);
    LeaveCriticalSection(&cs);
    LeaveCriticalSection(&cs);
    ok(cs.RecursionCount == 1, "RecursionCount %d\n", (int)cs.RecursionCount);
    ok((DWORD)(ULONG_PTR)cs.OwningThread == GetCurrentThreadId(), "still owned: OwningThread %p\n",
       cs.OwningThread);
    LeaveCriticalSection(&cs);
    ok(cs.RecursionCount == 0, "RecursionCount %d\n", (int)cs.RecursionCount);
    ok(cs.OwningThread == 0, "OwningThread %p after the last leave\n", cs.OwningThread);
    DeleteCriticalSection(&cs);
}

struct try_ctx
{
    CRITICAL_SECTION *cs;
    BOOL result;
};

static DWORD WINAPI try_enter_thread(void *arg)
{
    struct try_ctx *c = arg;
    c->result = TryEnterCriticalSection(c->cs);
    if (c->result) LeaveCriticalSection(c->cs);
    return 0;
}

static BOOL try_from_other_thread(CRITICAL_SECTION *section)
{
    struct try_ctx c;
    HANDLE t;
    c.cs = section;
    c.result = 0xdead;
    t = CreateThread(NULL, 0, try_enter_thread, &c, 0, NULL);
    ok(WaitForSingleObject(t, 5000) == WAIT_OBJECT_0, "try thread did not finish\n");
    CloseHandle(t);
    return c.result;
}

static void test_try_enter(void)
{
    BOOL b;

    InitializeCriticalSection(&cs);
    b = try_from_other_thread(&cs);
    ok(b == TRUE, "TryEnter on a free section from another thread: %d\n", b);

    EnterCriticalSection(&cs);
    b = try_from_other_thread(&cs);
    ok(b == FALSE, "TryEnter succeeded while another thread holds the section: %d\n", b);
    EnterCriticalSection(&cs); /* recursion does not let others in either */
    LeaveCriticalSection(&cs);
    b = try_from_other_thread(&cs);
    ok(b == FALSE, "TryEnter succeeded while the section is held once more: %d\n", b);
    LeaveCriticalSection(&cs);

    b = try_from_other_thread(&cs);
    ok(b == TRUE, "TryEnter after release: %d\n", b);
    DeleteCriticalSection(&cs);
}

struct block_ctx
{
    CRITICAL_SECTION *cs;
    volatile LONG entered;
};

static DWORD WINAPI blocking_enter_thread(void *arg)
{
    struct block_ctx *c = arg;
    EnterCriticalSection(c->cs);
    InterlockedExchange(&c->entered, 1);
    LeaveCriticalSection(c->cs);
    return 0;
}

static void test_enter_blocks(void)
{
    struct block_ctx c;
    HANDLE t;
    DWORD r;

    InitializeCriticalSectionAndSpinCount(&cs, 100);
    c.cs = &cs;
    c.entered = 0;
    EnterCriticalSection(&cs);
    t = CreateThread(NULL, 0, blocking_enter_thread, &c, 0, NULL);
    r = WaitForSingleObject(t, 100);
    ok(r == WAIT_TIMEOUT, "EnterCriticalSection did not block: %u\n", r);
    ok(c.entered == 0, "other thread entered a held section\n");
    LeaveCriticalSection(&cs);
    r = WaitForSingleObject(t, 5000);
    ok(r == WAIT_OBJECT_0, "blocked thread not released: %u\n", r);
    ok(c.entered == 1, "other thread never entered\n");
    CloseHandle(t);
    DeleteCriticalSection(&cs);
}

#define THREADS 4
#define ITERATIONS 100000

static volatile long counter; /* deliberately not atomic: the section protects it */

static DWORD WINAPI increment_thread(void *arg)
{
    int i;
    for (i = 0; i < ITERATIONS; i++)
    {
        EnterCriticalSection(&cs);
        counter = counter + 1;
        LeaveCriticalSection(&cs);
    }
    return 0;
}

static void test_contention(void)
{
    HANDLE t[THREADS];
    DWORD r;
    int i;

    InitializeCriticalSection(&cs);
    counter = 0;
    for (i = 0; i < THREADS; i++) t[i] = CreateThread(NULL, 0, increment_thread, NULL, 0, NULL);
    r = WaitForMultipleObjects(THREADS, t, TRUE, 5000);
    ok(r == WAIT_OBJECT_0, "threads did not finish: %u\n", r);
    ok(counter == (long)THREADS * ITERATIONS, "counter %d, expected %d\n", (int)counter, THREADS * ITERATIONS);
    ok(cs.RecursionCount == 0 && cs.OwningThread == 0, "section still owned: %d %p\n",
       (int)cs.RecursionCount, cs.OwningThread);
    for (i = 0; i < THREADS; i++) CloseHandle(t[i]);
    DeleteCriticalSection(&cs);
}

int main(void)
{
    test_recursion();
    test_try_enter();
    test_enter_blocks();
    test_contention();
    return test_finish();
}
