// Event objects and waits: CreateEvent, SetEvent/ResetEvent/PulseEvent, the WSA*Event family,
// CloseHandle, WaitForSingleObject(Ex), WaitForMultipleObjects(Ex), WSAWaitForMultipleEvents,
// Sleep/SleepEx and QueueUserAPC. All waits go through core wait_objects.
#include <winsock2.h>

#include "core/completion_port.hpp"
#include "core/platform.hpp"
#include "core/socket.hpp"
#include "core/thread.hpp"
#include "win32/handles.hpp"
#include "win32/trace.hpp"
#include "win32/win32_internal.hpp"

using namespace ovl::detail;
using ovl::win32::set_last_error;

namespace ovl::win32 {

ref<waitable> waitable_from_handle(uintptr_t h) {
  if (is_table_handle(h)) {
    ref<kobject> o = handle_get(h);
    if (!o) return nullptr;
    if (o->type() != object_type::event && o->type() != object_type::thread) return nullptr;
    return ref<waitable>::adopt(static_cast<waitable*>(o.detach()));
  }
  ref<socket_object> s = socket_lookup(h);
  return ref<waitable>(static_cast<ref<socket_object>&&>(s));
}

ref<event_object> event_from_handle(uintptr_t h) { return handle_get_as<event_object>(h, object_type::event); }

bool overlapped_event(void* hEvent, ref<event_object>* out) {
  uintptr_t h = overlapped_event_handle(hEvent);
  if (!h) return true;
  *out = event_from_handle(h);
  return bool(*out);
}

}  // namespace ovl::win32

namespace {

HANDLE new_event(BOOL manual, BOOL initial) {
  auto* e = new event_object(manual != FALSE, initial != FALSE);
  uintptr_t h = handle_create(e);
  if (!h) {
    set_last_error(ERROR_NOT_ENOUGH_MEMORY);
    return nullptr;
  }
  return reinterpret_cast<HANDLE>(h);
}

template <class F>
BOOL with_event(HANDLE h, F&& f) {
  ref<event_object> e = ovl::win32::event_from_handle(reinterpret_cast<uintptr_t>(h));
  if (!e) {
    set_last_error(ERROR_INVALID_HANDLE);
    return FALSE;
  }
  f(*e);
  return TRUE;
}

// Shared by every wait API. Returns the Windows wait result; on WAIT_FAILED the last error is set.
DWORD wait_handles(DWORD n, const HANDLE* handles, BOOL wait_all, DWORD ms, BOOL alertable) {
  if (n == 0 || n > MAXIMUM_WAIT_OBJECTS) {
    set_last_error(ERROR_INVALID_PARAMETER);
    return WAIT_FAILED;
  }
  if (!handles) {
    set_last_error(ERROR_NOACCESS);
    return WAIT_FAILED;
  }
  ref<waitable> objs[MAXIMUM_WAIT_OBJECTS];
  waitable* raw[MAXIMUM_WAIT_OBJECTS];
  for (DWORD i = 0; i < n; ++i) {
    uintptr_t h = reinterpret_cast<uintptr_t>(handles[i]);
    if (h == ovl::win32::pseudo_current_thread || h == ovl::win32::pseudo_current_process) {
      // A thread waiting on itself never wakes; we model the pseudo-handles as never signalled.
      static event_object never(true, false);
      raw[i] = &never;
      continue;
    }
    objs[i] = ovl::win32::waitable_from_handle(h);
    if (!objs[i]) {
      set_last_error(ERROR_INVALID_HANDLE);
      return WAIT_FAILED;
    }
    raw[i] = objs[i].get();
    if (wait_all) {
      for (DWORD j = 0; j < i; ++j) {
        if (raw[j] == raw[i]) {
          set_last_error(ERROR_INVALID_PARAMETER);  // duplicate object in a wait-all
          return WAIT_FAILED;
        }
      }
    }
  }
  return wait_objects(raw, n, wait_all != FALSE, ms, alertable != FALSE);
}

}  // namespace

extern "C" {

// CreateEventA / CreateEventW
// Differs from Windows: named events are not shared between processes (the name is ignored).
HANDLE WINAPI CreateEventA(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset, BOOL bInitialState,
                           LPCSTR lpName) {
  OVL_TRACE_RETURN(event, "CreateEventA", HANDLE, new_event(bManualReset, bInitialState),
                   .ptr("sa", lpEventAttributes).boolean("manual", bManualReset).boolean("initial", bInitialState)
                   .str("name", lpName).ret_handle(r));
}
HANDLE WINAPI CreateEventW(LPSECURITY_ATTRIBUTES lpEventAttributes, BOOL bManualReset, BOOL bInitialState,
                           LPCWSTR lpName) {
  OVL_TRACE_RETURN(event, "CreateEventW", HANDLE, new_event(bManualReset, bInitialState),
                   .ptr("sa", lpEventAttributes).boolean("manual", bManualReset).boolean("initial", bInitialState)
                   .wstr("name", lpName).ret_handle(r));
}

BOOL WINAPI SetEvent(HANDLE h) {
  OVL_TRACE_RETURN(event, "SetEvent", BOOL, with_event(h, [](event_object& e) { e.set(); }),
                   .handle("h", h).ret_bool(r));
}
BOOL WINAPI ResetEvent(HANDLE h) {
  OVL_TRACE_RETURN(event, "ResetEvent", BOOL, with_event(h, [](event_object& e) { e.reset(); }),
                   .handle("h", h).ret_bool(r));
}
BOOL WINAPI PulseEvent(HANDLE h) {
  OVL_TRACE_RETURN(event, "PulseEvent", BOOL, with_event(h, [](event_object& e) { e.pulse(); }),
                   .handle("h", h).ret_bool(r));
}

// WSACreateEvent: a manual-reset, non-signalled event (WSA_INVALID_EVENT on failure).
WSAEVENT WSAAPI WSACreateEvent(void) {
  OVL_TRACE_RETURN(event, "WSACreateEvent", WSAEVENT, new_event(TRUE, FALSE), .ret_handle(r));
}

// WSASetEvent / WSAResetEvent / WSACloseEvent: FALSE + WSA_INVALID_HANDLE for a bad handle.
BOOL WSAAPI WSASetEvent(WSAEVENT h) {
  OVL_TRACE_RETURN(event, "WSASetEvent", BOOL, with_event(h, [](event_object& e) { e.set(); }),
                   .handle("h", h).ret_bool(r));
}
BOOL WSAAPI WSAResetEvent(WSAEVENT h) {
  OVL_TRACE_RETURN(event, "WSAResetEvent", BOOL, with_event(h, [](event_object& e) { e.reset(); }),
                   .handle("h", h).ret_bool(r));
}
static BOOL WSACloseEvent_impl(WSAEVENT h) {
  ref<kobject> o = handle_close(reinterpret_cast<uintptr_t>(h));
  if (!o) {
    set_last_error(WSA_INVALID_HANDLE);
    return FALSE;
  }
  return TRUE;
}
BOOL WSAAPI WSACloseEvent(WSAEVENT h) {
  OVL_TRACE_RETURN(event, "WSACloseEvent", BOOL, WSACloseEvent_impl(h), .handle("h", h).ret_bool(r));
}

// CloseHandle: events, threads; a SOCKET passed as a handle is closed like closesocket.
// Pseudo-handles succeed and do nothing.
static BOOL CloseHandle_impl(HANDLE h) {
  uintptr_t v = reinterpret_cast<uintptr_t>(h);
  if (v == ovl::win32::pseudo_current_thread || v == ovl::win32::pseudo_current_process) return TRUE;
  if (is_table_handle(v)) {
    if (ref<kobject> o = handle_close(v)) {
      // Threads waiting on a closed port return ERROR_ABANDONED_WAIT_0.
      if (o->type() == object_type::port) static_cast<completion_port*>(o.get())->close();
      return TRUE;
    }
  } else if (socket_close(v) == 0) {
    return TRUE;
  }
  set_last_error(ERROR_INVALID_HANDLE);
  return FALSE;
}
BOOL WINAPI CloseHandle(HANDLE h) {
  OVL_TRACE_RETURN(event, "CloseHandle", BOOL, CloseHandle_impl(h), .handle("h", h).ret_bool(r));
}

DWORD WINAPI WaitForSingleObject(HANDLE h, DWORD ms) {
  OVL_TRACE_RETURN(event, "WaitForSingleObject", DWORD, wait_handles(1, &h, FALSE, ms, FALSE),
                   .handle("h", h).ms("ms", ms).ret_wait(r));
}
DWORD WINAPI WaitForSingleObjectEx(HANDLE h, DWORD ms, BOOL alertable) {
  OVL_TRACE_RETURN(event, "WaitForSingleObjectEx", DWORD, wait_handles(1, &h, FALSE, ms, alertable),
                   .handle("h", h).ms("ms", ms).boolean("alertable", alertable).ret_wait(r));
}
DWORD WINAPI WaitForMultipleObjects(DWORD n, const HANDLE* h, BOOL all, DWORD ms) {
  OVL_TRACE_RETURN(event, "WaitForMultipleObjects", DWORD, wait_handles(n, h, all, ms, FALSE),
                   .num("n", n).handles("h", h, n).boolean("all", all).ms("ms", ms).ret_wait(r));
}
DWORD WINAPI WaitForMultipleObjectsEx(DWORD n, const HANDLE* h, BOOL all, DWORD ms, BOOL alertable) {
  OVL_TRACE_RETURN(event, "WaitForMultipleObjectsEx", DWORD, wait_handles(n, h, all, ms, alertable),
                   .num("n", n).handles("h", h, n).boolean("all", all).ms("ms", ms).boolean("alertable", alertable)
                   .ret_wait(r));
}

// WSAWaitForMultipleEvents: 1..WSA_MAXIMUM_WAIT_EVENTS handles, else WSA_WAIT_FAILED with
// WSA_INVALID_PARAMETER; returns WSA_WAIT_EVENT_0 + lowest signalled index, WSA_WAIT_TIMEOUT
// or WSA_WAIT_IO_COMPLETION.
static DWORD WSAWaitForMultipleEvents_impl(DWORD cEvents, const WSAEVENT* lphEvents, BOOL fWaitAll, DWORD dwTimeout,
                                           BOOL fAlertable) {
  if (cEvents == 0 || cEvents > WSA_MAXIMUM_WAIT_EVENTS) {
    set_last_error(WSA_INVALID_PARAMETER);
    return WSA_WAIT_FAILED;
  }
  return wait_handles(cEvents, lphEvents, fWaitAll, dwTimeout, fAlertable);
}
DWORD WSAAPI WSAWaitForMultipleEvents(DWORD cEvents, const WSAEVENT* lphEvents, BOOL fWaitAll, DWORD dwTimeout,
                                      BOOL fAlertable) {
  OVL_TRACE_RETURN(event, "WSAWaitForMultipleEvents", DWORD,
                   WSAWaitForMultipleEvents_impl(cEvents, lphEvents, fWaitAll, dwTimeout, fAlertable),
                   .num("n", cEvents).handles("h", lphEvents, cEvents).boolean("all", fWaitAll).ms("ms", dwTimeout)
                   .boolean("alertable", fAlertable).ret_wait(r));
}

// SleepEx: returns 0, or WAIT_IO_COMPLETION when alertable and APCs ran.
static DWORD SleepEx_impl(DWORD ms, BOOL alertable) {
  if (!alertable && ms == 0) {
    yield_thread();
    return 0;
  }
  DWORD r = wait_objects(nullptr, 0, false, ms, alertable != FALSE);
  return r == WAIT_IO_COMPLETION ? WAIT_IO_COMPLETION : 0;
}
DWORD WINAPI SleepEx(DWORD ms, BOOL alertable) {
  OVL_TRACE_RETURN(event, "SleepEx", DWORD, SleepEx_impl(ms, alertable),
                   .ms("ms", ms).boolean("alertable", alertable).ret_sleep(r));
}

void WINAPI Sleep(DWORD ms) { OVL_TRACE_VOID(event, "Sleep", SleepEx_impl(ms, FALSE), .ms("ms", ms).ret_void()); }

}  // extern "C"
