/* basetsd.h: Windows' sized and pointer-sized integer types.
 *
 * Windows x64 is LLP64: the *_PTR types and SIZE_T are 64 bits. Here they are
 * (unsigned) long, the same types as Linux size_t / uintptr_t / ptrdiff_t, so
 * code that mixes SIZE_T with size_t or UINT_PTR with uintptr_t behaves as it
 * does on Windows (where they are the same type too). The explicitly 64-bit
 * types (INT64, DWORD64, LONG64, ...) are long long, Windows' __int64.
 */
#ifndef OVL_WIN32_BASETSD_H
#define OVL_WIN32_BASETSD_H
#define _BASETSD_H_ /* Windows' own guard name, which some programs test */

#include "ovl_abi.h"

typedef signed char INT8, *PINT8;
typedef unsigned char UINT8, *PUINT8;
typedef short INT16, *PINT16;
typedef unsigned short UINT16, *PUINT16;
typedef int INT32, *PINT32;
typedef unsigned int UINT32, *PUINT32;
typedef int LONG32, *PLONG32;
typedef unsigned int ULONG32, *PULONG32;
typedef unsigned int DWORD32, *PDWORD32;
typedef long long INT64, *PINT64;
typedef unsigned long long UINT64, *PUINT64;
typedef long long LONG64, *PLONG64;
typedef unsigned long long ULONG64, *PULONG64;
typedef unsigned long long DWORD64, *PDWORD64;

typedef long INT_PTR, *PINT_PTR;
typedef unsigned long UINT_PTR, *PUINT_PTR;
typedef long LONG_PTR, *PLONG_PTR;
typedef unsigned long ULONG_PTR, *PULONG_PTR;
typedef ULONG_PTR DWORD_PTR, *PDWORD_PTR;
typedef ULONG_PTR SIZE_T, *PSIZE_T;
typedef LONG_PTR SSIZE_T, *PSSIZE_T;
typedef int HALF_PTR, *PHALF_PTR;
typedef unsigned int UHALF_PTR, *PUHALF_PTR;
typedef ULONG_PTR KAFFINITY, *PKAFFINITY;

#define MAXUINT_PTR (~((UINT_PTR)0))
#define MAXINT_PTR ((INT_PTR)(MAXUINT_PTR >> 1))
#define MININT_PTR (~MAXINT_PTR)
#define MAXULONG_PTR (~((ULONG_PTR)0))
#define MAXLONG_PTR ((LONG_PTR)(MAXULONG_PTR >> 1))
#define MINLONG_PTR (~MAXLONG_PTR)
#define MAXSIZE_T ((SIZE_T)~((SIZE_T)0))
#define MAXSSIZE_T ((SSIZE_T)(MAXSIZE_T >> 1))
#define MINSSIZE_T ((SSIZE_T)~MAXSSIZE_T)
#define MAXUINT32 ((UINT32)~((UINT32)0))
#define MAXINT32 ((INT32)(MAXUINT32 >> 1))
#define MININT32 ((INT32)~MAXINT32)
#define MAXUINT64 ((UINT64)~((UINT64)0))
#define MAXINT64 ((INT64)(MAXUINT64 >> 1))
#define MININT64 ((INT64)~MAXINT64)
#define MAXDWORD32 ((DWORD32)~((DWORD32)0))
#define MAXDWORD64 ((DWORD64)~((DWORD64)0))

/* Pointer/handle truncation helpers (basetsd.h's inline functions, as macros). */
#define HandleToULong(h) ((unsigned int)(ULONG_PTR)(h))
#define HandleToLong(h) ((int)(LONG_PTR)(h))
#define ULongToHandle(ul) ((void *)(UINT_PTR)(ul))
#define LongToHandle(l) ((void *)(INT_PTR)(l))
#define PtrToUlong(p) ((unsigned int)(ULONG_PTR)(p))
#define PtrToLong(p) ((int)(LONG_PTR)(p))
#define PtrToUint(p) ((unsigned int)(UINT_PTR)(p))
#define PtrToInt(p) ((int)(INT_PTR)(p))
#define PtrToUshort(p) ((unsigned short)(ULONG_PTR)(p))
#define PtrToShort(p) ((short)(LONG_PTR)(p))
#define IntToPtr(i) ((void *)(INT_PTR)(i))
#define UIntToPtr(ui) ((void *)(UINT_PTR)(ui))
#define LongToPtr(l) ((void *)(LONG_PTR)(l))
#define ULongToPtr(ul) ((void *)(ULONG_PTR)(ul))

OVL_STATIC_ASSERT(sizeof(ULONG_PTR) == 8, "ULONG_PTR must be 64 bits (x64 LLP64)");
OVL_STATIC_ASSERT(sizeof(DWORD64) == 8, "DWORD64 must be 64 bits");

#endif /* OVL_WIN32_BASETSD_H */
