// WSAAsyncSelect: the window-message flavour of the FD_* readiness model. The latch and its
// re-enabling rules are core/net_events (shared with WSAEventSelect); this file supplies the
// sink that turns each recorded event into PostMessage(hWnd, wMsg, socket,
// WSAMAKESELECTREPLY(event, error)) to the window's thread (user32_message.cpp's queue).
#include <winsock2.h>
#include <windows.h>

#include <memory>

#include "core/net_events.hpp"
#include "core/socket.hpp"
#include "win32/trace.hpp"
#include "win32/user32_internal.hpp"
#include "win32/win32_internal.hpp"

using ovl::detail::ref;
using ovl::detail::socket_object;

namespace {

// notify() runs on whichever thread recorded the event (an engine thread, or the app thread
// inside recv/accept), so it must not block and must not touch that thread's last error.
struct window_sink final : ovl::detail::net_event_sink {
  window_sink(HWND h, UINT m) : hwnd(h), msg(m) {}
  void notify(socket_object& s, uint32_t fd_event, uint32_t error) override {
    std::shared_ptr<ovl::win32::user32::window> w = ovl::win32::user32::window_get(hwnd);
    if (!w) return;  // the window is gone: Windows drops the message too
    OVL_TRACE_LINE(user32, "WSAAsyncSelect post",
                   .handle("hwnd", hwnd).message("msg", msg).sock("wParam", s.fd()).fd_events("event", fd_event)
                   .error("error", error).note());
    ovl::detail::queued_message m;
    m.hwnd = reinterpret_cast<uintptr_t>(hwnd);
    m.message = msg;
    m.wparam = uintptr_t(s.fd());
    m.lparam = LPARAM(WSAMAKESELECTREPLY(fd_event, error));
    w->queue->post(m);
  }
  HWND hwnd;
  UINT msg;
};

}  // namespace

extern "C" {

// WSAAsyncSelect
// Posts wMsg to hWnd (wParam = the socket, lParam = WSAMAKESELECTREPLY(FD_x, error)) once per
// recorded event, and makes s non-blocking. Calling it again replaces the selection and, unlike
// WSAEventSelect, re-posts conditions that still hold; lEvent 0 cancels (messages already
// posted stay queued, as on Windows). Accepted sockets inherit the selection.
// Errors: WSANOTINITIALISED, WSAENOTSOCK.
// Differs from Windows: hWnd is not validated (as in Wine); messages for a window that is
// destroyed are dropped. Test: tests/win32/async_select_basic.c.
static int WSAAsyncSelect_impl(SOCKET s, HWND hWnd, u_int wMsg, long lEvent) {
  if (!ovl::win32::ws_initialised()) {
    ovl::win32::set_last_error(WSANOTINITIALISED);
    return SOCKET_ERROR;
  }
  ref<socket_object> o = ovl::detail::socket_lookup(uintptr_t(s));
  if (!o) {
    ovl::win32::set_last_error(WSAENOTSOCK);
    return SOCKET_ERROR;
  }
  std::shared_ptr<ovl::detail::net_event_sink> sink;
  if (lEvent) sink = std::make_shared<window_sink>(hWnd, wMsg);
  ovl::detail::net_events_select(*o, std::move(sink), uint32_t(lEvent), ovl::detail::net_model::message);
  ovl::win32::set_last_error(0);
  return 0;
}
int WSAAPI WSAAsyncSelect(SOCKET s, HWND hWnd, u_int wMsg, long lEvent) {
  OVL_TRACE_RETURN(winsock, "WSAAsyncSelect", int, WSAAsyncSelect_impl(s, hWnd, wMsg, lEvent),
                   .sock("s", s).handle("hwnd", hWnd).message("msg", wMsg).fd_events("events", uint32_t(lEvent))
                   .ret_ws(r));
}

}  // extern "C"
