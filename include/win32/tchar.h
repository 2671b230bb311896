/* tchar.h: the MSVC "generic text" mappings (_TCHAR, _T(), _tmain, _tprintf,
 * _tcslen, ...).
 *
 * Multibyte by default: every _t/_tcs name maps to the narrow C function.
 * With _UNICODE or UNICODE defined they map to the wide (wchar_t) functions.
 * Differs from Windows: in Unicode mode _tmain is wmain and _tWinMain is
 * wWinMain, which the runtime must call (Linux only calls main); _stprintf
 * maps to a helper, because ISO swprintf takes a buffer size that Microsoft's
 * legacy _swprintf does not; and glibc's wide printf family reads %s as a
 * narrow string where Microsoft's reads a wide one.
 */
#ifndef OVL_WIN32_TCHAR_H
#define OVL_WIN32_TCHAR_H
#define _INC_TCHAR /* Windows' own guard name, which some programs test */

#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <wchar.h>
#include <wctype.h>
#include "ovl_abi.h"

#if defined(_UNICODE) || defined(UNICODE)
#define OVL_TCHAR_WIDE 1
#endif

#ifdef OVL_TCHAR_WIDE
/* ---- wide mappings ---------------------------------------------------------- */
typedef wchar_t _TCHAR;
typedef wchar_t _TSCHAR;
typedef wchar_t _TUCHAR;
typedef wchar_t _TXCHAR;
typedef wint_t _TINT;
#define __T(x) L##x
#define _TEOF WEOF

OVL_INLINE int ovl_tchar_stprintf(wchar_t *buf, const wchar_t *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    /* Microsoft's _swprintf has no size argument: the caller promises room. */
    n = vswprintf(buf, (size_t)INT_MAX, fmt, ap);
    va_end(ap);
    return n;
}
OVL_INLINE int ovl_tchar_ttoi(const wchar_t *s) { return (int)wcstol(s, NULL, 10); }
OVL_INLINE long ovl_tchar_ttol(const wchar_t *s) { return wcstol(s, NULL, 10); }
OVL_INLINE double ovl_tchar_ttof(const wchar_t *s) { return wcstod(s, NULL); }

#define _tmain wmain
#define _tWinMain wWinMain
#define _tprintf wprintf
#define _ftprintf fwprintf
#define _stprintf ovl_tchar_stprintf
#define _stprintf_s swprintf
#define _sntprintf swprintf
#define _vtprintf vwprintf
#define _vftprintf vfwprintf
#define _vsntprintf vswprintf
#define _tscanf wscanf
#define _ftscanf fwscanf
#define _stscanf swscanf
#define _fgetts fgetws
#define _fputts fputws
#define _fgettc fgetwc
#define _fputtc fputwc
#define _gettc getwc
#define _puttc putwc
#define _gettchar getwchar
#define _puttchar putwchar
#define _tcslen wcslen
#define _tcsnlen wcsnlen
#define _tcscpy wcscpy
#define _tcsncpy wcsncpy
#define _tcscat wcscat
#define _tcsncat wcsncat
#define _tcscmp wcscmp
#define _tcsncmp wcsncmp
#define _tcsicmp wcscasecmp
#define _tcsnicmp wcsncasecmp
#define _tcschr wcschr
#define _tcsrchr wcsrchr
#define _tcsstr wcsstr
#define _tcsspn wcsspn
#define _tcscspn wcscspn
#define _tcspbrk wcspbrk
#define _tcsdup wcsdup
#define _tcstol wcstol
#define _tcstoul wcstoul
#define _tcstoll wcstoll
#define _tcstoull wcstoull
#define _tcstod wcstod
#define _tcsftime wcsftime
#define _ttoi ovl_tchar_ttoi
#define _tstoi ovl_tchar_ttoi
#define _ttol ovl_tchar_ttol
#define _tstol ovl_tchar_ttol
#define _ttof ovl_tchar_ttof
#define _tstof ovl_tchar_ttof
#define _istalpha iswalpha
#define _istdigit iswdigit
#define _istxdigit iswxdigit
#define _istalnum iswalnum
#define _istspace iswspace
#define _istupper iswupper
#define _istlower iswlower
#define _istpunct iswpunct
#define _istprint iswprint
#define _istcntrl iswcntrl
#define _totupper towupper
#define _totlower towlower

#else
/* ---- multibyte (narrow) mappings ------------------------------------------- */
typedef char _TCHAR;
typedef signed char _TSCHAR;
typedef unsigned char _TUCHAR;
typedef char _TXCHAR;
typedef int _TINT;
#define __T(x) x
#define _TEOF EOF

#define _tmain main
#define _tWinMain WinMain
#define _tprintf printf
#define _ftprintf fprintf
#define _stprintf sprintf
#define _stprintf_s snprintf
#define _sntprintf snprintf
#define _vtprintf vprintf
#define _vftprintf vfprintf
#define _vstprintf vsprintf
#define _vsntprintf vsnprintf
#define _tscanf scanf
#define _ftscanf fscanf
#define _stscanf sscanf
#define _fgetts fgets
#define _fputts fputs
#define _fgettc fgetc
#define _fputtc fputc
#define _gettc getc
#define _puttc putc
#define _gettchar getchar
#define _puttchar putchar
#define _tcslen strlen
#define _tcsnlen strnlen
#define _tcscpy strcpy
#define _tcsncpy strncpy
#define _tcscat strcat
#define _tcsncat strncat
#define _tcscmp strcmp
#define _tcsncmp strncmp
#define _tcsicmp strcasecmp
#define _tcsnicmp strncasecmp
#define _tcschr strchr
#define _tcsrchr strrchr
#define _tcsstr strstr
#define _tcsspn strspn
#define _tcscspn strcspn
#define _tcspbrk strpbrk
#define _tcstok strtok
#define _tcsdup strdup
#define _tcstol strtol
#define _tcstoul strtoul
#define _tcstoll strtoll
#define _tcstoull strtoull
#define _tcstod strtod
#define _tcsftime strftime
#define _ttoi atoi
#define _tstoi atoi
#define _ttol atol
#define _tstol atol
#define _ttof atof
#define _tstof atof
#define _tfopen fopen
#define _tgetenv getenv
#define _tsystem system
#define _tremove remove
#define _trename rename
#define _tperror perror
#define _istalpha isalpha
#define _istdigit isdigit
#define _istxdigit isxdigit
#define _istalnum isalnum
#define _istspace isspace
#define _istupper isupper
#define _istlower islower
#define _istpunct ispunct
#define _istprint isprint
#define _istcntrl iscntrl
#define _totupper toupper
#define _totlower tolower
#endif

#define _T(x) __T(x)
#define _TEXT(x) __T(x)

#endif /* OVL_WIN32_TCHAR_H */
