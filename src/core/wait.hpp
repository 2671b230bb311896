// Waitable objects and the one wait routine behind WaitForSingleObject(Ex),
// WaitForMultipleObjects(Ex), WSAWaitForMultipleEvents and SleepEx. Neutral header.
#pragma once
#include <cstdint>

#include "core/object.hpp"
#include "core/spinlock.hpp"

namespace ovl::detail {

class thread_ctx;

struct wait_block {
  thread_ctx* thread;
  uint32_t index;
  bool wait_all;
  wait_block* prev;
  wait_block* next;
};

class waitable : public kobject {
 public:
  using kobject::kobject;

  // Called with lock_ held.
  virtual bool signaled_locked() const noexcept = 0;
  // Called with lock_ held when a wait is satisfied by this object (auto-reset consumes).
  virtual void consume_locked() noexcept {}

  spinlock lock_;
  wait_block* waiters_ = nullptr;

 protected:
  // With lock_ held, after the state became signalled: release waiters. An auto-reset
  // object stops at the first waiter that consumes it.
  void wake_waiters_locked() noexcept;
};

// Windows-valued results.
constexpr uint32_t wait_object_0 = 0;
constexpr uint32_t wait_timeout = 258;
constexpr uint32_t wait_io_completion = 0xC0;
constexpr uint32_t wait_failed = 0xFFFFFFFFu;
constexpr uint32_t wait_infinite = 0xFFFFFFFFu;

// Waits for any (or all) of objs[0..n). n may be 0 (a sleep). Returns wait_object_0 + index,
// wait_timeout, or wait_io_completion (alertable and at least one APC ran). If an object is
// signalled when the wait starts, that wins over queued APCs (they stay queued).
uint32_t wait_objects(waitable* const* objs, uint32_t n, bool wait_all, uint32_t timeout_ms, bool alertable);

}  // namespace ovl::detail
