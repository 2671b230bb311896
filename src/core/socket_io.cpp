// The overlapped operation state machine: try first on the calling thread, queue on EAGAIN,
// keep only the head op of each direction in the engine, complete in issue order, and deliver
// exactly one notification per op that did not fail synchronously.
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <vector>

#include "core/io_op.hpp"
#include "core/completion_port.hpp"
#include "engine/engine.hpp"
#include "sys/errno_map.hpp"
#include "sys/sockaddr_conv.hpp"

namespace ovl::detail {

namespace {

int linux_msg_flags(uint32_t w) {
  int f = 0;
  if (w & win_msg_oob) f |= MSG_OOB;
  if (w & win_msg_peek) f |= MSG_PEEK;
  if (w & win_msg_dontroute) f |= MSG_DONTROUTE;
  if (w & win_msg_waitall) f |= MSG_WAITALL;
  return f;
}

uint32_t win_result_flags(int f) {
  uint32_t w = 0;
  if (f & MSG_OOB) w |= win_msg_oob;
  if (f & MSG_CTRUNC) w |= win_msg_ctrunc;
  return w;  // MSG_TRUNC is reported as WSAEMSGSIZE, and Windows clears it from the flags.
}

void atomic_store_status(overlapped_raw* ov, uint32_t st) {
  __atomic_store_n(&ov->internal, uintptr_t(st), __ATOMIC_RELEASE);
}

// Fills an op's iovecs and msghdr from the request.
int build_op(io_op* op, const io_request& r) {
  op->kind = r.kind;
  op->iovcnt = r.nbufs;
  if (r.nbufs > io_op::inline_iov) op->iov = new iovec[r.nbufs];
  size_t total = 0;
  for (uint32_t i = 0; i < r.nbufs; ++i) {
    op->iov[i].iov_base = r.bufs[i].buf;
    op->iov[i].iov_len = r.bufs[i].len;
    total += r.bufs[i].len;
  }
  op->total = total;
  op->lflags = linux_msg_flags(r.win_flags);
  op->msg = msghdr{};
  op->msg.msg_iov = op->iov;
  op->msg.msg_iovlen = op->iovcnt;
  if (r.kind == io_kind::send) {
    op->lflags |= MSG_NOSIGNAL;
    if (r.to) {
      int n = sockaddr_from_win(r.to, r.tolen, &op->addr);
      if (n < 0) return n;
      op->msg.msg_name = &op->addr;
      op->msg.msg_namelen = socklen_t(n);
    }
  } else {
    if (r.from) {
      op->msg.msg_name = &op->addr;
      op->msg.msg_namelen = sizeof(op->addr);
      op->from_win = r.from;
      op->fromlen_win = r.fromlen;
    }
    // A zero-length stream recv waits for data without consuming it.
    op->zero_poll = total == 0 && op->sock->is_stream();
  }
  return 0;
}

void release_op_refs_and_free(io_op* op) {
  if (op->event) op->event->release();
  if (op->port) op->port->release();
  if (op->apc_thread) op->apc_thread->release();
  if (op->sock) op->sock->release();
  if (op->iov != op->iov_inline) delete[] op->iov;
  io_op_free(op);
}

void run_completion_apc(apc_node* n, bool run) {
  io_op* op = reinterpret_cast<io_op*>(reinterpret_cast<char*>(n) - offsetof(io_op, apc));
  if (run) {
    using routine_t = void (*)(uint32_t, uint32_t, overlapped_raw*, uint32_t);
    uint32_t err = wsa_from_ntstatus(op->status);
    uint32_t bytes = uint32_t(op->bytes);
    overlapped_raw* ov = op->ov;
    uint32_t flags = op->result_flags;
    routine_t fn = reinterpret_cast<routine_t>(op->routine);
    release_op_refs_and_free(op);  // the routine may reuse or free the OVERLAPPED
    fn(err, bytes, ov, flags);
  } else {
    release_op_refs_and_free(op);
  }
}

// Notifies the targets of a completed operation that has no APC: the completion port (unless
// the low bit of hEvent is set, or skip-on-success applies to an immediate success), and the
// event (hEvent) or, when hEvent is NULL, the socket handle itself.
void notify(socket_object& s, overlapped_raw* ov, event_object* ev, completion_port* port, uintptr_t key,
            uint32_t status, uint64_t bytes, bool immediate) {
  uint8_t modes = s.notify_modes.load(std::memory_order_relaxed);
  if (port) {
    bool suppressed = (reinterpret_cast<uintptr_t>(ov->event) & 1) != 0;
    bool skip = immediate && (modes & socket_object::skip_port_on_success) && (status & 0xC0000000u) != 0xC0000000u;
    if (!suppressed && !skip) port->post(port_packet{key, ov, uint32_t(bytes), status});
  }
  if (ev) ev->set();
  else if (!(modes & socket_object::skip_set_event_on_handle)) s.set_handle_event();
}

// Writes the result into the OVERLAPPED and notifies; frees the op (or hands it to the APC).
void deliver(io_op* op, bool immediate = false) {
  overlapped_raw* ov = op->ov;
  // The program may poll the OVERLAPPED (HasOverlappedIoCompleted) while we write it:
  // plain-width atomic stores, Internal last with release order.
  __atomic_store_n(&ov->internal_high, uintptr_t(op->bytes), __ATOMIC_RELAXED);
  if (op->kind == io_kind::recv) __atomic_store_n(&ov->offset, op->result_flags, __ATOMIC_RELAXED);
  atomic_store_status(ov, op->status);
  if (op->routine) {
    if (op->apc_thread->queue_apc(&op->apc)) return;
    release_op_refs_and_free(op);  // issuing thread is gone: the routine cannot run
    return;
  }
  notify(*op->sock, ov, op->event, op->port, op->key, op->status, op->bytes, immediate);
  release_op_refs_and_free(op);
}

// Computes status/bytes/flags from a final result (bytes >= 0 or -errno).
void finish(io_op* op, long res) {
  if (op->cancelled && res < 0) {
    op->status = op->cancel_status;
    op->bytes = 0;
  } else if (res == 0 && op->kind == io_kind::recv && op->sock->reset_seen.load()) {
    // Linux reports a reset to the first receive only; Windows fails every one after it.
    op->status = status_connection_reset;
    op->bytes = 0;
  } else if (res >= 0) {
    op->status = status_success;
    op->bytes = op->kind == io_kind::send ? op->done : (op->zero_poll ? 0 : uint64_t(res));
    if (op->kind == io_kind::recv) {
      op->result_flags = win_result_flags(op->msg.msg_flags);
      if (!op->sock->is_stream() && (op->msg.msg_flags & MSG_TRUNC)) op->status = status_buffer_overflow;
      if (op->from_win && op->msg.msg_namelen > 0)
        sockaddr_to_win(&op->addr, op->msg.msg_namelen, op->from_win, op->fromlen_win);
    }
  } else {
    int e = int(-res);
    if (e == ECONNRESET) op->sock->reset_seen.store(true);
    op->status = ntstatus_from_errno(e);
    op->bytes = op->kind == io_kind::send ? op->done : 0;
  }
}

void enqueue(socket_object& s, io_op* op) {
  int d = op->dir();
  op->next = nullptr;
  if (s.q_tail[d]) s.q_tail[d]->next = op; else s.q_head[d] = op;
  s.q_tail[d] = op;
}

io_op* pop_head(socket_object& s, int d) {
  io_op* op = s.q_head[d];
  if (op) {
    s.q_head[d] = op->next;
    if (!s.q_head[d]) s.q_tail[d] = nullptr;
    op->next = nullptr;
  }
  return op;
}

void submit_head(socket_object& s, int d) {
  io_op* h = s.q_head[d];
  if (h && !h->in_engine && !s.closed.load(std::memory_order_relaxed)) {
    engine& e = engine_for(s);
    h->eng = &e;
    e.submit(h);
  }
}

}  // namespace

void io_op_advance(io_op* op, size_t n) {
  op->done += n;
  while (n > 0 && op->msg.msg_iovlen > 0) {
    iovec& v = op->msg.msg_iov[0];
    if (n >= v.iov_len) {
      n -= v.iov_len;
      ++op->msg.msg_iov;
      --op->msg.msg_iovlen;
    } else {
      v.iov_base = static_cast<char*>(v.iov_base) + n;
      v.iov_len -= n;
      n = 0;
    }
  }
  while (op->msg.msg_iovlen > 0 && op->msg.msg_iov[0].iov_len == 0) {
    ++op->msg.msg_iov;
    --op->msg.msg_iovlen;
  }
}

long io_op_perform(io_op* op) {
  int fd = op->sock->fd();
  ssize_t n;
  if (op->zero_poll) {
    char c;
    n = ::recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT);
    if (n > 0) n = 0;
  } else if (op->msg.msg_iovlen == 1 && !op->msg.msg_name && op->sock->is_stream()) {
    // One buffer on a stream: recv()/send() skip the kernel's msghdr and iovec import.
    iovec& v = op->msg.msg_iov[0];
    n = op->kind == io_kind::recv ? ::recv(fd, v.iov_base, v.iov_len, op->lflags | MSG_DONTWAIT)
                                  : ::send(fd, v.iov_base, v.iov_len, op->lflags | MSG_DONTWAIT);
  } else if (op->kind == io_kind::recv) {
    if (op->msg.msg_name) op->msg.msg_namelen = sizeof(op->addr);
    n = ::recvmsg(fd, &op->msg, op->lflags | MSG_DONTWAIT);
  } else {
    n = ::sendmsg(fd, &op->msg, op->lflags | MSG_DONTWAIT);
  }
  return n < 0 ? -long(errno) : long(n);
}

// ---- issue ---------------------------------------------------------------------------------

int64_t socket_io(socket_object& s, const io_request& r, uint32_t* flags_out, uint32_t* bytes_out) {
  const int d = r.kind == io_kind::recv ? 0 : 1;
  if (r.kind == io_kind::recv && s.reset_seen.load(std::memory_order_relaxed)) return -ECONNRESET;
  // The common case (one buffer on a connected stream, event or socket notification) tries
  // the call before allocating anything: an op is only needed if it has to wait.
  const bool simple = !r.routine && r.nbufs == 1 && !r.from && !r.to && s.is_stream() && r.bufs[0].len > 0;
  completion_port* port = s.port.load(std::memory_order_acquire);
  // A completion routine on a socket associated with a port fails (WSAEINVAL).
  if (r.routine && port) return -EINVAL;

  // Windows resets the socket handle's own event on every request issued on it.
  s.reset_handle_event();

  std::unique_lock<std::mutex> g(s.q_lock);
  if (s.closed.load(std::memory_order_relaxed)) return -ENOTSOCK;

  bool did_try = false;
  long tried = 0;  // the result of the direct try, when did_try
  if (simple && !s.q_head[d]) {
    did_try = true;
    int lf = linux_msg_flags(r.win_flags) | MSG_DONTWAIT;
    ssize_t n = r.kind == io_kind::recv ? ::recv(s.fd(), r.bufs[0].buf, r.bufs[0].len, lf)
                                        : ::send(s.fd(), r.bufs[0].buf, r.bufs[0].len, lf | MSG_NOSIGNAL);
    tried = n < 0 ? -long(errno) : long(n);
    if (n >= 0 && (r.kind == io_kind::recv || size_t(n) == r.bufs[0].len)) {
      g.unlock();
      overlapped_raw* ov = r.ov;
      __atomic_store_n(&ov->internal_high, uintptr_t(n), __ATOMIC_RELAXED);
      if (r.kind == io_kind::recv) __atomic_store_n(&ov->offset, 0u, __ATOMIC_RELAXED);
      atomic_store_status(ov, status_success);
      notify(s, ov, r.event, port, port ? s.port_key : 0, status_success, uint64_t(n), true);
      if (flags_out && r.kind == io_kind::recv) *flags_out = 0;
      if (bytes_out) *bytes_out = uint32_t(n);
      return n;
    }
    if (tried < 0 && tried != -EAGAIN) {
      // A synchronous failure: nothing is notified and the OVERLAPPED is not completed.
      if (tried == -ECONNRESET) s.reset_seen.store(true);
      return tried;
    }
  }

  io_op* op = io_op_alloc();
  op->sock = &s;
  s.add_ref();
  op->ov = r.ov;
  if (r.routine) {
    op->routine = r.routine;
    op->apc_thread = current_thread();
    op->apc_thread->add_ref();
    op->apc.fn = run_completion_apc;
  } else if (r.event) {
    op->event = r.event;
    r.event->add_ref();
  } else {
    op->notify_socket = true;
  }
  if (port && !r.routine) {
    op->port = port;
    port->add_ref();
    op->key = s.port_key;
  }
  op->issuer_tid = current_tid();
  if (int e = build_op(op, r); e < 0) {
    g.unlock();
    release_op_refs_and_free(op);
    return e;
  }

  if (did_try) {
    if (tried > 0) io_op_advance(op, size_t(tried));  // partial send: the rest goes to the engine
  } else if (!s.q_head[d]) {
    // Try first: Windows completes at once when data/space is there, and so do we.
    long n = io_op_perform(op);
    if (op->kind == io_kind::send && n > 0 && size_t(n) < op->total) {
      io_op_advance(op, size_t(n));
    } else if (n != -EAGAIN) {
      g.unlock();
      if (op->kind == io_kind::send && n > 0) op->done = size_t(n);
      finish(op, n);
      uint32_t st = op->status;
      uint64_t bytes = op->bytes;
      uint32_t fl = op->result_flags;
      if (n < 0 && st != status_buffer_overflow) {
        release_op_refs_and_free(op);
        return n;
      }
      if (flags_out && r.kind == io_kind::recv) *flags_out = fl;
      if (bytes_out) *bytes_out = uint32_t(bytes);
      deliver(op, true);
      if (st == status_buffer_overflow) return -EMSGSIZE;
      return int64_t(bytes);
    }
  }
  // Pending: publish STATUS_PENDING before the engine can complete it (InternalHigh is left
  // alone until completion, as Windows does: Wine test_nonblocking_async_recv).
  atomic_store_status(r.ov, status_pending);
  enqueue(s, op);
  submit_head(s, d);
  return io_pending;
}

// ---- engine results ------------------------------------------------------------------------

void io_op_result(io_op* op, long res) {
  socket_object& s = *op->sock;
  int d = op->dir();
  std::unique_lock<std::mutex> g(s.q_lock);
  op->in_engine = false;
  if (!op->cancelled) {
    if (res == -EAGAIN || res == -EINTR) {
      op->eng->submit(op);  // spurious: try again
      return;
    }
    if (op->zero_poll && res >= 0) {
      // uring reported readability for a zero-length recv: confirm without consuming.
      res = io_op_perform(op);
      if (res == -EAGAIN) {
        op->eng->submit(op);
        return;
      }
    } else if (op->kind == io_kind::send && res > 0 && op->done + size_t(res) < op->total) {
      io_op_advance(op, size_t(res));
      op->eng->submit(op);
      return;
    }
  }
  if (op->kind == io_kind::send && res > 0) op->done += size_t(res);
  io_op* h = pop_head(s, d);
  (void)h;  // op is always the head: only heads are in the engine
  submit_head(s, d);
  g.unlock();
  finish(op, res);
  deliver(op);
}

void socket_ready(socket_object& s, bool readable, bool writable) {
  io_op* done_list = nullptr;
  io_op** tail = &done_list;
  {
    std::lock_guard<std::mutex> g(s.q_lock);
    for (int d = 0; d < 2; ++d) {
      if (d == 0 ? !readable : !writable) continue;
      while (io_op* op = s.q_head[d]) {
        long n = io_op_perform(op);
        if (n == -EAGAIN) break;
        if (op->kind == io_kind::send && n > 0 && op->done + size_t(n) < op->total) {
          io_op_advance(op, size_t(n));
          continue;
        }
        if (op->kind == io_kind::send && n > 0) op->done += size_t(n);
        pop_head(s, d);
        finish(op, n);
        *tail = op;
        tail = &op->next;
      }
    }
  }
  while (done_list) {
    io_op* next = done_list->next;
    deliver(done_list);
    done_list = next;
  }
}

// ---- cancel / close --------------------------------------------------------------------------

int socket_cancel(socket_object& s, overlapped_raw* ov, uint32_t issuer_tid) {
  std::vector<io_op*> aborted;
  int matched = 0;
  {
    std::lock_guard<std::mutex> g(s.q_lock);
    for (int d = 0; d < 2; ++d) {
      io_op** link = &s.q_head[d];
      io_op* last = nullptr;
      while (io_op* op = *link) {
        bool match = (!ov || op->ov == ov) && (!issuer_tid || op->issuer_tid == issuer_tid) && !op->cancelled;
        if (!match) {
          last = op;
          link = &op->next;
          continue;
        }
        ++matched;
        op->cancelled = true;
        op->cancel_status = status_cancelled;
        if (op->in_engine && op->eng->ops_in_kernel()) {
          op->eng->cancel(op);  // completes through io_op_result once the kernel lets go
          last = op;
          link = &op->next;
        } else {
          *link = op->next;
          op->next = nullptr;
          aborted.push_back(op);
        }
      }
      s.q_tail[d] = last;
    }
    for (int d = 0; d < 2; ++d) submit_head(s, d);  // a new head may need the engine
  }
  for (io_op* op : aborted) {
    finish(op, -ECANCELED);
    deliver(op);
  }
  return matched;
}


void socket_abort_all(socket_object& s) {
  std::vector<io_op*> aborted;
  {
    std::lock_guard<std::mutex> g(s.q_lock);
    s.closed.store(true);
    for (int d = 0; d < 2; ++d) {
      io_op** link = &s.q_head[d];
      io_op* last = nullptr;
      while (io_op* op = *link) {
        if (op->in_engine && op->eng->ops_in_kernel()) {
          // The kernel owns its buffers until its CQE: cancel and let io_op_result deliver.
          op->cancelled = true;
          op->cancel_status = status_connection_aborted;
          op->eng->cancel(op);
          last = op;
          link = &op->next;
        } else {
          *link = op->next;
          op->next = nullptr;
          op->cancelled = true;
          op->cancel_status = status_connection_aborted;
          aborted.push_back(op);
        }
      }
      s.q_tail[d] = last;
    }
  }
  for (io_op* op : aborted) {
    finish(op, -ECANCELED);
    deliver(op);
  }
}

}  // namespace ovl::detail
