// select(), __WSAFDIsSet and WSAPoll, Windows side. The program's fd_set is Windows' (a count
// followed by the SOCKET array, FD_SETSIZE chosen by the program), so only fd_count and the
// array address are used here and a set of any size works; readiness itself is decided by
// core/socket_calls.cpp (socket_select, socket_poll).
#include <winsock2.h>
#include <windows.h>

#include <cstddef>
#include <cstdint>

#include "core/socket_calls.hpp"
#include "win32/trace.hpp"
#include "win32/win32_internal.hpp"

static_assert(offsetof(fd_set, fd_array) == 8, "fd_set: the SOCKET array follows the count at offset 8");
static_assert(sizeof(WSAPOLLFD) == sizeof(ovl::detail::pollfd_raw) && offsetof(WSAPOLLFD, events) == 8 &&
                  offsetof(WSAPOLLFD, revents) == 10,
              "WSAPOLLFD layout");

namespace {

ovl::detail::select_set to_set(fd_set* s) {
  if (!s) return {nullptr, nullptr};
  return {reinterpret_cast<uint32_t*>(&s->fd_count), reinterpret_cast<uintptr_t*>(s->fd_array)};
}

}  // namespace

extern "C" {

// select
// The wait is alertable, as on Windows: queued APCs run and the wait goes on. nfds is ignored,
// as on Windows.
// A socket closed by another thread during the wait ends it and is reported readable, as on
// Windows (Wine test_select; tests/win32/close_while_blocked.c).
static int ovl_select_impl(int nfds, fd_set* readfds, fd_set* writefds, fd_set* exceptfds,
                           const struct timeval* timeout) {
  if (!ovl::win32::ws_initialised()) {
    ovl::win32::set_last_error(WSANOTINITIALISED);
    return SOCKET_ERROR;
  }
  ovl::detail::select_set sets[3] = {to_set(readfds), to_set(writefds), to_set(exceptfds)};
  int64_t us = -1;
  if (timeout) {
    int64_t sec = timeout->tv_sec < 0 ? 0 : int64_t(timeout->tv_sec);
    int64_t usec = timeout->tv_usec < 0 ? 0 : int64_t(timeout->tv_usec);
    us = sec * 1000000 + usec;
  }
  int r = ovl::detail::socket_select(sets, us);
  if (r < 0) {
    ovl::win32::set_wsa_error_from_errno(r);  // -EINVAL: nothing to wait on; -ENOTSOCK
    return SOCKET_ERROR;
  }
  return r;
}
int WSAAPI ovl_select(int nfds, fd_set* readfds, fd_set* writefds, fd_set* exceptfds, const struct timeval* timeout) {
  OVL_TRACE_RETURN(winsock, "select", int, ovl_select_impl(nfds, readfds, writefds, exceptfds, timeout),
                   .num("nfds", nfds).fdset("readfds", readfds).fdset("writefds", writefds)
                   .fdset("exceptfds", exceptfds).time_val("timeout", timeout).ret_ws(r));
}

// __WSAFDIsSet (FD_ISSET)
// Differs from Windows: none known.
int WSAAPI __WSAFDIsSet(SOCKET fd, fd_set* set) {
  if (!set) return 0;
  for (u_int i = 0; i < set->fd_count; ++i)
    if (set->fd_array[i] == fd) return 1;
  return 0;
}

// WSAPoll
// Differs from Windows: a never-connected TCP socket reports nothing (Windows' answer is
// undocumented); a socket closed by another thread during the wait ends it with POLLNVAL
// (Windows' answer is undocumented too). The wait is alertable, as on Windows.
static int WSAPoll_impl(LPWSAPOLLFD fdArray, ULONG fds, INT timeout) {
  if (!ovl::win32::ws_initialised()) {
    ovl::win32::set_last_error(WSANOTINITIALISED);
    return SOCKET_ERROR;
  }
  if (!fdArray) {
    // Wine sock.c test_WSAPoll: (NULL, 0) is WSAEINVAL, (NULL, n) WSAEFAULT.
    ovl::win32::set_last_error(fds ? WSAEFAULT : WSAEINVAL);
    return SOCKET_ERROR;
  }
  if (!fds) {
    ovl::win32::set_last_error(WSAEINVAL);
    return SOCKET_ERROR;
  }
  int r = ovl::detail::socket_poll(reinterpret_cast<ovl::detail::pollfd_raw*>(fdArray), fds, timeout);
  if (r < 0) {
    ovl::win32::set_wsa_error_from_errno(r);
    return SOCKET_ERROR;
  }
  ovl::win32::set_last_error(0);
  return r;
}
int WSAAPI WSAPoll(LPWSAPOLLFD fdArray, ULONG fds, INT timeout) {
  OVL_TRACE_RETURN(winsock, "WSAPoll", int, WSAPoll_impl(fdArray, fds, timeout),
                   .ptr("fds", fdArray).num("nfds", fds).num("timeout", timeout).ret_ws(r));
}

}  // extern "C"
