// thread_ctx: lazily created per-thread state, APC queue, exit hook (see thread.hpp), and the
// alertable wait of blocking Winsock calls (blocking_wait, core/blocking_wait.hpp).
#include "core/thread.hpp"

#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>

#include "core/blocking_wait.hpp"
#include "core/completion_port.hpp"
#include "core/message_queue.hpp"
#include "core/poll_lease.hpp"
#include "engine/engine.hpp"
#include "sys/futex.hpp"

namespace ovl::detail {

thread_ctx::thread_ctx(uint32_t id) : tid_(id) {}

thread_ctx::~thread_ctx() {
  // Last reference: no queue_apc can be writing the eventfd any more (it holds a reference).
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

int thread_ctx::apc_wake_fd() {
  if (__builtin_expect(!wake_fd_tried_, 0)) {
    wake_fd_tried_ = true;
    wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  }
  return wake_fd_;
}

void thread_ctx::kick_blocking_wait() {
  if (wake_fd_ < 0) return;
  uint64_t one = 1;
  ssize_t w = ::write(wake_fd_, &one, sizeof one);
  (void)w;  // EAGAIN: the counter is already non-zero, the wait returns anyway
}

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
    if (claim_wait(this, wake_apc)) wake_thread(this);
  }
  // The same pairing with a thread in a blocking Winsock call (blocking_wait): it stores
  // in_blocking_call, then loads apc_count_. A write that comes after the waiter already left
  // only makes its next blocking wait return once early (it drains the counter and retries).
  if (in_blocking_call.load(std::memory_order_seq_cst)) {
    uint64_t one = 1;
    ssize_t w = ::write(wake_fd_, &one, sizeof one);
    (void)w;  // EAGAIN: the counter is already non-zero, the waiter wakes anyway
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

int blocking_wait(pollfd* fds, nfds_t n, uint64_t deadline_ns, int slice_ms) {
  thread_ctx* t = current_thread();
  const int efd = t->apc_wake_fd();
  nfds_t total = n;
  if (efd >= 0) {
    fds[n] = pollfd{efd, POLLIN, 0};
    ++total;
    // Publish the wait, then look for APCs (both seq_cst; link_and_wake does the reverse):
    // either we see an APC queued before the wait here, or queue_apc sees the flag and writes
    // the eventfd. APCs queued before a call that has to wait run too (Microsoft's accept,
    // recv, ... "Remarks": Winsock performs an alertable wait).
    t->in_blocking_call.store(true, std::memory_order_seq_cst);
    if (t->apc_pending()) {
      t->in_blocking_call.store(false, std::memory_order_relaxed);
      t->run_apcs();
      return 0;
    }
  }
  timespec ts, *tp = nullptr;
  int64_t left_ns = -1;
  if (deadline_ns) {
    uint64_t now = monotonic_ns();
    if (now >= deadline_ns) {
      t->in_blocking_call.store(false, std::memory_order_relaxed);
      return -ETIMEDOUT;
    }
    left_ns = int64_t(deadline_ns - now);
  }
  if (slice_ms >= 0 && (left_ns < 0 || left_ns > int64_t(slice_ms) * 1000000)) left_ns = int64_t(slice_ms) * 1000000;
  if (left_ns >= 0) {
    ts.tv_sec = time_t(left_ns / 1000000000);
    ts.tv_nsec = long(left_ns % 1000000000);
    tp = &ts;
  }
  int r;
  int e;
  if (left_ns == 0) {
    r = ::ppoll(fds, total, tp, nullptr);  // only a look: nothing to give back
    e = errno;
  } else {
    // A completion port worker gives back its concurrency slot and hands its deferred requests
    // to the kernel (completion_port.hpp): the callers rely on this for both.
    blocking_region blocked;
    r = ::ppoll(fds, total, tp, nullptr);
    e = errno;
  }
  if (efd >= 0) {
    t->in_blocking_call.store(false, std::memory_order_relaxed);
    if (r > 0 && fds[n].revents) {
      // Drain first: an APC queued from here on either is seen by run_apcs or leaves the
      // counter set for the next wait.
      uint64_t v;
      ssize_t rd = ::read(efd, &v, sizeof v);
      (void)rd;
      --r;
      t->run_apcs();
      return r;  // > 0 if a socket is ready as well; 0: the caller goes on waiting
    }
  }
  if (r < 0) return e == EINTR ? 0 : -e;
  if (r == 0 && deadline_ns && monotonic_ns() >= deadline_ns) return -ETIMEDOUT;
  return r;
}

}  // namespace ovl::detail
