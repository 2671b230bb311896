// File handles for socket programs: CreateFileA/W, ReadFile, WriteFile, GetFileSize(Ex),
// SetFilePointer(Ex). Enough for TransmitFile/TransmitPackets and the file I/O servers do
// around them; an OVERLAPPED gives the offset and is completed at once (the event is set).
#include <windows.h>

#include <cwchar>
#include <string>

#include "core/file.hpp"
#include "core/handle_table.hpp"
#include "sys/errno_map.hpp"
#include "win32/handles.hpp"
#include "win32/trace.hpp"
#include "win32/win32_internal.hpp"

using namespace ovl::detail;
using ovl::win32::set_last_error;

namespace {

ref<file_object> file_from_handle(HANDLE h) {
  return handle_get_as<file_object>(reinterpret_cast<uintptr_t>(h), object_type::file);
}

uint32_t win32_error(int neg) {
  switch (-neg) {
    case ENOENT: return ERROR_FILE_NOT_FOUND;
    case ENOTDIR: return ERROR_PATH_NOT_FOUND;
    case EACCES:
    case EPERM: return ERROR_ACCESS_DENIED;
    case EEXIST: return 80;  // ERROR_FILE_EXISTS
    case EISDIR: return ERROR_ACCESS_DENIED;
    case EMFILE: return 4;   // ERROR_TOO_MANY_OPEN_FILES
    default: return win32_from_errno(-neg);
  }
}

HANDLE open_file(const char* path, DWORD access, DWORD disposition) {
  if (!path) {
    set_last_error(ERROR_INVALID_PARAMETER);
    return INVALID_HANDLE_VALUE;
  }
  uint32_t a = ((access & (GENERIC_READ | GENERIC_ALL)) ? 1 : 0) | ((access & (GENERIC_WRITE | GENERIC_ALL)) ? 2 : 0);
  if (!a) a = 1;
  bool existed = false;
  int fd = file_open(path, a, disposition, &existed);
  if (fd < 0) {
    set_last_error(win32_error(fd));
    return INVALID_HANDLE_VALUE;
  }
  uintptr_t h = handle_create(new file_object(fd));
  if (!h) {
    set_last_error(ERROR_NOT_ENOUGH_MEMORY);
    return INVALID_HANDLE_VALUE;
  }
  // CREATE_ALWAYS / OPEN_ALWAYS on an existing file succeed with ERROR_ALREADY_EXISTS.
  set_last_error(existed && (disposition == CREATE_ALWAYS || disposition == OPEN_ALWAYS) ? ERROR_ALREADY_EXISTS
                                                                                        : ERROR_SUCCESS);
  return reinterpret_cast<HANDLE>(h);
}

int64_t ov_offset(LPOVERLAPPED ov) {
  return ov ? int64_t((uint64_t(ov->OffsetHigh) << 32) | ov->Offset) : -1;
}

void complete(LPOVERLAPPED ov, DWORD bytes) {
  if (!ov) return;
  ov->InternalHigh = bytes;
  __atomic_store_n(&ov->Internal, ULONG_PTR(0), __ATOMIC_RELEASE);
  uintptr_t e = ovl::win32::overlapped_event_handle(ov->hEvent);
  if (!e) return;
  ovl::win32::trace_quiet quiet;  // the completion's signal, not a SetEvent of the program
  SetEvent(reinterpret_cast<HANDLE>(e));
}

}  // namespace

extern "C" {

// CreateFileA / CreateFileW
// Differs from Windows: share modes, security attributes, templates and most FILE_FLAG_*
// are ignored; FILE_FLAG_OVERLAPPED handles complete reads and writes at once.
HANDLE WINAPI CreateFileA(LPCSTR lpFileName, DWORD dwDesiredAccess, DWORD, LPSECURITY_ATTRIBUTES,
                          DWORD dwCreationDisposition, DWORD, HANDLE) {
  return open_file(lpFileName, dwDesiredAccess, dwCreationDisposition);
}

HANDLE WINAPI CreateFileW(LPCWSTR lpFileName, DWORD dwDesiredAccess, DWORD dwShareMode, LPSECURITY_ATTRIBUTES sa,
                          DWORD dwCreationDisposition, DWORD flags, HANDLE tmpl) {
  if (!lpFileName) return open_file(nullptr, dwDesiredAccess, dwCreationDisposition);
  std::mbstate_t st{};
  const wchar_t* src = lpFileName;
  std::string path(std::wcsrtombs(nullptr, &src, 0, &st) + 1, '\0');
  src = lpFileName;
  std::wcsrtombs(path.data(), &src, path.size(), &st);
  return CreateFileA(path.c_str(), dwDesiredAccess, dwShareMode, sa, dwCreationDisposition, flags, tmpl);
}

// ReadFile / WriteFile: synchronous; with an OVERLAPPED, at its Offset, completing it at once.
BOOL WINAPI ReadFile(HANDLE hFile, LPVOID lpBuffer, DWORD n, LPDWORD lpRead, LPOVERLAPPED lpOverlapped) {
  ref<file_object> f = file_from_handle(hFile);
  if (!f) {
    set_last_error(ERROR_INVALID_HANDLE);
    return FALSE;
  }
  int64_t r = file_read(f->fd(), lpBuffer, n, ov_offset(lpOverlapped));
  if (r < 0) {
    set_last_error(win32_error(int(r)));
    return FALSE;
  }
  if (lpRead) *lpRead = DWORD(r);
  if (lpOverlapped && r == 0 && n > 0) {
    lpOverlapped->InternalHigh = 0;
    __atomic_store_n(&lpOverlapped->Internal, ULONG_PTR(0xC0000011), __ATOMIC_RELEASE);  // STATUS_END_OF_FILE
    set_last_error(ERROR_HANDLE_EOF);
    return FALSE;
  }
  complete(lpOverlapped, DWORD(r));
  return TRUE;
}

BOOL WINAPI WriteFile(HANDLE hFile, LPCVOID lpBuffer, DWORD n, LPDWORD lpWritten, LPOVERLAPPED lpOverlapped) {
  ref<file_object> f = file_from_handle(hFile);
  if (!f) {
    set_last_error(ERROR_INVALID_HANDLE);
    return FALSE;
  }
  int64_t r = file_write(f->fd(), lpBuffer, n, ov_offset(lpOverlapped));
  if (r < 0) {
    set_last_error(win32_error(int(r)));
    return FALSE;
  }
  if (lpWritten) *lpWritten = DWORD(r);
  complete(lpOverlapped, DWORD(r));
  return TRUE;
}

DWORD WINAPI GetFileSize(HANDLE hFile, LPDWORD lpFileSizeHigh) {
  ref<file_object> f = file_from_handle(hFile);
  if (!f) {
    set_last_error(ERROR_INVALID_HANDLE);
    return INVALID_FILE_SIZE;
  }
  int64_t sz = file_size(f->fd());
  if (lpFileSizeHigh) *lpFileSizeHigh = DWORD(uint64_t(sz) >> 32);
  set_last_error(ERROR_SUCCESS);
  return DWORD(sz);
}

BOOL WINAPI GetFileSizeEx(HANDLE hFile, PLARGE_INTEGER lpFileSize) {
  ref<file_object> f = file_from_handle(hFile);
  if (!f || !lpFileSize) {
    set_last_error(f ? ERROR_INVALID_PARAMETER : ERROR_INVALID_HANDLE);
    return FALSE;
  }
  lpFileSize->QuadPart = file_size(f->fd());
  return TRUE;
}

DWORD WINAPI SetFilePointer(HANDLE hFile, LONG lDistanceToMove, PLONG lpDistanceToMoveHigh, DWORD dwMoveMethod) {
  ref<file_object> f = file_from_handle(hFile);
  if (!f) {
    set_last_error(ERROR_INVALID_HANDLE);
    return INVALID_SET_FILE_POINTER;
  }
  int64_t off = lpDistanceToMoveHigh ? int64_t((uint64_t(uint32_t(*lpDistanceToMoveHigh)) << 32) | uint32_t(lDistanceToMove))
                                     : int64_t(lDistanceToMove);
  int64_t r = file_seek(f->fd(), off, int(dwMoveMethod));
  if (r < 0) {
    set_last_error(ERROR_NEGATIVE_SEEK);
    return INVALID_SET_FILE_POINTER;
  }
  if (lpDistanceToMoveHigh) *lpDistanceToMoveHigh = LONG(uint64_t(r) >> 32);
  set_last_error(ERROR_SUCCESS);
  return DWORD(r);
}

BOOL WINAPI SetFilePointerEx(HANDLE hFile, LARGE_INTEGER liDistanceToMove, PLARGE_INTEGER lpNewFilePointer,
                             DWORD dwMoveMethod) {
  ref<file_object> f = file_from_handle(hFile);
  if (!f) {
    set_last_error(ERROR_INVALID_HANDLE);
    return FALSE;
  }
  int64_t r = file_seek(f->fd(), liDistanceToMove.QuadPart, int(dwMoveMethod));
  if (r < 0) {
    set_last_error(ERROR_NEGATIVE_SEEK);
    return FALSE;
  }
  if (lpNewFilePointer) lpNewFilePointer->QuadPart = r;
  return TRUE;
}

}  // extern "C"
