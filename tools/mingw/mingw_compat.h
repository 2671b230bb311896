/* mingw_compat.h: force-included (-include) by build_and_run_wine.sh when it builds
 * tests/win32 and examples with mingw-w64. It only fills in names that the Windows SDK has and
 * Debian 12's mingw-w64 (10.x) headers lack, so the same unmodified sources build for Wine.
 * It includes nothing (a test may define FD_SETSIZE before its first <winsock2.h>) and defines
 * each name exactly as the SDK does (an identical redefinition is no error).
 */
#ifndef OVL_MINGW_COMPAT_H
#define OVL_MINGW_COMPAT_H

#define SOMAXCONN_HINT(b) (-(b)) /* winsock2.h, Windows 8+ SDK */

#endif
