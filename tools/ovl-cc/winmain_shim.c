/* winmain_shim.c: the `main` of a Windows program that has none. It is the only member of
 * liboverlapped_winmain.a, which ovl-cc, the CMake target overlapped::win32 and overlapped.pc
 * put on every link line after the program's objects. A static archive member is pulled in only
 * to satisfy an undefined symbol, so a program that defines `int main` never gets this one; a
 * program whose entry point is WinMain, wWinMain, wmain (C or C++), or a `void main` that ovl-cc
 * compiled as ovl_user_main / ovl_user_wmain (g++ rejects `void main`, and nothing rewrites the
 * source) does. Every candidate is a weak reference: the ones the program does not define are
 * null and the link never fails for them.
 *
 * In C++ those names are mangled (the program does not declare them extern "C"); the asm
 * labels below are the Itanium C++ ABI names of the signatures real sources use:
 *   void main() / void main(int, char**) / void main(int, char**, char**), int|void wmain(int,
 *   wchar_t**). A C++ `void main(int, const char**)` or other variant is not found: the link
 *   then reports "undefined reference to main".
 *
 * Differs from Windows: lpCmdLine is rebuilt from argv (each argument with white space or
 * quotes is re-quoted as CommandLineToArgvW would parse it), not the exact string the
 * parent passed; hInstance is GetModuleHandle(NULL), nShowCmd is SW_SHOWDEFAULT; a void main
 * exits with 0.
 */
#include <windows.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#ifndef SW_SHOWDEFAULT
#define SW_SHOWDEFAULT 10
#endif

#pragma weak WinMain
#pragma weak wWinMain

typedef void (*ovl_void_main_fn)(int, char **, char **);
typedef int (*ovl_wmain_fn)(int, wchar_t **, wchar_t **);

extern void ovl_user_main_c(int, char **, char **) __asm__("ovl_user_main") __attribute__((weak));
extern void ovl_user_main_cxx0(void) __asm__("_Z13ovl_user_mainv") __attribute__((weak));
extern void ovl_user_main_cxx2(int, char **) __asm__("_Z13ovl_user_mainiPPc") __attribute__((weak));
extern void ovl_user_main_cxx3(int, char **, char **) __asm__("_Z13ovl_user_mainiPPcS0_")
    __attribute__((weak));
extern void ovl_user_wmain_c(int, wchar_t **, wchar_t **) __asm__("ovl_user_wmain") __attribute__((weak));
extern void ovl_user_wmain_cxx2(int, wchar_t **) __asm__("_Z14ovl_user_wmainiPPw") __attribute__((weak));
extern int ovl_wmain_c(int, wchar_t **, wchar_t **) __asm__("wmain") __attribute__((weak));
extern int ovl_wmain_cxx2(int, wchar_t **) __asm__("_Z5wmainiPPw") __attribute__((weak));

/* argv[1..] joined into one command line, quoted so that CommandLineToArgvW gives them back. */
static char *ovl_command_line(int argc, char **argv)
{
    size_t cap = 1;
    for (int i = 1; i < argc; ++i) cap += 3 + 2 * strlen(argv[i]);
    char *out = (char *)malloc(cap), *p = out;
    if (!out) return (char *)"";
    for (int i = 1; i < argc; ++i) {
        const char *a = argv[i];
        int needs = *a == '\0' || strpbrk(a, " \t\"") != NULL;
        if (i > 1) *p++ = ' ';
        if (needs) *p++ = '"';
        size_t backslashes = 0;
        for (; *a; ++a) {
            if (*a == '\\') {
                ++backslashes;
            } else {
                if (*a == '"') /* double the preceding backslashes and escape the quote */
                    for (size_t k = 0; k < backslashes + 1; ++k) *p++ = '\\';
                backslashes = 0;
            }
            *p++ = *a;
        }
        if (needs) {
            for (size_t k = 0; k < backslashes; ++k) *p++ = '\\';
            *p++ = '"';
        }
    }
    *p = '\0';
    return out;
}

static wchar_t *ovl_widen(const char *s)
{
    size_t n = mbstowcs(NULL, s, 0);
    if (n == (size_t)-1) { /* not valid in the locale: widen byte by byte */
        n = strlen(s);
        wchar_t *w = (wchar_t *)calloc(n + 1, sizeof(wchar_t));
        for (size_t i = 0; w && i < n; ++i) w[i] = (unsigned char)s[i];
        return w;
    }
    wchar_t *w = (wchar_t *)calloc(n + 1, sizeof(wchar_t));
    if (w) mbstowcs(w, s, n + 1);
    return w;
}

static wchar_t **ovl_widen_argv(int argc, char **argv)
{
    setlocale(LC_CTYPE, "");
    wchar_t **w = (wchar_t **)calloc((size_t)argc + 1, sizeof(wchar_t *));
    for (int i = 0; w && i < argc; ++i) w[i] = ovl_widen(argv[i]);
    return w;
}

/* The command line and wide argv live as long as the process (like GetCommandLine's string):
 * kept reachable here, so leak checkers do not report them. */
static char *volatile ovl_cmdline_keep; /* volatile: the stores must not be optimised away */
static void *volatile ovl_wide_keep;

int main(int argc, char **argv, char **envp)
{
    if (ovl_user_main_c) { ovl_user_main_c(argc, argv, envp); return 0; }
    if (ovl_user_main_cxx0) { ovl_user_main_cxx0(); return 0; }
    if (ovl_user_main_cxx2) { ovl_user_main_cxx2(argc, argv); return 0; }
    if (ovl_user_main_cxx3) { ovl_user_main_cxx3(argc, argv, envp); return 0; }
    if (ovl_user_wmain_c) { ovl_user_wmain_c(argc, (wchar_t **)(ovl_wide_keep = ovl_widen_argv(argc, argv)), NULL); return 0; }
    if (ovl_user_wmain_cxx2) { ovl_user_wmain_cxx2(argc, (wchar_t **)(ovl_wide_keep = ovl_widen_argv(argc, argv))); return 0; }
    if (ovl_wmain_c) return ovl_wmain_c(argc, (wchar_t **)(ovl_wide_keep = ovl_widen_argv(argc, argv)), NULL);
    if (ovl_wmain_cxx2) return ovl_wmain_cxx2(argc, (wchar_t **)(ovl_wide_keep = ovl_widen_argv(argc, argv)));
    if (WinMain) {
        ovl_cmdline_keep = ovl_command_line(argc, argv);
        return WinMain(GetModuleHandleA(NULL), NULL, (char *)ovl_cmdline_keep, SW_SHOWDEFAULT);
    }
    if (wWinMain) {
        setlocale(LC_CTYPE, "");
        ovl_cmdline_keep = ovl_command_line(argc, argv);
        ovl_wide_keep = ovl_widen((char *)ovl_cmdline_keep);
        return wWinMain(GetModuleHandleW(NULL), NULL, (wchar_t *)ovl_wide_keep, SW_SHOWDEFAULT);
    }
    fputs("overlapped: this program defines none of main, WinMain, wWinMain, wmain\n", stderr);
    return 1;
}
