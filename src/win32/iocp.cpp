// I/O completion ports: CreateIoCompletionPort, GetQueuedCompletionStatus(Ex),
// PostQueuedCompletionStatus, SetFileCompletionNotificationModes, CancelIo/CancelIoEx.
// The port itself (LIFO release, concurrency, the waiting thread reaping completions) lives in
// core/completion_port.cpp.
#include <winsock2.h>
#include <windows.h>

#include "core/completion_port.hpp"
#include "core/platform.hpp"
#include "core/socket.hpp"
#include "core/thread.hpp"
#include "engine/engine.hpp"
#include "sys/errno_map.hpp"
#include "win32/handles.hpp"
#include "win32/trace.hpp"
#include "win32/win32_internal.hpp"

using namespace ovl::detail;
using ovl::win32::set_last_error;

namespace {

ref<completion_port> port_from_handle(HANDLE h) {
  return handle_get_as<completion_port>(reinterpret_cast<uintptr_t>(h), object_type::port);
}

HANDLE new_port(DWORD concurrency) {
  engine* e = make_engine_like_default();
  if (!e) {
    set_last_error(ERROR_NOT_ENOUGH_MEMORY);
    return nullptr;
  }
  auto* p = new completion_port(concurrency ? concurrency : cpu_count(), e);
  p->register_port();
  the_engine().wake();  // the I/O thread starts sweeping idle ports
  uintptr_t h = handle_create(p);
  if (!h) {
    set_last_error(ERROR_NOT_ENOUGH_MEMORY);
    return nullptr;
  }
  return reinterpret_cast<HANDLE>(h);
}

constexpr bool nt_success(uint32_t st) { return int32_t(st) >= 0; }  // NT_SUCCESS: warnings (0x8...) fail too

}  // namespace

extern "C" {

// CreateIoCompletionPort
// Creates a port (FileHandle == INVALID_HANDLE_VALUE), associates a socket with an existing
// port and a key, or both at once. A second association of the same socket fails with
// ERROR_INVALID_PARAMETER.
// Differs from Windows: only sockets can be associated (files come with TransmitFile).
static HANDLE CreateIoCompletionPort_impl(HANDLE FileHandle, HANDLE ExistingCompletionPort, ULONG_PTR CompletionKey,
                                          DWORD NumberOfConcurrentThreads) {
  if (FileHandle == INVALID_HANDLE_VALUE) {
    if (ExistingCompletionPort) {
      set_last_error(ERROR_INVALID_PARAMETER);
      return nullptr;
    }
    return new_port(NumberOfConcurrentThreads);
  }
  ref<socket_object> s = socket_lookup(reinterpret_cast<uintptr_t>(FileHandle));
  if (!s) {
    set_last_error(ERROR_INVALID_HANDLE);
    return nullptr;
  }
  HANDLE ph = ExistingCompletionPort;
  bool created = false;
  if (!ph) {
    ph = new_port(NumberOfConcurrentThreads);
    if (!ph) return nullptr;
    created = true;
  }
  ref<completion_port> p = port_from_handle(ph);
  if (!p) {
    set_last_error(ERROR_INVALID_PARAMETER);
    return nullptr;
  }
  if (socket_associate_port(*s, p.get(), CompletionKey) < 0) {
    if (created) {
      ovl::win32::trace_quiet quiet;  // undoing our own port is not the program's CloseHandle
      CloseHandle(ph);
    }
    set_last_error(ERROR_INVALID_PARAMETER);
    return nullptr;
  }
  return ph;
}
HANDLE WINAPI CreateIoCompletionPort(HANDLE FileHandle, HANDLE ExistingCompletionPort, ULONG_PTR CompletionKey,
                                     DWORD NumberOfConcurrentThreads) {
  OVL_TRACE_RETURN(iocp, "CreateIoCompletionPort", HANDLE,
                   CreateIoCompletionPort_impl(FileHandle, ExistingCompletionPort, CompletionKey,
                                               NumberOfConcurrentThreads),
                   .handle("file", FileHandle).handle("port", ExistingCompletionPort).hex("key", CompletionKey)
                   .num("threads", NumberOfConcurrentThreads).ret_handle(r));
}

// GetQueuedCompletionStatus
// TRUE for a successful packet; FALSE with *lpOverlapped set for a failed I/O (the last error
// is its Win32 code); FALSE with *lpOverlapped NULL and WAIT_TIMEOUT, ERROR_ABANDONED_WAIT_0
// (port closed while waiting) or ERROR_INVALID_HANDLE.
static BOOL GetQueuedCompletionStatus_impl(HANDLE CompletionPort, LPDWORD lpNumberOfBytesTransferred,
                                           PULONG_PTR lpCompletionKey, LPOVERLAPPED* lpOverlapped,
                                           DWORD dwMilliseconds) {
  if (!lpOverlapped || !lpNumberOfBytesTransferred || !lpCompletionKey) {
    set_last_error(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  *lpOverlapped = nullptr;
  ref<completion_port> p = port_from_handle(CompletionPort);
  if (!p) {
    set_last_error(ERROR_INVALID_HANDLE);
    return FALSE;
  }
  port_packet pk;
  uint32_t got = 0;
  switch (p->wait(&pk, 1, &got, dwMilliseconds, false)) {
    case port_wait::ok:
      break;
    case port_wait::timeout:
      set_last_error(WAIT_TIMEOUT);
      return FALSE;
    case port_wait::apc:  // not alertable: cannot happen
    case port_wait::abandoned:
      set_last_error(ERROR_ABANDONED_WAIT_0);
      return FALSE;
  }
  *lpNumberOfBytesTransferred = pk.bytes;
  *lpCompletionKey = pk.key;
  *lpOverlapped = reinterpret_cast<LPOVERLAPPED>(pk.ov);
  if (nt_success(pk.status)) return TRUE;
  set_last_error(win32_from_ntstatus(pk.status));
  return FALSE;
}
BOOL WINAPI GetQueuedCompletionStatus(HANDLE CompletionPort, LPDWORD lpNumberOfBytesTransferred,
                                      PULONG_PTR lpCompletionKey, LPOVERLAPPED* lpOverlapped, DWORD dwMilliseconds) {
  OVL_TRACE_RETURN(iocp, "GetQueuedCompletionStatus", BOOL,
                   GetQueuedCompletionStatus_impl(CompletionPort, lpNumberOfBytesTransferred, lpCompletionKey,
                                                  lpOverlapped, dwMilliseconds),
                   .handle("port", CompletionPort)
                   .out_u32("bytes", lpNumberOfBytesTransferred, r || (lpOverlapped && *lpOverlapped))
                   .out_hex("key", lpCompletionKey, r || (lpOverlapped && *lpOverlapped))
                   .out_ptr("ov", reinterpret_cast<void* const*>(lpOverlapped), true).ms("ms", dwMilliseconds)
                   .ret_bool(r));
}

// GetQueuedCompletionStatusEx
// Removes up to ulCount packets at once. FALSE with WAIT_TIMEOUT, WAIT_IO_COMPLETION
// (fAlertable and APCs ran; packets ready when the wait starts win over APCs) or
// ERROR_ABANDONED_WAIT_0. Failed I/O is reported per entry through OVERLAPPED.Internal.
static BOOL GetQueuedCompletionStatusEx_impl(HANDLE CompletionPort, LPOVERLAPPED_ENTRY lpCompletionPortEntries,
                                             ULONG ulCount, PULONG ulNumEntriesRemoved, DWORD dwMilliseconds,
                                             BOOL fAlertable) {
  if (!lpCompletionPortEntries || !ulCount || !ulNumEntriesRemoved) {
    set_last_error(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  *ulNumEntriesRemoved = 0;
  ref<completion_port> p = port_from_handle(CompletionPort);
  if (!p) {
    set_last_error(ERROR_INVALID_HANDLE);
    return FALSE;
  }
  port_packet batch[64];
  uint32_t max = ulCount < 64 ? ulCount : 64;
  uint32_t got = 0;
  switch (p->wait(batch, max, &got, dwMilliseconds, fAlertable != FALSE)) {
    case port_wait::ok:
      break;
    case port_wait::timeout:
      set_last_error(WAIT_TIMEOUT);
      return FALSE;
    case port_wait::apc:
      set_last_error(WAIT_IO_COMPLETION);
      return FALSE;
    case port_wait::abandoned:
      set_last_error(ERROR_ABANDONED_WAIT_0);
      return FALSE;
  }
  for (uint32_t i = 0; i < got; ++i) {
    lpCompletionPortEntries[i].lpCompletionKey = batch[i].key;
    lpCompletionPortEntries[i].lpOverlapped = reinterpret_cast<LPOVERLAPPED>(batch[i].ov);
    lpCompletionPortEntries[i].Internal = batch[i].status;
    lpCompletionPortEntries[i].dwNumberOfBytesTransferred = batch[i].bytes;
  }
  *ulNumEntriesRemoved = got;
  return TRUE;
}
BOOL WINAPI GetQueuedCompletionStatusEx(HANDLE CompletionPort, LPOVERLAPPED_ENTRY lpCompletionPortEntries,
                                        ULONG ulCount, PULONG ulNumEntriesRemoved, DWORD dwMilliseconds,
                                        BOOL fAlertable) {
  OVL_TRACE_RETURN(iocp, "GetQueuedCompletionStatusEx", BOOL,
                   GetQueuedCompletionStatusEx_impl(CompletionPort, lpCompletionPortEntries, ulCount,
                                                    ulNumEntriesRemoved, dwMilliseconds, fAlertable),
                   .handle("port", CompletionPort).ptr("entries", lpCompletionPortEntries).num("count", ulCount)
                   .out_u32("removed", ulNumEntriesRemoved, r).ms("ms", dwMilliseconds).boolean("alertable", fAlertable)
                   .ret_bool(r));
}

// PostQueuedCompletionStatus: queues any packet; the waiter gets TRUE and these values.
static BOOL PostQueuedCompletionStatus_impl(HANDLE CompletionPort, DWORD dwNumberOfBytesTransferred,
                                            ULONG_PTR dwCompletionKey, LPOVERLAPPED lpOverlapped) {
  ref<completion_port> p = port_from_handle(CompletionPort);
  if (!p || !p->post(port_packet{dwCompletionKey, reinterpret_cast<overlapped_raw*>(lpOverlapped),
                                 dwNumberOfBytesTransferred, 0})) {
    set_last_error(ERROR_INVALID_HANDLE);
    return FALSE;
  }
  return TRUE;
}
BOOL WINAPI PostQueuedCompletionStatus(HANDLE CompletionPort, DWORD dwNumberOfBytesTransferred,
                                       ULONG_PTR dwCompletionKey, LPOVERLAPPED lpOverlapped) {
  OVL_TRACE_RETURN(iocp, "PostQueuedCompletionStatus", BOOL,
                   PostQueuedCompletionStatus_impl(CompletionPort, dwNumberOfBytesTransferred, dwCompletionKey,
                                                   lpOverlapped),
                   .handle("port", CompletionPort).num("bytes", dwNumberOfBytesTransferred).hex("key", dwCompletionKey)
                   .ptr("ov", lpOverlapped).ret_bool(r));
}

// SetFileCompletionNotificationModes: FILE_SKIP_COMPLETION_PORT_ON_SUCCESS (no packet for
// an operation that succeeds at once) and FILE_SKIP_SET_EVENT_ON_HANDLE (the socket handle is
// not signalled on completion).
static BOOL SetFileCompletionNotificationModes_impl(HANDLE FileHandle, UCHAR Flags) {
  if (Flags & ~UCHAR(FILE_SKIP_COMPLETION_PORT_ON_SUCCESS | FILE_SKIP_SET_EVENT_ON_HANDLE)) {
    set_last_error(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  ref<socket_object> s = socket_lookup(reinterpret_cast<uintptr_t>(FileHandle));
  if (!s) {
    set_last_error(ERROR_INVALID_HANDLE);
    return FALSE;
  }
  s->notify_modes.fetch_or(Flags);
  return TRUE;
}
BOOL WINAPI SetFileCompletionNotificationModes(HANDLE FileHandle, UCHAR Flags) {
  OVL_TRACE_RETURN(iocp, "SetFileCompletionNotificationModes", BOOL,
                   SetFileCompletionNotificationModes_impl(FileHandle, Flags),
                   .handle("h", FileHandle).hex("flags", Flags).ret_bool(r));
}

// CancelIoEx: cancels lpOverlapped's operation on hFile (all of them when NULL), whichever
// thread issued it. Each completes with ERROR_OPERATION_ABORTED through its own notification.
// FALSE + ERROR_NOT_FOUND when nothing matched.
static BOOL CancelIoEx_impl(HANDLE hFile, LPOVERLAPPED lpOverlapped) {
  ref<socket_object> s = socket_lookup(reinterpret_cast<uintptr_t>(hFile));
  if (!s) {
    set_last_error(ERROR_INVALID_HANDLE);
    return FALSE;
  }
  if (socket_cancel(*s, reinterpret_cast<overlapped_raw*>(lpOverlapped), 0) == 0) {
    set_last_error(ERROR_NOT_FOUND);
    return FALSE;
  }
  return TRUE;
}
BOOL WINAPI CancelIoEx(HANDLE hFile, LPOVERLAPPED lpOverlapped) {
  OVL_TRACE_RETURN(iocp, "CancelIoEx", BOOL, CancelIoEx_impl(hFile, lpOverlapped),
                   .handle("h", hFile).ptr("ov", lpOverlapped).ret_bool(r));
}

// CancelIo: cancels the operations the calling thread issued on hFile.
static BOOL CancelIo_impl(HANDLE hFile) {
  ref<socket_object> s = socket_lookup(reinterpret_cast<uintptr_t>(hFile));
  if (!s) {
    set_last_error(ERROR_INVALID_HANDLE);
    return FALSE;
  }
  socket_cancel(*s, nullptr, current_tid());
  return TRUE;
}
BOOL WINAPI CancelIo(HANDLE hFile) {
  OVL_TRACE_RETURN(iocp, "CancelIo", BOOL, CancelIo_impl(hFile), .handle("h", hFile).ret_bool(r));
}

}  // extern "C"
