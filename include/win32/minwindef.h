/* minwindef.h: the basic Win32 types (BYTE, WORD, DWORD, BOOL, ...), calling
 * convention and MSVC keyword shims, and the small macros every program uses
 * (MAKEWORD, LOWORD, MAX_PATH, TRUE/FALSE).
 *
 * Sizes follow Windows x64: DWORD, LONG, ULONG are 32 bits (unsigned int / int,
 * not long, which is 64 bits on Linux). Calling conventions (WINAPI, __stdcall,
 * ...) are empty: x86-64 has one C calling convention. __declspec(x) expands to
 * __OVL_DECLSPEC_x, so each supported attribute maps to a GCC one; an
 * unsupported __declspec fails to compile rather than being silently dropped.
 * The handle types (HWND, HINSTANCE, ...) are in windef.h.
 */
#ifndef OVL_WIN32_MINWINDEF_H
#define OVL_WIN32_MINWINDEF_H
#define _MINWINDEF_ /* Windows' own guard name, which some programs test */

#include <stddef.h>
#include "ovl_abi.h"
#include "sal.h"
#include "basetsd.h"

/* ---- MSVC keywords and calling conventions -------------------------------- */
#ifndef __stdcall
#define __stdcall
#endif
#ifndef __cdecl
#define __cdecl
#endif
#ifndef __fastcall
#define __fastcall
#endif
#ifndef __thiscall
#define __thiscall
#endif
#ifndef __vectorcall
#define __vectorcall
#endif
#define _stdcall
#define _cdecl
#define _fastcall
#define __w64
#define __ptr64
#define __ptr32
#define __unaligned
#ifndef __forceinline
#define __forceinline __inline__ __attribute__((__always_inline__))
#endif
#define __int8 char
#define __int16 short
#define __int32 int
#define __int64 long long

/* __declspec(x) -> __OVL_DECLSPEC_x; align(n)/uuid("...") paste to a
 * function-like macro that then takes the parenthesised argument. */
#define __declspec(x) __OVL_DECLSPEC_##x
#define __OVL_DECLSPEC_thread __thread
#define __OVL_DECLSPEC_dllexport __attribute__((visibility("default")))
#define __OVL_DECLSPEC_dllimport
#define __OVL_DECLSPEC_noinline __attribute__((__noinline__))
#define __OVL_DECLSPEC_noreturn __attribute__((__noreturn__))
#define __OVL_DECLSPEC_nothrow __attribute__((__nothrow__))
#define __OVL_DECLSPEC_selectany __attribute__((__weak__))
#define __OVL_DECLSPEC_naked __attribute__((__naked__))
#define __OVL_DECLSPEC_deprecated __attribute__((__deprecated__))
#define __OVL_DECLSPEC_restrict
#define __OVL_DECLSPEC_noalias
#define __OVL_DECLSPEC_novtable
#define __OVL_DECLSPEC_empty_bases
#define __OVL_DECLSPEC_safebuffers
#define __OVL_DECLSPEC_allocator
#define __OVL_DECLSPEC_align(n) __attribute__((__aligned__(n)))
#define __OVL_DECLSPEC_uuid(s)
#define __OVL_DECLSPEC_code_seg(s)

#define DECLSPEC_ALIGN(x) __attribute__((__aligned__(x)))
#define DECLSPEC_NORETURN __attribute__((__noreturn__))
#define DECLSPEC_NOINLINE __attribute__((__noinline__))
#define DECLSPEC_SELECTANY __attribute__((__weak__))
#define DECLSPEC_NOTHROW __attribute__((__nothrow__))
#define DECLSPEC_IMPORT
#define DECLSPEC_EXPORT __attribute__((visibility("default")))
#define DECLSPEC_NOVTABLE
#define DECLSPEC_UUID(x)
#define DECLSPEC_DEPRECATED __attribute__((__deprecated__))
#define DECLSPEC_CACHEALIGN DECLSPEC_ALIGN(64)
#define FORCEINLINE __forceinline
#define NTAPI
#define NTSYSAPI
#define WINAPI
#define WINAPIV
#define WINAPI_INLINE WINAPI
#define APIENTRY WINAPI
#define APIPRIVATE
#define CALLBACK
#define PASCAL
#define CDECL
#define WSAAPI
#define STDAPICALLTYPE
#define STDMETHODCALLTYPE
#define WINBASEAPI
#define WINUSERAPI
#define WINADVAPI
#define WINSOCK_API_LINKAGE
#define FAR
#define NEAR
#define CONST const
#define VOID void
#define IN
#define OUT
#ifndef OPTIONAL
#define OPTIONAL
#endif
#define UNREFERENCED_PARAMETER(P) ((void)(P))
#define DBG_UNREFERENCED_PARAMETER(P) ((void)(P))
#define DBG_UNREFERENCED_LOCAL_VARIABLE(V) ((void)(V))
#define UNUSED_PARAMETER(P) ((void)(P))

/* ---- basic types ----------------------------------------------------------- */
typedef void *PVOID, *LPVOID;
typedef const void *LPCVOID, *PCVOID;
typedef char CHAR, *PCHAR, *LPCH, *PCH;
typedef unsigned char UCHAR, *PUCHAR;
typedef short SHORT, *PSHORT;
typedef unsigned short USHORT, *PUSHORT;
typedef int INT, *PINT, *LPINT;
typedef unsigned int UINT, *PUINT, *LPUINT;
typedef int LONG, *PLONG, *LPLONG;
typedef unsigned int ULONG, *PULONG;
typedef long long LONGLONG, *PLONGLONG;
typedef unsigned long long ULONGLONG, *PULONGLONG;
typedef ULONGLONG DWORDLONG, *PDWORDLONG;
typedef unsigned char BYTE, *PBYTE, *LPBYTE;
typedef unsigned short WORD, *PWORD, *LPWORD;
typedef unsigned int DWORD, *PDWORD, *LPDWORD;
typedef int BOOL, *PBOOL, *LPBOOL;
typedef BYTE BOOLEAN, *PBOOLEAN;
typedef float FLOAT, *PFLOAT;
typedef wchar_t WCHAR, *PWCHAR, *LPWCH, *PWCH;
typedef LONG HRESULT;
typedef LONG NTSTATUS, *PNTSTATUS;
typedef WORD ATOM;
typedef WORD LANGID;
typedef DWORD LCID, *PLCID;
typedef DWORD COLORREF, *LPCOLORREF;
typedef UINT_PTR WPARAM;
typedef LONG_PTR LPARAM;
typedef LONG_PTR LRESULT;

#ifndef NULL
#define NULL ((void *)0)
#endif
#ifndef FALSE
#define FALSE 0
#endif
#ifndef TRUE
#define TRUE 1
#endif
#define MAX_PATH 260

#define MAKEWORD(a, b) ((WORD)(((BYTE)(((DWORD_PTR)(a)) & 0xff)) | ((WORD)((BYTE)(((DWORD_PTR)(b)) & 0xff))) << 8))
#define MAKELONG(a, b) ((LONG)(((WORD)(((DWORD_PTR)(a)) & 0xffff)) | ((DWORD)((WORD)(((DWORD_PTR)(b)) & 0xffff))) << 16))
#define LOWORD(l) ((WORD)(((DWORD_PTR)(l)) & 0xffff))
#define HIWORD(l) ((WORD)((((DWORD_PTR)(l)) >> 16) & 0xffff))
#define LOBYTE(w) ((BYTE)(((DWORD_PTR)(w)) & 0xff))
#define HIBYTE(w) ((BYTE)((((DWORD_PTR)(w)) >> 8) & 0xff))
#define MAKEWPARAM(l, h) ((WPARAM)(DWORD)MAKELONG(l, h))
#define MAKELPARAM(l, h) ((LPARAM)(DWORD)MAKELONG(l, h))
#define MAKELRESULT(l, h) ((LRESULT)(DWORD)MAKELONG(l, h))

OVL_STATIC_ASSERT(sizeof(DWORD) == 4, "DWORD must be 32 bits");
OVL_STATIC_ASSERT(sizeof(LONG) == 4, "LONG must be 32 bits");
OVL_STATIC_ASSERT(sizeof(ULONG) == 4, "ULONG must be 32 bits");
OVL_STATIC_ASSERT(sizeof(WORD) == 2, "WORD must be 16 bits");
OVL_STATIC_ASSERT(sizeof(BOOL) == 4, "BOOL must be 32 bits");

#endif /* OVL_WIN32_MINWINDEF_H */
