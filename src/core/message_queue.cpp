// Per-thread message queues (see message_queue.hpp): the tid registry PostThreadMessage uses,
// posted FIFO, cross-thread sent messages, WM_QUIT, timers, and the owner's futex park.
#include "core/message_queue.hpp"

#include <algorithm>
#include <mutex>
#include <unordered_map>

#include "core/completion_port.hpp"
#include "core/thread.hpp"
#include "core/poll_lease.hpp"
#include "sys/futex.hpp"

namespace ovl::detail {

namespace {

struct registry {
  std::mutex lock;
  std::unordered_map<uint32_t, message_queue*> by_tid;  // not referenced: removed at shut_down
};

registry& reg() {
  static registry* r = new registry;  // never destroyed: threads may exit after static dtors
  return *r;
}

std::atomic<uintptr_t> next_thread_timer_id{1};

uint32_t tick_ms(uint64_t ns) { return uint32_t(ns / 1000000ull); }

bool in_range(uint32_t msg, const message_filter& f) {
  if (f.min == 0 && f.max == 0) return true;
  if (f.min > f.max) return msg >= f.min || msg <= f.max;  // Windows: an inverted range wraps
  return msg >= f.min && msg <= f.max;
}

bool window_matches(uintptr_t hwnd, const message_filter& f) {
  if (f.hwnd == 0) return true;
  if (f.hwnd == filter_thread_only) return hwnd == 0;
  return hwnd == f.hwnd;
}


}  // namespace

message_queue::message_queue(thread_ctx* owner) : owner_(owner), tid_(owner->tid()) { owner_->add_ref(); }

message_queue::~message_queue() { owner_->release(); }

void message_queue::release() noexcept {
  if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
}

message_queue* message_queue::current() {
  thread_ctx* t = current_thread();
  if (__builtin_expect(t->msg_queue == nullptr, 0)) {
    auto* q = new message_queue(t);
    t->msg_queue = q;
    std::lock_guard<std::mutex> g(reg().lock);
    reg().by_tid[q->tid_] = q;
  }
  return t->msg_queue;
}

message_queue* message_queue::find(uint32_t tid) {
  std::lock_guard<std::mutex> g(reg().lock);
  auto it = reg().by_tid.find(tid);
  if (it == reg().by_tid.end()) return nullptr;
  it->second->add_ref();
  return it->second;
}

bool message_queue::alive() noexcept {
  spin_guard g(lock_);
  return !dead_;
}

void message_queue::wake_locked() noexcept {
  ++seq_;
  if (!waiting_) return;
  if (claim_wait(owner_, wake_message)) wake_thread(owner_);
}

bool message_queue::post(const queued_message& m) {
  spin_guard g(lock_);
  if (dead_) return false;
  posted_.push_back(m);
  if (posted_.back().time == 0) posted_.back().time = tick_ms(monotonic_ns());
  wake_locked();
  return true;
}

void message_queue::post_quit(int32_t code) {
  spin_guard g(lock_);
  quit_ = true;
  quit_code_ = code;
  wake_locked();
}

bool message_queue::send(sent_message* s) {
  message_queue* self = current();
  s->reply_to = self;
  s->done.store(0, std::memory_order_relaxed);
  s->delivered = false;
  s->result = 0;
  s->next = nullptr;
  self->add_ref();  // the receiver's reference to our queue, dropped after it wakes us
  {
    spin_guard g(lock_);
    if (dead_) {
      self->release();
      return false;
    }
    if (s->msg.time == 0) s->msg.time = tick_ms(monotonic_ns());
    if (sent_tail_) sent_tail_->next = s; else sent_head_ = s;
    sent_tail_ = s;
    wake_locked();
  }
  for (;;) {
    self->run_sent();
    uint64_t seen;
    {
      spin_guard g(self->lock_);
      seen = self->seq_;
    }
    if (s->done.load(std::memory_order_acquire)) break;
    self->park(seen, 0, &s->done);
  }
  return s->delivered;
}

int message_queue::run_sent() {
  int ran = 0;
  for (;;) {
    sent_message* s;
    {
      spin_guard g(lock_);
      s = sent_head_;
      if (!s) break;
      sent_head_ = s->next;
      if (!sent_head_) sent_tail_ = nullptr;
    }
    s->result = s->invoke(s);
    s->delivered = true;
    message_queue* reply = s->reply_to;
    {
      spin_guard g(reply->lock_);
      s->done.store(1, std::memory_order_release);  // under the sender's lock: see park()
      reply->wake_locked();
    }
    reply->release();
    ++ran;
  }
  return ran;
}

bool message_queue::park(uint64_t seen, uint64_t deadline_ns, const std::atomic<uint32_t>* flag) {
  thread_ctx* self = owner_;
  self->wait_word.store(wake_armed, std::memory_order_seq_cst);
  {
    spin_guard g(lock_);
    if (seq_ != seen || sent_head_ || dead_ || (flag && flag->load(std::memory_order_acquire))) {
      self->wait_word.store(wake_idle, std::memory_order_relaxed);
      return true;
    }
    waiting_ = true;
  }
  {
    blocking_region blocked(true);  // a port worker gives back its concurrency slot
    sleep_until_claimed(self, deadline_ns);  // polls the default engine under the poll lease
  }
  {
    spin_guard g(lock_);
    waiting_ = false;
  }
  return self->wait_word.exchange(wake_idle, std::memory_order_acq_rel) != wake_timeout;
}

bool message_queue::take_locked(queued_message* out, const message_filter& f, bool remove, uint64_t now,
                                uint64_t* next_due) {
  for (auto it = posted_.begin(); it != posted_.end(); ++it) {
    if (it->message != msg_quit && (!window_matches(it->hwnd, f) || !in_range(it->message, f))) continue;
    *out = *it;
    if (remove) posted_.erase(it);
    return true;
  }
  if (quit_) {
    *out = queued_message{0, msg_quit, uintptr_t(intptr_t(quit_code_)), 0, tick_ms(now)};
    if (remove) quit_ = false;
    return true;
  }
  if (!in_range(msg_timer, f)) return false;
  timer* best = nullptr;
  for (timer& t : timers_) {
    if (!window_matches(t.hwnd, f)) continue;
    if (!best || t.due_ns < best->due_ns) best = &t;
  }
  if (!best) return false;
  if (best->due_ns > now) {
    *next_due = best->due_ns;
    return false;
  }
  *out = queued_message{best->hwnd, msg_timer, best->id, intptr_t(best->proc), tick_ms(now)};
  if (remove) {
    // One WM_TIMER per expiry however late; the next one is a period after the due time,
    // or a period from now when we are more than a period behind.
    const uint64_t period = uint64_t(best->period_ms) * 1000000ull;
    best->due_ns += period;
    if (best->due_ns <= now) best->due_ns = now + period;
  }
  return true;
}

bool message_queue::get(queued_message* out, const message_filter& f, bool remove, uint32_t timeout_ms) {
  const uint64_t deadline = deadline_after_ms(timeout_ms);
  for (;;) {
    run_sent();
    const uint64_t now = monotonic_ns();
    uint64_t next_due = 0, seen;
    {
      spin_guard g(lock_);
      if (take_locked(out, f, remove, now, &next_due)) return true;
      seen = seq_;
    }
    if (timeout_ms == 0 || (deadline && now >= deadline)) return false;
    uint64_t until = deadline;
    if (next_due && (!until || next_due < until)) until = next_due;
    park(seen, until, nullptr);
  }
}

bool message_queue::wait_new(uint32_t timeout_ms) {
  uint64_t seen;
  {
    spin_guard g(lock_);
    seen = seq_;
  }
  return park(seen, deadline_after_ms(timeout_ms), nullptr);
}

uintptr_t message_queue::set_timer(uintptr_t hwnd, uintptr_t id, uint32_t period_ms, uintptr_t proc) {
  const uint64_t due = monotonic_ns() + uint64_t(period_ms) * 1000000ull;
  spin_guard g(lock_);
  for (timer& t : timers_) {
    if (t.hwnd == hwnd && t.id == id) {
      t.period_ms = period_ms;
      t.due_ns = due;
      t.proc = proc;
      wake_locked();
      return id;
    }
  }
  if (hwnd == 0) id = next_thread_timer_id.fetch_add(1, std::memory_order_relaxed);
  timers_.push_back(timer{hwnd, id, period_ms, due, proc});
  wake_locked();  // a parked owner recomputes its deadline
  return id;
}

bool message_queue::kill_timer(uintptr_t hwnd, uintptr_t id) {
  spin_guard g(lock_);
  auto it = std::find_if(timers_.begin(), timers_.end(), [&](const timer& t) { return t.hwnd == hwnd && t.id == id; });
  if (it == timers_.end()) return false;
  timers_.erase(it);
  return true;
}

void message_queue::kill_window_timers(uintptr_t hwnd) {
  spin_guard g(lock_);
  timers_.erase(std::remove_if(timers_.begin(), timers_.end(), [&](const timer& t) { return t.hwnd == hwnd; }),
                timers_.end());
}

void message_queue::discard_window_messages(uintptr_t hwnd) {
  spin_guard g(lock_);
  posted_.erase(std::remove_if(posted_.begin(), posted_.end(), [&](const queued_message& m) { return m.hwnd == hwnd; }),
                posted_.end());
}

void message_queue::shut_down() {
  sent_message* list;
  {
    spin_guard g(lock_);
    dead_ = true;
    list = sent_head_;
    sent_head_ = sent_tail_ = nullptr;
    posted_.clear();
    timers_.clear();
  }
  {
    std::lock_guard<std::mutex> g(reg().lock);
    auto it = reg().by_tid.find(tid_);
    if (it != reg().by_tid.end() && it->second == this) reg().by_tid.erase(it);
  }
  while (list) {  // senders waiting on a thread that ended get 0 back
    sent_message* next = list->next;
    message_queue* reply = list->reply_to;
    {
      spin_guard g(reply->lock_);
      list->done.store(1, std::memory_order_release);
      reply->wake_locked();
    }
    reply->release();
    list = next;
  }
}

void message_queue_thread_exit_hook(thread_ctx* t) {
  message_queue* q = t->msg_queue;
  if (!q) return;
  t->msg_queue = nullptr;
  q->shut_down();
  q->release();
}

}  // namespace ovl::detail
