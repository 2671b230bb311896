/* Event objects and waits: CreateEvent manual/auto reset, SetEvent/ResetEvent/PulseEvent,
 * WaitForSingleObject / WaitForMultipleObjects (wait-any, wait-all), WSAWaitForMultipleEvents,
 * WSACreateEvent/WSACloseEvent, CloseHandle on a closed handle, and cross-thread release.
 *
 * Expected values: Microsoft's docs, Wine dlls/kernel32/tests/sync.c (test_WaitForSingleObject,
 * test_WaitForMultipleObjects) and the NT rule that a wait-all naming one object twice fails
 * with STATUS_INVALID_PARAMETER_MIX (ERROR_INVALID_PARAMETER).
 */
#include <winsock2.h>
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#include "ovl_test.h"

static HANDLE handle_with_low_bits(HANDLE h, ULONG_PTR bits)
{
    return (HANDLE)((ULONG_PTR)h | bits);
}

static void test_manual_reset(void)
{
    HANDLE e;
    DWORD r;
    BOOL b;

    SetLastError(0xdeadbeef);
    e = CreateEventA(NULL, TRUE, FALSE, NULL);
    ok(e != NULL, "CreateEventA failed, error %u\n", GetLastError());

    SetLastError(0xdeadbeef);
    r = WaitForSingleObject(e, 0);
    ok(r == WAIT_TIMEOUT, "unsignalled manual event: got %u\n", r);
    /* sync.c test_WaitForSingleObject: a successful wait leaves the last error alone. */
    ok(GetLastError() == 0xdeadbeef, "last error changed to %u\n", GetLastError());

    b = SetEvent(e);
    ok(b, "SetEvent failed, error %u\n", GetLastError());
    r = WaitForSingleObject(e, 0);
    ok(r == WAIT_OBJECT_0, "got %u\n", r);
    r = WaitForSingleObject(e, 0);
    ok(r == WAIT_OBJECT_0, "manual-reset event must stay signalled, got %u\n", r);

    b = ResetEvent(e);
    ok(b, "ResetEvent failed, error %u\n", GetLastError());
    r = WaitForSingleObject(e, 0);
    ok(r == WAIT_TIMEOUT, "after ResetEvent: got %u\n", r);

    /* Initially signalled. */
    CloseHandle(e);
    e = CreateEventA(NULL, TRUE, TRUE, NULL);
    r = WaitForSingleObject(e, 0);
    ok(r == WAIT_OBJECT_0, "initially signalled manual event: got %u\n", r);
    r = WaitForSingleObject(e, 0);
    ok(r == WAIT_OBJECT_0, "got %u\n", r);

    /* sync.c test_WaitForSingleObject: the low two bits of a handle are ignored. */
    r = WaitForSingleObject(handle_with_low_bits(e, 1), 0);
    ok(r == WAIT_OBJECT_0, "handle|1: got %u, error %u\n", r, GetLastError());
    r = WaitForSingleObject(handle_with_low_bits(e, 3), 0);
    ok(r == WAIT_OBJECT_0, "handle|3: got %u, error %u\n", r, GetLastError());

    CloseHandle(e);
}

static void test_auto_reset(void)
{
    HANDLE e;
    DWORD r;

    e = CreateEventW(NULL, FALSE, FALSE, NULL);
    ok(e != NULL, "CreateEventW failed, error %u\n", GetLastError());
    r = WaitForSingleObject(e, 0);
    ok(r == WAIT_TIMEOUT, "got %u\n", r);

    SetEvent(e);
    r = WaitForSingleObject(e, 0);
    ok(r == WAIT_OBJECT_0, "got %u\n", r);
    r = WaitForSingleObject(e, 0);
    ok(r == WAIT_TIMEOUT, "an auto-reset event is consumed by one wait, got %u\n", r);

    /* Setting twice still releases one wait. */
    SetEvent(e);
    SetEvent(e);
    r = WaitForSingleObject(e, 0);
    ok(r == WAIT_OBJECT_0, "got %u\n", r);
    r = WaitForSingleObject(e, 0);
    ok(r == WAIT_TIMEOUT, "got %u\n", r);

    /* Initially signalled auto-reset. */
    CloseHandle(e);
    e = CreateEventA(NULL, FALSE, TRUE, NULL);
    r = WaitForSingleObject(e, 0);
    ok(r == WAIT_OBJECT_0, "got %u\n", r);
    r = WaitForSingleObject(e, 0);
    ok(r == WAIT_TIMEOUT, "got %u\n", r);
    CloseHandle(e);
}

static void test_timeouts(void)
{
    HANDLE e = CreateEventA(NULL, TRUE, FALSE, NULL);
    DWORD start, elapsed, r;

    start = GetTickCount();
    r = WaitForSingleObject(e, 0);
    elapsed = GetTickCount() - start;
    ok(r == WAIT_TIMEOUT, "got %u\n", r);
    ok(elapsed < 500, "a zero timeout took %u ms\n", elapsed); /* generous: a loaded machine may preempt */

    start = GetTickCount();
    r = WaitForSingleObject(e, 50);
    elapsed = GetTickCount() - start;
    ok(r == WAIT_TIMEOUT, "got %u\n", r);
    /* GetTickCount has ~16 ms granularity on Windows. */
    ok(elapsed >= 30 && elapsed < 1000, "a 50 ms timeout took %u ms\n", elapsed);
    CloseHandle(e);
}

struct pulse_ctx
{
    HANDLE event;
    HANDLE ready;
    DWORD result;
};

static DWORD WINAPI pulse_waiter(void *arg)
{
    struct pulse_ctx *c = arg;
    SetEvent(c->ready);
    c->result = WaitForSingleObject(c->event, 3000);
    return 0;
}

static void test_pulse(void)
{
    struct pulse_ctx c;
    HANDLE t;
    DWORD r;
    BOOL b;

    /* No waiter: PulseEvent leaves the event unsignalled. */
    c.event = CreateEventA(NULL, TRUE, FALSE, NULL);
    b = PulseEvent(c.event);
    ok(b, "PulseEvent failed, error %u\n", GetLastError());
    r = WaitForSingleObject(c.event, 0);
    ok(r == WAIT_TIMEOUT, "PulseEvent with no waiter: got %u\n", r);

    /* A waiting thread is released, and the event is unsignalled afterwards. */
    c.ready = CreateEventA(NULL, TRUE, FALSE, NULL);
    c.result = 0xdeadbeef;
    t = CreateThread(NULL, 0, pulse_waiter, &c, 0, NULL);
    ok(t != NULL, "CreateThread failed, error %u\n", GetLastError());
    r = WaitForSingleObject(c.ready, 5000);
    ok(r == WAIT_OBJECT_0, "waiter did not start: %u\n", r);
    Sleep(100); /* let it block in its wait */
    PulseEvent(c.event);
    r = WaitForSingleObject(t, 5000);
    ok(r == WAIT_OBJECT_0, "waiter thread did not finish: %u\n", r);
    ok(c.result == WAIT_OBJECT_0, "PulseEvent did not release the waiter: %u\n", c.result);
    r = WaitForSingleObject(c.event, 0);
    ok(r == WAIT_TIMEOUT, "event signalled after PulseEvent: %u\n", r);

    CloseHandle(t);
    CloseHandle(c.ready);
    CloseHandle(c.event);
}

static void test_wait_multiple(void)
{
    HANDLE h[MAXIMUM_WAIT_OBJECTS + 1];
    HANDLE two[2];
    DWORD r;
    int i;

    /* sync.c test_WaitForMultipleObjects: 64 signalled events, index 0 manual-reset, the
     * rest auto-reset: wait-any returns the lowest signalled index and consumes only it. */
    for (i = 0; i < MAXIMUM_WAIT_OBJECTS; i++)
    {
        h[i] = CreateEventA(NULL, i == 0, TRUE, NULL);
        ok(h[i] != NULL, "CreateEvent %d failed\n", i);
    }
    r = WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS, h, FALSE, 0);
    ok(r == WAIT_OBJECT_0, "got %u\n", r);
    r = WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS, h, FALSE, 0);
    ok(r == WAIT_OBJECT_0, "manual-reset #0 stays signalled, got %u\n", r);
    ResetEvent(h[0]);
    for (i = 1; i < MAXIMUM_WAIT_OBJECTS; i++)
    {
        r = WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS, h, FALSE, 0);
        ok(r == WAIT_OBJECT_0 + (DWORD)i, "expected index %d, got %u\n", i, r);
    }
    r = WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS, h, FALSE, 0);
    ok(r == WAIT_TIMEOUT, "all consumed: got %u\n", r);

    /* Wait-any picks the lowest signalled index, not the first one set. */
    SetEvent(h[5]);
    SetEvent(h[3]);
    r = WaitForMultipleObjects(8, h, FALSE, 0);
    ok(r == WAIT_OBJECT_0 + 3, "got %u\n", r);
    r = WaitForMultipleObjects(8, h, FALSE, 0);
    ok(r == WAIT_OBJECT_0 + 5, "got %u\n", r);

    /* n = 0 and n = 65: WAIT_FAILED + ERROR_INVALID_PARAMETER. */
    h[MAXIMUM_WAIT_OBJECTS] = CreateEventA(NULL, TRUE, TRUE, NULL);
    SetLastError(0xdeadbeef);
    r = WaitForMultipleObjects(0, h, FALSE, 0);
    ok(r == WAIT_FAILED, "n=0: got %u\n", r);
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "n=0: error %u\n", GetLastError());
    SetLastError(0xdeadbeef);
    r = WaitForMultipleObjects(MAXIMUM_WAIT_OBJECTS + 1, h, FALSE, 0);
    ok(r == WAIT_FAILED, "n=65: got %u\n", r);
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "n=65: error %u\n", GetLastError());

    /* A duplicate handle is fine in a wait-any... */
    two[0] = h[MAXIMUM_WAIT_OBJECTS];
    two[1] = h[MAXIMUM_WAIT_OBJECTS];
    SetLastError(0xdeadbeef);
    r = WaitForMultipleObjects(2, two, FALSE, 0);
    ok(r == WAIT_OBJECT_0, "duplicate in wait-any: got %u, error %u\n", r, GetLastError());
    /* ...but not in a wait-all (NtWaitForMultipleObjects: STATUS_INVALID_PARAMETER_MIX). */
    SetLastError(0xdeadbeef);
    r = WaitForMultipleObjects(2, two, TRUE, 0);
    ok(r == WAIT_FAILED, "duplicate in wait-all: got %u\n", r);
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "duplicate in wait-all: error %u\n", GetLastError());

    for (i = 0; i <= MAXIMUM_WAIT_OBJECTS; i++) CloseHandle(h[i]);
}

static void test_wait_all(void)
{
    HANDLE h[2];
    DWORD r;

    /* Two auto-reset events; only one signalled: wait-all times out and consumes nothing. */
    h[0] = CreateEventA(NULL, FALSE, TRUE, NULL);
    h[1] = CreateEventA(NULL, FALSE, FALSE, NULL);
    r = WaitForMultipleObjects(2, h, TRUE, 0);
    ok(r == WAIT_TIMEOUT, "got %u\n", r);
    r = WaitForMultipleObjects(2, h, TRUE, 50);
    ok(r == WAIT_TIMEOUT, "got %u\n", r);
    r = WaitForSingleObject(h[0], 0);
    ok(r == WAIT_OBJECT_0, "a failed wait-all must not consume event 0: %u\n", r);

    /* Both signalled: wait-all returns WAIT_OBJECT_0 and consumes both. */
    SetEvent(h[0]);
    SetEvent(h[1]);
    r = WaitForMultipleObjects(2, h, TRUE, 0);
    ok(r == WAIT_OBJECT_0, "got %u\n", r);
    r = WaitForSingleObject(h[0], 0);
    ok(r == WAIT_TIMEOUT, "event 0 not consumed: %u\n", r);
    r = WaitForSingleObject(h[1], 0);
    ok(r == WAIT_TIMEOUT, "event 1 not consumed: %u\n", r);

    CloseHandle(h[0]);
    CloseHandle(h[1]);
}

struct all_ctx
{
    HANDLE h[2];
    HANDLE ready;
    DWORD result;
};

static DWORD WINAPI wait_all_thread(void *arg)
{
    struct all_ctx *c = arg;
    SetEvent(c->ready);
    c->result = WaitForMultipleObjects(2, c->h, TRUE, 3000);
    return 0;
}

static void test_wait_all_blocking(void)
{
    struct all_ctx c;
    HANDLE t;
    DWORD r;

    c.h[0] = CreateEventA(NULL, TRUE, FALSE, NULL); /* manual: observable without consuming */
    c.h[1] = CreateEventA(NULL, FALSE, FALSE, NULL);
    c.ready = CreateEventA(NULL, TRUE, FALSE, NULL);
    c.result = 0xdeadbeef;
    t = CreateThread(NULL, 0, wait_all_thread, &c, 0, NULL);
    WaitForSingleObject(c.ready, 5000);
    Sleep(50);
    SetEvent(c.h[0]);
    r = WaitForSingleObject(t, 100);
    ok(r == WAIT_TIMEOUT, "wait-all returned with one of two events set: %u (result %u)\n", r, c.result);
    SetEvent(c.h[1]);
    r = WaitForSingleObject(t, 5000);
    ok(r == WAIT_OBJECT_0, "thread not released: %u\n", r);
    ok(c.result == WAIT_OBJECT_0, "wait-all result %u\n", c.result);
    r = WaitForSingleObject(c.h[1], 0);
    ok(r == WAIT_TIMEOUT, "auto-reset event not consumed by the wait-all: %u\n", r);
    r = WaitForSingleObject(c.h[0], 0);
    ok(r == WAIT_OBJECT_0, "manual event must stay set: %u\n", r);
    CloseHandle(t);
    CloseHandle(c.h[0]);
    CloseHandle(c.h[1]);
    CloseHandle(c.ready);
}

static void test_wsa_events(void)
{
    WSAEVENT e, evs[WSA_MAXIMUM_WAIT_EVENTS + 1];
    DWORD r;
    BOOL b;
    int i;

    /* WSACreateEvent: manual-reset, unsignalled. */
    e = WSACreateEvent();
    ok(e != WSA_INVALID_EVENT, "WSACreateEvent failed, error %d\n", WSAGetLastError());
    r = WaitForSingleObject(e, 0);
    ok(r == WAIT_TIMEOUT, "new WSA event is signalled: %u\n", r);
    b = WSASetEvent(e);
    ok(b, "WSASetEvent failed\n");
    r = WaitForSingleObject(e, 0);
    ok(r == WAIT_OBJECT_0, "got %u\n", r);
    r = WaitForSingleObject(e, 0);
    ok(r == WAIT_OBJECT_0, "WSA events are manual-reset, got %u\n", r);
    r = WSAWaitForMultipleEvents(1, &e, FALSE, 0, FALSE);
    ok(r == WSA_WAIT_EVENT_0, "got %u\n", r);
    b = WSAResetEvent(e);
    ok(b, "WSAResetEvent failed\n");

    /* WSA_WAIT_TIMEOUT is 258. */
    ok(WSA_WAIT_TIMEOUT == 258, "WSA_WAIT_TIMEOUT is %u\n", (DWORD)WSA_WAIT_TIMEOUT);
    r = WSAWaitForMultipleEvents(1, &e, FALSE, 0, FALSE);
    ok(r == WSA_WAIT_TIMEOUT, "got %u\n", r);
    r = WSAWaitForMultipleEvents(1, &e, TRUE, 50, FALSE);
    ok(r == WSA_WAIT_TIMEOUT, "got %u\n", r);

    /* n outside 1..64. */
    for (i = 0; i <= WSA_MAXIMUM_WAIT_EVENTS; i++) evs[i] = e;
    WSASetLastError(0xdeadbeef);
    r = WSAWaitForMultipleEvents(0, evs, FALSE, 0, FALSE);
    ok(r == WSA_WAIT_FAILED, "n=0: got %u\n", r);
    ok(WSAGetLastError() == WSA_INVALID_PARAMETER, "n=0: error %d\n", WSAGetLastError());
    WSASetLastError(0xdeadbeef);
    r = WSAWaitForMultipleEvents(WSA_MAXIMUM_WAIT_EVENTS + 1, evs, FALSE, 0, FALSE);
    ok(r == WSA_WAIT_FAILED, "n=65: got %u\n", r);
    ok(WSAGetLastError() == WSA_INVALID_PARAMETER, "n=65: error %d\n", WSAGetLastError());

    /* Lowest signalled index. */
    for (i = 0; i < 4; i++) evs[i] = WSACreateEvent();
    WSASetEvent(evs[2]);
    WSASetEvent(evs[3]);
    r = WSAWaitForMultipleEvents(4, evs, FALSE, 0, FALSE);
    ok(r == WSA_WAIT_EVENT_0 + 2, "got %u\n", r);
    r = WSAWaitForMultipleEvents(4, evs, TRUE, 0, FALSE);
    ok(r == WSA_WAIT_TIMEOUT, "wait-all with 2 of 4: got %u\n", r);
    for (i = 0; i < 4; i++) WSACloseEvent(evs[i]);

    /* Invalid handle: WSA_WAIT_FAILED + WSA_INVALID_HANDLE. */
    b = WSACloseEvent(e);
    ok(b, "WSACloseEvent failed, error %d\n", WSAGetLastError());
    WSASetLastError(0xdeadbeef);
    r = WSAWaitForMultipleEvents(1, &e, FALSE, 0, FALSE);
    ok(r == WSA_WAIT_FAILED, "closed handle: got %u\n", r);
    ok(WSAGetLastError() == WSA_INVALID_HANDLE, "closed handle: error %d\n", WSAGetLastError());

    /* WSACloseEvent on a bad handle: FALSE + WSA_INVALID_HANDLE. */
    WSASetLastError(0xdeadbeef);
    b = WSACloseEvent(e);
    ok(!b, "WSACloseEvent on a closed handle succeeded\n");
    ok(WSAGetLastError() == WSA_INVALID_HANDLE, "error %d\n", WSAGetLastError());
}

static void test_invalid_handles(void)
{
    HANDLE e, bogus = (HANDLE)(ULONG_PTR)0xdeadbee0;
    DWORD r;
    BOOL b;

    /* sync.c test_WaitForSingleObject. */
    SetLastError(0xdeadbeef);
    r = WaitForSingleObject(bogus, 0);
    ok(r == WAIT_FAILED, "got %u\n", r);
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %u\n", GetLastError());

    e = CreateEventA(NULL, TRUE, FALSE, NULL);
    b = CloseHandle(e);
    ok(b, "CloseHandle failed, error %u\n", GetLastError());
    SetLastError(0xdeadbeef);
    b = CloseHandle(e);
    ok(!b, "second CloseHandle succeeded\n");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %u\n", GetLastError());

    SetLastError(0xdeadbeef);
    r = WaitForSingleObject(e, 0);
    ok(r == WAIT_FAILED, "wait on a closed handle: got %u\n", r);
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %u\n", GetLastError());

    SetLastError(0xdeadbeef);
    b = SetEvent(e);
    ok(!b, "SetEvent on a closed handle succeeded\n");
    ok(GetLastError() == ERROR_INVALID_HANDLE, "error %u\n", GetLastError());
}

struct release_ctx
{
    HANDLE event;
    HANDLE ready;
    DWORD result;
    DWORD waited;
};

static DWORD WINAPI blocked_waiter(void *arg)
{
    struct release_ctx *c = arg;
    DWORD start;
    SetEvent(c->ready);
    start = GetTickCount();
    c->result = WaitForSingleObject(c->event, 5000);
    c->waited = GetTickCount() - start;
    return 0;
}

static void test_cross_thread_release(void)
{
    struct release_ctx c;
    HANDLE t;
    DWORD r;

    c.event = CreateEventA(NULL, FALSE, FALSE, NULL);
    c.ready = CreateEventA(NULL, TRUE, FALSE, NULL);
    c.result = 0xdeadbeef;
    c.waited = 0;
    t = CreateThread(NULL, 0, blocked_waiter, &c, 0, NULL);
    ok(t != NULL, "CreateThread failed, error %u\n", GetLastError());
    WaitForSingleObject(c.ready, 5000);
    Sleep(50);
    r = WaitForSingleObject(t, 0);
    ok(r == WAIT_TIMEOUT, "waiter finished before SetEvent: %u\n", r);
    SetEvent(c.event);
    r = WaitForSingleObject(t, 5000);
    ok(r == WAIT_OBJECT_0, "thread not released: %u\n", r);
    ok(c.result == WAIT_OBJECT_0, "waiter got %u\n", c.result);
    ok(c.waited < 4000, "waiter was released only after %u ms\n", c.waited);
    r = WaitForSingleObject(c.event, 0);
    ok(r == WAIT_TIMEOUT, "the released waiter must consume the auto-reset event: %u\n", r);
    CloseHandle(t);
    CloseHandle(c.event);
    CloseHandle(c.ready);
}

int main(void)
{
    WSADATA wsa;
    WSAStartup(MAKEWORD(2, 2), &wsa);

    test_manual_reset();
    test_auto_reset();
    test_timeouts();
    test_pulse();
    test_wait_multiple();
    test_wait_all();
    test_wait_all_blocking();
    test_wsa_events();
    test_invalid_handles();
    test_cross_thread_release();

    WSACleanup();
    return test_finish();
}
