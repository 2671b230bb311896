/* windows.h: the umbrella header. It brings in the Win32 types, kernel32,
 * user32 (MessageBox for now) and error codes, the C headers MSVC programs get
 * transitively (<stdio.h>, <stdlib.h>, <string.h>, ...), min/max, and, unless
 * WIN32_LEAN_AND_MEAN is defined, Windows Sockets 2.
 *
 * Differs from Windows: without WIN32_LEAN_AND_MEAN Windows pulls in the old
 * winsock.h, which then clashes with a later winsock2.h; here it pulls in
 * winsock2.h, so either include order works.
 * min/max: in C they are the usual macros (unless NOMINMAX). In C++ they are
 * global function templates instead, returning std::common_type_t of the two
 * arguments (which is what the macro's ?: yields), because function-like macros
 * named min/max would break every libstdc++ header included afterwards
 * (std::numeric_limits<T>::max(), std::min). Mixed calls such as
 * min(dwSize, 100) compile; std::min and (std::min) keep working, and where
 * both apply to same-type arguments std::min is the better overload.
 */
#ifndef OVL_WIN32_WINDOWS_H
#define OVL_WIN32_WINDOWS_H
#ifndef _WINDOWS_
#define _WINDOWS_
#endif
#ifndef _INC_WINDOWS
#define _INC_WINDOWS
#endif

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "windef.h"
#include "winnt.h"
#include "excpt.h" /* structured exception handling: EXCEPTION_*, RaiseException (ovl-cc rewrites __try) */
#include "winerror.h"
#include "winbase.h"
#include "winuser.h"
#include "ovl_crt.h" /* MSVC CRT names: _stricmp, sprintf_s, localtime_s, ... */

#ifndef NOMINMAX
#ifdef __cplusplus
#include <type_traits>
template <class A, class B>
constexpr std::common_type_t<A, B> min(A a, B b)
{
    typedef std::common_type_t<A, B> C;
    return (static_cast<C>(b) < static_cast<C>(a)) ? static_cast<C>(b) : static_cast<C>(a);
}
template <class A, class B>
constexpr std::common_type_t<A, B> max(A a, B b)
{
    typedef std::common_type_t<A, B> C;
    return (static_cast<C>(a) < static_cast<C>(b)) ? static_cast<C>(b) : static_cast<C>(a);
}
#else
#ifndef min
#define min(a, b) (((a) < (b)) ? (a) : (b))
#endif
#ifndef max
#define max(a, b) (((a) > (b)) ? (a) : (b))
#endif
#endif
#endif

/* As on Windows, a program that defines _WINSOCKAPI_ first opts out. */
#if !defined(WIN32_LEAN_AND_MEAN) && !defined(_WINSOCKAPI_)
#include "winsock2.h"
#endif

#endif /* OVL_WIN32_WINDOWS_H */
