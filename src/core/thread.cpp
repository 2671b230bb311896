// thread_ctx: lazily created per-thread state, APC queue, exit hook (see thread.hpp).
#include "core/thread.hpp"

#include "core/completion_port.hpp"
#include "core/message_queue.hpp"
#include "engine/engine.hpp"
#include "sys/futex.hpp"

namespace ovl::detail {

thread_ctx::thread_ctx(uint32_t id) : tid_(id) {}

namespace {
std::atomic<uint32_t> next_thread_id{4};
}

uint32_t allocate_thread_id() { return next_thread_id.fetch_add(4, std::memory_order_relaxed); }

void thread_ctx::release() noexcept {
  if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
}

bool thread_ctx::queue_apc(apc_node* n) {
  // Once the node is linked, the target may run it at once and drop the reference that kept
  // this context alive (an io_op's apc_thread), then exit and be freed while we are still
  // waking it: hold our own reference until we return (TSan, tests/win32/completion_routine.c).
  add_ref();
  bool queued = link_and_wake(n);
  release();
  return queued;
}

bool thread_ctx::link_and_wake(apc_node* n) {
  n->next = nullptr;
  {
    spin_guard g(apc_lock_);
    if (!alive_.load(std::memory_order_relaxed)) return false;
    if (apc_tail_) apc_tail_->next = n; else apc_head_ = n;
    apc_tail_ = n;
    apc_count_.fetch_add(1, std::memory_order_seq_cst);
  }
  // Pairs with the waiter's store to alertable_wait then load of apc_count_ (both seq_cst):
  // either the waiter sees the APC, or we see it waiting and wake it.
  if (alertable_wait.load(std::memory_order_seq_cst)) {
    uint32_t expect = wake_armed;
    if (wait_word.compare_exchange_strong(expect, wake_apc, std::memory_order_acq_rel)) {
      if (engine* e = polling_engine.load(std::memory_order_acquire)) e->wake();
      else futex_wake(&wait_word, 1);
    }
  }
  return true;
}

int thread_ctx::run_apcs() {
  int ran = 0;
  for (;;) {
    apc_node* n;
    {
      spin_guard g(apc_lock_);
      n = apc_head_;
      if (!n) break;
      apc_head_ = n->next;
      if (!apc_head_) apc_tail_ = nullptr;
      apc_count_.fetch_sub(1, std::memory_order_relaxed);
    }
    n->fn(n, true);
    ++ran;
  }
  return ran;
}

void thread_ctx::on_exit() {
  apc_node* list;
  {
    spin_guard g(apc_lock_);
    alive_.store(false, std::memory_order_release);
    list = apc_head_;
    apc_head_ = apc_tail_ = nullptr;
    apc_count_.store(0, std::memory_order_relaxed);
  }
  while (list) {
    apc_node* next = list->next;
    list->fn(list, false);
    list = next;
  }
  port_thread_exit_hook(this);
  message_queue_thread_exit_hook(this);
}

namespace {

struct thread_holder {
  thread_ctx* ctx = nullptr;
  ~thread_holder() {
    if (ctx) {
      ctx->on_exit();
      ctx->release();
    }
  }
};

thread_local thread_holder tls_holder;

}  // namespace

thread_ctx* current_thread() {
  thread_holder& h = tls_holder;
  if (__builtin_expect(h.ctx == nullptr, 0)) h.ctx = new thread_ctx(allocate_thread_id());
  return h.ctx;
}

thread_ctx* init_current_thread(uint32_t id) {
  thread_holder& h = tls_holder;
  if (!h.ctx) h.ctx = new thread_ctx(id);
  return h.ctx;
}

uint32_t current_tid() { return current_thread()->tid(); }

}  // namespace ovl::detail
