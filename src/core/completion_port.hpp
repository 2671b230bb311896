// I/O completion ports: the packet queue, LIFO release of waiting threads, the concurrency
// limit, and the rule that the thread waiting in GetQueuedCompletionStatus reaps the kernel's
// completions itself (the port owns an engine instance; sockets associated with the port
// submit their operations to it). Neutral header.
#pragma once
#include <atomic>
#include <cstdint>
#include <mutex>

#include "core/object.hpp"

namespace ovl::detail {

class engine;
class thread_ctx;
struct overlapped_raw;

struct port_packet {
  uintptr_t key;
  overlapped_raw* ov;
  uint32_t bytes;
  uint32_t status;  // NTSTATUS
};

// Result of a wait on a port.
enum class port_wait : uint8_t { ok, timeout, apc, abandoned };

class completion_port final : public kobject {
 public:
  completion_port(uint32_t concurrency, engine* eng) noexcept;
  ~completion_port() override;

  engine* io_engine() const noexcept { return engine_; }

  // Queues a packet (I/O completion or PostQueuedCompletionStatus). Hands it straight to the
  // most recent waiting thread when the concurrency limit allows. Returns false once closed.
  bool post(const port_packet& p);

  // GetQueuedCompletionStatus(Ex): fills up to max packets. The calling thread polls the port's
  // engine itself when no other thread does. timeout_ms: UINT32_MAX = forever.
  port_wait wait(port_packet* out, uint32_t max, uint32_t* got, uint32_t timeout_ms, bool alertable);

  // CloseHandle: wakes every waiter with ERROR_ABANDONED_WAIT_0 and refuses later packets.
  void close();
  bool closed() const noexcept { return closed_.load(std::memory_order_acquire); }

  // A thread associated with this port stops running (it exited or blocks elsewhere) / runs
  // again after blocking elsewhere.
  void thread_left();
  void thread_resumed();

  // The I/O thread's sweep: when no thread is waiting in GetQueuedCompletionStatus, reap what
  // the kernel finished so OVERLAPPEDs, events and packets still complete (Windows completes
  // I/O whether or not anyone waits on the port). Returns true if anything was reaped.
  bool reap_if_idle();
  void register_port();
  void unregister_port();
  completion_port* next_registered_ = nullptr;

 private:
  struct waiter;
  using guard = std::unique_lock<std::mutex>;
  bool take_locked(port_packet* out, uint32_t max, uint32_t* got);
  void untake_locked(uint32_t n);
  void hand_out_locked();
  void wake_poller_locked();
  void wake_later_locked(thread_ctx* t);
  void unlock_and_wake(guard& g);
  port_wait run_apcs_after(guard& g, thread_ctx* self);

  std::mutex lock_;
  // Threads to wake once lock_ is released (a woken thread must not sleep again on lock_), and
  // whether the polling thread must be woken from the kernel. Under lock_.
  thread_ctx* wake_[8];
  uint32_t nwake_ = 0;
  bool wake_engine_ = false;
  engine* engine_;
  uint32_t concurrency_;
  uint32_t running_ = 0;         // threads released by this port and not waiting again
  port_packet* ring_ = nullptr;  // packet FIFO (grows)
  uint32_t cap_ = 0, head_ = 0, count_ = 0;
  waiter* waiters_ = nullptr;    // LIFO stack of sleeping threads
  thread_ctx* poller_ = nullptr; // the thread inside engine->poll(), if any
  std::atomic<bool> closed_{false};
};

// Per-thread association (the concurrency count follows the port a thread last waited on).
void port_thread_exit_hook(thread_ctx* t);

// Wraps the sleep of a blocking call made outside GetQueuedCompletionStatus (a wait, Sleep, a
// message wait, a blocking socket call). A port worker that blocks stops counting against its
// port's concurrency until it wakes, so the port can release another waiting thread (MS docs,
// "I/O Completion Ports": when a running thread "enters a wait state, ... the system can
// release another thread"); on waking it counts again, so the running count may exceed the
// limit for a while, as on Windows. Requests the worker deferred (engine.hpp submit) go to the
// kernel first. For any other thread this is one thread-local load and a test.
class blocking_region {
 public:
  // polls_default: the wait inside polls the process engine when it can (poll_lease.hpp), so
  // that engine's deferred requests are left for it.
  explicit blocking_region(bool polls_default = false) noexcept;
  ~blocking_region();
  blocking_region(const blocking_region&) = delete;
  blocking_region& operator=(const blocking_region&) = delete;

 private:
  void enter() noexcept;
  void leave() noexcept;
  thread_ctx* t_;
  bool polls_default_;
  completion_port* released_ = nullptr;  // the port whose slot this thread gave back
};

// The live ports, for the I/O thread's periodic sweep (reap_if_idle on each).
bool ports_exist();
void sweep_idle_ports();

}  // namespace ovl::detail
