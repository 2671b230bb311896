// Thin futex wrappers (private futexes). Neutral header: declares only; the syscall lives in
// futex.cpp so callers need no Linux headers.
#pragma once
#include <atomic>
#include <cstdint>

namespace ovl::detail {

// Blocks while *word == expected, at most timeout_ms (UINT32_MAX = forever).
// Returns false on timeout, true otherwise (woken, value changed, or interrupted).
bool futex_wait(std::atomic<uint32_t>* word, uint32_t expected, uint32_t timeout_ms);
// Same with a deadline on CLOCK_MONOTONIC in nanoseconds (0 = forever).
bool futex_wait_until(std::atomic<uint32_t>* word, uint32_t expected, uint64_t deadline_ns);
void futex_wake(std::atomic<uint32_t>* word, int count);

uint64_t monotonic_ns();
// deadline for a Windows timeout in ms (INFINITE → 0 meaning "none").
inline uint64_t deadline_after_ms(uint32_t ms) {
  return ms == UINT32_MAX ? 0 : monotonic_ns() + uint64_t(ms) * 1000000ull;
}
// Milliseconds left until a deadline from deadline_after_ms, rounded up, as a poll timeout:
// -1 for none, 0 once it has passed.
inline int remaining_ms(uint64_t deadline) {
  if (!deadline) return -1;
  uint64_t now = monotonic_ns();
  if (now >= deadline) return 0;
  uint64_t ms = (deadline - now + 999999) / 1000000;
  return ms > 0x7fffffff ? 0x7fffffff : int(ms);
}

}  // namespace ovl::detail
