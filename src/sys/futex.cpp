// futex(2) wrappers used by every wait in the library (events, thread parking, APC wakeups).
#include "sys/futex.hpp"

#include <cerrno>
#include <climits>
#include <ctime>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace ovl::detail {

uint64_t monotonic_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return uint64_t(ts.tv_sec) * 1000000000ull + uint64_t(ts.tv_nsec);
}

bool futex_wait_until(std::atomic<uint32_t>* word, uint32_t expected, uint64_t deadline_ns) {
  timespec ts{};
  timespec* tsp = nullptr;
  if (deadline_ns) {
    ts.tv_sec = time_t(deadline_ns / 1000000000ull);
    ts.tv_nsec = long(deadline_ns % 1000000000ull);
    tsp = &ts;
  }
  // FUTEX_WAIT_BITSET takes an absolute CLOCK_MONOTONIC deadline, so spurious wakeups
  // don't stretch the timeout.
  long r = syscall(SYS_futex, reinterpret_cast<uint32_t*>(word), FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG,
                   expected, tsp, nullptr, FUTEX_BITSET_MATCH_ANY);
  if (r == -1 && errno == ETIMEDOUT) return false;
  return true;
}

bool futex_wait(std::atomic<uint32_t>* word, uint32_t expected, uint32_t timeout_ms) {
  return futex_wait_until(word, expected, deadline_after_ms(timeout_ms));
}

void futex_wake(std::atomic<uint32_t>* word, int count) {
  syscall(SYS_futex, reinterpret_cast<uint32_t*>(word), FUTEX_WAKE | FUTEX_PRIVATE_FLAG, count, nullptr,
          nullptr, 0);
}

}  // namespace ovl::detail
