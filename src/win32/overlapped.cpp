// Overlapped socket I/O: WSARecv, WSARecvFrom, WSASend, WSASendTo, WSAGetOverlappedResult,
// GetOverlappedResult(Ex). The core does the work (try first, queue, engine, notify); this
// file validates arguments in Windows' order and translates results once.
#include <winsock2.h>

#include <cerrno>
#include <cstddef>

#include "core/socket.hpp"
#include "core/socket_calls.hpp"
#include "sys/errno_map.hpp"
#include "win32/handles.hpp"
#include "win32/trace.hpp"
#include "win32/win32_internal.hpp"

using namespace ovl::detail;
using ovl::win32::set_last_error;

static_assert(sizeof(OVERLAPPED) == sizeof(overlapped_raw));
static_assert(offsetof(OVERLAPPED, Internal) == offsetof(overlapped_raw, internal));
static_assert(offsetof(OVERLAPPED, InternalHigh) == offsetof(overlapped_raw, internal_high));
static_assert(offsetof(OVERLAPPED, Offset) == offsetof(overlapped_raw, offset));
static_assert(offsetof(OVERLAPPED, hEvent) == offsetof(overlapped_raw, event));
static_assert(sizeof(WSABUF) == sizeof(wsabuf_raw));
static_assert(offsetof(WSABUF, buf) == offsetof(wsabuf_raw, buf));

namespace {

// The event an overlapped op signals; the low bit of hEvent only matters to completion ports.
uintptr_t event_handle(const WSAOVERLAPPED* ov) { return ovl::win32::overlapped_event_handle(ov->hEvent); }

int fail(uint32_t code) {
  set_last_error(code);
  return SOCKET_ERROR;
}

struct io_args {
  SOCKET s;
  io_kind kind;
  LPWSABUF bufs;
  DWORD count;
  LPDWORD bytes;
  DWORD in_flags;
  LPDWORD flags_out;
  const sockaddr* to;
  int tolen;
  sockaddr* from;
  LPINT fromlen;
  LPWSAOVERLAPPED ov;
  LPWSAOVERLAPPED_COMPLETION_ROUTINE routine;
  bool need_count = false;  // WSASendTo: a NULL byte count without an OVERLAPPED is WSAEFAULT
  LPWSABUF control = nullptr;  // WSARecvMsg / WSASendMsg: the WSAMSG's Control buffer
  ULONG* msg_flags = nullptr;  // WSARecvMsg: the WSAMSG's dwFlags
};

int do_io(const io_args& a) {
  if (!ovl::win32::ws_initialised()) return fail(WSANOTINITIALISED);
  ref<socket_object> s = socket_lookup(a.s);
  if (!s) return fail(WSAENOTSOCK);
  if (a.kind == io_kind::recv && !a.flags_out) return fail(WSAEFAULT);
  if (!a.bufs && a.count) return fail(WSAEFAULT);
  if (a.count == 0) return fail(WSAEINVAL);  // Wine test_empty_recv
  if (a.need_count && !a.ov && !a.bytes) return fail(WSAEFAULT);  // Wine test_WSASendTo
  if (a.fromlen && !a.from) return fail(WSAEFAULT);
  if (a.from && (!a.fromlen || *a.fromlen < 0)) return fail(WSAEFAULT);

  if (s->is_stream()) {
    // Our own state decides WSAESHUTDOWN / WSAENOTCONN (Linux would say EPIPE for both).
    if (int pre = socket_io_precheck(*s, a.kind == io_kind::send); pre < 0) return fail(wsa_from_errno(-pre));
  }
  auto* wb = reinterpret_cast<const wsabuf_raw*>(a.bufs);
  if (!a.ov || !s->overlapped()) {
    // Synchronous: no OVERLAPPED, or a socket created without WSA_FLAG_OVERLAPPED (which
    // blocks even when an OVERLAPPED is given, then completes it).
    uint32_t bytes = 0, fl = 0;
    bool force = a.ov != nullptr;
    auto* ctl = reinterpret_cast<wsabuf_raw*>(a.control);
    auto* mfl = reinterpret_cast<uint32_t*>(a.msg_flags);
    int64_t r = a.kind == io_kind::recv
                    ? socket_recv_sync(*s, wb, a.count, a.in_flags, a.from, a.fromlen, &fl, &bytes, force, ctl, mfl)
                    : socket_send_sync(*s, wb, a.count, a.in_flags, a.to, a.tolen, force, ctl);
    if (r >= 0) bytes = uint32_t(r);
    if (r >= 0 || r == -EMSGSIZE) {
      if (a.bytes) *a.bytes = bytes;
      if (a.flags_out) *a.flags_out = fl;
      if (a.ov) {
        // Completed on the spot (a socket without WSA_FLAG_OVERLAPPED runs synchronously),
        // notified through the socket's usual targets.
        ref<event_object> ev;
        ovl::win32::overlapped_event(a.ov->hEvent, &ev);
        socket_complete_now(*s, reinterpret_cast<overlapped_raw*>(a.ov), ev.get(),
                            r >= 0 ? status_success : status_buffer_overflow, bytes);
      }
      if (r >= 0) {
        set_last_error(ERROR_SUCCESS);  // Wine test_WSARecv
        return 0;
      }
    }
    return fail(wsa_from_errno(int(-r)));
  }

  ref<event_object> ev;
  if (!a.routine && !ovl::win32::overlapped_event(a.ov->hEvent, &ev)) return fail(WSA_INVALID_HANDLE);
  void* routine = reinterpret_cast<void*>(a.routine);
  if (routine && OVL_TRACING(apc)) routine = ovl::win32::trace_completion_routine(routine, a.ov);
  io_request req{
      a.kind,   wb,     a.count, a.in_flags, a.to, a.tolen, a.from, a.fromlen, reinterpret_cast<overlapped_raw*>(a.ov),
      ev.get(), routine};
  req.control = reinterpret_cast<wsabuf_raw*>(a.control);
  req.msg_flags = reinterpret_cast<uint32_t*>(a.msg_flags);
  uint32_t fl = 0, bytes = 0;
  int64_t r = socket_io(*s, req, &fl, &bytes);
  if (r == io_pending) return fail(WSA_IO_PENDING);
  if (r >= 0 || r == -EMSGSIZE) {
    if (a.bytes) *a.bytes = bytes;
    if (a.flags_out) *a.flags_out = fl;
    if (r >= 0) return 0;
  }
  return fail(wsa_from_errno(int(-r)));
}

// Waits for an OVERLAPPED to leave STATUS_PENDING (fWait = TRUE), on its event or, when hEvent
// is NULL, on the socket handle. Not alertable.
uint32_t wait_overlapped(HANDLE handle, LPOVERLAPPED ov) {
  uint32_t st = uint32_t(__atomic_load_n(&ov->Internal, __ATOMIC_ACQUIRE));
  if (st != status_pending) return st;
  uintptr_t h = event_handle(ov);
  ref<waitable> w = ovl::win32::waitable_from_handle(h ? h : reinterpret_cast<uintptr_t>(handle));
  for (int spins = 0; (st = uint32_t(__atomic_load_n(&ov->Internal, __ATOMIC_ACQUIRE))) == status_pending; ++spins) {
    if (w && spins < 1000) {
      waitable* raw = w.get();
      wait_objects(&raw, 1, false, 100, false);
    } else {
      // The event was signalled by another operation sharing it, or there is nothing to wait
      // on: poll politely until our operation finishes.
      wait_objects(nullptr, 0, false, 1, false);
    }
  }
  return st;
}

}  // namespace

namespace ovl::win32 {

int recv_msg(uintptr_t s, void* msg, uint32_t* bytes, void* ov, void* routine) {
  auto* m = static_cast<LPWSAMSG>(msg);
  io_args a{SOCKET(s), io_kind::recv, m->lpBuffers, m->dwBufferCount, reinterpret_cast<LPDWORD>(bytes), m->dwFlags,
            nullptr, nullptr, 0, m->name, m->name ? &m->namelen : nullptr, static_cast<LPWSAOVERLAPPED>(ov),
            reinterpret_cast<LPWSAOVERLAPPED_COMPLETION_ROUTINE>(routine)};
  DWORD flags = 0;
  a.flags_out = &flags;  // the WSAMSG's dwFlags are written by the core, at completion
  a.control = &m->Control;
  a.msg_flags = &m->dwFlags;
  return do_io(a);
}

int send_msg(uintptr_t s, void* msg, uint32_t flags, uint32_t* bytes, void* ov, void* routine) {
  auto* m = static_cast<LPWSAMSG>(msg);
  io_args a{SOCKET(s), io_kind::send, m->lpBuffers, m->dwBufferCount, reinterpret_cast<LPDWORD>(bytes), flags,
            nullptr, m->name, m->namelen, nullptr, nullptr, static_cast<LPWSAOVERLAPPED>(ov),
            reinterpret_cast<LPWSAOVERLAPPED_COMPLETION_ROUTINE>(routine), true};
  a.control = &m->Control;
  return do_io(a);
}

}  // namespace ovl::win32

extern "C" {

// WSARecv
// Differs from Windows: none known. Tests: tests/win32/overlapped_*.c.
static int WSARecv_impl(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount, LPDWORD lpNumberOfBytesRecvd,
                        LPDWORD lpFlags, LPWSAOVERLAPPED lpOverlapped,
                        LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine) {
  return do_io({s, io_kind::recv, lpBuffers, dwBufferCount, lpNumberOfBytesRecvd, lpFlags ? *lpFlags : 0, lpFlags,
                nullptr, 0, nullptr, nullptr, lpOverlapped, lpCompletionRoutine});
}
int WSAAPI WSARecv(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount, LPDWORD lpNumberOfBytesRecvd, LPDWORD lpFlags,
                   LPWSAOVERLAPPED lpOverlapped, LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine) {
  OVL_TRACE_RETURN(winsock, "WSARecv", int,
                   WSARecv_impl(s, lpBuffers, dwBufferCount, lpNumberOfBytesRecvd, lpFlags, lpOverlapped,
                                lpCompletionRoutine),
                   .sock("s", s).bufs("bufs", lpBuffers, dwBufferCount).out_u32("bytes", lpNumberOfBytesRecvd, r == 0)
                   .out_u32("flags", lpFlags, true).ptr("ov", lpOverlapped)
                   .ptr("routine", reinterpret_cast<void*>(lpCompletionRoutine)).ret_ws(r));
}

// WSARecvFrom
static int WSARecvFrom_impl(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount, LPDWORD lpNumberOfBytesRecvd,
                            LPDWORD lpFlags, struct sockaddr* lpFrom, LPINT lpFromlen, LPWSAOVERLAPPED lpOverlapped,
                            LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine) {
  return do_io({s, io_kind::recv, lpBuffers, dwBufferCount, lpNumberOfBytesRecvd, lpFlags ? *lpFlags : 0, lpFlags,
                nullptr, 0, lpFrom, lpFromlen, lpOverlapped, lpCompletionRoutine});
}
int WSAAPI WSARecvFrom(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount, LPDWORD lpNumberOfBytesRecvd, LPDWORD lpFlags,
                       struct sockaddr* lpFrom, LPINT lpFromlen, LPWSAOVERLAPPED lpOverlapped,
                       LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine) {
  OVL_TRACE_RETURN(winsock, "WSARecvFrom", int,
                   WSARecvFrom_impl(s, lpBuffers, dwBufferCount, lpNumberOfBytesRecvd, lpFlags, lpFrom, lpFromlen,
                                    lpOverlapped, lpCompletionRoutine),
                   .sock("s", s).bufs("bufs", lpBuffers, dwBufferCount).out_u32("bytes", lpNumberOfBytesRecvd, r == 0)
                   .out_u32("flags", lpFlags, true).addr_out("from", lpFrom, lpFromlen, r == 0)
                   .out_u32("fromlen", lpFromlen, r == 0).ptr("ov", lpOverlapped)
                   .ptr("routine", reinterpret_cast<void*>(lpCompletionRoutine)).ret_ws(r));
}

// WSASend
static int WSASend_impl(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount, LPDWORD lpNumberOfBytesSent, DWORD dwFlags,
                        LPWSAOVERLAPPED lpOverlapped, LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine) {
  return do_io({s, io_kind::send, lpBuffers, dwBufferCount, lpNumberOfBytesSent, dwFlags, nullptr, nullptr, 0, nullptr,
                nullptr, lpOverlapped, lpCompletionRoutine});
}
int WSAAPI WSASend(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount, LPDWORD lpNumberOfBytesSent, DWORD dwFlags,
                   LPWSAOVERLAPPED lpOverlapped, LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine) {
  OVL_TRACE_RETURN(winsock, "WSASend", int,
                   WSASend_impl(s, lpBuffers, dwBufferCount, lpNumberOfBytesSent, dwFlags, lpOverlapped,
                                lpCompletionRoutine),
                   .sock("s", s).bufs("bufs", lpBuffers, dwBufferCount).out_u32("bytes", lpNumberOfBytesSent, r == 0)
                   .hex("flags", dwFlags).ptr("ov", lpOverlapped)
                   .ptr("routine", reinterpret_cast<void*>(lpCompletionRoutine)).ret_ws(r));
}

// WSASendTo
static int WSASendTo_impl(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount, LPDWORD lpNumberOfBytesSent, DWORD dwFlags,
                          const struct sockaddr* lpTo, int iTolen, LPWSAOVERLAPPED lpOverlapped,
                          LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine) {
  if (lpTo && iTolen <= 0) return fail(WSAEFAULT);
  return do_io({s, io_kind::send, lpBuffers, dwBufferCount, lpNumberOfBytesSent, dwFlags, nullptr, lpTo, iTolen,
                nullptr, nullptr, lpOverlapped, lpCompletionRoutine, true});
}
int WSAAPI WSASendTo(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount, LPDWORD lpNumberOfBytesSent, DWORD dwFlags,
                     const struct sockaddr* lpTo, int iTolen, LPWSAOVERLAPPED lpOverlapped,
                     LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine) {
  OVL_TRACE_RETURN(winsock, "WSASendTo", int,
                   WSASendTo_impl(s, lpBuffers, dwBufferCount, lpNumberOfBytesSent, dwFlags, lpTo, iTolen, lpOverlapped,
                                  lpCompletionRoutine),
                   .sock("s", s).bufs("bufs", lpBuffers, dwBufferCount).out_u32("bytes", lpNumberOfBytesSent, r == 0)
                   .hex("flags", dwFlags).addr("to", lpTo, iTolen).num("tolen", iTolen).ptr("ov", lpOverlapped)
                   .ptr("routine", reinterpret_cast<void*>(lpCompletionRoutine)).ret_ws(r));
}

// WSAGetOverlappedResult: WSA codes (WSAECONNRESET, WSAECONNABORTED, WSA_IO_INCOMPLETE, …).
// Differs from Windows: none known.
static BOOL WSAGetOverlappedResult_impl(SOCKET s, LPWSAOVERLAPPED lpOverlapped, LPDWORD lpcbTransfer, BOOL fWait,
                                        LPDWORD lpdwFlags) {
  if (!ovl::win32::ws_initialised()) return fail(WSANOTINITIALISED), FALSE;
  ref<socket_object> so = socket_lookup(s);
  if (!so) return fail(WSAENOTSOCK), FALSE;
  if (!lpOverlapped || !lpcbTransfer) return fail(WSAEFAULT), FALSE;
  uint32_t st = uint32_t(__atomic_load_n(&lpOverlapped->Internal, __ATOMIC_ACQUIRE));
  if (st == status_pending) {
    if (!fWait) return fail(WSA_IO_INCOMPLETE), FALSE;
    st = wait_overlapped(reinterpret_cast<HANDLE>(s), lpOverlapped);
  }
  *lpcbTransfer = DWORD(lpOverlapped->InternalHigh);
  if (lpdwFlags) *lpdwFlags = lpOverlapped->Offset;
  // Windows 10 1809+ sets the last error to the mapped status even on success
  // (Wine test_WSAGetOverlappedResult).
  set_last_error(wsa_from_ntstatus(st));
  return st == status_success ? TRUE : FALSE;
}
BOOL WSAAPI WSAGetOverlappedResult(SOCKET s, LPWSAOVERLAPPED lpOverlapped, LPDWORD lpcbTransfer, BOOL fWait,
                                   LPDWORD lpdwFlags) {
  OVL_TRACE_RETURN(winsock, "WSAGetOverlappedResult", BOOL,
                   WSAGetOverlappedResult_impl(s, lpOverlapped, lpcbTransfer, fWait, lpdwFlags),
                   .sock("s", s).ptr("ov", lpOverlapped).out_u32("bytes", lpcbTransfer, r).boolean("wait", fWait)
                   .out_u32("flags", lpdwFlags, r).ret_bool(r));
}

// GetOverlappedResult / GetOverlappedResultEx: Win32 codes (ERROR_NETNAME_DELETED for a reset,
// ERROR_CONNECTION_ABORTED after closesocket, ERROR_IO_INCOMPLETE while pending).
static BOOL GetOverlappedResultEx_impl(HANDLE hFile, LPOVERLAPPED lpOverlapped, LPDWORD lpNumberOfBytesTransferred,
                                       DWORD dwMilliseconds, BOOL bAlertable) {
  if (!lpOverlapped || !lpNumberOfBytesTransferred) {
    set_last_error(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  uint32_t st = uint32_t(__atomic_load_n(&lpOverlapped->Internal, __ATOMIC_ACQUIRE));
  if (st == status_pending) {
    if (dwMilliseconds == 0) {
      set_last_error(ERROR_IO_INCOMPLETE);
      return FALSE;
    }
    if (dwMilliseconds == INFINITE && !bAlertable) {
      st = wait_overlapped(hFile, lpOverlapped);
    } else {
      uintptr_t h = event_handle(lpOverlapped);
      HANDLE wh = h ? reinterpret_cast<HANDLE>(h) : hFile;
      DWORD r;
      {
        ovl::win32::trace_quiet quiet;  // the program called GetOverlappedResultEx, not this
        r = WaitForSingleObjectEx(wh, dwMilliseconds, bAlertable);
      }
      if (r == WAIT_IO_COMPLETION || r == WAIT_TIMEOUT) {
        set_last_error(r);
        return FALSE;
      }
      if (r == WAIT_FAILED) return FALSE;
      st = uint32_t(__atomic_load_n(&lpOverlapped->Internal, __ATOMIC_ACQUIRE));
      if (st == status_pending) {
        set_last_error(ERROR_IO_INCOMPLETE);
        return FALSE;
      }
    }
  }
  *lpNumberOfBytesTransferred = DWORD(lpOverlapped->InternalHigh);
  if (st == status_success) return TRUE;
  set_last_error(win32_from_ntstatus(st));
  return FALSE;
}
BOOL WINAPI GetOverlappedResultEx(HANDLE hFile, LPOVERLAPPED lpOverlapped, LPDWORD lpNumberOfBytesTransferred,
                                  DWORD dwMilliseconds, BOOL bAlertable) {
  OVL_TRACE_RETURN(iocp, "GetOverlappedResultEx", BOOL,
                   GetOverlappedResultEx_impl(hFile, lpOverlapped, lpNumberOfBytesTransferred, dwMilliseconds,
                                              bAlertable),
                   .handle("h", hFile).ptr("ov", lpOverlapped).out_u32("bytes", lpNumberOfBytesTransferred, r)
                   .ms("ms", dwMilliseconds).boolean("alertable", bAlertable).ret_bool(r));
}

BOOL WINAPI GetOverlappedResult(HANDLE hFile, LPOVERLAPPED lpOverlapped, LPDWORD lpNumberOfBytesTransferred,
                                BOOL bWait) {
  OVL_TRACE_RETURN(iocp, "GetOverlappedResult", BOOL,
                   GetOverlappedResultEx_impl(hFile, lpOverlapped, lpNumberOfBytesTransferred, bWait ? INFINITE : 0,
                                              FALSE),
                   .handle("h", hFile).ptr("ov", lpOverlapped).out_u32("bytes", lpNumberOfBytesTransferred, r)
                   .boolean("wait", bWait).ret_bool(r));
}

}  // extern "C"
