// A small test-and-test-and-set spinlock for the short critical sections of core objects
// (waiter lists, socket queues, handle slots). Never held across a wait or a syscall that blocks.
#pragma once
#include <atomic>

namespace ovl::detail {

#if defined(__x86_64__) || defined(__i386__)
inline void cpu_relax() noexcept { __builtin_ia32_pause(); }
#else
inline void cpu_relax() noexcept {}
#endif

class spinlock {
 public:
  void lock() noexcept {
    for (;;) {
      if (!flag_.exchange(true, std::memory_order_acquire)) return;
      while (flag_.load(std::memory_order_relaxed)) cpu_relax();
    }
  }
  bool try_lock() noexcept { return !flag_.exchange(true, std::memory_order_acquire); }
  void unlock() noexcept { flag_.store(false, std::memory_order_release); }

 private:
  std::atomic<bool> flag_{false};
};

class spin_guard {
 public:
  explicit spin_guard(spinlock& l) noexcept : l_(l) { l_.lock(); }
  ~spin_guard() { l_.unlock(); }
  spin_guard(const spin_guard&) = delete;
  spin_guard& operator=(const spin_guard&) = delete;

 private:
  spinlock& l_;
};

}  // namespace ovl::detail
