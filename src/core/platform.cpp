// Linux implementations of the small services in platform.hpp.
#include "core/platform.hpp"

#include <pthread.h>
#include <sched.h>
#include <unistd.h>

#include <cerrno>
#include <ctime>

#include "core/thread.hpp"
#include "sys/futex.hpp"

namespace ovl::detail {

uint32_t cpu_count() {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? uint32_t(n) : 1;
}

uint32_t page_size() {
  long n = sysconf(_SC_PAGESIZE);
  return n > 0 ? uint32_t(n) : 4096;
}

uint64_t monotonic_ns_now() { return monotonic_ns(); }
uint64_t monotonic_ms() { return monotonic_ns() / 1000000ull; }

void sleep_ms(uint32_t ms) {
  flush_deferred_io();
  timespec ts{time_t(ms / 1000), long(ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {
  }
}

void yield_thread() { sched_yield(); }
uint32_t process_id() { return uint32_t(getpid()); }

namespace {
struct start_args {
  void (*entry)(void*);
  void* arg;
};
void* native_main(void* p) {
  start_args a = *static_cast<start_args*>(p);
  delete static_cast<start_args*>(p);
  a.entry(a.arg);
  return nullptr;
}
}  // namespace

int start_native_thread(size_t stack_size, void (*entry)(void*), void* arg) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  if (stack_size) {
    size_t min = 64 * 1024;  // Windows rounds tiny stacks up too; sanitizers need room
    pthread_attr_setstacksize(&attr, stack_size < min ? min : (stack_size + 4095) & ~size_t(4095));
  }
  auto* a = new start_args{entry, arg};
  pthread_t t;
  int r = pthread_create(&t, &attr, native_main, a);
  pthread_attr_destroy(&attr);
  if (r != 0) delete a;
  return r;
}

void exit_native_thread() { pthread_exit(nullptr); }

}  // namespace ovl::detail
