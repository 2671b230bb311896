// System information and clocks: GetSystemInfo, GetTickCount(64), QueryPerformanceCounter/
// Frequency, GetModuleHandle, OutputDebugString, DebugBreak.
#include <windows.h>

#include <cstdio>
#include <cstring>

#include "core/platform.hpp"

extern "C" {

// GetSystemInfo
// Differs from Windows: reports an x64 machine with the processors Linux has online.
void WINAPI GetSystemInfo(LPSYSTEM_INFO si) {
  std::memset(si, 0, sizeof *si);
  si->wProcessorArchitecture = 9;  // PROCESSOR_ARCHITECTURE_AMD64
  si->dwPageSize = ovl::detail::page_size();
  si->lpMinimumApplicationAddress = reinterpret_cast<LPVOID>(uintptr_t(0x10000));
  si->lpMaximumApplicationAddress = reinterpret_cast<LPVOID>(uintptr_t(0x7FFFFFFEFFFFull));
  DWORD n = ovl::detail::cpu_count();
  si->dwNumberOfProcessors = n;
  si->dwActiveProcessorMask = n >= 64 ? ~DWORD_PTR(0) : ((DWORD_PTR(1) << n) - 1);
  si->dwProcessorType = 8664;  // PROCESSOR_AMD_X8664
  si->dwAllocationGranularity = 65536;
  si->wProcessorLevel = 6;
}

void WINAPI GetNativeSystemInfo(LPSYSTEM_INFO si) { GetSystemInfo(si); }

DWORD WINAPI GetTickCount(void) { return DWORD(ovl::detail::monotonic_ms()); }
ULONGLONG WINAPI GetTickCount64(void) { return ovl::detail::monotonic_ms(); }

// QueryPerformanceCounter / QueryPerformanceFrequency: CLOCK_MONOTONIC in nanoseconds.
BOOL WINAPI QueryPerformanceCounter(LARGE_INTEGER* c) {
  c->QuadPart = LONGLONG(ovl::detail::monotonic_ns_now());
  return TRUE;
}
BOOL WINAPI QueryPerformanceFrequency(LARGE_INTEGER* f) {
  f->QuadPart = 1000000000LL;
  return TRUE;
}

// GetModuleHandleA/W: the program itself for NULL; other modules are not modelled.
HMODULE WINAPI GetModuleHandleA(LPCSTR name) {
  static char self;
  return name ? nullptr : reinterpret_cast<HMODULE>(&self);
}
HMODULE WINAPI GetModuleHandleW(LPCWSTR name) { return GetModuleHandleA(name ? "" : nullptr); }

void WINAPI OutputDebugStringA(LPCSTR s) {
  if (s) std::fprintf(stderr, "%s", s);
}
void WINAPI OutputDebugStringW(LPCWSTR s) {
  if (s) std::fprintf(stderr, "%ls", s);
}
void WINAPI DebugBreak(void) { __builtin_trap(); }

}  // extern "C"
