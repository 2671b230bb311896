// The wait of a blocking Winsock call (recv, send, accept, connect, select, WSAPoll, ...).
// Windows waits alertably there: APCs queued to the thread (QueueUserAPC, completion routines
// of its overlapped I/O) run, and the call then goes on waiting, its timeout still counted from
// where it started (Microsoft's accept/recv/send/connect/select pages, "Remarks"). So these
// calls never block inside a Linux socket call: they try it without waiting (MSG_DONTWAIT or an
// O_NONBLOCK fd) and only when it would block wait here, in ppoll() on their sockets plus the
// thread's APC eventfd (thread_ctx::apc_wake_fd), then try again. A call that can complete at
// once costs nothing extra and runs no APC. Core only (Linux types); implemented in thread.cpp.
#pragma once
#include <poll.h>

#include <cerrno>
#include <cstdint>

#include "core/socket.hpp"
#include "core/thread.hpp"
#include "sys/futex.hpp"

namespace ovl::detail {

// One alertable wait: ppoll() on fds[0..n) and the thread's APC eventfd, until a descriptor
// is ready, an APC arrives, slice_ms passes (< 0: no slice) or deadline_ns (CLOCK_MONOTONIC,
// 0 = none) passes. fds must have room for n + 1 entries: the last one is the eventfd's.
// APCs already queued run at once, without waiting. Returns the number of ready descriptors
// (> 0), 0 when the caller should simply try its call again (APCs ran, the slice ended, a
// signal), -ETIMEDOUT once the deadline has passed, or -errno from ppoll.
int blocking_wait(pollfd* fds, nfds_t n, uint64_t deadline_ns, int slice_ms);

// Linux does not wake a ppoll() when another thread closes the descriptor, so a wait on one
// socket looks at closesocket() this often. Windows then fails the call with WSAEINTR
// (Windows Sockets 2 spec 2.7: "Closing a socket in one thread that has an outstanding blocking
// call on the same socket in another thread will cause the blocking call to fail with WSAEINTR").
constexpr int close_check_ms = 100;

// A blocking call's timeout (SO_RCVTIMEO / SO_SNDTIMEO: DWORD ms, 0 = none) as a deadline
// for blocking_wait, counted from the call's first wait.
inline uint64_t blocking_deadline(uint32_t timeout_ms) {
  return timeout_ms ? monotonic_ns() + uint64_t(timeout_ms) * 1000000ull : 0;
}

// closesocket() sets `closed` under q_lock before it closes the fd (socket_abort_all). Reading
// it under the same lock orders everything this thread did on the fd so far before a close
// that comes later; after the close the fd number may already name another socket.
inline bool socket_closed_now(socket_object& s) {
  std::lock_guard g(s.q_lock);
  return s.closed.load(std::memory_order_relaxed);
}

// Registers the calling thread as blocked on s for its lifetime, so that closesocket() from
// another thread ends the wait at once (socket_close kicks blocked_threads after it marked the
// socket closed). The close_check_ms slices stay as a fallback (an fd without the eventfd).
class blocked_on_socket {
 public:
  explicit blocked_on_socket(socket_object& s) : s_(s), t_(current_thread()) {
    t_->apc_wake_fd();  // the kick needs the eventfd: create it before registering
    std::lock_guard g(s_.q_lock);
    s_.blocked_threads.push_back(t_);
  }
  ~blocked_on_socket() {
    std::lock_guard g(s_.q_lock);
    auto& v = s_.blocked_threads;
    for (size_t i = 0; i < v.size(); ++i) {
      if (v[i] == t_) {
        v[i] = v.back();
        v.pop_back();
        break;
      }
    }
  }
  blocked_on_socket(const blocked_on_socket&) = delete;
  blocked_on_socket& operator=(const blocked_on_socket&) = delete;

 private:
  socket_object& s_;
  thread_ctx* t_;
};

// Waits, alertably, until socket s shows `events` (POLLIN, POLLOUT, POLLPRI; errors and
// hang-ups always count), as the kernel's own blocking call would: APCs and the slices that
// look for closesocket() do not end the wait. Returns 0 (ready: try the call again),
// -ETIMEDOUT, -EINTR once the socket was closed, or -errno.
inline int blocking_wait_socket(socket_object& s, short events, uint64_t deadline_ns) {
  blocked_on_socket registered(s);
  for (;;) {
    if (socket_closed_now(s)) return -EINTR;
    pollfd p[2] = {{s.fd(), events, 0}, {-1, 0, 0}};
    int r = blocking_wait(p, 1, deadline_ns, close_check_ms);
    if (r < 0) return r;
    if (socket_closed_now(s)) return -EINTR;
    if (r > 0) return 0;
  }
}

}  // namespace ovl::detail
