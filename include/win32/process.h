/* process.h: the MSVC C runtime's thread starters, _beginthreadex and
 * _beginthread, and their exits.
 *
 * _beginthreadex returns the thread HANDLE as a uintptr_t (0 on failure, with
 * errno set), as the MSVC CRT does; the handle works with WaitForSingleObject and
 * CloseHandle. _beginthread's thread closes its own handle when it exits.
 */
#ifndef OVL_WIN32_PROCESS_H
#define OVL_WIN32_PROCESS_H
#define _INC_PROCESS /* Windows' own guard name, which some programs test */

#include <stdint.h>
#include "ovl_abi.h"
#include "minwindef.h"

OVL_EXTERN_C_BEGIN

typedef unsigned(__stdcall *_beginthreadex_proc_type)(void *);
typedef void(__cdecl *_beginthread_proc_type)(void *);

OVL_API uintptr_t __cdecl _beginthreadex(void *_Security, unsigned _StackSize,
                                         unsigned(__stdcall *_StartAddress)(void *), void *_ArgList,
                                         unsigned _InitFlag, unsigned *_ThrdAddr);
OVL_API DECLSPEC_NORETURN void __cdecl _endthreadex(unsigned _ReturnCode);
OVL_API uintptr_t __cdecl _beginthread(void(__cdecl *_StartAddress)(void *), unsigned _StackSize, void *_ArgList);
OVL_API DECLSPEC_NORETURN void __cdecl _endthread(void);

OVL_EXTERN_C_END

#endif /* OVL_WIN32_PROCESS_H */
