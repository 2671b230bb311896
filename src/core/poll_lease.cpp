// The poll lease on the default engine (see poll_lease.hpp).
//
// State: free, held by a waiting thread, or held by the I/O thread. A waiting thread takes it
// with one CAS and bumps the epoch whether or not it got it; the I/O thread takes it only after
// a grace period in which no waiting thread took or wanted it, and gives it back as soon as its
// poll returns and a waiting thread has wanted it since. Threads that wanted the lease and did
// not get it are listed; whoever gives the lease back claims one of them (wake_lease), so that
// thread polls in its turn instead of depending on the I/O thread's grace period.
#include "core/poll_lease.hpp"

#include "core/completion_port.hpp"
#include "core/spinlock.hpp"
#include "core/thread.hpp"
#include "engine/engine.hpp"
#include "sys/futex.hpp"

namespace ovl::detail {

namespace {

constexpr uint32_t lease_free = 0;
constexpr uint32_t lease_waiter = 1;  // a thread in a wait (sleep_until_claimed) polls
constexpr uint32_t lease_io = 2;      // the I/O thread polls

// How long no waiting thread must have taken or wanted the lease before the I/O thread polls.
constexpr uint32_t grace_ms = 2;
// How often the I/O thread looks again while a waiting thread holds the lease (and sweeps idle
// completion ports, whose own 10 ms period this matches).
constexpr uint32_t check_ms = 10;

std::atomic<uint32_t> state{lease_free};
std::atomic<uint32_t> epoch{0};
// The I/O thread's timed sleeps (nothing wakes it early: a thread that gives the lease back
// hands it to a listed waiter directly). Never changes.
std::atomic<uint32_t> io_nap{0};

constexpr uint32_t max_waiters = 64;
spinlock waiters_lock;
thread_ctx* waiters[max_waiters];  // under waiters_lock
std::atomic<uint32_t> nwaiters{0};  // written under waiters_lock

// Gives the lease back and lets one listed thread take it (it polls when its wait loops).
void give_back(engine* e) {
  e->flush();  // requests the dispatch resubmitted: nobody may poll for a while
  state.store(lease_free, std::memory_order_seq_cst);
  if (nwaiters.load(std::memory_order_seq_cst) == 0) return;
  spin_guard g(waiters_lock);
  for (uint32_t i = nwaiters.load(std::memory_order_relaxed); i-- > 0;) {
    thread_ctx* t = waiters[i];
    if (claim_wait(t, wake_lease)) {
      wake_thread(t);
      return;
    }
  }
}

bool lease_try_acquire() {
  epoch.fetch_add(1, std::memory_order_seq_cst);
  uint32_t expect = lease_free;
  return state.compare_exchange_strong(expect, lease_waiter, std::memory_order_seq_cst);
}

void lease_add_waiter(thread_ctx* t) {
  spin_guard g(waiters_lock);
  uint32_t n = nwaiters.load(std::memory_order_relaxed);
  if (n == max_waiters) return;  // the I/O thread's grace period still covers it
  waiters[n] = t;
  nwaiters.store(n + 1, std::memory_order_seq_cst);
}

void lease_remove_waiter(thread_ctx* t) {
  spin_guard g(waiters_lock);
  uint32_t n = nwaiters.load(std::memory_order_relaxed);
  for (uint32_t i = 0; i < n; ++i) {
    if (waiters[i] == t) {
      waiters[i] = waiters[n - 1];
      nwaiters.store(n - 1, std::memory_order_seq_cst);
      return;
    }
  }
}

}  // namespace

void sleep_until_claimed(thread_ctx* self, uint64_t deadline) {
  engine* e = default_engine_if_started();
  bool holder = e && lease_try_acquire();
  if (e && !holder) {
    // Listed first, then tried again: a holder that gives the lease back either sees this
    // thread listed (and claims it with wake_lease) or has freed the lease for the second try.
    lease_add_waiter(self);
    holder = lease_try_acquire();
    if (holder) lease_remove_waiter(self);
  }
  if (holder) {
    self->reaps_default = true;       // its requests may ride on its waits from now on
    self->io_deferred_default = false;  // the poll submits whatever is in the ring
    self->polling_engine.store(e, std::memory_order_seq_cst);
    while (self->wait_word.load(std::memory_order_seq_cst) == wake_armed) {
      int ms = remaining_ms(deadline);
      if (ms == 0) {
        claim_wait(self, wake_timeout);
        break;
      }
      e->poll(ms);
    }
    self->polling_engine.store(nullptr, std::memory_order_seq_cst);
    give_back(e);
    return;
  }
  if (self->io_deferred_default) flush_default_deferred(self);  // someone else polls
  while (self->wait_word.load(std::memory_order_acquire) == wake_armed) {
    if (!futex_wait_until(&self->wait_word, wake_armed, deadline) && monotonic_ns() >= deadline)
      claim_wait(self, wake_timeout);
  }
  if (e) lease_remove_waiter(self);
}

void lease_io_thread_loop(engine* e) {
  uint32_t seen = epoch.load(std::memory_order_seq_cst);
  for (;;) {
    uint32_t s = state.load(std::memory_order_seq_cst);
    uint32_t now = epoch.load(std::memory_order_seq_cst);
    if (s == lease_free && now == seen) {
      uint32_t expect = lease_free;
      if (state.compare_exchange_strong(expect, lease_io, std::memory_order_seq_cst)) {
        // Poll until a waiting thread wants the lease (noticed when a poll returns; a wait
        // that starts while the I/O thread sleeps in the kernel is served the old way, by
        // the I/O thread's dispatch and a wake-up).
        while (epoch.load(std::memory_order_seq_cst) == seen) {
          e->poll(ports_exist() ? int(check_ms) : -1);
          sweep_idle_ports();
        }
        give_back(e);
        seen = epoch.load(std::memory_order_seq_cst);
        futex_wait(&io_nap, 0, grace_ms);  // the grace period
        continue;
      }
      s = expect;
    }
    seen = now;
    futex_wait(&io_nap, 0, s == lease_free ? grace_ms : check_ms);
    sweep_idle_ports();
  }
}

void wake_thread(thread_ctx* t) noexcept {
  if (t == current_thread()) return;
  if (engine* e = t->polling_engine.load(std::memory_order_seq_cst)) e->wake();
  else futex_wake(&t->wait_word, 1);
}

}  // namespace ovl::detail
