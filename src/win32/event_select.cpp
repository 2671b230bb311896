// WSAEventSelect and WSAEnumNetworkEvents: the event-object flavour of the FD_* readiness
// model. The latch and its re-enabling rules live in core/net_events.cpp; this file checks
// arguments in Windows' order and translates once. WSAAsyncSelect (win32/async_select.cpp)
// drives the same latch with a window sink.
#include <winsock2.h>
#include <windows.h>

#include <cstdint>

#include "core/net_events.hpp"
#include "core/socket.hpp"
#include "win32/handles.hpp"
#include "win32/trace.hpp"
#include "win32/win32_internal.hpp"

using ovl::detail::ref;
using ovl::detail::socket_object;

static_assert(FD_MAX_EVENTS == ovl::detail::fd_ev::max_events, "FD_MAX_EVENTS");
static_assert(FD_READ == ovl::detail::fd_ev::read && FD_WRITE == ovl::detail::fd_ev::write &&
                  FD_OOB == ovl::detail::fd_ev::oob && FD_ACCEPT == ovl::detail::fd_ev::accept &&
                  FD_CONNECT == ovl::detail::fd_ev::connect && FD_CLOSE == ovl::detail::fd_ev::close,
              "FD_* values");

namespace {

int fail(uint32_t code) {
  ovl::win32::set_last_error(code);
  return SOCKET_ERROR;
}

ref<socket_object> lookup(SOCKET s) {
  if (!ovl::win32::ws_initialised()) {
    ovl::win32::set_last_error(WSANOTINITIALISED);
    return nullptr;
  }
  ref<socket_object> o = ovl::detail::socket_lookup(uintptr_t(s));
  if (!o) ovl::win32::set_last_error(WSAENOTSOCK);
  return o;
}

}  // namespace

extern "C" {

// WSAEventSelect
// Records FD_* events for s and sets hEventObject while selected ones are pending; makes s
// non-blocking (FIONBIO 0 then fails with WSAEINVAL while lNetworkEvents != 0). Calling it again
// replaces the selection and does not re-record conditions that were already reported;
// WSAEventSelect(s, NULL, 0) cancels. Re-enabling rules: tests/win32/event_select_*.c.
// Differs from Windows: an event handle that is not an event object (or NULL with a non-zero
// mask) fails with WSAEINVAL, as Wine does; Windows' exact code for these is untested.
static int WSAEventSelect_impl(SOCKET s, WSAEVENT hEventObject, long lNetworkEvents) {
  ref<socket_object> o = lookup(s);
  if (!o) return SOCKET_ERROR;
  ref<ovl::detail::event_object> ev;
  if (hEventObject || lNetworkEvents) {
    ev = ovl::win32::event_from_handle(reinterpret_cast<uintptr_t>(hEventObject));
    if (!ev) return fail(WSAEINVAL);
  }
  std::shared_ptr<ovl::detail::net_event_sink> sink;
  if (ev) sink = ovl::detail::make_event_sink(ev.get());
  ovl::detail::net_events_select(*o, std::move(sink), uint32_t(lNetworkEvents), ovl::detail::net_model::event);
  ovl::win32::set_last_error(0);
  return 0;
}
int WSAAPI WSAEventSelect(SOCKET s, WSAEVENT hEventObject, long lNetworkEvents) {
  OVL_TRACE_RETURN(winsock, "WSAEventSelect", int, WSAEventSelect_impl(s, hEventObject, lNetworkEvents),
                   .sock("s", s).handle("event", hEventObject).fd_events("events", uint32_t(lNetworkEvents)).ret_ws(r));
}

// WSAEnumNetworkEvents
// Returns the selected events recorded since the last call (and their iErrorCode[] by
// FD_*_BIT: WSAECONNABORTED in FD_CLOSE after a reset, the connect error in FD_CONNECT) and
// clears them; resets hEventObject (if not NULL) at the same moment. Events recorded while not
// selected stay recorded for a later selection.
// Differs from Windows: a bad hEventObject fails with WSAEINVAL before anything is read.
static int WSAEnumNetworkEvents_impl(SOCKET s, WSAEVENT hEventObject, LPWSANETWORKEVENTS lpNetworkEvents) {
  ref<socket_object> o = lookup(s);
  if (!o) return SOCKET_ERROR;
  if (!lpNetworkEvents) return fail(WSAEFAULT);
  ref<ovl::detail::event_object> ev;
  if (hEventObject) {
    ev = ovl::win32::event_from_handle(reinterpret_cast<uintptr_t>(hEventObject));
    if (!ev) return fail(WSAEINVAL);
  }
  uint32_t errors[ovl::detail::fd_ev::max_events];
  uint32_t bits = ovl::detail::net_events_enum(*o, ev.get(), errors);
  lpNetworkEvents->lNetworkEvents = long(bits);
  for (int i = 0; i < FD_MAX_EVENTS; ++i) lpNetworkEvents->iErrorCode[i] = int(errors[i]);
  ovl::win32::set_last_error(0);
  return 0;
}
int WSAAPI WSAEnumNetworkEvents(SOCKET s, WSAEVENT hEventObject, LPWSANETWORKEVENTS lpNetworkEvents) {
  OVL_TRACE_RETURN(winsock, "WSAEnumNetworkEvents", int, WSAEnumNetworkEvents_impl(s, hEventObject, lpNetworkEvents),
                   .sock("s", s).handle("event", hEventObject).net_events("events", lpNetworkEvents, r == 0).ret_ws(r));
}

}  // extern "C"
