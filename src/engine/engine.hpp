// The engine interface: engines move bytes and report results; all semantics live in core.
// uring_engine keeps the head op of each socket direction in flight as an SQE; epoll_engine
// waits for readiness and lets the core perform the ops (readiness + retry).
#pragma once
#include <cstdint>

namespace ovl::detail {

struct io_op;
class socket_object;

class engine {
 public:
  virtual ~engine() = default;
  virtual const char* name() const noexcept = 0;
  // True when a submitted op is inside the kernel and must be cancelled (and its result
  // awaited) before its buffers are free; false when the core performs ops itself.
  virtual bool ops_in_kernel() const noexcept = 0;
  // Called with the socket's q_lock held, for the head op of a direction. defer: the calling
  // thread will soon wait on this engine (a completion port worker, or a thread that polls the
  // process engine in its waits: core/poll_lease.hpp), so the request may
  // stay in the submission queue until a poll() carries it to the kernel (the wait's own
  // syscall) instead of costing a syscall now. The engine never defers while another thread
  // sits inside poll(), which could not see the request; flush() and the I/O thread's sweep
  // bound how long a deferred request waits when the worker goes elsewhere.
  virtual void submit(io_op* op, bool defer) = 0;
  // Whether submit(op, true) would defer now (an unlocked hint: nobody is inside poll()).
  virtual bool can_defer() const noexcept { return false; }
  // Hands deferred submissions to the kernel now (thread-safe; cheap when there are none).
  virtual void flush() {}
  // Called with the socket's q_lock held, for an op that is in_engine.
  virtual void cancel(io_op* op) = 0;
  // Waits up to timeout_ms (-1 = forever) for results and dispatches them to the core
  // (io_op_result / socket_ready). One poller at a time; returns the number dispatched.
  // The caller decides which thread polls (today a dedicated I/O thread; completion ports
  // will let the waiting thread reap its own completions).
  virtual int poll(int timeout_ms) = 0;
  // Makes a concurrent poll() return soon (thread-safe, cheap).
  virtual void wake() = 0;
  // WSAEventSelect/WSAAsyncSelect: report every readiness change of s to the core
  // (socket_readiness, core/net_events.hpp) until watch(s, false). Called with no socket lock
  // held, on the process default engine only (the_engine()), even for sockets whose I/O goes
  // through a completion port's engine. The engine keeps s alive while it may still report.
  virtual void watch(socket_object& s, bool on) = 0;
};

// The process's engine: chosen on first use (OVL_ENGINE=uring|epoll overrides; io_uring when it
// works, else epoll) and serviced by one I/O thread.
engine& the_engine();

// Starts the dedicated I/O thread that polls an engine forever (engine/io_thread.cpp).
void start_io_thread(engine* e);

// A new engine of the same kind as the process default (a completion port's own engine).
engine* make_engine_like_default();

// Factories (nullptr when the engine cannot run here).
engine* make_uring_engine();
engine* make_epoll_engine();

}  // namespace ovl::detail
