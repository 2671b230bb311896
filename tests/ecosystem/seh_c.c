/* seh_c.c: structured exception handling in a C source written the MSVC way, built with ovl-cc
 * (tests/ecosystem/seh_test.sh builds it at -O0 and -O2 and compares what it prints with
 * seh_c.expected). Lines marked "differs:" are where docs/porting.md says overlapped differs
 * from Windows. With an argument it runs one fatal case instead (the script checks how the
 * process dies).
 */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seh_common.h"

static int filter_calls;

static int av_filter(DWORD code, EXCEPTION_POINTERS *ep)
{
    filter_calls++;
    seh_print_record("  filter", ep);
    return code == EXCEPTION_ACCESS_VIOLATION ? EXCEPTION_EXECUTE_HANDLER : EXCEPTION_CONTINUE_SEARCH;
}

static void access_violations(void)
{
    __try {
        seh_write_null();
        printf("not reached\n");
    }
    __except (av_filter(GetExceptionCode(), GetExceptionInformation())) {
        printf("write NULL: handler code=%08X\n", GetExceptionCode());
    }
    __try {
        printf("read 0x10: %d\n", seh_read_bad());
    }
    __except (av_filter(GetExceptionCode(), GetExceptionInformation())) {
        printf("read 0x10: handler code=%08X\n", GetExceptionCode());
    }
    /* A store written straight through a NULL pointer: ovl-cc keeps it a store. */
    __try {
        int *p = NULL;
        *p = 1;
    }
    __except (EXCEPTION_EXECUTE_HANDLER) {
        printf("literal NULL store: code=%08X\n", GetExceptionCode());
    }
    printf("filter calls: %d\n", filter_calls);
}

static void divide_by_zero(void)
{
    __try {
        printf("%d\n", seh_divide_by_zero());
    }
    __except (GetExceptionCode() == EXCEPTION_INT_DIVIDE_BY_ZERO ? EXCEPTION_EXECUTE_HANDLER
                                                                 : EXCEPTION_CONTINUE_SEARCH) {
        printf("divide by zero: code=%08X\n", GetExceptionCode());
    }
}

static void continue_search(void)
{
    __try {
        __try {
            seh_write_null();
        }
        __except (printf("inner filter: %08X -> EXCEPTION_CONTINUE_SEARCH\n", GetExceptionCode()),
                  EXCEPTION_CONTINUE_SEARCH) {
            printf("inner handler: not reached\n");
        }
        printf("after inner: not reached\n");
    }
    __except (printf("outer filter: %08X\n", GetExceptionCode()), EXCEPTION_EXECUTE_HANDLER) {
        printf("outer handler: %08X\n", GetExceptionCode());
    }
}

/* differs: Windows runs the outer filter before the inner __finally block (two passes). */
static void finally_during_unwind(void)
{
    __try {
        __try {
            seh_divide_by_zero();
        }
        __finally {
            printf("inner finally: abnormal=%d\n", AbnormalTermination() ? 1 : 0);
        }
    }
    __except (printf("outer filter\n"), EXCEPTION_EXECUTE_HANDLER) {
        printf("outer handler: %08X\n", GetExceptionCode());
    }
}

static void nested_code_in_handler(void)
{
    __try {
        seh_write_null();
    }
    __except (EXCEPTION_EXECUTE_HANDLER) {
        __try {
            seh_divide_by_zero();
        }
        __except (EXCEPTION_EXECUTE_HANDLER) {
            printf("nested handler: %08X\n", GetExceptionCode());
        }
        printf("outer handler keeps: %08X\n", GetExceptionCode());
    }
}

static int finally_runs;

/* return inside __try: the value is taken before the __finally block runs. */
static int finally_return(int x)
{
    __try {
        if (x > 0)
            return x;
        x = 100;
    }
    __finally {
        finally_runs++;
        x = -1;
        printf("  finally_return finally: abnormal=%d\n", AbnormalTermination() ? 1 : 0);
    }
    return x;
}

static void finally_paths(void)
{
    int i, r;
    __try {
        printf("finally normal: body\n");
    }
    __finally {
        printf("finally normal: abnormal=%d\n", AbnormalTermination());
    }
    __try {
        printf("finally __leave: body\n");
        __leave;
        printf("not reached\n");
    }
    __finally {
        printf("finally __leave: abnormal=%d\n", AbnormalTermination());
    }
    r = finally_return(5);
    printf("finally return: %d\n", r);
    r = finally_return(0);
    printf("finally no return: %d\n", r);
    for (i = 0; i < 3; i++) {
        __try {
            if (i == 1)
                break;
        }
        __finally {
            printf("finally break: i=%d abnormal=%d\n", i, AbnormalTermination());
        }
    }
    for (i = 0; i < 2; i++) {
        __try {
            if (i == 0)
                continue;
            printf("finally continue: body i=%d\n", i);
        }
        __finally {
            printf("finally continue: i=%d abnormal=%d\n", i, AbnormalTermination());
        }
    }
    __try {
        goto out;
    }
    __finally {
        printf("finally goto: abnormal=%d\n", AbnormalTermination());
    }
out:
    printf("finally runs: %d\n", finally_runs);
}

static void nested_leave(void)
{
    __try {
        __try {
            __leave;
        }
        __finally {
            printf("nested leave: inner finally\n");
        }
        printf("nested leave: after inner\n");
        __leave;
        printf("not reached\n");
    }
    __finally {
        printf("nested leave: outer finally abnormal=%d\n", AbnormalTermination());
    }
}

/* The moved __finally block keeps its line numbers (#line). */
static void line_numbers(int early)
{
    int base = __LINE__;
    int in_finally = 0, in_body = 0;
    __try {
        in_body = __LINE__ - base;
        if (early)
            return;
    }
    __finally {
        in_finally = __LINE__ - base;
        printf("lines: body +%d, finally +%d\n", in_body, in_finally);
    }
}

static LONG raise_filter(EXCEPTION_POINTERS *ep)
{
    seh_print_record("  raise filter", ep);
    printf("  flags=%u\n", (unsigned)ep->ExceptionRecord->ExceptionFlags);
    return EXCEPTION_EXECUTE_HANDLER;
}

static void raise_exception(void)
{
    ULONG_PTR args[3] = {7, 0xabc, 0};
    __try {
        RaiseException(0xE0000001, 0, 2, args);
        printf("not reached\n");
    }
    __except (raise_filter(GetExceptionInformation())) {
        printf("RaiseException: handler %08X\n", GetExceptionCode());
    }
    __try {
        RaiseException(0xE0000002, EXCEPTION_NONCONTINUABLE, 0, NULL);
    }
    __except (GetExceptionCode() == 0xE0000002 ? EXCEPTION_EXECUTE_HANDLER : EXCEPTION_CONTINUE_SEARCH) {
        printf("RaiseException noncontinuable: %08X\n", GetExceptionCode());
    }
}

static DWORD WINAPI fault_thread(LPVOID param)
{
    LONG *handled = (LONG *)param;
    for (int i = 0; i < 500; i++) {
        __try {
            if (i % 2)
                seh_write_null();
            else
                seh_divide_by_zero();
        }
        __except (EXCEPTION_EXECUTE_HANDLER) {
            if (GetExceptionCode() == (i % 2 ? EXCEPTION_ACCESS_VIOLATION : EXCEPTION_INT_DIVIDE_BY_ZERO))
                InterlockedIncrement(handled);
        }
    }
    return 7;
}

static void threads(void)
{
    HANDLE h[4];
    LONG handled = 0;
    DWORD code, i;
    __try {
        for (i = 0; i < 4; i++)
            h[i] = CreateThread(NULL, 0, fault_thread, &handled, 0, NULL);
        WaitForMultipleObjects(4, h, TRUE, INFINITE);
        for (i = 0; i < 4; i++) {
            GetExitCodeThread(h[i], &code);
            if (code != 7)
                printf("thread %u exit %u\n", (unsigned)i, (unsigned)code);
            CloseHandle(h[i]);
        }
        printf("threads: %d faults handled in 4 threads\n", (int)handled);
    }
    __except (EXCEPTION_EXECUTE_HANDLER) {
        printf("threads: main caught %08X (wrong)\n", GetExceptionCode());
    }
}

static DWORD WINAPI overflow_thread(LPVOID param)
{
    int round;
    (void)param;
    for (round = 0; round < 2; round++) {
        __try {
            seh_recurse(0);
        }
        __except (GetExceptionCode() == EXCEPTION_STACK_OVERFLOW ? EXCEPTION_EXECUTE_HANDLER
                                                                   : EXCEPTION_CONTINUE_SEARCH) {
            printf("stack overflow %d: %08X\n", round, GetExceptionCode());
        }
    }
    return 0;
}

static void stack_overflow(void)
{
    HANDLE h = CreateThread(NULL, 256 * 1024, overflow_thread, NULL, 0, NULL);
    WaitForSingleObject(h, INFINITE);
    CloseHandle(h);
}

/* Many frames entered and left (return from inside, faults now and then): none is left behind. */
static int churn_one(int i)
{
    __try {
        if (i % 7 == 0)
            return 1;
        if (i % 50 == 0)
            seh_write_null();
    }
    __except (EXCEPTION_EXECUTE_HANDLER) {
        return 2;
    }
    return 0;
}

static void churn(void)
{
    int sum[3] = {0, 0, 0};
    for (int i = 1; i <= 10000; i++)
        sum[churn_one(i)]++;
    printf("churn: %d %d %d\n", sum[0], sum[1], sum[2]);
}

/* The rewrite leaves strings, character literals, comments and preprocessor lines alone, and
 * matches braces in the first branch of an #if (the second of an #if 0). */
#define SEH_UNUSED_TRY_MACRO __try /* not rewritten: preprocessor line */
#define SEH_BRACES(x) { \
        x; }

static void lexing(void)
{
    const char *text = "__try { } __except (1) { } __finally { __leave; }";
    __try {
        char open = '{', close = '}'; /* } */ // }
        SEH_BRACES(printf("lexing: %u %c%c\n", (unsigned)strlen(text), open, close))
#if 0
        }
#endif
#ifdef SEH_NOT_DEFINED
        if (text[0] == 'x') {
#else
        if (text[0] == '_') {
#endif
            seh_write_null();
        }
    }
    __except (printf("lexing filter: \"GetExceptionCode()\" = %08X\n", GetExceptionCode()), 1) {
        printf("lexing handler: '%c' %08X\n", '}', GetExceptionCode());
    }
    /* A construct cut by #ifdef _MSC_VER (portable code's own fallback): not rewritten, with a
     * warning, and the compiler never sees it. */
#ifdef _MSC_VER
    __try {
#endif
        printf("lexing: msc-only __try skipped\n");
#ifdef _MSC_VER
    }
    __except (EXCEPTION_EXECUTE_HANDLER) {
    }
#endif
}

/* ---- fatal cases: one per process ------------------------------------------------------- */
static DWORD WINAPI bare_fault_thread(LPVOID param)
{
    (void)param;
    seh_write_null(); /* no __try on this thread */
    return 0;
}

static int fatal(const char *which)
{
    if (!strcmp(which, "unhandled")) {
        __try {
            seh_write_null();
        }
        __except (EXCEPTION_CONTINUE_SEARCH) {
            printf("not reached\n");
        }
    } else if (!strcmp(which, "outside")) {
        __try {
            printf("frames were used\n");
        }
        __except (EXCEPTION_EXECUTE_HANDLER) {
        }
        fflush(stdout);
        seh_write_null();
    } else if (!strcmp(which, "finally_only")) {
        __try {
            fflush(stdout);
            seh_write_null();
        }
        __finally {
            printf("finally ran (wrong: Windows does not unwind an unhandled exception)\n");
        }
    } else if (!strcmp(which, "continue_execution")) {
        __try {
            seh_write_null();
        }
        __except (EXCEPTION_CONTINUE_EXECUTION) {
            printf("not reached\n");
        }
    } else if (!strcmp(which, "raise_unhandled")) {
        RaiseException(0xE0000003, 0, 0, NULL);
    } else if (!strcmp(which, "other_thread")) {
        __try {
            HANDLE h = CreateThread(NULL, 0, bare_fault_thread, NULL, 0, NULL);
            WaitForSingleObject(h, 10000);
            printf("main survived (wrong)\n");
        }
        __except (EXCEPTION_EXECUTE_HANDLER) {
            printf("main caught another thread's fault (wrong)\n");
        }
    } else {
        printf("unknown case %s\n", which);
        return 2;
    }
    printf("survived (wrong)\n");
    return 1;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc > 1)
        return fatal(argv[1]);
    access_violations();
    divide_by_zero();
    continue_search();
    finally_during_unwind();
    nested_code_in_handler();
    finally_paths();
    nested_leave();
    lexing();
    line_numbers(0);
    line_numbers(1);
    raise_exception();
    threads();
    stack_overflow();
    churn();
    printf("done\n");
    return 0;
}
