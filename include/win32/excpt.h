/* excpt.h: the Windows names of structured exception handling: the filter values
 * (EXCEPTION_EXECUTE_HANDLER, ...), EXCEPTION_RECORD, CONTEXT, EXCEPTION_POINTERS, the
 * EXCEPTION_* codes, GetExceptionCode()/GetExceptionInformation() and RaiseException.
 * windows.h includes it, as MSVC's does. (On Windows the codes, structures and RaiseException
 * live in winnt.h, minwinbase.h and errhandlingapi.h; here they are in one place.)
 *
 * The keywords themselves (__try, __except, __finally, __leave) are not macros: ovl-cc and
 * ovl-c++ rewrite them (docs/porting.md, "Structured exception handling"). The runtime part
 * is ovl_seh.h.
 */
#ifndef OVL_WIN32_EXCPT_H
#define OVL_WIN32_EXCPT_H
#ifndef _INC_EXCPT
#define _INC_EXCPT
#endif

#include "winnt.h"
#include "ovl_seh.h"

/* ---- what a filter returns --------------------------------------------------------------- */
#define EXCEPTION_EXECUTE_HANDLER 1
#define EXCEPTION_CONTINUE_SEARCH 0
#define EXCEPTION_CONTINUE_EXECUTION (-1) /* not supported: the process dies as unhandled */

typedef enum _EXCEPTION_DISPOSITION {
    ExceptionContinueExecution,
    ExceptionContinueSearch,
    ExceptionNestedException,
    ExceptionCollidedUnwind
} EXCEPTION_DISPOSITION;

/* ---- the exception as a filter sees it ---------------------------------------------------- */
#define EXCEPTION_MAXIMUM_PARAMETERS OVL_SEH_EXCEPTION_MAXIMUM_PARAMETERS
#define EXCEPTION_NONCONTINUABLE 0x1

typedef struct _EXCEPTION_RECORD EXCEPTION_RECORD, *PEXCEPTION_RECORD;
typedef struct _CONTEXT CONTEXT, *PCONTEXT;
typedef struct _EXCEPTION_POINTERS EXCEPTION_POINTERS, *PEXCEPTION_POINTERS, *LPEXCEPTION_POINTERS;

#define CONTEXT_AMD64 0x00100000L
#define CONTEXT_CONTROL (CONTEXT_AMD64 | 0x1L)
#define CONTEXT_INTEGER (CONTEXT_AMD64 | 0x2L)
#define CONTEXT_SEGMENTS (CONTEXT_AMD64 | 0x4L)

/* Valid in an __except filter (GetExceptionInformation) and its handler (GetExceptionCode).
 * ovl-cc rewrites the calls it sees there to the construct's own values; these definitions are
 * the fallback for calls it cannot see (inside a macro): the exception this thread is
 * dispatching or last dispatched. */
#define GetExceptionCode() ovl_seh_code()
#define GetExceptionInformation() ovl_seh_info()
#define _exception_code() ovl_seh_code()
#define _exception_info() ((void *)ovl_seh_info())

/* ---- codes (Windows' values; what each Linux signal becomes: docs/porting.md) ------------- */
#ifndef STATUS_ARRAY_BOUNDS_EXCEEDED
#define STATUS_ARRAY_BOUNDS_EXCEEDED ((DWORD)0xC000008C)
#endif
#define EXCEPTION_ACCESS_VIOLATION STATUS_ACCESS_VIOLATION
#define EXCEPTION_DATATYPE_MISALIGNMENT STATUS_DATATYPE_MISALIGNMENT
#define EXCEPTION_BREAKPOINT STATUS_BREAKPOINT
#define EXCEPTION_SINGLE_STEP STATUS_SINGLE_STEP
#define EXCEPTION_ARRAY_BOUNDS_EXCEEDED STATUS_ARRAY_BOUNDS_EXCEEDED
#define EXCEPTION_FLT_DENORMAL_OPERAND STATUS_FLOAT_DENORMAL_OPERAND
#define EXCEPTION_FLT_DIVIDE_BY_ZERO STATUS_FLOAT_DIVIDE_BY_ZERO
#define EXCEPTION_FLT_INEXACT_RESULT STATUS_FLOAT_INEXACT_RESULT
#define EXCEPTION_FLT_INVALID_OPERATION STATUS_FLOAT_INVALID_OPERATION
#define EXCEPTION_FLT_OVERFLOW STATUS_FLOAT_OVERFLOW
#define EXCEPTION_FLT_STACK_CHECK STATUS_FLOAT_STACK_CHECK
#define EXCEPTION_FLT_UNDERFLOW STATUS_FLOAT_UNDERFLOW
#define EXCEPTION_INT_DIVIDE_BY_ZERO STATUS_INTEGER_DIVIDE_BY_ZERO
#define EXCEPTION_INT_OVERFLOW STATUS_INTEGER_OVERFLOW
#define EXCEPTION_PRIV_INSTRUCTION STATUS_PRIVILEGED_INSTRUCTION
#define EXCEPTION_IN_PAGE_ERROR STATUS_IN_PAGE_ERROR
#define EXCEPTION_ILLEGAL_INSTRUCTION STATUS_ILLEGAL_INSTRUCTION
#define EXCEPTION_NONCONTINUABLE_EXCEPTION STATUS_NONCONTINUABLE_EXCEPTION
#define EXCEPTION_STACK_OVERFLOW STATUS_STACK_OVERFLOW
#define EXCEPTION_INVALID_DISPOSITION STATUS_INVALID_DISPOSITION
#define EXCEPTION_GUARD_PAGE STATUS_GUARD_PAGE_VIOLATION
#define EXCEPTION_INVALID_HANDLE STATUS_INVALID_HANDLE

OVL_EXTERN_C_BEGIN
/* RaiseException: dispatches like a fault (see docs/porting.md). Differs from Windows: it never
 * returns (EXCEPTION_CONTINUE_EXECUTION is not supported); unhandled, it prints the code and
 * aborts; more than EXCEPTION_MAXIMUM_PARAMETERS arguments are cut to that many. */
OVL_API void RaiseException(DWORD dwExceptionCode, DWORD dwExceptionFlags, DWORD nNumberOfArguments,
                            const ULONG_PTR *lpArguments);
OVL_EXTERN_C_END

#endif /* OVL_WIN32_EXCPT_H */
