// Engine choice at run time: OVL_ENGINE=uring|epoll, else io_uring if it initialises and has the
// opcodes we use (probe in make_uring_engine), else epoll. io_uring can be missing or blocked
// (kernel.io_uring_disabled, seccomp in containers): the fallback is silent to the application;
// OVL_DEBUG=1 reports the choice on stderr.
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <string_view>
#include <thread>

#include <atomic>

#include "core/completion_port.hpp"
#include "core/poll_lease.hpp"
#include "engine/engine.hpp"

namespace ovl::detail {

namespace {
std::atomic<engine*> started{nullptr};
}  // namespace

engine* default_engine_if_started() noexcept { return started.load(std::memory_order_acquire); }

engine& the_engine() {
  static engine* e = [] {
    const char* want = std::getenv("OVL_ENGINE");
    engine* chosen = nullptr;
    if (!want || std::strcmp(want, "epoll") != 0) chosen = make_uring_engine();
    if (!chosen) chosen = make_epoll_engine();
    if (!chosen) {
      std::fprintf(stderr, "overlapped: no I/O engine could start (epoll_create1 failed)\n");
      std::abort();
    }
    start_io_thread(chosen);
    started.store(chosen, std::memory_order_release);
    const char* dbg = std::getenv("OVL_DEBUG");
    if (dbg && *dbg && *dbg != '0')
      std::fprintf(stderr, "overlapped: engine %s (OVL_ENGINE=%s)\n", chosen->name(), want ? want : "");
    return chosen;
  }();
  return *e;
}

engine* make_engine_like_default() {
  engine* e = std::string_view(the_engine().name()) == "uring" ? make_uring_engine() : nullptr;
  return e ? e : make_epoll_engine();
}

void start_io_thread(engine* e) {
  // Polls e whenever no waiting thread does (core/poll_lease.hpp), and sweeps completion ports
  // nobody is waiting on every 10 ms (their engines are normally reaped by the threads in
  // GetQueuedCompletionStatus).
  std::thread([e] { lease_io_thread_loop(e); }).detach();
}

}  // namespace ovl::detail
