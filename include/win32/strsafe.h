/* strsafe.h: the StringCch* (sizes in characters) and StringCb* (sizes in bytes) functions:
 * Printf, VPrintf, Copy, CopyN, Cat, CatN, Length, in A and W forms, with the TCHAR names
 * mapped by UNICODE. Every function NUL-terminates the destination whenever its size is not
 * zero and returns S_OK, STRSAFE_E_INSUFFICIENT_BUFFER (the result is truncated to fit, as
 * Windows does) or STRSAFE_E_INVALID_PARAMETER.
 *
 * Differs from Windows: the W printers use glibc's vswprintf, in which %s is a narrow
 * string (Microsoft's reads a wide one; write %ls, which both accept); the Ex variants and
 * the STRSAFE_NO_DEPRECATE machinery are not provided; a buffer over STRSAFE_MAX_CCH is
 * rejected as on Windows.
 */
#ifndef OVL_WIN32_STRSAFE_H
#define OVL_WIN32_STRSAFE_H
#ifndef _STRSAFE_H_INCLUDED_
#define _STRSAFE_H_INCLUDED_
#endif

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include "ovl_abi.h"
#include "minwindef.h"
#include "winnt.h"
#include "winerror.h"

#define STRSAFE_MAX_CCH 2147483647
#ifndef STRSAFE_E_INSUFFICIENT_BUFFER
#define STRSAFE_E_INSUFFICIENT_BUFFER ((HRESULT)0x8007007AL)
#endif
#ifndef STRSAFE_E_INVALID_PARAMETER
#define STRSAFE_E_INVALID_PARAMETER ((HRESULT)0x80070057L)
#endif
#ifndef STRSAFE_E_END_OF_FILE
#define STRSAFE_E_END_OF_FILE ((HRESULT)0x80070026L)
#endif

/* Own strnlen/wcsnlen: strict ISO C (-std=c11) hides glibc's. */
OVL_INLINE size_t ovl_strsafe_strnlen(const char *s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n]) ++n;
    return n;
}
OVL_INLINE size_t ovl_strsafe_wcsnlen(const wchar_t *s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n]) ++n;
    return n;
}

typedef char *STRSAFE_LPSTR;
typedef const char *STRSAFE_LPCSTR;
typedef wchar_t *STRSAFE_LPWSTR;
typedef const wchar_t *STRSAFE_LPCWSTR;

/* ---- narrow ----------------------------------------------------------------- */
OVL_INLINE HRESULT StringCchVPrintfA(STRSAFE_LPSTR dst, size_t cch, STRSAFE_LPCSTR fmt, va_list ap)
{
    int n;
    if (cch == 0 || cch > STRSAFE_MAX_CCH) return STRSAFE_E_INVALID_PARAMETER;
    n = vsnprintf(dst, cch, fmt, ap);
    if (n < 0) { dst[0] = '\0'; return STRSAFE_E_INVALID_PARAMETER; }
    return (size_t)n >= cch ? STRSAFE_E_INSUFFICIENT_BUFFER : S_OK;
}
__attribute__((__format__(__printf__, 3, 4)))
OVL_INLINE HRESULT StringCchPrintfA(STRSAFE_LPSTR dst, size_t cch, STRSAFE_LPCSTR fmt, ...)
{
    va_list ap;
    HRESULT hr;
    va_start(ap, fmt);
    hr = StringCchVPrintfA(dst, cch, fmt, ap);
    va_end(ap);
    return hr;
}
OVL_INLINE HRESULT StringCchLengthA(STRSAFE_LPCSTR s, size_t cchMax, size_t *pcch)
{
    size_t n;
    if (!s || cchMax > STRSAFE_MAX_CCH) { if (pcch) *pcch = 0; return STRSAFE_E_INVALID_PARAMETER; }
    n = ovl_strsafe_strnlen(s, cchMax);
    if (n == cchMax) { if (pcch) *pcch = 0; return STRSAFE_E_INVALID_PARAMETER; }
    if (pcch) *pcch = n;
    return S_OK;
}
OVL_INLINE HRESULT StringCchCopyNA(STRSAFE_LPSTR dst, size_t cch, STRSAFE_LPCSTR src, size_t cchSrc)
{
    size_t n;
    if (cch == 0 || cch > STRSAFE_MAX_CCH) return STRSAFE_E_INVALID_PARAMETER;
    n = ovl_strsafe_strnlen(src, cchSrc);
    if (n >= cch) {
        memcpy(dst, src, cch - 1);
        dst[cch - 1] = '\0';
        return STRSAFE_E_INSUFFICIENT_BUFFER;
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
    return S_OK;
}
OVL_INLINE HRESULT StringCchCopyA(STRSAFE_LPSTR dst, size_t cch, STRSAFE_LPCSTR src)
{
    return StringCchCopyNA(dst, cch, src, STRSAFE_MAX_CCH);
}
OVL_INLINE HRESULT StringCchCatNA(STRSAFE_LPSTR dst, size_t cch, STRSAFE_LPCSTR src, size_t cchSrc)
{
    size_t have;
    if (cch == 0 || cch > STRSAFE_MAX_CCH) return STRSAFE_E_INVALID_PARAMETER;
    have = ovl_strsafe_strnlen(dst, cch);
    if (have == cch) return STRSAFE_E_INVALID_PARAMETER;
    return StringCchCopyNA(dst + have, cch - have, src, cchSrc);
}
OVL_INLINE HRESULT StringCchCatA(STRSAFE_LPSTR dst, size_t cch, STRSAFE_LPCSTR src)
{
    return StringCchCatNA(dst, cch, src, STRSAFE_MAX_CCH);
}

/* ---- wide ------------------------------------------------------------------- */
OVL_INLINE HRESULT StringCchVPrintfW(STRSAFE_LPWSTR dst, size_t cch, STRSAFE_LPCWSTR fmt, va_list ap)
{
    int n;
    if (cch == 0 || cch > STRSAFE_MAX_CCH) return STRSAFE_E_INVALID_PARAMETER;
    n = vswprintf(dst, cch, fmt, ap);
    /* glibc's vswprintf returns -1 both on truncation and on error, leaving the buffer unset. */
    if (n < 0) {
        dst[cch - 1] = L'\0';
        return STRSAFE_E_INSUFFICIENT_BUFFER;
    }
    return S_OK;
}
OVL_INLINE HRESULT StringCchPrintfW(STRSAFE_LPWSTR dst, size_t cch, STRSAFE_LPCWSTR fmt, ...)
{
    va_list ap;
    HRESULT hr;
    va_start(ap, fmt);
    hr = StringCchVPrintfW(dst, cch, fmt, ap);
    va_end(ap);
    return hr;
}
OVL_INLINE HRESULT StringCchLengthW(STRSAFE_LPCWSTR s, size_t cchMax, size_t *pcch)
{
    size_t n;
    if (!s || cchMax > STRSAFE_MAX_CCH) { if (pcch) *pcch = 0; return STRSAFE_E_INVALID_PARAMETER; }
    n = ovl_strsafe_wcsnlen(s, cchMax);
    if (n == cchMax) { if (pcch) *pcch = 0; return STRSAFE_E_INVALID_PARAMETER; }
    if (pcch) *pcch = n;
    return S_OK;
}
OVL_INLINE HRESULT StringCchCopyNW(STRSAFE_LPWSTR dst, size_t cch, STRSAFE_LPCWSTR src, size_t cchSrc)
{
    size_t n;
    if (cch == 0 || cch > STRSAFE_MAX_CCH) return STRSAFE_E_INVALID_PARAMETER;
    n = ovl_strsafe_wcsnlen(src, cchSrc);
    if (n >= cch) {
        wmemcpy(dst, src, cch - 1);
        dst[cch - 1] = L'\0';
        return STRSAFE_E_INSUFFICIENT_BUFFER;
    }
    wmemcpy(dst, src, n);
    dst[n] = L'\0';
    return S_OK;
}
OVL_INLINE HRESULT StringCchCopyW(STRSAFE_LPWSTR dst, size_t cch, STRSAFE_LPCWSTR src)
{
    return StringCchCopyNW(dst, cch, src, STRSAFE_MAX_CCH);
}
OVL_INLINE HRESULT StringCchCatNW(STRSAFE_LPWSTR dst, size_t cch, STRSAFE_LPCWSTR src, size_t cchSrc)
{
    size_t have;
    if (cch == 0 || cch > STRSAFE_MAX_CCH) return STRSAFE_E_INVALID_PARAMETER;
    have = ovl_strsafe_wcsnlen(dst, cch);
    if (have == cch) return STRSAFE_E_INVALID_PARAMETER;
    return StringCchCopyNW(dst + have, cch - have, src, cchSrc);
}
OVL_INLINE HRESULT StringCchCatW(STRSAFE_LPWSTR dst, size_t cch, STRSAFE_LPCWSTR src)
{
    return StringCchCatNW(dst, cch, src, STRSAFE_MAX_CCH);
}

/* ---- byte counts ------------------------------------------------------------ */
#define StringCbPrintfA(dst, cb, ...) StringCchPrintfA((dst), (cb), __VA_ARGS__)
#define StringCbVPrintfA(dst, cb, fmt, ap) StringCchVPrintfA((dst), (cb), (fmt), (ap))
#define StringCbCopyA(dst, cb, src) StringCchCopyA((dst), (cb), (src))
#define StringCbCopyNA(dst, cb, src, cbSrc) StringCchCopyNA((dst), (cb), (src), (cbSrc))
#define StringCbCatA(dst, cb, src) StringCchCatA((dst), (cb), (src))
#define StringCbCatNA(dst, cb, src, cbSrc) StringCchCatNA((dst), (cb), (src), (cbSrc))
OVL_INLINE HRESULT StringCbLengthA(STRSAFE_LPCSTR s, size_t cbMax, size_t *pcb)
{
    return StringCchLengthA(s, cbMax, pcb);
}
#define StringCbPrintfW(dst, cb, ...) StringCchPrintfW((dst), (cb) / sizeof(wchar_t), __VA_ARGS__)
#define StringCbVPrintfW(dst, cb, fmt, ap) StringCchVPrintfW((dst), (cb) / sizeof(wchar_t), (fmt), (ap))
#define StringCbCopyW(dst, cb, src) StringCchCopyW((dst), (cb) / sizeof(wchar_t), (src))
#define StringCbCopyNW(dst, cb, src, cbSrc) \
    StringCchCopyNW((dst), (cb) / sizeof(wchar_t), (src), (cbSrc) / sizeof(wchar_t))
#define StringCbCatW(dst, cb, src) StringCchCatW((dst), (cb) / sizeof(wchar_t), (src))
#define StringCbCatNW(dst, cb, src, cbSrc) \
    StringCchCatNW((dst), (cb) / sizeof(wchar_t), (src), (cbSrc) / sizeof(wchar_t))
OVL_INLINE HRESULT StringCbLengthW(STRSAFE_LPCWSTR s, size_t cbMax, size_t *pcb)
{
    HRESULT hr = StringCchLengthW(s, cbMax / sizeof(wchar_t), pcb);
    if (pcb) *pcb *= sizeof(wchar_t);
    return hr;
}

/* ---- TCHAR names ------------------------------------------------------------ */
#ifdef UNICODE
#define StringCchPrintf StringCchPrintfW
#define StringCchVPrintf StringCchVPrintfW
#define StringCchCopy StringCchCopyW
#define StringCchCopyN StringCchCopyNW
#define StringCchCat StringCchCatW
#define StringCchCatN StringCchCatNW
#define StringCchLength StringCchLengthW
#define StringCbPrintf StringCbPrintfW
#define StringCbVPrintf StringCbVPrintfW
#define StringCbCopy StringCbCopyW
#define StringCbCopyN StringCbCopyNW
#define StringCbCat StringCbCatW
#define StringCbCatN StringCbCatNW
#define StringCbLength StringCbLengthW
#else
#define StringCchPrintf StringCchPrintfA
#define StringCchVPrintf StringCchVPrintfA
#define StringCchCopy StringCchCopyA
#define StringCchCopyN StringCchCopyNA
#define StringCchCat StringCchCatA
#define StringCchCatN StringCchCatNA
#define StringCchLength StringCchLengthA
#define StringCbPrintf StringCbPrintfA
#define StringCbVPrintf StringCbVPrintfA
#define StringCbCopy StringCbCopyA
#define StringCbCopyN StringCbCopyNA
#define StringCbCat StringCbCatA
#define StringCbCatN StringCbCatNA
#define StringCbLength StringCbLengthA
#endif

#endif /* OVL_WIN32_STRSAFE_H */
