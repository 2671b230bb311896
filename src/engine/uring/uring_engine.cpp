// uring_engine: keeps the head op of each socket direction in flight as an io_uring SQE
// (RECVMSG/SENDMSG, POLL_ADD for zero-length receives) and reaps completions on one I/O
// thread. Submission is shared by app threads under a short lock; completions are reaped by
// whichever thread polls (one at a time). Linux fds stay blocking, so the kernel arms poll instead of failing
// with EAGAIN (io_uring returns EAGAIN for O_NONBLOCK sockets).
#include <liburing.h>
#include <poll.h>

#include <atomic>
#include <cerrno>
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
};
constexpr unsigned watch_mask = POLLIN | POLLOUT | POLLPRI | POLLRDHUP;
constexpr unsigned ring_entries = 4096;

class uring_engine;
// The engine whose poll() this thread is inside: its resubmissions are batched until the reap ends.
thread_local uring_engine* polling_here = nullptr;

class uring_engine final : public engine {
 public:
  bool init() {
    io_uring_params p{};
    p.flags = IORING_SETUP_CLAMP;
    if (io_uring_queue_init_params(ring_entries, &ring_, &p) < 0) return false;
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
    return true;
  }

  ~uring_engine() override { io_uring_queue_exit(&ring_); }

  const char* name() const noexcept override { return "uring"; }
  bool ops_in_kernel() const noexcept override { return true; }

  void submit(io_op* op) override {
    std::lock_guard<std::mutex> g(sq_lock_);
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
      if (op->kind == io_kind::recv)
        io_uring_prep_recv(sqe, fd, v.iov_base, v.iov_len, op->lflags);
      else
        io_uring_prep_send(sqe, fd, v.iov_base, v.iov_len, op->lflags);
    } else if (op->kind == io_kind::recv) {
      if (op->msg.msg_name) op->msg.msg_namelen = sizeof(op->addr);
      io_uring_prep_recvmsg(sqe, fd, &op->msg, unsigned(op->lflags));
    } else {
      io_uring_prep_sendmsg(sqe, fd, &op->msg, unsigned(op->lflags));
    }
    io_uring_sqe_set_data64(sqe, reinterpret_cast<uint64_t>(op));
    op->in_engine = true;
    OVL_TSAN_RELEASE(op);
    flush_locked();
  }

  void cancel(io_op* op) override {
    std::lock_guard<std::mutex> g(sq_lock_);
    io_uring_sqe* sqe = get_sqe();
    io_uring_prep_cancel64(sqe, reinterpret_cast<uint64_t>(op), 0);
    io_uring_sqe_set_data64(sqe, cancel_tag);
    flush_locked();
  }

  // Multishot poll (kernel 5.13+, liburing 2.2+). The record is s.net.watch_token, guarded by
  // sq_lock_; unwatch sends POLL_REMOVE, and the final CQE drops the socket reference.
  void watch(socket_object& s, bool on) override {
    std::lock_guard<std::mutex> g(sq_lock_);
    auto* rec = static_cast<watch_rec*>(s.net.watch_token);
    if (on) {
      if (rec) return;
      rec = new watch_rec{&s};
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
    flush_locked();
  }

 private:
  io_uring_sqe* get_sqe() {
    io_uring_sqe* sqe;
    while (!(sqe = io_uring_get_sqe(&ring_))) io_uring_submit(&ring_);  // SQ full: push it out
    return sqe;
  }

  // App threads submit at once; the I/O thread batches its resubmissions until its reap ends.
  void flush_locked() {
    if (polling_here == this) {
      dirty_ = true;
      return;
    }
    io_uring_submit(&ring_);
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
    std::unique_lock<std::mutex> g(sq_lock_);
    if (rec->active.load(std::memory_order_acquire) && !rec->sock->closed.load()) {
      arm_locked(rec);
      flush_locked();
      return;
    }
    if (rec->sock->net.watch_token == rec) rec->sock->net.watch_token = nullptr;
    g.unlock();
    rec->sock->release();
    delete rec;
  }

  int poll(int timeout_ms) override {
    uring_engine* outer = polling_here;
    polling_here = this;
    io_uring_cqe* cqe;
    int r;
    if (timeout_ms < 0) {
      r = io_uring_wait_cqe(&ring_, &cqe);
    } else {
      __kernel_timespec ts{timeout_ms / 1000, (timeout_ms % 1000) * 1000000LL};
      r = io_uring_wait_cqe_timeout(&ring_, &cqe, &ts);
    }
    int n = 0;
    if (r == 0) {
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
    }
    if (dirty_) {
      std::lock_guard<std::mutex> g(sq_lock_);
      dirty_ = false;
      io_uring_submit(&ring_);
    }
    polling_here = outer;
    return n;
  }

  void wake() override {
    std::lock_guard<std::mutex> g(sq_lock_);
    io_uring_sqe* sqe = get_sqe();
    io_uring_prep_nop(sqe);
    io_uring_sqe_set_data64(sqe, wake_tag);
    flush_locked();
  }

  io_uring ring_{};
  std::mutex sq_lock_;
  bool dirty_ = false;  // I/O thread only
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
