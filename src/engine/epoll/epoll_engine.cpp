// epoll_engine: readiness + retry. A socket with a pending op is added to one edge-triggered
// epoll set (once; close() removes it); on readiness the I/O thread lets the core perform the
// socket's head ops until EAGAIN. Ops never sit in the kernel, so cancel is the core's business.
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

  // Readiness: the core has tried the op already, so there is nothing to defer.
  void submit(io_op* op, bool /*defer*/) override {
    socket_object& s = *op->sock;
    if (s.registered_with == this) return;
    if (s.registered_with) static_cast<epoll_engine*>(s.registered_with)->forget(s);  // moved to a port
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT | EPOLLPRI | EPOLLRDHUP | EPOLLET;
    ev.data.u64 = uint64_t(uint32_t(s.fd())) | (uint64_t(s.generation) << 32);
    if (epoll_ctl(epfd_, EPOLL_CTL_ADD, s.fd(), &ev) == 0 || errno == EEXIST) s.registered_with = this;
  }

  void cancel(io_op*) override {}

  // A watched socket shares the edge-triggered registration of its ops (the same epoll_event
  // reports both); watching only makes sure the fd is in the set. It stays there until close.
  void watch(socket_object& s, bool on) override {
    if (!on) return;  // poll() stops dispatching readiness once s.net.watched() is false
    std::lock_guard g(s.q_lock);
    if (s.registered_with == this) return;
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT | EPOLLPRI | EPOLLRDHUP | EPOLLET;
    ev.data.u64 = uint64_t(uint32_t(s.fd())) | (uint64_t(s.generation) << 32);
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
      socket_ready(*s, err || (e & (EPOLLIN | EPOLLRDHUP)), err || (e & EPOLLOUT));
      if (s->net.watched()) socket_readiness(*s, e);  // after the ops took what they wanted
    }
    return n > 0 ? n : 0;
  }

  void wake() override {
    uint64_t one = 1;
    [[maybe_unused]] ssize_t r = write(wake_fd_, &one, sizeof one);
  }

 private:
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
