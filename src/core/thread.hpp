// Per-thread state: the parking word every wait sleeps on, the APC queue that completion
// routines and QueueUserAPC share, and the eventfd that interrupts a blocking Winsock call for
// an APC (core/blocking_wait.hpp). thread_ctx exists for every thread that touches the library
// (created lazily), not only for threads made by CreateThread. Neutral header.
#pragma once
#include <atomic>
#include <cstdint>

#include "core/spinlock.hpp"

namespace ovl::detail {

// An APC. `fn(node, run)` is called exactly once: run=true from an alertable wait of the target
// thread, run=false when the thread exits with it still queued (free resources, run nothing).
struct apc_node {
  apc_node* next = nullptr;
  void (*fn)(apc_node* self, bool run) = nullptr;
};

class engine;
class completion_port;
class message_queue;

// wait_word values (see wait.cpp): armed while a wait sleeps; a waker CASes it to its reason.
constexpr uint32_t wake_armed = 0;
constexpr uint32_t wake_idle = 0xFFFFFFFFu;   // not waiting
constexpr uint32_t wake_apc = 0xFFFFFFFEu;    // an APC arrived during an alertable wait
constexpr uint32_t wake_notify = 0xFFFFFFFDu; // wait-all: something changed, recheck
constexpr uint32_t wake_timeout = 0xFFFFFFFCu;
constexpr uint32_t wake_port_packet = 0xFFFFFFFBu;  // completion port: packets handed over
constexpr uint32_t wake_port_poll = 0xFFFFFFFAu;    // completion port: become the poller
constexpr uint32_t wake_port_closed = 0xFFFFFFF9u;  // completion port: closed while waiting
constexpr uint32_t wake_message = 0xFFFFFFF8u;      // message queue: posted/sent/quit arrived
constexpr uint32_t wake_lease = 0xFFFFFFF7u;        // wait: the default engine's poll lease is free
// 1 + index: claimed by the object at that index of the wait.

class thread_ctx;
// Claims t's wait word for a reason (one of the values above, or 1 + an object index): the
// single arbiter of how a wait ends. Succeeds only while the word is armed. seq_cst: a claimer
// then reads the thread's polling_engine, which the waiter stores before it reads the word.
inline bool claim_wait(thread_ctx* t, uint32_t reason);

class thread_ctx {
 public:
  explicit thread_ctx(uint32_t id);
  ~thread_ctx();
  void add_ref() noexcept { refs_.fetch_add(1, std::memory_order_relaxed); }
  void release() noexcept;

  uint32_t tid() const noexcept { return tid_; }
  bool alive() const noexcept { return alive_.load(std::memory_order_acquire); }

  // Queues an APC; wakes the thread only if it sits in an alertable wait or a blocking Winsock
  // call (no syscall otherwise).
  // Returns false (and does not take the node) if the thread has exited.
  bool queue_apc(apc_node* n);
  bool apc_pending() const noexcept { return apc_count_.load(std::memory_order_seq_cst) != 0; }
  // Runs every APC queued so far (FIFO), including ones queued by the APCs themselves
  // before the queue drains. Returns the number run.
  int run_apcs();
  // Called by the thread's exit hook: marks the context dead and discards queued APCs.
  void on_exit();

  std::atomic<uint32_t> wait_word{wake_idle};
  std::atomic<bool> alertable_wait{false};
  // Set while this thread waits in a blocking Winsock call (blocking_wait): an APC then writes
  // apc_wake_fd(), which that wait polls next to its sockets. Published like alertable_wait.
  std::atomic<bool> in_blocking_call{false};
  // The eventfd behind that wake-up, created by the owning thread on its first blocking wait
  // (closed with the context). -1 if it cannot be created: the wait is then not alertable.
  int apc_wake_fd();
  // Makes this thread's blocking wait (blocking_wait) return so that it looks again (a socket
  // it waits on was closed). Only while the thread is registered in that socket's
  // blocked_threads, which keeps it alive and its eventfd created.
  void kick_blocking_wait();
  // Set while this thread blocks inside an engine's poll() (a completion port's, or the default
  // engine's under the poll lease): a waker must then wake the engine instead (futex_wake cannot
  // reach a thread in io_uring_enter/epoll_wait). Stored before the thread looks at wait_word.
  std::atomic<class engine*> polling_engine{nullptr};
  // The completion port this thread last waited on (its concurrency count); owned reference.
  class completion_port* assoc_port = nullptr;
  bool port_running = false;  // counted in assoc_port's running threads
  // Requests this thread left in assoc_port's engine for its next poll (engine.hpp submit):
  // any other blocking call hands them to the kernel first (flush_deferred_io).
  bool io_deferred = false;
  // Set once this thread has polled the process engine under the poll lease
  // (core/poll_lease.hpp): its requests to that engine then ride on its next wait as well, and
  // io_deferred_default says some are waiting in the ring (flushed like io_deferred, except by
  // the waits that poll the engine themselves).
  bool reaps_default = false;
  bool io_deferred_default = false;
  // The thread's user32 message queue (core/message_queue.hpp), created on first use; owned.
  class message_queue* msg_queue = nullptr;

 private:
  bool link_and_wake(apc_node* n);

  std::atomic<int32_t> refs_{1};
  std::atomic<bool> alive_{true};
  uint32_t tid_;
  spinlock apc_lock_;
  apc_node* apc_head_ = nullptr;
  apc_node* apc_tail_ = nullptr;
  std::atomic<uint32_t> apc_count_{0};
  // Written once by the owning thread before it first sets in_blocking_call (seq_cst), read
  // by queue_apc only after it saw that flag set: the flag's store/load orders the two.
  int wake_fd_ = -1;
  bool wake_fd_tried_ = false;
};

inline bool claim_wait(thread_ctx* t, uint32_t reason) {
  uint32_t expect = wake_armed;
  return t->wait_word.compare_exchange_strong(expect, reason, std::memory_order_seq_cst);
}

// The calling thread's context (created on first use; lives until the thread exits and the last
// reference is dropped).
thread_ctx* current_thread();
uint32_t current_tid();
// Thread IDs are ours (multiples of 4, like Windows'), so CreateThread can return the ID before
// the thread runs. A thread started by CreateThread calls init_current_thread with its ID first.
uint32_t allocate_thread_id();
thread_ctx* init_current_thread(uint32_t id);

// Called before a thread blocks anywhere but in GetQueuedCompletionStatus: requests it deferred
// to its completion port's next poll must not wait on a thread that sleeps elsewhere.
void flush_deferred_io_slow(thread_ctx* t);   // completion_port.cpp
void flush_default_deferred(thread_ctx* t);  // the process engine's only (completion_port.cpp)
inline void flush_deferred_io() {
  thread_ctx* t = current_thread();
  if (__builtin_expect(t->io_deferred | t->io_deferred_default, 0)) flush_deferred_io_slow(t);
}

}  // namespace ovl::detail
