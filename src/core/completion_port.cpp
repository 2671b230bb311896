// Completion ports (see completion_port.hpp). One mutex guards the packet FIFO, the LIFO stack
// of sleeping waiters and the running count; it is never held across a wait or a poll. The
// thread that finds nobody polling the port's engine becomes the poller: it blocks in the
// kernel itself, keeps the first completion it reaps (no extra wakeup) and hands the rest to
// sleeping waiters, most recent first.
#include "core/completion_port.hpp"

#include <cstring>

#include "core/poll_lease.hpp"
#include "core/thread.hpp"
#include "engine/engine.hpp"
#include "sys/futex.hpp"

namespace ovl::detail {

struct completion_port::waiter {
  thread_ctx* thread;
  port_packet* out;
  uint32_t max;
  uint32_t got;
  waiter* next;
};

completion_port::completion_port(uint32_t concurrency, engine* eng) noexcept
    : kobject(object_type::port), engine_(eng), concurrency_(concurrency) {}

completion_port::~completion_port() {
  unregister_port();
  delete[] ring_;
  delete engine_;
}

bool completion_port::take_locked(port_packet* out, uint32_t max, uint32_t* got) {
  uint32_t n = 0;
  while (n < max && count_ > 0) {
    out[n++] = ring_[head_];
    head_ = (head_ + 1) % cap_;
    --count_;
  }
  *got = n;
  return n > 0;
}

// Puts back the n packets take_locked just removed (nothing touched the FIFO in between).
void completion_port::untake_locked(uint32_t n) {
  head_ = (head_ + cap_ - n) % cap_;
  count_ += n;
}

void completion_port::wake_later_locked(thread_ctx* t) {
  if (nwake_ == sizeof wake_ / sizeof wake_[0]) {
    futex_wake(&t->wait_word, 1);  // more than a handful at once: wake this one now
    return;
  }
  t->add_ref();  // the thread may return and exit before the wake is issued
  wake_[nwake_++] = t;
}

void completion_port::unlock_and_wake(guard& g) {
  thread_ctx* w[sizeof wake_ / sizeof wake_[0]];
  const uint32_t n = nwake_;
  const bool eng = wake_engine_;
  for (uint32_t i = 0; i < n; ++i) w[i] = wake_[i];
  nwake_ = 0;
  wake_engine_ = false;
  g.unlock();
  for (uint32_t i = 0; i < n; ++i) {
    futex_wake(&w[i]->wait_word, 1);
    w[i]->release();
  }
  if (eng) engine_->wake();
}

void completion_port::wake_poller_locked() {
  // Someone must reap the kernel's completions for the threads still sleeping.
  while (waiters_) {
    waiter* w = waiters_;
    waiters_ = w->next;
    thread_ctx* t = w->thread;
    if (claim_wait(t, wake_port_poll)) {
      wake_later_locked(t);
      return;
    }
  }
}

void completion_port::hand_out_locked() {
  while (count_ > 0 && waiters_ && running_ < concurrency_) {
    waiter* w = waiters_;
    waiters_ = w->next;
    thread_ctx* t = w->thread;  // read before the claim: after it, w may be gone
    // The packets go into the waiter's buffer before the claim publishes them: a thread that
    // sees wake_port_packet returns at once, without taking lock_ again.
    uint32_t n;
    take_locked(w->out, w->max, &n);
    w->got = n;
    if (!claim_wait(t, wake_port_packet)) {  // it timed out or got an APC: skip it
      untake_locked(n);
      continue;
    }
    ++running_;
    wake_later_locked(t);
  }
  if (!poller_ && waiters_ && count_ == 0) wake_poller_locked();
  // Packets a freed slot could release, and only the polling thread to take them: wake it.
  if (count_ > 0 && running_ < concurrency_ && poller_ && poller_ != current_thread()) wake_engine_ = true;
}

bool completion_port::post(const port_packet& p) {
  guard g(lock_);
  if (closed_.load(std::memory_order_relaxed)) return false;
  if (count_ == cap_) {
    uint32_t ncap = cap_ ? cap_ * 2 : 256;
    auto* n = new port_packet[ncap];
    for (uint32_t i = 0; i < count_; ++i) n[i] = ring_[(head_ + i) % cap_];
    delete[] ring_;
    ring_ = n;
    cap_ = ncap;
    head_ = 0;
  }
  ring_[(head_ + count_) % cap_] = p;
  ++count_;
  thread_ctx* self = current_thread();
  if (poller_ == self) return true;  // the poller distributes after its poll returns
  hand_out_locked();
  unlock_and_wake(g);
  return true;
}

// An APC ended the wait: the thread runs again (counted, as for any other wake-up), then runs
// its APCs outside the lock.
port_wait completion_port::run_apcs_after(guard& g, thread_ctx* self) {
  ++running_;
  self->port_running = true;
  hand_out_locked();
  unlock_and_wake(g);
  self->run_apcs();
  return port_wait::apc;
}

port_wait completion_port::wait(port_packet* out, uint32_t max, uint32_t* got, uint32_t timeout_ms, bool alertable) {
  thread_ctx* self = current_thread();
  const uint64_t deadline = deadline_after_ms(timeout_ms);
  *got = 0;

  // Requests for the process engine cannot ride on this wait (it polls the port's engine).
  if (self->io_deferred_default) flush_default_deferred(self);
  // Concurrency accounting: calling GetQueuedCompletionStatus again means this thread no longer
  // runs on behalf of the port it last waited on.
  if (self->assoc_port != this) {
    if (completion_port* old = self->assoc_port) {
      if (self->port_running) old->thread_left();
      self->port_running = false;
      old->release();
    }
    add_ref();
    self->assoc_port = this;
  }

  guard g(lock_);
  if (self->port_running) {
    // Calling GetQueuedCompletionStatus again: this thread no longer runs for the port.
    self->port_running = false;
    if (running_) --running_;
  }
  // Whatever wakes this thread (a packet, a timeout, an APC), it runs again afterwards and
  // counts against the concurrency limit until it waits again, as on Windows; a thread handed
  // packets was counted by the thread that handed them.
  bool polled_once = false;
  for (;;) {
    if (closed_.load(std::memory_order_relaxed)) {
      unlock_and_wake(g);
      return port_wait::abandoned;
    }
    if (count_ > 0 && running_ < concurrency_) {
      take_locked(out, max, got);
      ++running_;  // counted before hand_out_locked looks at the limit
      self->port_running = true;
      hand_out_locked();
      unlock_and_wake(g);
      return port_wait::ok;
    }
    if (alertable && self->apc_pending()) return run_apcs_after(g, self);
    int ms = remaining_ms(deadline);
    if (ms == 0 && (polled_once || poller_)) {
      ++running_;
      self->port_running = true;
      unlock_and_wake(g);
      return port_wait::timeout;
    }

    if (!poller_) {
      polled_once = true;  // a zero timeout still reaps what the kernel has finished
      // Become the poller: reap the kernel's completions on this thread (its poll submits
      // whatever this and other workers deferred).
      poller_ = self;
      self->io_deferred = false;
      self->wait_word.store(wake_armed, std::memory_order_seq_cst);
      self->polling_engine.store(engine_, std::memory_order_seq_cst);
      if (alertable) {
        self->alertable_wait.store(true, std::memory_order_seq_cst);
        if (self->apc_pending()) claim_wait(self, wake_apc);
      }
      unlock_and_wake(g);
      if (self->wait_word.load(std::memory_order_acquire) == wake_armed) engine_->poll(ms);
      self->alertable_wait.store(false, std::memory_order_seq_cst);
      self->polling_engine.store(nullptr, std::memory_order_seq_cst);
      uint32_t w = self->wait_word.exchange(wake_idle, std::memory_order_acq_rel);
      g.lock();
      poller_ = nullptr;
      if (w == wake_apc) return run_apcs_after(g, self);
      continue;  // take what was reaped (the top of the loop), or poll again
    }

    // Someone else polls: sleep on the LIFO stack until handed packets, asked to poll, or timed out.
    waiter me{self, out, max, 0, waiters_};
    waiters_ = &me;
    self->wait_word.store(wake_armed, std::memory_order_seq_cst);
    if (alertable) {
      self->alertable_wait.store(true, std::memory_order_seq_cst);
      if (self->apc_pending()) claim_wait(self, wake_apc);
    }
    unlock_and_wake(g);
    uint32_t w;
    while ((w = self->wait_word.load(std::memory_order_acquire)) == wake_armed) {
      if (!futex_wait_until(&self->wait_word, wake_armed, deadline)) {
        if (deadline && monotonic_ns() >= deadline) claim_wait(self, wake_timeout);
      }
    }
    self->alertable_wait.store(false, std::memory_order_relaxed);
    if (w == wake_port_packet) {
      // The hander unlinked this waiter, filled its buffer and counted it as running.
      self->wait_word.store(wake_idle, std::memory_order_relaxed);
      *got = me.got;
      self->port_running = true;
      return port_wait::ok;
    }
    g.lock();
    for (waiter** p = &waiters_; *p; p = &(*p)->next) {
      if (*p == &me) {
        *p = me.next;
        break;
      }
    }
    w = self->wait_word.exchange(wake_idle, std::memory_order_acq_rel);
    switch (w) {
      case wake_port_closed:
        unlock_and_wake(g);
        return port_wait::abandoned;
      case wake_apc:
        return run_apcs_after(g, self);
      case wake_timeout:
        ++running_;
        self->port_running = true;
        hand_out_locked();
        unlock_and_wake(g);
        return port_wait::timeout;
      default:  // wake_port_poll
        continue;
    }
  }
}

void completion_port::close() {
  guard g(lock_);
  closed_.store(true, std::memory_order_release);
  while (waiters_) {
    waiter* w = waiters_;
    waiters_ = w->next;
    thread_ctx* t = w->thread;
    if (claim_wait(t, wake_port_closed)) wake_later_locked(t);
  }
  if (poller_) wake_engine_ = true;
  unlock_and_wake(g);
}

void completion_port::thread_left() {
  guard g(lock_);
  if (running_) --running_;
  hand_out_locked();
  unlock_and_wake(g);
}

void completion_port::thread_resumed() {
  guard g(lock_);
  ++running_;
}

bool completion_port::reap_if_idle() {
  guard g(lock_);
  if (poller_ || closed_.load(std::memory_order_relaxed)) return false;
  thread_ctx* self = current_thread();
  poller_ = self;
  g.unlock();
  int n = engine_->poll(0);
  engine_->flush();  // what the dispatch resubmitted: no worker may come back for it
  g.lock();
  poller_ = nullptr;
  hand_out_locked();
  unlock_and_wake(g);
  return n > 0;
}

namespace {
std::mutex registry_lock;
completion_port* registry_head = nullptr;
}  // namespace

void completion_port::register_port() {
  std::lock_guard<std::mutex> g(registry_lock);
  next_registered_ = registry_head;
  registry_head = this;
}

void completion_port::unregister_port() {
  std::lock_guard<std::mutex> g(registry_lock);
  for (completion_port** p = &registry_head; *p; p = &(*p)->next_registered_) {
    if (*p == this) {
      *p = next_registered_;
      return;
    }
  }
}

bool ports_exist() {
  std::lock_guard<std::mutex> g(registry_lock);
  return registry_head != nullptr;
}

void sweep_idle_ports() {
  // Takes a reference to each live port so none is destroyed while it is being reaped.
  completion_port* batch[64];
  int n = 0;
  {
    std::lock_guard<std::mutex> g(registry_lock);
    for (completion_port* p = registry_head; p && n < 64; p = p->next_registered_) {
      if (p->try_add_ref()) batch[n++] = p;
    }
  }
  for (int i = 0; i < n; ++i) {
    batch[i]->reap_if_idle();
    batch[i]->release();
  }
}

void flush_deferred_io_slow(thread_ctx* t) {
  if (t->io_deferred) {
    t->io_deferred = false;
    if (completion_port* p = t->assoc_port) p->io_engine()->flush();
  }
  if (t->io_deferred_default) flush_default_deferred(t);
}

void flush_default_deferred(thread_ctx* t) {
  t->io_deferred_default = false;
  if (engine* e = default_engine_if_started()) e->flush();
}

blocking_region::blocking_region(bool polls_default) noexcept : t_(current_thread()), polls_default_(polls_default) {
  if (__builtin_expect(t_->io_deferred || t_->port_running || (t_->io_deferred_default && !polls_default), 0))
    enter();
}

blocking_region::~blocking_region() {
  if (__builtin_expect(released_ != nullptr, 0)) leave();
}

void blocking_region::enter() noexcept {
  if (t_->io_deferred) {
    t_->io_deferred = false;
    if (completion_port* p = t_->assoc_port) p->io_engine()->flush();
  }
  // A wait that polls the process engine itself submits that engine's deferred requests.
  if (t_->io_deferred_default && !polls_default_) flush_default_deferred(t_);
  if (t_->port_running && t_->assoc_port) {
    released_ = t_->assoc_port;
    released_->add_ref();
    t_->port_running = false;
    released_->thread_left();  // may release a waiting thread now
  }
}

void blocking_region::leave() noexcept {
  // An APC run inside the wait may have called GetQueuedCompletionStatus, which counted this
  // thread again (or moved it to another port): then there is nothing to give back.
  if (!t_->port_running && t_->assoc_port == released_) {
    released_->thread_resumed();
    t_->port_running = true;
  }
  released_->release();
  released_ = nullptr;
}

void port_thread_exit_hook(thread_ctx* t) {
  if (t->io_deferred || t->io_deferred_default) flush_deferred_io_slow(t);
  if (completion_port* p = t->assoc_port) {
    t->assoc_port = nullptr;
    if (t->port_running) p->thread_left();
    t->port_running = false;
    p->release();
  }
}

}  // namespace ovl::detail
