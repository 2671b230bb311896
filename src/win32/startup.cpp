// WSAStartup / WSACleanup: a process-wide reference count. Every Winsock call checks it
// (WSANOTINITIALISED before startup), and the last WSACleanup closes every socket.
#include <winsock2.h>

#include <atomic>
#include <cstring>
#include <mutex>

#include "core/socket.hpp"
#include "win32/trace.hpp"
#include "win32/win32_internal.hpp"

namespace ovl::win32 {

namespace {
std::mutex startup_lock;
std::atomic<int> startup_count{0};
}  // namespace

bool ws_initialised() { return startup_count.load(std::memory_order_acquire) > 0; }

}  // namespace ovl::win32

extern "C" {

// WSAStartup
// Differs from Windows: none known; versions above 2.2 negotiate down to 2.2, 0.x fails with
// WSAVERNOTSUPPORTED (the return value; the last error is not touched, as on Windows).
static int WSAStartup_impl(WORD wVersionRequested, LPWSADATA lpWSAData) {
  if (!lpWSAData) return WSAEFAULT;
  std::memset(lpWSAData, 0, sizeof *lpWSAData);
  BYTE major = LOBYTE(wVersionRequested), minor = HIBYTE(wVersionRequested);
  WORD version = wVersionRequested;
  if (major > 2 || (major == 2 && minor > 2)) version = MAKEWORD(2, 2);
  lpWSAData->wVersion = version;
  lpWSAData->wHighVersion = MAKEWORD(2, 2);
  std::strcpy(lpWSAData->szDescription, "WinSock 2.0");
  std::strcpy(lpWSAData->szSystemStatus, "Running");
  if (major < 1) return WSAVERNOTSUPPORTED;
  if (major == 1) {
    lpWSAData->iMaxSockets = 32767;
    lpWSAData->iMaxUdpDg = 65467;
  }
  std::lock_guard<std::mutex> g(ovl::win32::startup_lock);
  ovl::win32::startup_count.fetch_add(1, std::memory_order_acq_rel);
  return 0;
}
int WSAAPI WSAStartup(WORD wVersionRequested, LPWSADATA lpWSAData) {
  OVL_TRACE_RETURN(winsock, "WSAStartup", int, WSAStartup_impl(wVersionRequested, lpWSAData),
                   .version("version", wVersionRequested).ptr("data", lpWSAData).ret_code(uint32_t(r)));
}

// WSACleanup
// Differs from Windows: none known (the last call closes all sockets, as Windows does).
static int WSACleanup_impl(void) {
  std::lock_guard<std::mutex> g(ovl::win32::startup_lock);
  int n = ovl::win32::startup_count.load(std::memory_order_acquire);
  if (n <= 0) {
    ovl::win32::set_last_error(WSANOTINITIALISED);
    return SOCKET_ERROR;
  }
  if (n == 1) ovl::detail::socket_close_all();
  ovl::win32::startup_count.store(n - 1, std::memory_order_release);
  return 0;
}
int WSAAPI WSACleanup(void) { OVL_TRACE_RETURN(winsock, "WSACleanup", int, WSACleanup_impl(), .ret_ws(r)); }

}  // extern "C"
