// uring_engine: keeps the head op of each socket direction in flight as an io_uring SQE
// (RECV/SEND, RECVMSG/SENDMSG, POLL_ADD for zero-length receives, ACCEPT, CONNECT) and
// reaps completions in poll(), on whichever thread polls (one at a time). Linux fds stay
// blocking, so the kernel arms poll instead of failing with EAGAIN (io_uring returns EAGAIN
// for O_NONBLOCK sockets).
//
// Submission. The SQ ring is shared by every thread under sq_lock_. A request from a thread
// that will wait on this engine next (a completion port worker: submit(op, defer=true)) is only
// written to the ring; the poll() that follows hands it to the kernel in the same
// io_uring_enter that waits for completions, so it costs no syscall of its own and its kernel
// work (task_work) runs on the polling thread, which is awake anyway. That is only safe while
// nobody sits inside io_uring_enter already (that thread would not see the request until it
// woke for something else): poll() flushes the ring and raises in_kernel_ under sq_lock_, and a
// submitter that sees in_kernel_ enters the kernel itself. Everything else (cancels, watches,
// wake-ups, requests from other threads) is submitted at once.
#include <liburing.h>
#include <poll.h>
#include <sys/utsname.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <mutex>

#include "core/io_op.hpp"
#include "engine/engine.hpp"
#include "sys/tsan.hpp"

namespace ovl::detail {

namespace {

constexpr uint64_t cancel_tag = 1;  // user_data of cancel SQEs (ops are 8-aligned pointers)
constexpr uint64_t wake_tag = 2;    // user_data of wake-up NOPs
constexpr uint64_t watch_tag = 4;   // low bits of a watch record's user_data (8-aligned pointer | 4)

// One WSAEventSelect watch: a multishot POLL_ADD whose CQEs report readiness to the core. It
// holds a reference on the socket until its last CQE (the one without IORING_CQE_F_MORE).
struct watch_rec {
  socket_object* sock;
  std::atomic<bool> active{true};  // false once unwatched: the last CQE frees the record
  // Every live record is on the engine's list (under sq_lock_), so one whose last CQE has not
  // been reaped when the process exits is still reachable: not a leak (LeakSanitizer agrees).
  watch_rec* prev = nullptr;
  watch_rec* next = nullptr;
};
constexpr unsigned watch_mask = POLLIN | POLLOUT | POLLPRI | POLLRDHUP;
constexpr unsigned ring_entries = 4096;

// Whether the running kernel is at least major.minor (uname's release, e.g. "6.1.0-18-amd64").
bool kernel_at_least(int major, int minor) {
  utsname u;
  if (uname(&u) != 0) return false;
  int ma = 0, mi = 0;
  if (std::sscanf(u.release, "%d.%d", &ma, &mi) != 2) return false;
  return ma > major || (ma == major && mi >= minor);
}

class uring_engine;
// The engine whose poll() this thread is inside: its resubmissions are batched until the reap ends.
thread_local uring_engine* polling_here = nullptr;

class uring_engine final : public engine {
 public:
  bool init() {
    // COOP_TASKRUN (Linux 5.19): the kernel does not interrupt a running submitter with an IPI
    // to run a request's completion work (task_work); the thread runs it at its next return
    // from the kernel (a syscall, or at the latest the next timer interrupt), and a sleeping
    // submitter is still woken for it. Our threads make syscalls all the time (the try-first
    // recv/send, the waits), so the IPIs bought nothing: on the model-I example they cost
    // about 40 % of the throughput (2026-11-27, 2-vCPU VM). TASKRUN_FLAG lets poll() see
    // that task_work is pending. Older kernels refuse the flags: set the ring up without them.
    io_uring_params p{};
    p.flags = IORING_SETUP_CLAMP | IORING_SETUP_COOP_TASKRUN | IORING_SETUP_TASKRUN_FLAG;
    if (io_uring_queue_init_params(ring_entries, &ring_, &p) < 0) {
      p = io_uring_params{};
      p.flags = IORING_SETUP_CLAMP;
      if (io_uring_queue_init_params(ring_entries, &ring_, &p) < 0) return false;
    }
    // Timed waits pass their timeout to io_uring_enter (IORING_FEAT_EXT_ARG, Linux 5.11;
    // multishot poll for the watches needs 5.13 anyway): without it, use epoll.
    if (!(p.features & IORING_FEAT_EXT_ARG)) {
      io_uring_queue_exit(&ring_);
      return false;
    }
    io_uring_probe* probe = io_uring_get_probe_ring(&ring_);
    bool ok = probe && io_uring_opcode_supported(probe, IORING_OP_RECVMSG) &&
              io_uring_opcode_supported(probe, IORING_OP_SENDMSG) &&
              io_uring_opcode_supported(probe, IORING_OP_POLL_ADD) &&
              io_uring_opcode_supported(probe, IORING_OP_ASYNC_CANCEL);
    if (probe) io_uring_free_probe(probe);
    if (!ok) {
      io_uring_queue_exit(&ring_);
      return false;
    }
    poll_first_ = kernel_at_least(5, 19);
    return true;
  }

  ~uring_engine() override { io_uring_queue_exit(&ring_); }

  const char* name() const noexcept override { return "uring"; }
  bool ops_in_kernel() const noexcept override { return true; }

  void submit(io_op* op, bool defer) override {
    std::unique_lock g(sq_lock_);
    io_uring_sqe* sqe = get_sqe();
    int fd = op->sock->fd();
    if (op->kind == io_kind::accept) {
      op->addrlen = sizeof(op->addr);
      io_uring_prep_accept(sqe, fd, reinterpret_cast<sockaddr*>(&op->addr), &op->addrlen, SOCK_CLOEXEC);
    } else if (op->kind == io_kind::connect) {
      io_uring_prep_connect(sqe, fd, reinterpret_cast<sockaddr*>(&op->addr), op->addrlen);
    } else if (op->polled()) {
      io_uring_prep_poll_add(sqe, fd, op->kind == io_kind::transmit ? POLLOUT : POLLIN);
    } else if (op->msg.msg_iovlen == 1 && !op->msg.msg_name && op->sock->is_stream()) {
      iovec& v = op->msg.msg_iov[0];
      if (op->kind == io_kind::recv) {
        io_uring_prep_recv(sqe, fd, v.iov_base, v.iov_len, op->lflags);
        if (poll_first_) sqe->ioprio |= IORING_RECVSEND_POLL_FIRST;
      } else {
        io_uring_prep_send(sqe, fd, v.iov_base, v.iov_len, op->lflags);
      }
    } else if (op->kind == io_kind::recv) {
      if (op->msg.msg_name) op->msg.msg_namelen = sizeof(op->addr);
      io_uring_prep_recvmsg(sqe, fd, &op->msg, unsigned(op->lflags));
      if (poll_first_) sqe->ioprio |= IORING_RECVSEND_POLL_FIRST;
    } else {
      io_uring_prep_sendmsg(sqe, fd, &op->msg, unsigned(op->lflags));
    }
    io_uring_sqe_set_data64(sqe, reinterpret_cast<uint64_t>(op));
    op->in_engine = true;
    OVL_TSAN_RELEASE(op);
    if (polling_here == this || (defer && !in_kernel())) return;  // the next poll() submits it
    enter_unlocked(g);
  }

  bool can_defer() const noexcept override { return !in_kernel(); }

  void flush() override {
    std::unique_lock g(sq_lock_);
    if (ring_.sq.sqe_tail != ring_.sq.sqe_head) enter_unlocked(g);
  }

  void cancel(io_op* op) override {
    std::unique_lock g(sq_lock_);
    io_uring_sqe* sqe = get_sqe();
    io_uring_prep_cancel64(sqe, reinterpret_cast<uint64_t>(op), 0);
    io_uring_sqe_set_data64(sqe, cancel_tag);
    flush_locked(g);
  }

  // Multishot poll (kernel 5.13+, liburing 2.2+). The record is s.net.watch_token, guarded by
  // sq_lock_; unwatch sends POLL_REMOVE, and the final CQE drops the socket reference.
  void watch(socket_object& s, bool on) override {
    std::unique_lock g(sq_lock_);
    auto* rec = static_cast<watch_rec*>(s.net.watch_token);
    if (on) {
      if (rec) return;
      rec = new watch_rec{&s};
      rec->next = live_watches_;
      if (live_watches_) live_watches_->prev = rec;
      live_watches_ = rec;
      s.add_ref();
      s.net.watch_token = rec;
      arm_locked(rec);
    } else {
      if (!rec) return;
      s.net.watch_token = nullptr;
      rec->active.store(false, std::memory_order_release);
      io_uring_sqe* sqe = get_sqe();
      io_uring_prep_poll_remove(sqe, reinterpret_cast<uint64_t>(rec) | watch_tag);
      io_uring_sqe_set_data64(sqe, cancel_tag);
    }
    flush_locked(g);
  }

 private:
  io_uring_sqe* get_sqe() {
    io_uring_sqe* sqe;
    while (!(sqe = io_uring_get_sqe(&ring_))) io_uring_submit(&ring_);  // SQ full: push it out
    return sqe;
  }

  // Cancels, watches and wake-ups go to the kernel at once, with anything deferred before
  // them; inside poll()'s dispatch they wait for the next poll like resubmissions do.
  void flush_locked(std::unique_lock<std::mutex>& g) {
    if (polling_here == this) return;
    enter_unlocked(g);
  }

  // Publishes the ring under sq_lock_, then enters the kernel without it, so a poller coming
  // back from its wait (or another submitter) never sleeps on the lock behind this syscall. The
  // kernel consumes SQEs in ring order whichever thread enters first; one that finds them taken
  // already submits nothing.
  void enter_unlocked(std::unique_lock<std::mutex>& g) {
    unsigned n = publish_sq_locked();
    g.unlock();
    if (n) io_uring_enter(unsigned(ring_.ring_fd), n, 0, 0, nullptr);
  }

  bool in_kernel() const noexcept { return __atomic_load_n(&in_kernel_, __ATOMIC_RELAXED); }

  // Publishes the SQEs written so far to the kernel's SQ tail (liburing's __io_uring_flush_sq,
  // which is not exported); returns how many the kernel has not consumed yet. sq_lock_ held.
  unsigned publish_sq_locked() {
    io_uring_sq& sq = ring_.sq;
    const unsigned tail = sq.sqe_tail;
    if (sq.sqe_head != tail) {
      sq.sqe_head = tail;
      io_uring_smp_store_release(sq.ktail, tail);
    }
    return tail - io_uring_smp_load_acquire(sq.khead);
  }

  // io_uring_enter outside sq_lock_: submits up to to_submit published SQEs (the kernel takes
  // what is there; a concurrent submitter may have taken some) and waits for a completion.
  int enter(unsigned to_submit, int timeout_ms) {
    unsigned flags = IORING_ENTER_GETEVENTS;
    unsigned wait_nr = timeout_ms == 0 ? 0 : 1;
    if (timeout_ms > 0) {
      __kernel_timespec ts{timeout_ms / 1000, (timeout_ms % 1000) * 1000000LL};
      io_uring_getevents_arg arg{};
      arg.ts = reinterpret_cast<uint64_t>(&ts);
      return io_uring_enter2(unsigned(ring_.ring_fd), to_submit, wait_nr, flags | IORING_ENTER_EXT_ARG,
                             reinterpret_cast<sigset_t*>(&arg), sizeof arg);
    }
    return io_uring_enter(unsigned(ring_.ring_fd), to_submit, wait_nr, flags, nullptr);
  }

  void arm_locked(watch_rec* rec) {
    io_uring_sqe* sqe = get_sqe();
    io_uring_prep_poll_multishot(sqe, rec->sock->fd(), watch_mask);
    io_uring_sqe_set_data64(sqe, reinterpret_cast<uint64_t>(rec) | watch_tag);
    OVL_TSAN_RELEASE(rec);  // the record travels through the kernel (sys/tsan.hpp)
  }

  // A watch CQE (I/O thread).
  void watch_result(watch_rec* rec, int res, unsigned flags) {
    if (res >= 0 && rec->active.load(std::memory_order_acquire)) socket_readiness(*rec->sock, unsigned(res));
    if (flags & IORING_CQE_F_MORE) return;
    // The poll ended: removed by unwatch, or ended by the kernel (then arm it again).
    std::unique_lock g(sq_lock_);
    if (rec->active.load(std::memory_order_acquire) && !rec->sock->closed.load()) {
      arm_locked(rec);
      flush_locked(g);
      return;
    }
    if (rec->sock->net.watch_token == rec) rec->sock->net.watch_token = nullptr;
    if (rec->prev) rec->prev->next = rec->next; else live_watches_ = rec->next;
    if (rec->next) rec->next->prev = rec->prev;
    g.unlock();
    rec->sock->release();
    delete rec;
  }

  int poll(int timeout_ms) override {
    uring_engine* outer = polling_here;
    polling_here = this;
    unsigned to_submit;
    {
      std::lock_guard g(sq_lock_);
      to_submit = publish_sq_locked();
      __atomic_store_n(&in_kernel_, true, __ATOMIC_RELAXED);  // submitters now enter themselves
    }
    // Enter the kernel unless completions are already waiting and nothing needs submitting
    // (or flushing: an overflowed CQ, or task_work the kernel asks us to run).
    const unsigned sq_flags = IO_URING_READ_ONCE(*ring_.sq.kflags);
    const bool ready = io_uring_cq_ready(&ring_) != 0;
    if (to_submit || !ready || (sq_flags & (IORING_SQ_CQ_OVERFLOW | IORING_SQ_TASKRUN))) {
      enter(to_submit, ready ? 0 : timeout_ms);
    }
    // Lowered without sq_lock_: a submitter that still sees it raised enters the kernel itself
    // (always safe); one that sees it lowered leaves its request for the next poll().
    __atomic_store_n(&in_kernel_, false, __ATOMIC_RELAXED);
    // Dispatch. Resubmissions made here wait in the ring for the next poll (or flush()).
    int n = 0;
    io_uring_cqe* cqe;
    unsigned head;
    io_uring_for_each_cqe(&ring_, head, cqe) {
      ++n;
      uint64_t ud = io_uring_cqe_get_data64(cqe);
      if ((ud & 7) == watch_tag) {
        auto* rec = reinterpret_cast<watch_rec*>(ud & ~uint64_t(7));
        OVL_TSAN_ACQUIRE(rec);
        watch_result(rec, cqe->res, cqe->flags);
      } else if (ud > wake_tag) {
        auto* op = reinterpret_cast<io_op*>(ud);
        OVL_TSAN_ACQUIRE(op);
        io_op_result(op, cqe->res);
      }
    }
    io_uring_cq_advance(&ring_, unsigned(n));
    polling_here = outer;
    return n;
  }

  void wake() override {
    std::unique_lock g(sq_lock_);
    io_uring_sqe* sqe = get_sqe();
    io_uring_prep_nop(sqe);
    io_uring_sqe_set_data64(sqe, wake_tag);
    flush_locked(g);
  }

  io_uring ring_{};
  // A receive reaches the engine only after the direct try found no data (socket_io's try
  // first), so the kernel arms poll at once instead of trying again (IORING_RECVSEND_POLL_FIRST,
  // Linux 5.19; an older kernel would fail the request with EINVAL).
  bool poll_first_ = false;
  std::mutex sq_lock_;
  bool in_kernel_ = false;  // a poll() is inside io_uring_enter (raised under sq_lock_)
  watch_rec* live_watches_ = nullptr;  // under sq_lock_
};

}  // namespace

engine* make_uring_engine() {
  auto* e = new uring_engine;
  if (!e->init()) {
    delete e;
    return nullptr;
  }
  return e;
}

}  // namespace ovl::detail
