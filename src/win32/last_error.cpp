// GetLastError / SetLastError / WSAGetLastError / WSASetLastError: one per-thread slot, as on
// Windows (WSAGetLastError is GetLastError).
#include <winsock2.h>

#include "sys/errno_map.hpp"
#include "win32/win32_internal.hpp"

namespace ovl::win32 {

namespace {
thread_local uint32_t tls_last_error = 0;
}

void set_last_error(uint32_t code) { tls_last_error = code; }
uint32_t last_error() { return tls_last_error; }

uint32_t set_wsa_error_from_errno(int neg_errno) {
  uint32_t code = ovl::detail::wsa_from_errno(-neg_errno);
  tls_last_error = code;
  return code;
}

}  // namespace ovl::win32

extern "C" {

// GetLastError / SetLastError
DWORD WINAPI GetLastError(void) { return ovl::win32::tls_last_error; }
void WINAPI SetLastError(DWORD code) { ovl::win32::tls_last_error = code; }

// WSAGetLastError / WSASetLastError: the same slot as GetLastError.
int WSAAPI WSAGetLastError(void) { return int(ovl::win32::tls_last_error); }
void WSAAPI WSASetLastError(int code) { ovl::win32::tls_last_error = uint32_t(code); }

}  // extern "C"
