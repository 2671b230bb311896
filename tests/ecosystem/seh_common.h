/* seh_common.h: helpers shared by seh_c.c and seh_cpp.cpp (structured exception handling built
 * with ovl-cc / ovl-c++). Included with quotes, so the rewritten copy of each test must still
 * find it next to the original source. */
#ifndef SEH_COMMON_H
#define SEH_COMMON_H

#include <windows.h>
#include <stdio.h>

/* Faults the compiler cannot see coming. */
static volatile int *volatile seh_null_ptr = NULL;
static volatile int *volatile seh_bad_ptr = (volatile int *)0x10;
static volatile int seh_zero = 0;
static volatile int seh_ten = 10;
static volatile int seh_sink;

static inline void seh_write_null(void) { *seh_null_ptr = 42; }
static inline int seh_read_bad(void) { return *seh_bad_ptr; }
static inline int seh_divide_by_zero(void) { return seh_sink = seh_ten / seh_zero; }

/* Recurses until the stack runs out. */
static volatile int seh_depth_limit = 0x7fffffff;
static inline int seh_recurse(int depth)
{
    volatile char pad[512];
    pad[0] = (char)depth;
    if (depth >= seh_depth_limit)
        return 0;
    return seh_recurse(depth + 1) + pad[0];
}

/* What a filter sees, printed the same way by both tests. */
static inline void seh_print_record(const char *what, EXCEPTION_POINTERS *ep)
{
    EXCEPTION_RECORD *r = ep->ExceptionRecord;
    printf("%s: code=%08X params=%u", what, (unsigned)r->ExceptionCode, (unsigned)r->NumberParameters);
    for (unsigned i = 0; i < r->NumberParameters && i < 3; ++i) printf(" p%u=%#lx", i, (unsigned long)r->ExceptionInformation[i]);
    printf(" address=%s rip=%s\n", r->ExceptionAddress ? "set" : "null",
           ep->ContextRecord->Rip == (DWORD64)(ULONG_PTR)r->ExceptionAddress ? "same" : "differs");
}

#endif /* SEH_COMMON_H */
