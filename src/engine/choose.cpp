// Engine choice at run time: OVL_ENGINE=uring|epoll, else io_uring if it initialises and has the
// opcodes we use (probe in make_uring_engine), else epoll. io_uring can be missing or blocked
// (kernel.io_uring_disabled, seccomp in containers): the fallback is silent to the application;
// OVL_DEBUG=1 reports the choice on stderr.
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <string_view>
#include <thread>

#include "core/completion_port.hpp"
#include "engine/engine.hpp"

namespace ovl::detail {

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
  std::thread([e] {
    for (;;) {
      // While completion ports exist, wake every 10 ms to reap ports nobody is waiting on
      // (their engines are normally reaped by the threads in GetQueuedCompletionStatus).
      e->poll(ports_exist() ? 10 : -1);
      sweep_idle_ports();
    }
  }).detach();
}

}  // namespace ovl::detail
