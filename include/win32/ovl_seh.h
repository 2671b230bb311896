/* ovl_seh.h: the runtime side of structured exception handling (__try/__except/__finally/
 * __leave). Linux compilers do not know those keywords; ovl-cc / ovl-c++ rewrite each
 * construct in the sources they compile into plain C or C++ that uses the macros below and
 * starts every rewritten file with an #include of this header (tools/ovl-cc/seh_rewrite.cpp
 * shows the shapes). The library half is src/win32/seh.cpp. How it maps and what it cannot do:
 * docs/porting.md, "Structured exception handling".
 *
 * In short: each __try pushes a frame (a jmp_buf) on a per-thread list. A hardware fault
 * (SIGSEGV, SIGBUS, SIGFPE, SIGILL, handled on an alternate signal stack) or RaiseException
 * while the thread has an __except frame jumps to the innermost frame: a __finally frame runs
 * its block and passes the exception on, an __except frame evaluates its filter there. Scope
 * exit (end of block, __leave, return, break, goto, a C++ exception) pops the frame and runs
 * the __finally block: by __attribute__((cleanup)) or a GCC nested function in C, by a
 * destructor in C++.
 *
 * This header uses only neutral types (the Windows names are in excpt.h), so it can come first
 * in a rewritten file without fixing UNICODE, NOMINMAX or WIN32_LEAN_AND_MEAN too early. The
 * structures carry Windows' tags and field names with the types DWORD, ULONG_PTR and DWORD64
 * stand for here (unsigned int, unsigned long, unsigned long long).
 */
#ifndef OVL_WIN32_SEH_H
#define OVL_WIN32_SEH_H

#include <setjmp.h>
#include "ovl_abi.h"

#define OVL_SEH_EXCEPTION_MAXIMUM_PARAMETERS 15

struct _EXCEPTION_RECORD {
    unsigned int ExceptionCode;
    unsigned int ExceptionFlags;
    struct _EXCEPTION_RECORD *ExceptionRecord;
    void *ExceptionAddress;
    unsigned int NumberParameters;
    unsigned long ExceptionInformation[OVL_SEH_EXCEPTION_MAXIMUM_PARAMETERS];
};

/* Windows x64's CONTEXT up to Rip: the integer registers, flags and segment selectors, as the
 * fault left them. Differs from Windows: no floating-point or vector save area after Rip. */
struct _CONTEXT {
    unsigned long long P1Home, P2Home, P3Home, P4Home, P5Home, P6Home;
    unsigned int ContextFlags;
    unsigned int MxCsr;
    unsigned short SegCs, SegDs, SegEs, SegFs, SegGs, SegSs;
    unsigned int EFlags;
    unsigned long long Dr0, Dr1, Dr2, Dr3, Dr6, Dr7;
    unsigned long long Rax, Rcx, Rdx, Rbx, Rsp, Rbp, Rsi, Rdi;
    unsigned long long R8, R9, R10, R11, R12, R13, R14, R15;
    unsigned long long Rip;
};

struct _EXCEPTION_POINTERS {
    struct _EXCEPTION_RECORD *ExceptionRecord;
    struct _CONTEXT *ContextRecord;
};

/* One exception being dispatched. */
typedef struct ovl_seh_exception {
    struct _EXCEPTION_RECORD record;
    struct _CONTEXT context;
    struct _EXCEPTION_POINTERS pointers;
    int signo; /* the signal behind a fault, 0 for RaiseException and C++ exceptions */
} ovl_seh_exception;

#define OVL_SEH_EXCEPT 0
#define OVL_SEH_FINALLY 1

/* One __try, on the stack of the function that contains it. */
typedef struct ovl_seh_frame {
    jmp_buf jb;                  /* where dispatch lands: the else-branch of the construct. Plain
                                  * setjmp (standard C, so -std=c11 works) saves no signal mask in
                                  * glibc or musl: the fault handler restores the interrupted
                                  * mask itself before it jumps. */
    struct ovl_seh_frame *prev;  /* the next outer frame of this thread */
    int kind;                    /* OVL_SEH_EXCEPT or OVL_SEH_FINALLY */
    int linked;                  /* on the thread's list */
    int done;                    /* finally: the block has run */
    int normal;                  /* finally: the __try block ended normally (its end or __leave) */
    int unwinding;               /* finally: reached by exception dispatch */
    unsigned int code;           /* except: GetExceptionCode() in the filter and the handler */
} ovl_seh_frame;

OVL_EXTERN_C_BEGIN
/* Entering a __try: link f on the calling thread (the first call also installs the fault
 * handler and the thread's alternate signal stack). */
OVL_API void ovl_seh_push(ovl_seh_frame *f, int kind);
/* Leaving an __except frame's scope by any path: unlink it if it still is. */
OVL_API void ovl_seh_cleanup(ovl_seh_frame *f);
/* A __finally block is about to run: returns 1 the first time (and unlinks f), then 0. */
OVL_API int ovl_seh_finally_begin(ovl_seh_frame *f);
/* The filter's value for an exception that reached f by dispatch: > 0 runs the handler
 * (returns 1); 0 passes the exception to the next outer frame (does not return); < 0
 * (EXCEPTION_CONTINUE_EXECUTION) is not supported: the process dies as unhandled. */
OVL_API int ovl_seh_decide(ovl_seh_frame *f, long filter_value);
/* A __finally frame reached by dispatch: save the exception, run the block, resume dispatch. */
OVL_API void ovl_seh_save(ovl_seh_exception *save);
OVL_API void ovl_seh_resume(const ovl_seh_exception *saved) __attribute__((__noreturn__));
/* C++: a C++ exception left the __try block of f (GetExceptionCode() is then 0xE06D7363, as
 * MSVC reports C++ exceptions). */
OVL_API void ovl_seh_cxx_exception(ovl_seh_frame *f);
/* A filter returned EXCEPTION_CONTINUE_EXECUTION for a C++ exception: report and abort. */
OVL_API void ovl_seh_cxx_continue_execution(ovl_seh_frame *f) __attribute__((__noreturn__));
/* The exception being dispatched on this thread: the fallback of GetExceptionCode() and
 * GetExceptionInformation() where ovl-cc did not rewrite them (inside a macro, say). */
OVL_API unsigned int ovl_seh_code(void);
OVL_API struct _EXCEPTION_POINTERS *ovl_seh_info(void);
OVL_EXTERN_C_END

/* ---- what the rewritten constructs expand to ----------------------------------------------
 * N is the construct's number in its file; every name below is unique per construct. */
#define OVL_SEH_SETJMP(n) setjmp(ovl_seh_f##n.jb)
#define OVL_SEH_CODE(n) (ovl_seh_f##n.code)
#define OVL_SEH_INFO(n) ovl_seh_info()
/* Not only "did the block end normally": the compiler may store that flag before a faulting
 * instruction it cannot see trap, so a frame reached by dispatch counts as abnormal by itself. */
#define OVL_SEH_ABNORMAL(n) (!ovl_seh_f##n.normal || ovl_seh_f##n.unwinding)
#define OVL_SEH_NORMAL(n) (ovl_seh_f##n.normal = 1)

#ifndef __cplusplus
/* C: __try { B } __except (F) { H }  =>
 *   { OVL_SEH_EXCEPT_BEGIN(n) if (OVL_SEH_SETJMP(n) == 0) { OVL_SEH_TRY { B ovl_seh_leave_n: ; }
 *     OVL_SEH_CATCH(n) } else OVL_SEH_XLABEL(n) if (OVL_SEH_DECIDE(n) (F))) { H } }
 * (the filter is not a macro argument, so it may contain commas and #if lines) */
#define OVL_SEH_EXCEPT_BEGIN(n)                                                           \
    ovl_seh_frame ovl_seh_f##n __attribute__((__cleanup__(ovl_seh_cleanup)));            \
    ovl_seh_push(&ovl_seh_f##n, OVL_SEH_EXCEPT);
#define OVL_SEH_TRY
#define OVL_SEH_CATCH(n)
#define OVL_SEH_XLABEL(n)
#define OVL_SEH_DECIDE(n) ovl_seh_decide(&ovl_seh_f##n, (long) /* (filter)) follows */

/* C, a __finally whose __try block has no return, goto, break or continue (any C compiler):
 *   { OVL_SEH_FIN_INLINE_BEGIN(n) if (OVL_SEH_SETJMP(n) == 0) { B OVL_SEH_NORMAL(n); }
 *     else OVL_SEH_FIN_INLINE_SAVE(n); if (OVL_SEH_FIN_INLINE_RUN(n)) { F } OVL_SEH_FIN_INLINE_END(n) } */
#define OVL_SEH_FIN_INLINE_BEGIN(n)                                                       \
    ovl_seh_frame ovl_seh_f##n __attribute__((__cleanup__(ovl_seh_cleanup)));            \
    ovl_seh_exception ovl_seh_sv##n;                                                      \
    ovl_seh_push(&ovl_seh_f##n, OVL_SEH_FINALLY);
#define OVL_SEH_FIN_INLINE_SAVE(n) ovl_seh_save(&ovl_seh_sv##n)
#define OVL_SEH_FIN_INLINE_RUN(n) ovl_seh_finally_begin(&ovl_seh_f##n)
#define OVL_SEH_FIN_INLINE_END(n) \
    if (ovl_seh_f##n.unwinding) ovl_seh_resume(&ovl_seh_sv##n);

/* C, any other __finally: the block becomes a GCC nested function (called directly, so no
 * trampoline and no executable stack) that __attribute__((cleanup)) runs on every exit:
 *   { OVL_SEH_FIN_BEGIN(n) { F } OVL_SEH_FIN_END(n) if (OVL_SEH_SETJMP(n) == 0) { B
 *     OVL_SEH_NORMAL(n); } else OVL_SEH_FIN_UNWIND(n) } */
#if defined(__clang__)
#define OVL_SEH_FIN_BEGIN(n)                                                                   \
    _Static_assert(0, "ovl-cc: in C, a __try/__finally whose __try block has return, goto, "  \
                      "break or continue needs GCC (nested functions); build this file with " \
                      "gcc (OVL_CC=gcc) or as C++");                                           \
    ovl_seh_frame ovl_seh_f##n;                                                                \
    if (1)
#define OVL_SEH_FIN_END(n)
#define OVL_SEH_FIN_UNWIND(n) ;
#else
#define OVL_SEH_FIN_BEGIN(n)                                                              \
    ovl_seh_frame ovl_seh_f##n;                                                           \
    __extension__ void ovl_seh_fin##n(char *ovl_seh_u##n)                                 \
    {                                                                                     \
        (void)ovl_seh_u##n;                                                               \
        if (ovl_seh_finally_begin(&ovl_seh_f##n))
#define OVL_SEH_FIN_END(n)                                                                \
    }                                                                                     \
    char ovl_seh_g##n __attribute__((__cleanup__(ovl_seh_fin##n), __unused__)) = 0;     \
    ovl_seh_push(&ovl_seh_f##n, OVL_SEH_FINALLY);
#define OVL_SEH_FIN_UNWIND(n)                                                             \
    {                                                                                     \
        ovl_seh_exception ovl_seh_sv##n;                                                  \
        ovl_seh_save(&ovl_seh_sv##n);                                                     \
        ovl_seh_fin##n(0);                                                                \
        ovl_seh_resume(&ovl_seh_sv##n);                                                   \
    }
#endif

#else /* __cplusplus */

#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
#include <exception>
#define OVL_SEH_CXX_EXCEPTIONS 1
#endif

namespace ovl {
namespace detail {

// An __except frame: pops on scope exit; a C++ exception leaving the __try block is caught,
// kept, and handed to the same filter (rethrown when the filter declines it).
struct seh_except_scope {
    ovl_seh_frame *f;
#ifdef OVL_SEH_CXX_EXCEPTIONS
    std::exception_ptr ep;
#endif
    explicit seh_except_scope(ovl_seh_frame *frame) : f(frame) { ovl_seh_push(f, OVL_SEH_EXCEPT); }
    ~seh_except_scope() { ovl_seh_cleanup(f); }
    seh_except_scope(const seh_except_scope &) = delete;
    seh_except_scope &operator=(const seh_except_scope &) = delete;
#ifdef OVL_SEH_CXX_EXCEPTIONS
    void caught()
    {
        ep = std::current_exception();
        ovl_seh_cxx_exception(f);
    }
#endif
    bool decide(long v)
    {
#ifdef OVL_SEH_CXX_EXCEPTIONS
        if (ep) {
            std::exception_ptr e = ep;
            ep = nullptr;
            if (v > 0) return true;
            if (v == 0) std::rethrow_exception(e);
            ovl_seh_cxx_continue_execution(f);
        }
#endif
        return ovl_seh_decide(f, v) != 0;
    }
};

// A __finally frame: the block is a lambda that the destructor runs on every exit (end of
// block, __leave, return, break, goto, a C++ exception); unwind() runs it for an SEH exception.
template <class F>
struct seh_finally_scope {
    ovl_seh_frame *f;
    F &fn;
    seh_finally_scope(ovl_seh_frame *frame, F &block) : f(frame), fn(block) { ovl_seh_push(f, OVL_SEH_FINALLY); }
    ~seh_finally_scope() noexcept(false)
    {
        if (ovl_seh_finally_begin(f)) fn();
    }
    seh_finally_scope(const seh_finally_scope &) = delete;
    seh_finally_scope &operator=(const seh_finally_scope &) = delete;
    [[noreturn]] void unwind()
    {
        ovl_seh_exception saved;
        ovl_seh_save(&saved);
        if (ovl_seh_finally_begin(f)) fn();
        ovl_seh_resume(&saved);
    }
};

}  // namespace detail
}  // namespace ovl

/* C++: __try { B } __except (F) { H }  => the C shape, with the __try block inside try/catch */
#define OVL_SEH_EXCEPT_BEGIN(n) \
    ::ovl_seh_frame ovl_seh_f##n; ::ovl::detail::seh_except_scope ovl_seh_s##n(&ovl_seh_f##n);
#ifdef OVL_SEH_CXX_EXCEPTIONS
#define OVL_SEH_TRY try
#define OVL_SEH_CATCH(n) \
    catch (...) { ovl_seh_s##n.caught(); goto ovl_seh_x##n; }
#define OVL_SEH_XLABEL(n) ovl_seh_x##n:
#else
#define OVL_SEH_TRY
#define OVL_SEH_CATCH(n)
#define OVL_SEH_XLABEL(n)
#endif
#define OVL_SEH_DECIDE(n) ovl_seh_s##n.decide((long) /* (filter)) follows */

/* C++: __try { B } __finally { F }  =>
 *   { OVL_SEH_FIN_BEGIN(n) { F } OVL_SEH_FIN_END(n) if (OVL_SEH_SETJMP(n) == 0) { B
 *     OVL_SEH_NORMAL(n); } else OVL_SEH_FIN_UNWIND(n) } */
#define OVL_SEH_FIN_BEGIN(n) ::ovl_seh_frame ovl_seh_f##n; auto ovl_seh_fin##n = [&]()
#define OVL_SEH_FIN_END(n) \
    ; ::ovl::detail::seh_finally_scope<decltype(ovl_seh_fin##n)> ovl_seh_s##n(&ovl_seh_f##n, ovl_seh_fin##n);
#define OVL_SEH_FIN_UNWIND(n) ovl_seh_s##n.unwind();

#endif /* __cplusplus */

#endif /* OVL_WIN32_SEH_H */
