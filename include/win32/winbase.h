/* winbase.h: the kernel32 surface a socket program uses: OVERLAPPED and
 * completion ports, events and waits, threads and APCs, critical sections,
 * timing, heaps and Local/Global memory, FormatMessage, a little file and
 * console API, and the Interlocked* family.
 *
 * Structures have Windows' x64 layout (OVERLAPPED 32 bytes, CRITICAL_SECTION 40,
 * SYSTEM_INFO 48). Prototypes keep Windows' signatures; they are implemented in
 * src/win32. Differs from Windows: the Interlocked* operations are inline GCC
 * __atomic builtins (sequentially consistent) rather than functions, and they
 * accept any integer width: C++ gets function templates, C gets type-generic
 * macros. Windows code often keeps its counters in `long`, which is 64 bits on
 * Linux; a LONG-only signature would reject that in C++ and silently operate on
 * half of the value in C.
 */
#ifndef OVL_WIN32_WINBASE_H
#define OVL_WIN32_WINBASE_H
#define _WINBASE_ /* Windows' own guard name, which some programs test */

#include <stdarg.h>
#include <stddef.h>
#include "windef.h"
#include "winerror.h"

/* ---- OVERLAPPED and friends ------------------------------------------------ */
typedef struct _OVERLAPPED {
    ULONG_PTR Internal;     /* NTSTATUS: STATUS_PENDING while the operation runs */
    ULONG_PTR InternalHigh; /* bytes transferred */
    union {
        __extension__ struct {
            DWORD Offset;
            DWORD OffsetHigh;
        } DUMMYSTRUCTNAME;
        PVOID Pointer;
    } DUMMYUNIONNAME;
    HANDLE hEvent;
} OVERLAPPED, *LPOVERLAPPED;

typedef struct _OVERLAPPED_ENTRY {
    ULONG_PTR lpCompletionKey;
    LPOVERLAPPED lpOverlapped;
    ULONG_PTR Internal;
    DWORD dwNumberOfBytesTransferred;
} OVERLAPPED_ENTRY, *LPOVERLAPPED_ENTRY;

typedef VOID(WINAPI *LPOVERLAPPED_COMPLETION_ROUTINE)(DWORD dwErrorCode, DWORD dwNumberOfBytesTransfered,
                                                       LPOVERLAPPED lpOverlapped);

/* An acquire load: the library completes OVERLAPPEDs from another thread while programs poll. */
#define HasOverlappedIoCompleted(lpOverlapped) \
  (((DWORD)__atomic_load_n(&(lpOverlapped)->Internal, __ATOMIC_ACQUIRE)) != STATUS_PENDING)

typedef struct _SECURITY_ATTRIBUTES {
    DWORD nLength;
    LPVOID lpSecurityDescriptor;
    BOOL bInheritHandle;
} SECURITY_ATTRIBUTES, *PSECURITY_ATTRIBUTES, *LPSECURITY_ATTRIBUTES;

typedef RTL_CRITICAL_SECTION CRITICAL_SECTION, *PCRITICAL_SECTION, *LPCRITICAL_SECTION;

typedef struct _SYSTEM_INFO {
    union {
        DWORD dwOemId;
        __extension__ struct {
            WORD wProcessorArchitecture;
            WORD wReserved;
        } DUMMYSTRUCTNAME;
    } DUMMYUNIONNAME;
    DWORD dwPageSize;
    LPVOID lpMinimumApplicationAddress;
    LPVOID lpMaximumApplicationAddress;
    DWORD_PTR dwActiveProcessorMask;
    DWORD dwNumberOfProcessors;
    DWORD dwProcessorType;
    DWORD dwAllocationGranularity;
    WORD wProcessorLevel;
    WORD wProcessorRevision;
} SYSTEM_INFO, *LPSYSTEM_INFO;

#define PROCESSOR_ARCHITECTURE_INTEL 0
#define PROCESSOR_ARCHITECTURE_ARM 5
#define PROCESSOR_ARCHITECTURE_IA64 6
#define PROCESSOR_ARCHITECTURE_AMD64 9
#define PROCESSOR_ARCHITECTURE_ARM64 12
#define PROCESSOR_ARCHITECTURE_UNKNOWN 0xFFFF
#define PROCESSOR_INTEL_386 386
#define PROCESSOR_INTEL_486 486
#define PROCESSOR_INTEL_PENTIUM 586
#define PROCESSOR_AMD_X8664 8664
#define PROCESSOR_ARM 7

typedef DWORD(WINAPI *PTHREAD_START_ROUTINE)(LPVOID lpThreadParameter);
typedef PTHREAD_START_ROUTINE LPTHREAD_START_ROUTINE;
typedef VOID(NTAPI *PAPCFUNC)(ULONG_PTR Parameter);
typedef BOOL(WINAPI *PHANDLER_ROUTINE)(DWORD CtrlType);

/* ---- waits, threads, processes ---------------------------------------------- */
#define INFINITE 0xFFFFFFFF
#define WAIT_FAILED ((DWORD)0xFFFFFFFF)
#define WAIT_OBJECT_0 ((STATUS_WAIT_0) + 0)
#define WAIT_ABANDONED ((STATUS_ABANDONED_WAIT_0) + 0)
#define WAIT_ABANDONED_0 ((STATUS_ABANDONED_WAIT_0) + 0)
#define WAIT_IO_COMPLETION STATUS_USER_APC
#define STILL_ACTIVE STATUS_PENDING
#define CREATE_SUSPENDED 0x00000004
#define STACK_SIZE_PARAM_IS_A_RESERVATION 0x00010000
#define THREAD_PRIORITY_LOWEST (-2)
#define THREAD_PRIORITY_BELOW_NORMAL (-1)
#define THREAD_PRIORITY_NORMAL 0
#define THREAD_PRIORITY_ABOVE_NORMAL 1
#define THREAD_PRIORITY_HIGHEST 2
#define THREAD_PRIORITY_IDLE (-15)
#define THREAD_PRIORITY_TIME_CRITICAL 15
#define CREATE_EVENT_MANUAL_RESET 0x00000001
#define CREATE_EVENT_INITIAL_SET 0x00000002

/* ---- completion-port notification modes ---------------------------------- */
#define FILE_SKIP_COMPLETION_PORT_ON_SUCCESS 0x1
#define FILE_SKIP_SET_EVENT_ON_HANDLE 0x2

/* ---- CreateFile ------------------------------------------------------------- */
#define CREATE_NEW 1
#define CREATE_ALWAYS 2
#define OPEN_EXISTING 3
#define OPEN_ALWAYS 4
#define TRUNCATE_EXISTING 5
#define FILE_FLAG_WRITE_THROUGH 0x80000000
#define FILE_FLAG_OVERLAPPED 0x40000000
#define FILE_FLAG_NO_BUFFERING 0x20000000
#define FILE_FLAG_RANDOM_ACCESS 0x10000000
#define FILE_FLAG_SEQUENTIAL_SCAN 0x08000000
#define FILE_FLAG_DELETE_ON_CLOSE 0x04000000
#define FILE_FLAG_BACKUP_SEMANTICS 0x02000000
#define INVALID_FILE_SIZE ((DWORD)0xFFFFFFFF)
#define INVALID_SET_FILE_POINTER ((DWORD)-1)
#define INVALID_FILE_ATTRIBUTES ((DWORD)-1)
#define FILE_BEGIN 0
#define FILE_CURRENT 1
#define FILE_END 2
#define STD_INPUT_HANDLE ((DWORD)-10)
#define STD_OUTPUT_HANDLE ((DWORD)-11)
#define STD_ERROR_HANDLE ((DWORD)-12)

/* ---- console control ---------------------------------------------------------- */
#define CTRL_C_EVENT 0
#define CTRL_BREAK_EVENT 1
#define CTRL_CLOSE_EVENT 2
#define CTRL_LOGOFF_EVENT 5
#define CTRL_SHUTDOWN_EVENT 6

/* ---- FormatMessage ---------------------------------------------------------- */
#define FORMAT_MESSAGE_ALLOCATE_BUFFER 0x00000100
#define FORMAT_MESSAGE_IGNORE_INSERTS 0x00000200
#define FORMAT_MESSAGE_FROM_STRING 0x00000400
#define FORMAT_MESSAGE_FROM_HMODULE 0x00000800
#define FORMAT_MESSAGE_FROM_SYSTEM 0x00001000
#define FORMAT_MESSAGE_ARGUMENT_ARRAY 0x00002000
#define FORMAT_MESSAGE_MAX_WIDTH_MASK 0x000000FF

/* ---- Local/Global memory ---------------------------------------------------- */
#define LMEM_FIXED 0x0000
#define LMEM_MOVEABLE 0x0002
#define LMEM_NOCOMPACT 0x0010
#define LMEM_NODISCARD 0x0020
#define LMEM_ZEROINIT 0x0040
#define LMEM_MODIFY 0x0080
#define LMEM_DISCARDABLE 0x0F00
#define LMEM_VALID_FLAGS 0x0F72
#define LMEM_INVALID_HANDLE 0x8000
#define LHND (LMEM_MOVEABLE | LMEM_ZEROINIT)
#define LPTR (LMEM_FIXED | LMEM_ZEROINIT)
#define NONZEROLHND (LMEM_MOVEABLE)
#define NONZEROLPTR (LMEM_FIXED)
#define GMEM_FIXED 0x0000
#define GMEM_MOVEABLE 0x0002
#define GMEM_NOCOMPACT 0x0010
#define GMEM_NODISCARD 0x0020
#define GMEM_ZEROINIT 0x0040
#define GMEM_MODIFY 0x0080
#define GMEM_DISCARDABLE 0x0100
#define GMEM_NOT_BANKED 0x1000
#define GMEM_SHARE 0x2000
#define GMEM_DDESHARE 0x2000
#define GMEM_NOTIFY 0x4000
#define GMEM_VALID_FLAGS 0x7F72
#define GMEM_INVALID_HANDLE 0x8000
#define GHND (GMEM_MOVEABLE | GMEM_ZEROINIT)
#define GPTR (GMEM_FIXED | GMEM_ZEROINIT)

OVL_EXTERN_C_BEGIN

/* errors and handles */
OVL_API DWORD WINAPI GetLastError(VOID);
OVL_API VOID WINAPI SetLastError(DWORD dwErrCode);
OVL_API BOOL WINAPI CloseHandle(HANDLE hObject);

/* events */
OVL_API HANDLE WINAPI CreateEventA(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset, BOOL bInitialState,
                                   LPCSTR lpName);
OVL_API HANDLE WINAPI CreateEventW(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset, BOOL bInitialState,
                                   LPCWSTR lpName);
OVL_API BOOL WINAPI SetEvent(HANDLE hEvent);
OVL_API BOOL WINAPI ResetEvent(HANDLE hEvent);
OVL_API BOOL WINAPI PulseEvent(HANDLE hEvent);

/* waits and alertable sleeps */
OVL_API DWORD WINAPI WaitForSingleObject(HANDLE hHandle, DWORD dwMilliseconds);
OVL_API DWORD WINAPI WaitForSingleObjectEx(HANDLE hHandle, DWORD dwMilliseconds, BOOL bAlertable);
OVL_API DWORD WINAPI WaitForMultipleObjects(DWORD nCount, const HANDLE *lpHandles, BOOL bWaitAll,
                                            DWORD dwMilliseconds);
OVL_API DWORD WINAPI WaitForMultipleObjectsEx(DWORD nCount, const HANDLE *lpHandles, BOOL bWaitAll,
                                              DWORD dwMilliseconds, BOOL bAlertable);
OVL_API DWORD WINAPI SleepEx(DWORD dwMilliseconds, BOOL bAlertable);
OVL_API VOID WINAPI Sleep(DWORD dwMilliseconds);
OVL_API DWORD WINAPI QueueUserAPC(PAPCFUNC pfnAPC, HANDLE hThread, ULONG_PTR dwData);

/* threads and processes */
OVL_API HANDLE WINAPI CreateThread(LPSECURITY_ATTRIBUTES lpThreadAttributes, SIZE_T dwStackSize,
                                   LPTHREAD_START_ROUTINE lpStartAddress, LPVOID lpParameter,
                                   DWORD dwCreationFlags, LPDWORD lpThreadId);
OVL_API DECLSPEC_NORETURN VOID WINAPI ExitThread(DWORD dwExitCode);
OVL_API BOOL WINAPI GetExitCodeThread(HANDLE hThread, LPDWORD lpExitCode);
OVL_API DWORD WINAPI ResumeThread(HANDLE hThread);
OVL_API DWORD WINAPI SuspendThread(HANDLE hThread);
OVL_API BOOL WINAPI TerminateThread(HANDLE hThread, DWORD dwExitCode);
OVL_API BOOL WINAPI SwitchToThread(VOID);
OVL_API DWORD WINAPI GetCurrentThreadId(VOID);
OVL_API HANDLE WINAPI GetCurrentThread(VOID);
OVL_API DWORD WINAPI GetCurrentProcessId(VOID);
OVL_API HANDLE WINAPI GetCurrentProcess(VOID);

/* critical sections */
OVL_API VOID WINAPI InitializeCriticalSection(LPCRITICAL_SECTION lpCriticalSection);
OVL_API BOOL WINAPI InitializeCriticalSectionAndSpinCount(LPCRITICAL_SECTION lpCriticalSection, DWORD dwSpinCount);
OVL_API VOID WINAPI EnterCriticalSection(LPCRITICAL_SECTION lpCriticalSection);
OVL_API VOID WINAPI LeaveCriticalSection(LPCRITICAL_SECTION lpCriticalSection);
OVL_API BOOL WINAPI TryEnterCriticalSection(LPCRITICAL_SECTION lpCriticalSection);
OVL_API VOID WINAPI DeleteCriticalSection(LPCRITICAL_SECTION lpCriticalSection);

/* system information and time */
OVL_API VOID WINAPI GetSystemInfo(LPSYSTEM_INFO lpSystemInfo);
OVL_API DWORD WINAPI GetTickCount(VOID);
OVL_API ULONGLONG WINAPI GetTickCount64(VOID);
OVL_API BOOL WINAPI QueryPerformanceCounter(LARGE_INTEGER *lpPerformanceCount);
OVL_API BOOL WINAPI QueryPerformanceFrequency(LARGE_INTEGER *lpFrequency);

/* messages */
OVL_API DWORD WINAPI FormatMessageA(DWORD dwFlags, LPCVOID lpSource, DWORD dwMessageId, DWORD dwLanguageId,
                                    LPSTR lpBuffer, DWORD nSize, va_list *Arguments);
OVL_API DWORD WINAPI FormatMessageW(DWORD dwFlags, LPCVOID lpSource, DWORD dwMessageId, DWORD dwLanguageId,
                                    LPWSTR lpBuffer, DWORD nSize, va_list *Arguments);
OVL_API VOID WINAPI OutputDebugStringA(LPCSTR lpOutputString);
OVL_API VOID WINAPI OutputDebugStringW(LPCWSTR lpOutputString);
OVL_API VOID WINAPI DebugBreak(VOID);

/* memory */
OVL_API HLOCAL WINAPI LocalAlloc(UINT uFlags, SIZE_T uBytes);
OVL_API HLOCAL WINAPI LocalFree(HLOCAL hMem);
OVL_API HGLOBAL WINAPI GlobalAlloc(UINT uFlags, SIZE_T dwBytes);
OVL_API HGLOBAL WINAPI GlobalFree(HGLOBAL hMem);
OVL_API HANDLE WINAPI GetProcessHeap(VOID);
OVL_API LPVOID WINAPI HeapAlloc(HANDLE hHeap, DWORD dwFlags, SIZE_T dwBytes);
OVL_API LPVOID WINAPI HeapReAlloc(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem, SIZE_T dwBytes);
OVL_API BOOL WINAPI HeapFree(HANDLE hHeap, DWORD dwFlags, LPVOID lpMem);

/* overlapped results and completion ports */
OVL_API BOOL WINAPI GetOverlappedResult(HANDLE hFile, LPOVERLAPPED lpOverlapped,
                                        LPDWORD lpNumberOfBytesTransferred, BOOL bWait);
OVL_API BOOL WINAPI GetOverlappedResultEx(HANDLE hFile, LPOVERLAPPED lpOverlapped,
                                          LPDWORD lpNumberOfBytesTransferred, DWORD dwMilliseconds,
                                          BOOL bAlertable);
OVL_API HANDLE WINAPI CreateIoCompletionPort(HANDLE FileHandle, HANDLE ExistingCompletionPort,
                                             ULONG_PTR CompletionKey, DWORD NumberOfConcurrentThreads);
OVL_API BOOL WINAPI GetQueuedCompletionStatus(HANDLE CompletionPort, LPDWORD lpNumberOfBytesTransferred,
                                              PULONG_PTR lpCompletionKey, LPOVERLAPPED *lpOverlapped,
                                              DWORD dwMilliseconds);
OVL_API BOOL WINAPI GetQueuedCompletionStatusEx(HANDLE CompletionPort, LPOVERLAPPED_ENTRY lpCompletionPortEntries,
                                                ULONG ulCount, PULONG ulNumEntriesRemoved, DWORD dwMilliseconds,
                                                BOOL fAlertable);
OVL_API BOOL WINAPI PostQueuedCompletionStatus(HANDLE CompletionPort, DWORD dwNumberOfBytesTransferred,
                                               ULONG_PTR dwCompletionKey, LPOVERLAPPED lpOverlapped);
OVL_API BOOL WINAPI SetFileCompletionNotificationModes(HANDLE FileHandle, UCHAR Flags);
OVL_API BOOL WINAPI CancelIo(HANDLE hFile);
OVL_API BOOL WINAPI CancelIoEx(HANDLE hFile, LPOVERLAPPED lpOverlapped);

/* files */
OVL_API HANDLE WINAPI CreateFileA(LPCSTR lpFileName, DWORD dwDesiredAccess, DWORD dwShareMode,
                                  LPSECURITY_ATTRIBUTES lpSecurityAttributes, DWORD dwCreationDisposition,
                                  DWORD dwFlagsAndAttributes, HANDLE hTemplateFile);
OVL_API HANDLE WINAPI CreateFileW(LPCWSTR lpFileName, DWORD dwDesiredAccess, DWORD dwShareMode,
                                  LPSECURITY_ATTRIBUTES lpSecurityAttributes, DWORD dwCreationDisposition,
                                  DWORD dwFlagsAndAttributes, HANDLE hTemplateFile);
OVL_API BOOL WINAPI ReadFile(HANDLE hFile, LPVOID lpBuffer, DWORD nNumberOfBytesToRead,
                             LPDWORD lpNumberOfBytesRead, LPOVERLAPPED lpOverlapped);
OVL_API BOOL WINAPI WriteFile(HANDLE hFile, LPCVOID lpBuffer, DWORD nNumberOfBytesToWrite,
                              LPDWORD lpNumberOfBytesWritten, LPOVERLAPPED lpOverlapped);
OVL_API DWORD WINAPI GetFileSize(HANDLE hFile, LPDWORD lpFileSizeHigh);
OVL_API BOOL WINAPI GetFileSizeEx(HANDLE hFile, PLARGE_INTEGER lpFileSize);
OVL_API DWORD WINAPI SetFilePointer(HANDLE hFile, LONG lDistanceToMove, PLONG lpDistanceToMoveHigh,
                                   DWORD dwMoveMethod);
OVL_API BOOL WINAPI SetFilePointerEx(HANDLE hFile, LARGE_INTEGER liDistanceToMove, PLARGE_INTEGER lpNewFilePointer,
                                     DWORD dwMoveMethod);

/* console and modules */
OVL_API BOOL WINAPI SetConsoleCtrlHandler(PHANDLER_ROUTINE HandlerRoutine, BOOL Add);
OVL_API HMODULE WINAPI GetModuleHandleA(LPCSTR lpModuleName);
OVL_API HMODULE WINAPI GetModuleHandleW(LPCWSTR lpModuleName);

/* kernel32 string helpers */
OVL_API int WINAPI lstrlenA(LPCSTR lpString);
OVL_API int WINAPI lstrlenW(LPCWSTR lpString);
OVL_API LPSTR WINAPI lstrcpyA(LPSTR lpString1, LPCSTR lpString2);
OVL_API int WINAPI lstrcmpiA(LPCSTR lpString1, LPCSTR lpString2);
OVL_API int WINAPIV wsprintfA(LPSTR lpOut, LPCSTR lpFmt, ...);

/* Entry points a GUI program defines instead of main (not exported by us). */
int WINAPI WinMain(HINSTANCE hInstance, HINSTANCE hPrevInstance, LPSTR lpCmdLine, int nShowCmd);
int WINAPI wWinMain(HINSTANCE hInstance, HINSTANCE hPrevInstance, LPWSTR lpCmdLine, int nShowCmd);

/* ---- pointer-sized interlocked operations (Windows' exact signatures) ------- */
OVL_INLINE PVOID InterlockedExchangePointer(PVOID volatile *Target, PVOID Value)
{
    return __atomic_exchange_n(Target, Value, __ATOMIC_SEQ_CST);
}
OVL_INLINE PVOID InterlockedCompareExchangePointer(PVOID volatile *Destination, PVOID Exchange, PVOID Comperand)
{
    __atomic_compare_exchange_n(Destination, &Comperand, Exchange, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return Comperand;
}

OVL_EXTERN_C_END

#ifdef UNICODE
#define CreateEvent CreateEventW
#define FormatMessage FormatMessageW
#define OutputDebugString OutputDebugStringW
#define CreateFile CreateFileW
#define GetModuleHandle GetModuleHandleW
#define lstrlen lstrlenW
#else
#define CreateEvent CreateEventA
#define FormatMessage FormatMessageA
#define OutputDebugString OutputDebugStringA
#define CreateFile CreateFileA
#define GetModuleHandle GetModuleHandleA
#define lstrlen lstrlenA
#define lstrcpy lstrcpyA
#define lstrcmpi lstrcmpiA
#define wsprintf wsprintfA
#endif

/* ---- Interlocked* on 32- and 64-bit integers --------------------------------
 * Increment/Decrement/Add return the new value; Exchange, ExchangeAdd,
 * CompareExchange, And, Or, Xor return the value before the operation. */
#ifdef __cplusplus
template <class T>
struct ovl_interlocked_identity {
    typedef T type;
};
template <class T>
inline T InterlockedIncrement(T volatile *Addend)
{
    return __atomic_add_fetch(Addend, 1, __ATOMIC_SEQ_CST);
}
template <class T>
inline T InterlockedDecrement(T volatile *Addend)
{
    return __atomic_sub_fetch(Addend, 1, __ATOMIC_SEQ_CST);
}
template <class T>
inline T InterlockedExchange(T volatile *Target, typename ovl_interlocked_identity<T>::type Value)
{
    return __atomic_exchange_n(Target, Value, __ATOMIC_SEQ_CST);
}
template <class T>
inline T InterlockedExchangeAdd(T volatile *Addend, typename ovl_interlocked_identity<T>::type Value)
{
    return __atomic_fetch_add(Addend, Value, __ATOMIC_SEQ_CST);
}
template <class T>
inline T InterlockedAdd(T volatile *Addend, typename ovl_interlocked_identity<T>::type Value)
{
    return __atomic_add_fetch(Addend, Value, __ATOMIC_SEQ_CST);
}
template <class T>
inline T InterlockedCompareExchange(T volatile *Destination, typename ovl_interlocked_identity<T>::type Exchange,
                                    typename ovl_interlocked_identity<T>::type Comperand)
{
    __atomic_compare_exchange_n(Destination, &Comperand, Exchange, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return Comperand;
}
template <class T>
inline T InterlockedAnd(T volatile *Destination, typename ovl_interlocked_identity<T>::type Value)
{
    return __atomic_fetch_and(Destination, Value, __ATOMIC_SEQ_CST);
}
template <class T>
inline T InterlockedOr(T volatile *Destination, typename ovl_interlocked_identity<T>::type Value)
{
    return __atomic_fetch_or(Destination, Value, __ATOMIC_SEQ_CST);
}
template <class T>
inline T InterlockedXor(T volatile *Destination, typename ovl_interlocked_identity<T>::type Value)
{
    return __atomic_fetch_xor(Destination, Value, __ATOMIC_SEQ_CST);
}
#else
#define InterlockedIncrement(Addend) __atomic_add_fetch((Addend), 1, __ATOMIC_SEQ_CST)
#define InterlockedDecrement(Addend) __atomic_sub_fetch((Addend), 1, __ATOMIC_SEQ_CST)
#define InterlockedExchange(Target, Value) __atomic_exchange_n((Target), (Value), __ATOMIC_SEQ_CST)
#define InterlockedExchangeAdd(Addend, Value) __atomic_fetch_add((Addend), (Value), __ATOMIC_SEQ_CST)
#define InterlockedAdd(Addend, Value) __atomic_add_fetch((Addend), (Value), __ATOMIC_SEQ_CST)
#define InterlockedAnd(Destination, Value) __atomic_fetch_and((Destination), (Value), __ATOMIC_SEQ_CST)
#define InterlockedOr(Destination, Value) __atomic_fetch_or((Destination), (Value), __ATOMIC_SEQ_CST)
#define InterlockedXor(Destination, Value) __atomic_fetch_xor((Destination), (Value), __ATOMIC_SEQ_CST)
#define InterlockedCompareExchange(Destination, Exchange, Comperand)                                          \
    __extension__({                                                                                           \
        __typeof__(*(Destination) + 0) ovl_expected_ = (Comperand);                                           \
        __atomic_compare_exchange_n((Destination), &ovl_expected_, (Exchange), 0, __ATOMIC_SEQ_CST,           \
                                    __ATOMIC_SEQ_CST);                                                        \
        ovl_expected_;                                                                                        \
    })
#endif

#define InterlockedIncrement64 InterlockedIncrement
#define InterlockedDecrement64 InterlockedDecrement
#define InterlockedExchange64 InterlockedExchange
#define InterlockedExchangeAdd64 InterlockedExchangeAdd
#define InterlockedAdd64 InterlockedAdd
#define InterlockedCompareExchange64 InterlockedCompareExchange
#define InterlockedAnd64 InterlockedAnd
#define InterlockedOr64 InterlockedOr
#define InterlockedXor64 InterlockedXor
#define InterlockedIncrementAcquire InterlockedIncrement
#define InterlockedIncrementRelease InterlockedIncrement
#define InterlockedIncrementNoFence InterlockedIncrement
#define InterlockedDecrementAcquire InterlockedDecrement
#define InterlockedDecrementRelease InterlockedDecrement
#define InterlockedDecrementNoFence InterlockedDecrement
#define InterlockedExchangeAcquire InterlockedExchange
#define InterlockedExchangeNoFence InterlockedExchange
#define InterlockedCompareExchangeAcquire InterlockedCompareExchange
#define InterlockedCompareExchangeRelease InterlockedCompareExchange
#define InterlockedCompareExchangeNoFence InterlockedCompareExchange
#define InterlockedIncrementAcquire64 InterlockedIncrement
#define InterlockedIncrementRelease64 InterlockedIncrement
#define InterlockedDecrementAcquire64 InterlockedDecrement
#define InterlockedDecrementRelease64 InterlockedDecrement
#define InterlockedExchangeAcquire64 InterlockedExchange
#define InterlockedCompareExchangeAcquire64 InterlockedCompareExchange
#define InterlockedCompareExchangeRelease64 InterlockedCompareExchange
#define InterlockedExchangePointerAcquire InterlockedExchangePointer
#define InterlockedExchangePointerNoFence InterlockedExchangePointer
#define InterlockedCompareExchangePointerAcquire InterlockedCompareExchangePointer
#define InterlockedCompareExchangePointerRelease InterlockedCompareExchangePointer
#define InterlockedCompareExchangePointerNoFence InterlockedCompareExchangePointer

OVL_STATIC_ASSERT(sizeof(OVERLAPPED) == 32, "OVERLAPPED must be 32 bytes (x64)");
OVL_STATIC_ASSERT(offsetof(OVERLAPPED, hEvent) == 24, "OVERLAPPED.hEvent at offset 24 (x64)");
OVL_STATIC_ASSERT(sizeof(OVERLAPPED_ENTRY) == 32, "OVERLAPPED_ENTRY must be 32 bytes (x64)");
OVL_STATIC_ASSERT(sizeof(CRITICAL_SECTION) == 40, "CRITICAL_SECTION must be 40 bytes (x64)");
OVL_STATIC_ASSERT(sizeof(SYSTEM_INFO) == 48, "SYSTEM_INFO must be 48 bytes (x64)");
OVL_STATIC_ASSERT(sizeof(SECURITY_ATTRIBUTES) == 24, "SECURITY_ATTRIBUTES must be 24 bytes (x64)");

#include "ovl_winbase_cxx.h" /* C++-only overloads (LPDWORD completion key) */
#endif /* OVL_WIN32_WINBASE_H */
