/* What happens to completion routines, QueueUserAPC and pending I/O when the issuing thread
 * exits.
 *
 * What we do (docs/models/completion-routines.md, "When the issuing thread exits"):
 *  - I/O the thread left pending is not cancelled: it completes normally, the data is
 *    consumed into the program's buffer and the OVERLAPPED is written (Internal, InternalHigh),
 *    so WSAGetOverlappedResult and HasOverlappedIoCompleted work from any thread. This follows
 *    modern Windows' thread-agnostic socket I/O (the statement; Windows before Vista
 *    cancelled a thread's I/O at its exit).
 *  - its routine can never run (APCs only run in their own thread): it is dropped, and so are
 *    routines and QueueUserAPC calls still queued when the thread exits; nothing leaks (the
 *    ASan build checks).
 *  - QueueUserAPC on the handle of a thread that has exited fails: 0, ERROR_GEN_FAILURE
 *    (NtQueueApcThread's STATUS_UNSUCCESSFUL).
 */
#include <winsock2.h>
#include <windows.h>
#include <stdio.h>
#include <string.h>

#include "ovl_test.h"

#define T_STATUS_PENDING ((ULONG_PTR)0x103)

static volatile LONG routine_calls, apc_calls;

static void CALLBACK counting_routine(DWORD err, DWORD bytes, LPWSAOVERLAPPED ov, DWORD flags)
{
    InterlockedIncrement(&routine_calls);
}

static void CALLBACK counting_apc(ULONG_PTR data)
{
    InterlockedIncrement(&apc_calls);
}

struct exiting
{
    SOCKET s;
    WSAOVERLAPPED pending_ov;  /* left pending at exit */
    WSAOVERLAPPED done_ov;     /* completed at once: its routine is queued at exit */
    WSABUF pending_wb, done_wb;
    char pending_buf[16], done_buf[16];
    int pending_ret, pending_err, done_ret;
    HANDLE apc_queued;
};

static DWORD WINAPI exiting_proc(void *arg)
{
    struct exiting *e = arg;
    DWORD flags = 0, bytes = 0;

    e->done_wb.buf = e->done_buf;
    e->done_wb.len = 4;
    e->done_ret = WSARecv(e->s, &e->done_wb, 1, &bytes, &flags, &e->done_ov, counting_routine);

    e->pending_wb.buf = e->pending_buf;
    e->pending_wb.len = sizeof(e->pending_buf);
    flags = 0;
    e->pending_ret = WSARecv(e->s, &e->pending_wb, 1, &bytes, &flags, &e->pending_ov, counting_routine);
    e->pending_err = WSAGetLastError();
    /* Let the main thread queue a user APC too; then exit without an alertable wait. */
    WaitForSingleObject(e->apc_queued, 5000);
    return 0;
}

static void test_thread_exit(void)
{
    struct exiting e;
    SOCKET c;
    HANDLE t;
    DWORD r, bytes = 0, flags = 0, start;
    ULONG_PTR st;
    BOOL b;

    memset(&e, 0, sizeof(e));
    if (tcp_pair(&c, &e.s)) return;
    routine_calls = apc_calls = 0;
    e.apc_queued = CreateEventA(NULL, TRUE, FALSE, NULL);

    ok(send(c, "done", 4, 0) == 4, "send failed\n");
    Sleep(20);
    t = CreateThread(NULL, 0, exiting_proc, &e, 0, NULL);
    /* Wait until the thread has issued both receives. */
    start = GetTickCount();
    while (OV_LOAD(e.pending_ov.Internal) != T_STATUS_PENDING && GetTickCount() - start < 5000) Sleep(1);
    r = QueueUserAPC(counting_apc, t, 1);
    ok(r != 0, "QueueUserAPC to the live thread failed, error %u\n", GetLastError());
    SetEvent(e.apc_queued);
    r = WaitForSingleObject(t, 5000);
    ok(r == WAIT_OBJECT_0, "thread did not exit: %#x\n", r);

    ok(e.done_ret == 0, "WSARecv with data waiting returned %d\n", e.done_ret);
    ok(e.pending_ret == SOCKET_ERROR && e.pending_err == WSA_IO_PENDING, "second WSARecv: %d, error %d\n",
       e.pending_ret, e.pending_err);

    /* The pending receive survives its thread. */
    st = OV_LOAD(e.pending_ov.Internal);
    ok(st == T_STATUS_PENDING, "pending receive was cancelled at thread exit: %#lx\n", (unsigned long)st);
    ok(send(c, "after exit", 10, 0) == 10, "send failed\n");
    b = WSAGetOverlappedResult(e.s, &e.pending_ov, &bytes, TRUE, &flags);
    ok(b, "WSAGetOverlappedResult failed, error %d\n", WSAGetLastError());
    ok(bytes == 10 && !memcmp(e.pending_buf, "after exit", 10), "bytes %u data %.10s\n", bytes, e.pending_buf);
    ok(e.pending_ov.Internal == 0, "Internal %#lx\n", (unsigned long)e.pending_ov.Internal);

    /* Neither routine nor the user APC ever runs, here or anywhere. */
    r = SleepEx(50, TRUE);
    ok(r == 0, "main thread ran an APC of the exited thread: %#x\n", r);
    ok(routine_calls == 0, "%d routines ran\n", (int)routine_calls);
    ok(apc_calls == 0, "%d user APCs ran\n", (int)apc_calls);

    SetLastError(0xdeadbeef);
    r = QueueUserAPC(counting_apc, t, 2);
    ok(r == 0, "QueueUserAPC to an exited thread returned %u\n", r);
    ok(GetLastError() == ERROR_GEN_FAILURE, "error %u\n", GetLastError());

    CloseHandle(t);
    CloseHandle(e.apc_queued);
    closesocket(c);
    closesocket(e.s);
}

/* A thread that exits while its receive is pending, then the socket is closed: the aborted
 * operation completes (the OVERLAPPED says STATUS_CONNECTION_ABORTED) and nothing runs. */
static DWORD WINAPI pend_and_exit(void *arg)
{
    struct exiting *e = arg;
    DWORD flags = 0;

    e->pending_wb.buf = e->pending_buf;
    e->pending_wb.len = sizeof(e->pending_buf);
    e->pending_ret = WSARecv(e->s, &e->pending_wb, 1, NULL, &flags, &e->pending_ov, counting_routine);
    e->pending_err = WSAGetLastError();
    return 0;
}

static void test_thread_exit_then_close(void)
{
    struct exiting e;
    SOCKET c;
    HANDLE t;
    DWORD r, start;

    memset(&e, 0, sizeof(e));
    if (tcp_pair(&c, &e.s)) return;
    routine_calls = 0;
    t = CreateThread(NULL, 0, pend_and_exit, &e, 0, NULL);
    r = WaitForSingleObject(t, 5000);
    ok(r == WAIT_OBJECT_0, "thread did not exit\n");
    ok(e.pending_ret == SOCKET_ERROR && e.pending_err == WSA_IO_PENDING, "WSARecv: %d, error %d\n", e.pending_ret,
       e.pending_err);
    closesocket(e.s);
    start = GetTickCount();
    while (OV_LOAD(e.pending_ov.Internal) == T_STATUS_PENDING && GetTickCount() - start < 5000) Sleep(1);
    ok(e.pending_ov.Internal == 0xC0000241, "Internal %#lx, expected STATUS_CONNECTION_ABORTED\n",
       (unsigned long)e.pending_ov.Internal);
    r = SleepEx(20, TRUE);
    ok(r == 0 && routine_calls == 0, "SleepEx %#x, %d routines ran\n", r, (int)routine_calls);
    CloseHandle(t);
    closesocket(c);
}

int main(void)
{
    WSADATA wsa;
    WSAStartup(MAKEWORD(2, 2), &wsa);
    test_thread_exit();
    test_thread_exit_then_close();
    WSACleanup();
    return test_finish();
}
