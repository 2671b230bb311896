/* ovl_abi.h: the glue every include/win32 header shares.
 *
 * OVL_API marks a function liboverlapped exports (default visibility, so it
 * still exports when the library is built with -fvisibility=hidden).
 * OVL_SYM(name) gives a declaration the asm label "ovl_ws_<name>": Windows names
 * that glibc also defines (bind, send, getaddrinfo, ...) link to our symbol while
 * libc and the library's own core keep calling glibc's (see docs/design.md,
 * "Symbol names"). OVL_EXTERN_C_BEGIN/END wrap every prototype in extern "C" for
 * C++. OVL_STATIC_ASSERT works in C11 and C++. None of this is Windows API.
 */
#ifndef OVL_WIN32_ABI_H
/* MSVC-only pragmas in Windows sources (#pragma comment(lib, "ws2_32.lib"), #pragma warning(...),
 * #pragma region) mean nothing here: accept them silently for the rest of the translation unit. */
#if defined(__GNUC__)
#pragma GCC diagnostic ignored "-Wunknown-pragmas"
#endif

#define OVL_WIN32_ABI_H

#define OVL_API __attribute__((visibility("default")))
/* #name does not macro-expand its argument, so OVL_SYM(select) is "ovl_ws_select"
 * even where select is itself a macro. */
#define OVL_SYM(name) __asm__("ovl_ws_" #name)

#ifdef __cplusplus
#define OVL_EXTERN_C_BEGIN extern "C" {
#define OVL_EXTERN_C_END }
#define OVL_STATIC_ASSERT(cond, msg) static_assert(cond, msg)
#define OVL_INLINE static inline
#else
#define OVL_EXTERN_C_BEGIN
#define OVL_EXTERN_C_END
#define OVL_STATIC_ASSERT(cond, msg) _Static_assert(cond, msg)
#define OVL_INLINE static __inline__
#endif

#endif /* OVL_WIN32_ABI_H */
