/* ovl_prelude.h: what ovl-cc / ovl-c++ force-include (-include) before every Windows source.
 * MSVC's headers include each other far more than glibc's do, so Windows programs call printf
 * without <stdio.h>, memset without <string.h>, or _stricmp after only <winsock2.h>. This brings
 * in the C headers an MSVC program gets that way, plus the MSVC CRT names (ovl_crt.h).
 * It deliberately does not include windows.h or winsock2.h: a source that never includes them
 * may define names of its own that they would clash with. Not used by the CMake targets or
 * pkg-config (add `-include ovl_prelude.h` yourself if a program needs it).
 */
#ifndef OVL_WIN32_PRELUDE_H
#define OVL_WIN32_PRELUDE_H

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>
#include "ovl_crt.h"

#endif /* OVL_WIN32_PRELUDE_H */
