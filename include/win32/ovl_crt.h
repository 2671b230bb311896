/* ovl_crt.h: the Microsoft C runtime names Windows programs call that glibc spells differently or
 * lacks: _stricmp/_strnicmp (strcasecmp), _strdup, _snprintf/_vsnprintf, the "secure" _s
 * functions (sprintf_s, printf_s, strcpy_s, strcat_s, strncpy_s, localtime_s, gmtime_s, ...),
 * _itoa/_ltoa/_ultoa, _countof and errno_t. windows.h includes it, and so does ovl_prelude.h
 * (which ovl-cc force-includes), because MSVC declares these from <stdio.h>/<string.h>.
 *
 * Each name is a macro for an inline ovl_crt_* function (or for the glibc function when the
 * meaning is the same), defined only if the program has not defined that name itself, so a
 * program's own portability shim (#define _stricmp strcasecmp) keeps working.
 * C++ also gets MSVC's template overloads that take an array and infer its size
 * (sprintf_s(buf, "%d", n), strcpy_s(buf, src)).
 *
 * Differs from Windows: there is no invalid-parameter handler. Where the CRT would call it
 * (NULL buffer, zero size, truncation by a non-truncating _s function), these functions
 * write an empty string when they can and return EINVAL or ERANGE (printf-style: -1);
 * they never abort. _snprintf returns -1 on truncation, as Microsoft's does, and then, as
 * Microsoft's does not, still leaves the buffer NUL-terminated.
 */
#ifndef OVL_WIN32_CRT_H
#define OVL_WIN32_CRT_H

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include "ovl_abi.h"

#ifndef _ERRNO_T_DEFINED
#define _ERRNO_T_DEFINED
typedef int errno_t;
#endif
#ifndef _TRUNCATE
#define _TRUNCATE ((size_t)-1)
#endif

#ifndef _countof
#define _countof(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* Strict ISO C (-std=c11) hides glibc's POSIX declarations; these bodies must still compile. */
OVL_INLINE size_t ovl_crt_strnlen(const char *s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n]) ++n;
    return n;
}
#ifndef __cplusplus
/* Same prototypes as glibc's (C++ always sees glibc's own: g++ defines _GNU_SOURCE). */
extern struct tm *localtime_r(const time_t *__restrict, struct tm *__restrict);
extern struct tm *gmtime_r(const time_t *__restrict, struct tm *__restrict);
extern char *ctime_r(const time_t *__restrict, char *__restrict);
#endif

/* ---- same meaning, different name ------------------------------------------- */
#ifndef _stricmp
#define _stricmp strcasecmp
#endif
#ifndef _strnicmp
#define _strnicmp strncasecmp
#endif
#ifndef stricmp
#define stricmp strcasecmp
#endif
#ifndef strnicmp
#define strnicmp strncasecmp
#endif
#ifndef _strdup
#define _strdup strdup
#endif
#ifndef _wcsdup
#define _wcsdup wcsdup
#endif
#ifndef _fileno
#define _fileno fileno
#endif

/* ---- string helpers with MSVC semantics ------------------------------------- */
OVL_INLINE int ovl_crt_vsnprintf(char *buf, size_t n, const char *fmt, va_list ap)
{
    int r = vsnprintf(buf, n, fmt, ap);
    /* Microsoft: -1 when the output does not fit (count excludes the NUL). */
    return (r < 0 || (size_t)r >= n) ? -1 : r;
}
__attribute__((__format__(__printf__, 3, 4)))
OVL_INLINE int ovl_crt_snprintf(char *buf, size_t n, const char *fmt, ...)
{
    va_list ap;
    int r;
    va_start(ap, fmt);
    r = ovl_crt_vsnprintf(buf, n, fmt, ap);
    va_end(ap);
    return r;
}
#ifndef _snprintf
#define _snprintf ovl_crt_snprintf
#endif
#ifndef _vsnprintf
#define _vsnprintf ovl_crt_vsnprintf
#endif

OVL_INLINE char *ovl_crt_strupr(char *s)
{
    for (char *p = s; p && *p; ++p)
        if (*p >= 'a' && *p <= 'z') *p = (char)(*p - 'a' + 'A');
    return s;
}
OVL_INLINE char *ovl_crt_strlwr(char *s)
{
    for (char *p = s; p && *p; ++p)
        if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
    return s;
}
#ifndef _strupr
#define _strupr ovl_crt_strupr
#endif
#ifndef _strlwr
#define _strlwr ovl_crt_strlwr
#endif

OVL_INLINE char *ovl_crt_ultoa(unsigned long v, char *buf, int radix)
{
    char tmp[8 * sizeof v + 1];
    int i = 0, j = 0;
    if (radix < 2 || radix > 36) { buf[0] = '\0'; return buf; }
    do { int d = (int)(v % (unsigned)radix); tmp[i++] = (char)(d < 10 ? '0' + d : 'a' + d - 10); v /= (unsigned)radix; } while (v);
    while (i) buf[j++] = tmp[--i];
    buf[j] = '\0';
    return buf;
}
OVL_INLINE char *ovl_crt_ltoa(long v, char *buf, int radix)
{
    if (radix == 10 && v < 0) {
        buf[0] = '-';
        ovl_crt_ultoa(0UL - (unsigned long)v, buf + 1, radix);
        return buf;
    }
    return ovl_crt_ultoa((unsigned long)v, buf, radix);
}
/* Microsoft's _itoa converts negative values in other radixes as 32-bit unsigned. */
OVL_INLINE char *ovl_crt_itoa(int v, char *buf, int radix)
{
    return radix == 10 ? ovl_crt_ltoa(v, buf, radix) : ovl_crt_ultoa((unsigned int)v, buf, radix);
}
#ifndef _itoa
#define _itoa ovl_crt_itoa
#endif
#ifndef _ltoa
#define _ltoa ovl_crt_ltoa
#endif
#ifndef _ultoa
#define _ultoa ovl_crt_ultoa
#endif
#ifndef itoa
#define itoa ovl_crt_itoa
#endif

/* ---- the _s functions (size in bytes/elements, NUL-terminated or empty) ---- */
OVL_INLINE int ovl_crt_vsprintf_s(char *buf, size_t n, const char *fmt, va_list ap)
{
    int r;
    if (!buf || n == 0 || !fmt) { errno = EINVAL; return -1; }
    r = vsnprintf(buf, n, fmt, ap);
    if (r < 0 || (size_t)r >= n) { buf[0] = '\0'; errno = ERANGE; return -1; }
    return r;
}
__attribute__((__format__(__printf__, 3, 4)))
OVL_INLINE int ovl_crt_sprintf_s(char *buf, size_t n, const char *fmt, ...)
{
    va_list ap;
    int r;
    va_start(ap, fmt);
    r = ovl_crt_vsprintf_s(buf, n, fmt, ap);
    va_end(ap);
    return r;
}
/* _snprintf_s(buf, size, count, fmt, ...): at most count chars (or _TRUNCATE: as many as fit). */
OVL_INLINE int ovl_crt_vsnprintf_s(char *buf, size_t n, size_t count, const char *fmt, va_list ap)
{
    int r;
    size_t lim;
    if (!buf || n == 0 || !fmt) { errno = EINVAL; return -1; }
    lim = (count == _TRUNCATE || count >= n) ? n : count + 1;
    r = vsnprintf(buf, lim, fmt, ap);
    if (r < 0) { buf[0] = '\0'; return -1; }
    if ((size_t)r >= lim) {
        if (count == _TRUNCATE || count < n) return -1; /* truncated, buf holds what fit */
        buf[0] = '\0';
        errno = ERANGE;
        return -1;
    }
    return r;
}
__attribute__((__format__(__printf__, 4, 5)))
OVL_INLINE int ovl_crt_snprintf_s(char *buf, size_t n, size_t count, const char *fmt, ...)
{
    va_list ap;
    int r;
    va_start(ap, fmt);
    r = ovl_crt_vsnprintf_s(buf, n, count, fmt, ap);
    va_end(ap);
    return r;
}
#ifndef vsprintf_s
#define vsprintf_s ovl_crt_vsprintf_s
#endif
#ifndef sprintf_s
#define sprintf_s ovl_crt_sprintf_s
#endif
#ifndef _vsnprintf_s
#define _vsnprintf_s ovl_crt_vsnprintf_s
#endif
#ifndef _snprintf_s
#define _snprintf_s ovl_crt_snprintf_s
#endif
/* The console/file _s printers differ from the plain ones only in parameter validation. */
#ifndef printf_s
#define printf_s printf
#endif
#ifndef fprintf_s
#define fprintf_s fprintf
#endif
#ifndef vprintf_s
#define vprintf_s vprintf
#endif
#ifndef vfprintf_s
#define vfprintf_s vfprintf
#endif
#ifndef wprintf_s
#define wprintf_s wprintf
#endif
#ifndef scanf_s
/* The size argument after a %s/%c/%[ is passed along and ignored: no bounds check. */
#define scanf_s scanf
#endif

OVL_INLINE errno_t ovl_crt_strcpy_s(char *dst, size_t n, const char *src)
{
    size_t len;
    if (!dst || n == 0) return EINVAL;
    if (!src) { dst[0] = '\0'; return EINVAL; }
    len = strlen(src);
    if (len >= n) { dst[0] = '\0'; return ERANGE; }
    memcpy(dst, src, len + 1);
    return 0;
}
OVL_INLINE errno_t ovl_crt_strcat_s(char *dst, size_t n, const char *src)
{
    size_t have, len;
    if (!dst || n == 0) return EINVAL;
    if (!src) { dst[0] = '\0'; return EINVAL; }
    have = ovl_crt_strnlen(dst, n);
    if (have == n) { dst[0] = '\0'; return EINVAL; } /* dst was not terminated */
    len = strlen(src);
    if (have + len >= n) { dst[0] = '\0'; return ERANGE; }
    memcpy(dst + have, src, len + 1);
    return 0;
}
OVL_INLINE errno_t ovl_crt_strncpy_s(char *dst, size_t n, const char *src, size_t count)
{
    size_t len;
    if (!dst || n == 0) return EINVAL;
    if (!src) { dst[0] = '\0'; return EINVAL; }
    len = ovl_crt_strnlen(src, count == _TRUNCATE ? n - 1 : count);
    if (count == _TRUNCATE && len >= n - 1 && src[len] != '\0') {
        memcpy(dst, src, n - 1);
        dst[n - 1] = '\0';
        return 80; /* STRUNCATE */
    }
    if (len >= n) { dst[0] = '\0'; return ERANGE; }
    memcpy(dst, src, len);
    dst[len] = '\0';
    return 0;
}
OVL_INLINE errno_t ovl_crt_strncat_s(char *dst, size_t n, const char *src, size_t count)
{
    size_t have, len;
    if (!dst || n == 0) return EINVAL;
    if (!src) { dst[0] = '\0'; return EINVAL; }
    have = ovl_crt_strnlen(dst, n);
    if (have == n) { dst[0] = '\0'; return EINVAL; }
    len = ovl_crt_strnlen(src, count == _TRUNCATE ? n - 1 - have : count);
    if (have + len >= n) { dst[0] = '\0'; return ERANGE; }
    memcpy(dst + have, src, len);
    dst[have + len] = '\0';
    return 0;
}
OVL_INLINE errno_t ovl_crt_memcpy_s(void *dst, size_t n, const void *src, size_t count)
{
    if (count == 0) return 0;
    if (!dst) return EINVAL;
    if (!src || n < count) { memset(dst, 0, n); return src ? ERANGE : EINVAL; }
    memcpy(dst, src, count);
    return 0;
}
OVL_INLINE errno_t ovl_crt_memmove_s(void *dst, size_t n, const void *src, size_t count)
{
    if (count == 0) return 0;
    if (!dst || !src) return EINVAL;
    if (n < count) return ERANGE;
    memmove(dst, src, count);
    return 0;
}
OVL_INLINE errno_t ovl_crt_localtime_s(struct tm *out, const time_t *t)
{
    if (!out) return EINVAL;
    if (!t || !localtime_r(t, out)) { memset(out, 0xff, sizeof *out); return EINVAL; }
    return 0;
}
OVL_INLINE errno_t ovl_crt_gmtime_s(struct tm *out, const time_t *t)
{
    if (!out) return EINVAL;
    if (!t || !gmtime_r(t, out)) { memset(out, 0xff, sizeof *out); return EINVAL; }
    return 0;
}
OVL_INLINE errno_t ovl_crt_ctime_s(char *buf, size_t n, const time_t *t)
{
    char tmp[64];
    if (!buf || n == 0) return EINVAL;
    if (!t || !ctime_r(t, tmp)) { buf[0] = '\0'; return EINVAL; }
    return ovl_crt_strcpy_s(buf, n, tmp);
}
OVL_INLINE errno_t ovl_crt_fopen_s(FILE **fp, const char *name, const char *mode)
{
    if (!fp || !name || !mode) return EINVAL;
    *fp = fopen(name, mode);
    return *fp ? 0 : errno;
}
OVL_INLINE errno_t ovl_crt_itoa_s(int v, char *buf, size_t n, int radix)
{
    char tmp[8 * sizeof(int) + 2];
    return ovl_crt_strcpy_s(buf, n, ovl_crt_itoa(v, tmp, radix));
}
OVL_INLINE errno_t ovl_crt_ltoa_s(long v, char *buf, size_t n, int radix)
{
    char tmp[8 * sizeof(long) + 2];
    return ovl_crt_strcpy_s(buf, n, ovl_crt_ltoa(v, tmp, radix));
}
#ifndef strcpy_s
#define strcpy_s ovl_crt_strcpy_s
#endif
#ifndef strcat_s
#define strcat_s ovl_crt_strcat_s
#endif
#ifndef strncpy_s
#define strncpy_s ovl_crt_strncpy_s
#endif
#ifndef strncat_s
#define strncat_s ovl_crt_strncat_s
#endif
#ifndef memcpy_s
#define memcpy_s ovl_crt_memcpy_s
#endif
#ifndef memmove_s
#define memmove_s ovl_crt_memmove_s
#endif
#ifndef localtime_s
#define localtime_s ovl_crt_localtime_s
#endif
#ifndef gmtime_s
#define gmtime_s ovl_crt_gmtime_s
#endif
#ifndef ctime_s
#define ctime_s ovl_crt_ctime_s
#endif
#ifndef fopen_s
#define fopen_s ovl_crt_fopen_s
#endif
#ifndef _itoa_s
#define _itoa_s ovl_crt_itoa_s
#endif
#ifndef _ltoa_s
#define _ltoa_s ovl_crt_ltoa_s
#endif
#ifndef strtok_s
#define strtok_s strtok_r
#endif

#ifdef __cplusplus
/* MSVC's array overloads: the size comes from the array type. */
template <size_t N>
inline int ovl_crt_sprintf_s(char (&buf)[N], const char *fmt, ...) __attribute__((__format__(__printf__, 2, 3)));
template <size_t N>
inline int ovl_crt_sprintf_s(char (&buf)[N], const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = ovl_crt_vsprintf_s(buf, N, fmt, ap);
    va_end(ap);
    return r;
}
template <size_t N>
inline int ovl_crt_vsprintf_s(char (&buf)[N], const char *fmt, va_list ap)
{
    return ovl_crt_vsprintf_s(static_cast<char *>(buf), N, fmt, ap);
}
template <size_t N>
inline int ovl_crt_snprintf_s(char (&buf)[N], size_t count, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = ovl_crt_vsnprintf_s(buf, N, count, fmt, ap);
    va_end(ap);
    return r;
}
template <size_t N>
inline errno_t ovl_crt_strcpy_s(char (&dst)[N], const char *src) { return ovl_crt_strcpy_s(dst, N, src); }
template <size_t N>
inline errno_t ovl_crt_strcat_s(char (&dst)[N], const char *src) { return ovl_crt_strcat_s(dst, N, src); }
template <size_t N>
inline errno_t ovl_crt_strncpy_s(char (&dst)[N], const char *src, size_t count)
{
    return ovl_crt_strncpy_s(dst, N, src, count);
}
template <size_t N>
inline errno_t ovl_crt_ctime_s(char (&buf)[N], const time_t *t) { return ovl_crt_ctime_s(buf, N, t); }
template <size_t N>
inline errno_t ovl_crt_itoa_s(int v, char (&buf)[N], int radix) { return ovl_crt_itoa_s(v, buf, N, radix); }
#endif

#endif /* OVL_WIN32_CRT_H */
