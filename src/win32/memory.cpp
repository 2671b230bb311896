// LocalAlloc/LocalFree, GlobalAlloc/GlobalFree and the process heap: thin wrappers over malloc.
// FormatMessage(FORMAT_MESSAGE_ALLOCATE_BUFFER) allocates with LocalAlloc, so LocalFree pairs.
#include <windows.h>

#include <cstdlib>
#include <cstring>

namespace {
constexpr UINT zero_init = 0x0040;  // LMEM_ZEROINIT == GMEM_ZEROINIT
constexpr DWORD heap_zero_memory = 0x00000008;
char process_heap_tag;
}  // namespace

extern "C" {

// LocalAlloc / GlobalAlloc
// Differs from Windows: movable memory (LMEM_MOVEABLE) is fixed; the handle is the pointer.
HLOCAL WINAPI LocalAlloc(UINT flags, SIZE_T bytes) {
  void* p = (flags & zero_init) ? std::calloc(1, bytes ? bytes : 1) : std::malloc(bytes ? bytes : 1);
  if (!p) SetLastError(ERROR_NOT_ENOUGH_MEMORY);
  return p;
}
HLOCAL WINAPI LocalFree(HLOCAL h) {
  std::free(h);
  return nullptr;
}
HGLOBAL WINAPI GlobalAlloc(UINT flags, SIZE_T bytes) { return LocalAlloc(flags, bytes); }
HGLOBAL WINAPI GlobalFree(HGLOBAL h) { return LocalFree(h); }

HANDLE WINAPI GetProcessHeap(void) { return &process_heap_tag; }
LPVOID WINAPI HeapAlloc(HANDLE, DWORD flags, SIZE_T bytes) {
  void* p = (flags & heap_zero_memory) ? std::calloc(1, bytes ? bytes : 1) : std::malloc(bytes ? bytes : 1);
  if (!p) SetLastError(ERROR_NOT_ENOUGH_MEMORY);
  return p;
}
BOOL WINAPI HeapFree(HANDLE, DWORD, LPVOID p) {
  std::free(p);
  return TRUE;
}
LPVOID WINAPI HeapReAlloc(HANDLE, DWORD, LPVOID p, SIZE_T bytes) { return std::realloc(p, bytes ? bytes : 1); }

}  // extern "C"
