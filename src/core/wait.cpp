// The wait routine: registers a wait_block on each object, parks on the thread's futex word,
// and lets whoever changes the word first (an object, an APC, the timeout) decide the result.
// A CAS on the word is the single arbiter, so an auto-reset event is consumed by exactly one
// waiter and a wait never consumes two objects.
#include "core/wait.hpp"

#include <algorithm>

#include "core/completion_port.hpp"
#include "core/poll_lease.hpp"
#include "core/thread.hpp"
#include "sys/futex.hpp"

namespace ovl::detail {

namespace {

void link(waitable* o, wait_block* b) {
  b->prev = nullptr;
  b->next = nullptr;
  if (!o->waiters_) {
    o->waiters_ = b;
    return;
  }
  wait_block* t = o->waiters_;  // append: waiters are released in arrival order
  while (t->next) t = t->next;
  t->next = b;
  b->prev = t;
}

void unlink(waitable* o, wait_block* b) {
  if (b->prev) b->prev->next = b->next; else o->waiters_ = b->next;
  if (b->next) b->next->prev = b->prev;
}

}  // namespace

void waitable::wake_waiters_locked() noexcept {
  for (wait_block* w = waiters_; w && signaled_locked(); w = w->next) {
    thread_ctx* t = w->thread;
    if (w->wait_all) {
      if (claim_wait(t, wake_notify)) wake_thread(t);
      continue;
    }
    if (claim_wait(t, 1 + w->index)) {
      consume_locked();
      wake_thread(t);
    }
  }
}

uint32_t wait_objects(waitable* const* objs, uint32_t n, bool wait_all, uint32_t timeout_ms, bool alertable) {
  thread_ctx* self = current_thread();
  const uint64_t deadline = deadline_after_ms(timeout_ms);
  wait_block blocks[64];
  waitable* order[64];
  if (n > 64) return wait_failed;
  if (wait_all) {
    std::copy(objs, objs + n, order);
    std::sort(order, order + n);  // lock order for wait-all
  }

  for (;;) {
    self->wait_word.store(wake_armed, std::memory_order_seq_cst);
    uint32_t registered = 0;

    if (!wait_all) {
      for (uint32_t i = 0; i < n; ++i) {
        waitable* o = objs[i];
        spin_guard g(o->lock_);
        if (o->signaled_locked()) {
          if (claim_wait(self, 1 + i)) o->consume_locked();
          break;
        }
        blocks[i] = wait_block{self, i, false, nullptr, nullptr};
        link(o, &blocks[i]);
        ++registered;
      }
    } else if (n > 0) {
      for (uint32_t i = 0; i < n; ++i) order[i]->lock_.lock();
      bool all = true;
      for (uint32_t i = 0; i < n && all; ++i) all = objs[i]->signaled_locked();
      if (all) {
        if (claim_wait(self, 1)) {
          for (uint32_t i = 0; i < n; ++i) objs[i]->consume_locked();
        }
      } else {
        for (uint32_t i = 0; i < n; ++i) {
          blocks[i] = wait_block{self, i, true, nullptr, nullptr};
          link(objs[i], &blocks[i]);
        }
        registered = n;
      }
      for (uint32_t i = n; i-- > 0;) order[i]->lock_.unlock();
    }

    if (alertable && self->wait_word.load(std::memory_order_relaxed) == wake_armed) {
      self->alertable_wait.store(true, std::memory_order_seq_cst);
      if (self->apc_pending()) claim_wait(self, wake_apc);
    }

    if (timeout_ms == 0) {
      flush_deferred_io();  // a program polling with zero timeouts may never sleep
      claim_wait(self, wake_timeout);
    } else if (self->wait_word.load(std::memory_order_acquire) == wake_armed) {
      blocking_region blocked(true);  // a port worker gives back its concurrency slot
      sleep_until_claimed(self, deadline);
    }
    self->alertable_wait.store(false, std::memory_order_relaxed);

    for (uint32_t i = 0; i < registered; ++i) {
      waitable* o = objs[i];
      spin_guard g(o->lock_);
      unlink(o, &blocks[i]);
    }

    uint32_t w = self->wait_word.exchange(wake_idle, std::memory_order_acq_rel);
    if (w == wake_apc) {
      self->run_apcs();
      return wait_io_completion;
    }
    if (w == wake_timeout) return wait_timeout;
    if (w == wake_notify || w == wake_lease) continue;  // re-examine every object (and poll)
    if (wait_all) return wait_object_0;
    return wait_object_0 + (w - 1);
  }
}

}  // namespace ovl::detail
