// epoll_engine: readiness + retry. A socket with a pending op is added to one edge-triggered
// epoll set (once; close() removes it); on readiness the polling thread lets the core perform
// the socket's head ops until EAGAIN. Ops never sit in the kernel, so cancel is the core's
// business.
//
// Receive interest is dropped while it only wakes the poller for nothing. The core tries every
// receive first, so on a completion port server (the next WSARecv is posted after the send's
// completion went round the port) the data is usually there already and read by that try:
// each arrival's edge then woke the polling thread with no receive pending, once per message.
// So an EPOLLIN edge that finds no receive pending drops EPOLLIN from the socket's interest
// (EPOLL_CTL_MOD), and the next receive that has to wait restores it (EPOLL_CTL_MOD reports
// data that is already there). Both happen under the socket's q_lock, so a receive never waits
// on a set that does not watch for it. Model I/II servers, whose receives wait, keep the
// interest and pay nothing. Watched sockets (WSAEventSelect/WSAAsyncSelect) keep everything.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <mutex>

#include "core/io_op.hpp"
#include "engine/engine.hpp"

namespace ovl::detail {

namespace {

class epoll_engine final : public engine {
 public:
  bool init() {
    epfd_ = epoll_create1(EPOLL_CLOEXEC);
    if (epfd_ < 0) return false;
    wake_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (wake_fd_ < 0) return false;
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLET;
    ev.data.u64 = wake_key;
    if (epoll_ctl(epfd_, EPOLL_CTL_ADD, wake_fd_, &ev) < 0) return false;
    return true;
  }

  const char* name() const noexcept override { return "epoll"; }
  bool ops_in_kernel() const noexcept override { return false; }

  // Readiness: the core has tried the op already, so there is nothing to defer. q_lock held.
  void submit(io_op* op, bool /*defer*/) override {
    socket_object& s = *op->sock;
    if (s.registered_with == this) {
      if (s.epoll_in_off && op->dir() == 0) set_events(s, all_events);
      return;
    }
    if (s.registered_with) static_cast<epoll_engine*>(s.registered_with)->forget(s);  // moved to a port
    epoll_event ev = event_for(s, all_events);
    if (epoll_ctl(epfd_, EPOLL_CTL_ADD, s.fd(), &ev) == 0 || errno == EEXIST) {
      s.registered_with = this;
      s.epoll_in_off = false;
    }
  }

  void cancel(io_op*) override {}

  // A watched socket shares the edge-triggered registration of its ops (the same epoll_event
  // reports both); watching only makes sure the fd is in the set. It stays there until close.
  void watch(socket_object& s, bool on) override {
    if (!on) return;  // poll() stops dispatching readiness once s.net.watched() is false
    std::lock_guard g(s.q_lock);
    if (s.registered_with == this) {
      if (s.epoll_in_off) set_events(s, all_events);
      return;
    }
    epoll_event ev = event_for(s, all_events);
    epoll_ctl(epfd_, EPOLL_CTL_ADD, s.fd(), &ev);  // EEXIST: already there
  }

  void forget(socket_object& s) {
    // A watched socket's fd stays in the default engine's set (watches live there).
    if (!s.net.watched()) epoll_ctl(epfd_, EPOLL_CTL_DEL, s.fd(), nullptr);
    s.registered_with = nullptr;
  }

  ~epoll_engine() override {
    if (wake_fd_ >= 0) close(wake_fd_);
    if (epfd_ >= 0) close(epfd_);
  }

  int poll(int timeout_ms) override {
    epoll_event events[256];
    int n = epoll_wait(epfd_, events, 256, timeout_ms);
    for (int i = 0; i < n; ++i) {
      if (events[i].data.u64 == wake_key) {
        uint64_t v;
        while (read(wake_fd_, &v, sizeof v) > 0) {
        }
        continue;
      }
      uint32_t fd = uint32_t(events[i].data.u64);
      uint32_t gen = uint32_t(events[i].data.u64 >> 32);
      ref<socket_object> s = socket_lookup(fd);
      if (!s || s->generation != gen) continue;  // closed, or the fd was reused
      uint32_t e = events[i].events;
      bool err = e & (EPOLLERR | EPOLLHUP);
      // Whether a receive (or accept) was pending when the edge came.
      const bool reader = socket_ready(*s, err || (e & (EPOLLIN | EPOLLRDHUP)), err || (e & EPOLLOUT));
      if (s->net.watched()) socket_readiness(*s, e);  // after the ops took what they wanted
      else if ((e & EPOLLIN) && !err && !reader) drop_in(*s);
    }
    return n > 0 ? n : 0;
  }

  void wake() override {
    uint64_t one = 1;
    [[maybe_unused]] ssize_t r = write(wake_fd_, &one, sizeof one);
  }

 private:
  static constexpr uint32_t all_events = EPOLLIN | EPOLLOUT | EPOLLPRI | EPOLLRDHUP | EPOLLET;
  static constexpr uint32_t out_events = EPOLLOUT | EPOLLET;

  static epoll_event event_for(const socket_object& s, uint32_t events) {
    epoll_event ev{};
    ev.events = events;
    ev.data.u64 = uint64_t(uint32_t(s.fd())) | (uint64_t(s.generation) << 32);
    return ev;
  }

  // q_lock held.
  void set_events(socket_object& s, uint32_t events) {
    epoll_event ev = event_for(s, events);
    if (epoll_ctl(epfd_, EPOLL_CTL_MOD, s.fd(), &ev) == 0) s.epoll_in_off = events != all_events;
  }

  // An EPOLLIN edge found no receive pending: stop watching for input until one has to wait.
  void drop_in(socket_object& s) {
    std::lock_guard g(s.q_lock);
    if (s.registered_with != this || s.epoll_in_off || s.q_head[0] || s.net.watched()) return;
    if (s.closed.load(std::memory_order_relaxed)) return;
    set_events(s, out_events);
  }

  static constexpr uint64_t wake_key = ~uint64_t(0);
  int epfd_ = -1;
  int wake_fd_ = -1;
};

}  // namespace

engine* make_epoll_engine() {
  auto* e = new epoll_engine;
  if (!e->init()) {
    delete e;
    return nullptr;
  }
  return e;
}

}  // namespace ovl::detail
