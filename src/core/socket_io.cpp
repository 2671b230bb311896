// The overlapped operation state machine: try first on the calling thread, queue on EAGAIN,
// keep only the head op of each direction in the engine, complete in issue order, and deliver
// exactly one notification per op that did not fail synchronously.
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <vector>

#include "core/io_op.hpp"
#include "core/completion_port.hpp"
#include "engine/engine.hpp"
#include "sys/cmsg_conv.hpp"
#include "sys/errno_map.hpp"
#include "sys/sockaddr_conv.hpp"

namespace ovl::detail {

namespace {

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
  if (r.kind == io_kind::accept) {
    // One AcceptEx at a time per accept socket (WSAEINVAL otherwise); the accept socket knows
    // its listener so closing it cancels the AcceptEx.
    socket_object* none = nullptr;
    if (!r.accept_target->accept_listener.compare_exchange_strong(none, op->sock)) return -EINVAL;
    op->sock->add_ref();
    op->claimed_target = r.accept_target;
    op->target = r.accept_target;
    op->target->add_ref();
    op->xbuf = r.accept_buf;
    op->xdata = r.accept_data;
    op->xlocal = r.accept_local;
    op->xremote = r.accept_remote;
    op->xlocal_short = r.accept_local_short;
    op->addrlen = sizeof(op->addr);
    return 0;
  }
  if (r.kind == io_kind::transmit) {
    op->elems = new transmit_elem[r.nelems ? r.nelems : 1];
    op->nelem = r.nelems;
    for (uint32_t i = 0; i < r.nelems; ++i) {
      op->elems[i] = r.elems[i];
      if (r.elems[i].fd >= 0) {
        op->elems[i].fd = ::fcntl(r.elems[i].fd, F_DUPFD_CLOEXEC, 0);
        if (op->elems[i].fd < 0) {
          op->nelem = i;
          return -errno;
        }
        if (op->elems[i].length == 0) {  // to the end of the file
          off_t end = ::lseek(op->elems[i].fd, 0, SEEK_END);
          op->elems[i].length = end > off_t(op->elems[i].offset) ? uint64_t(end) - op->elems[i].offset : 0;
        }
        if (!op->stage) op->stage = new char[io_op::stage_size];
      }
      op->total += op->elems[i].length;
    }
    op->tf_flags = r.tf_flags;
    op->lflags = MSG_NOSIGNAL;
    return 0;
  }
  if (r.kind == io_kind::connect) {
    int n = sockaddr_from_win(r.to, r.tolen, &op->addr);
    if (n < 0) return n;
    op->addrlen = socklen_t(n);
    op->lflags |= MSG_NOSIGNAL;  // for the optional send that follows
    return 0;
  }
  if (r.kind == io_kind::send) {
    op->lflags |= MSG_NOSIGNAL;
    if (r.to) {
      int n = sockaddr_from_win(r.to, r.tolen, &op->addr);
      if (n < 0) return n;
      op->msg.msg_name = &op->addr;
      op->msg.msg_namelen = socklen_t(n);
    }
    if (r.control && r.control->len > 0) {  // WSASendMsg: IP_PKTINFO picks the source address
      long n = cmsg_from_win(r.control->buf, r.control->len, op->ctl, sizeof op->ctl);
      if (n < 0) return int(n);
      if (n > 0) {
        op->msg.msg_control = op->ctl;
        op->msg.msg_controllen = size_t(n);
      }
    }
  } else {
    if (r.from) {
      op->msg.msg_name = &op->addr;
      op->msg.msg_namelen = sizeof(op->addr);
      op->from_win = r.from;
      op->fromlen_win = r.fromlen;
    }
    if (r.control) {  // WSARecvMsg: always ask, so a control buffer too small shows MSG_CTRUNC
      op->ctl_win = r.control;
      op->msgflags_win = r.msg_flags;
      op->msg.msg_control = op->ctl;
      op->msg.msg_controllen = sizeof op->ctl;
    }
    // A zero-length stream recv waits for data without consuming it.
    op->zero_poll = total == 0 && op->sock->is_stream();
  }
  return 0;
}

// AcceptEx: the accept socket is free for another AcceptEx once this one is over or cancelled.
void release_accept_claim(io_op* op) {
  if (socket_object* t = op->claimed_target) {
    op->claimed_target = nullptr;
    if (socket_object* l = t->accept_listener.exchange(nullptr)) l->release();
  }
}

void release_op_refs_and_free(io_op* op) {
  release_accept_claim(op);
  if (op->elems) {
    for (uint32_t i = 0; i < op->nelem; ++i)
      if (op->elems[i].fd >= 0) ::close(op->elems[i].fd);
    delete[] op->elems;
  }
  delete[] op->stage;
  if (op->target) op->target->release();
  if (op->notify_sock) op->notify_sock->release();
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
    uint32_t flags = op->msgflags_win ? 0 : op->result_flags;  // WSARecvMsg: in dwFlags only
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
  // AcceptEx: the accept socket's selection follows its new fd before the completion is seen.
  if (op->fd_swapped) net_events_on_fd_swap(*op->target);
  overlapped_raw* ov = op->ov;
  // The program may poll the OVERLAPPED (HasOverlappedIoCompleted) while we write it:
  // plain-width atomic stores, Internal last with release order.
  __atomic_store_n(&ov->internal_high, uintptr_t(op->bytes), __ATOMIC_RELAXED);
  // WSARecvMsg reports its flags in the WSAMSG and leaves Offset alone (Wine test_ip_pktinfo).
  if (op->kind == io_kind::recv && !op->msgflags_win)
    __atomic_store_n(&ov->offset, op->result_flags, __ATOMIC_RELAXED);
  atomic_store_status(ov, op->status);
  if (op->routine) {
    if (op->apc_thread->queue_apc(&op->apc)) return;
    release_op_refs_and_free(op);  // issuing thread is gone: the routine cannot run
    return;
  }
  if (op->kind == io_kind::transmit && op->status == status_success && (op->tf_flags & 3))
    socket_disconnect(*op->sock, (op->tf_flags & 2) != 0);  // TF_DISCONNECT, TF_REUSE_SOCKET
  for (socket_object* x : {op->sock, op->notify_sock}) net_events_io_done(x);  // WSAEventSelect re-check
  notify(op->notify_sock ? *op->notify_sock : *op->sock, ov, op->event, op->port, op->key, op->status, op->bytes,
         immediate);
  release_op_refs_and_free(op);
}

// Computes status/bytes/flags from a final result (bytes >= 0 or -errno).
void finish(io_op* op, long res) {
  if (op->kind == io_kind::accept && op->xlocal_short && res >= 0 && !op->cancelled) {
    op->status = status_buffer_too_small;  // accepted, but the local address did not fit
    op->bytes = 0;
    return;
  }
  if (op->cancelled && res < 0) {
    op->status = op->cancel_status;
    op->bytes = 0;
  } else if (res == 0 && op->kind == io_kind::recv && op->sock->reset_seen.load()) {
    // Linux reports a reset to the first receive only; Windows fails every one after it.
    op->status = status_connection_reset;
    op->bytes = 0;
  } else if (res >= 0) {
    op->status = status_success;
    op->bytes = op->kind == io_kind::send || op->kind == io_kind::transmit ? op->done
                                                                           : (op->zero_poll ? 0 : uint64_t(res));
    if (op->kind == io_kind::recv) {
      op->result_flags = win_result_flags(op->msg.msg_flags);
      if (!op->sock->is_stream() && (op->msg.msg_flags & MSG_TRUNC)) op->status = status_buffer_overflow;
      if (op->from_win && op->msg.msg_namelen > 0)
        sockaddr_to_win(&op->addr, op->msg.msg_namelen, op->from_win, op->fromlen_win);
      if (op->ctl_win) {
        // WSARecvMsg: control data in Windows layout; one that does not fit is MSG_CTRUNC and
        // STATUS_BUFFER_OVERFLOW (WSAEMSGSIZE) with the data still delivered (test_ip_pktinfo).
        bool ctrunc = (op->msg.msg_flags & MSG_CTRUNC) != 0;
        op->ctl_win->len = uint32_t(
            cmsg_to_win(op->ctl, op->msg.msg_controllen, op->ctl_win->buf, op->ctl_win->len, &ctrunc));
        if (ctrunc) {
          op->result_flags |= win_msg_ctrunc;
          op->status = status_buffer_overflow;
        }
        if (op->msgflags_win) *op->msgflags_win = op->result_flags;
      }
    }
  } else {
    int e = int(-res);
    if (e == ECONNRESET) op->sock->reset_seen.store(true);
    op->status = ntstatus_from_errno(e);
    op->bytes = op->kind == io_kind::send || op->kind == io_kind::transmit ? op->done : 0;
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

// Whether the calling thread will poll s's engine soon, so its request may ride on that poll
// (engine.hpp submit): a worker of s's completion port (released by it and not waiting again),
// or, for the process engine, a thread that polls it in its waits (poll_lease.hpp). Marks the
// thread so that any other blocking call hands the request to the kernel first.
bool rides_on_wait(socket_object& s) {
  thread_ctx* t = current_thread();
  if (completion_port* p = s.port.load(std::memory_order_relaxed)) {
    if (t->assoc_port != p || !t->port_running) return false;
    t->io_deferred = true;
    return true;
  }
  if (!t->reaps_default) return false;
  t->io_deferred_default = true;
  return true;
}

void submit_head(socket_object& s, int d) {
  io_op* h = s.q_head[d];
  if (h && !h->in_engine && !s.closed.load(std::memory_order_relaxed)) {
    engine& e = engine_for(s);
    h->eng = &e;
    e.submit(h, rides_on_wait(s));
  }
}

// Writes one AcceptEx address area: an int length, then the Windows sockaddr (the layout
// GetAcceptExSockaddrs reads).
void write_addr_area(char* area, uint32_t size, const void* lin, socklen_t len) {
  char tmp[sizeof(sockaddr_storage)];
  int wlen = sizeof tmp;
  if (sockaddr_to_win(lin, len, tmp, &wlen) < 0 || size < sizeof(int) + uint32_t(wlen)) return;
  std::memcpy(area, &wlen, sizeof(int));
  std::memcpy(area + sizeof(int), tmp, size_t(wlen));
}

// AcceptEx: the accepted connection takes over the accept socket's SOCKET value.
long accept_into(io_op* op, int nfd) {
  socket_object& t = *op->target;
  if (t.closed.load()) {
    ::close(nfd);
    return -ECONNABORTED;
  }
  if (::dup3(nfd, t.fd(), O_CLOEXEC) < 0) {
    int e = errno;
    ::close(nfd);
    return -e;
  }
  ::close(nfd);
  {
    std::lock_guard g(t.q_lock);
    t.registered_with = nullptr;  // the unconnected socket's file left any epoll set
  }
  op->fd_swapped = true;  // its WSAEventSelect/WSAAsyncSelect moves over once no lock is held
  t.connected.store(true);
  net_events_reenable_accept(*op->sock);  // FD_ACCEPT on the listener
  sockaddr_storage local;
  socklen_t ll = sizeof local;
  if (::getsockname(t.fd(), reinterpret_cast<sockaddr*>(&local), &ll) == 0)
    write_addr_area(op->xbuf + op->xdata, op->xlocal, &local, ll);
  write_addr_area(op->xbuf + op->xdata + op->xlocal, op->xremote, &op->addr, op->addrlen);
  return 0;
}

enum class step { final, again, moved };

// With op->sock's q_lock held, after a result (bytes, a new fd, or -errno): moves a multi-phase
// op on (the rest of a partial send, AcceptEx's first receive, ConnectEx's send), or says the
// result is final.
step advance(io_op* op, long& res) {
  if (op->cancelled) return step::final;
  switch (op->kind) {
    case io_kind::send:
      if (res > 0 && op->done + size_t(res) < op->total) {
        io_op_advance(op, size_t(res));
        return step::again;
      }
      if (res > 0) op->done += size_t(res);
      return step::final;
    case io_kind::accept:
      if (res < 0) return step::final;
      res = accept_into(op, int(res));
      if (res < 0 || op->xdata == 0 || op->xlocal_short) return step::final;
      op->kind = io_kind::recv;  // the first receive, on the accept socket
      op->iov[0] = iovec{op->xbuf, op->xdata};
      op->iovcnt = 1;
      op->msg = msghdr{};
      op->msg.msg_iov = op->iov;
      op->msg.msg_iovlen = 1;
      op->total = op->xdata;
      return step::moved;
    case io_kind::connect:
      if (res < 0) return step::final;
      op->sock->connecting.store(false);
      net_events_record_connect(*op->sock, 0);  // publishes `connected`
      if (op->total == 0) {
        res = 0;
        return step::final;
      }
      op->kind = io_kind::send;  // ConnectEx's send data
      op->done = 0;
      return step::again;
    default:
      return step::final;
  }
}

// AcceptEx with a receive: after the accept, the op continues as the first receive on the
// accept socket; its completion still goes to the listener's targets.
// The accept socket's selection follows its new fd once the first receive took the data or
// waits for it (the data that arrived with the connection is the receive's, not FD_READ's).
void move_to_target(io_op* op) {
  const bool swapped = op->fd_swapped;
  op->fd_swapped = false;
  op->notify_sock = op->sock;  // the listener's reference moves here
  op->sock = op->target;       // and the accept socket's to sock
  op->target = nullptr;
  op->in_engine = false;
  auto t = ref<socket_object>::share(op->sock);  // the op may complete and let go of it below
  std::unique_lock g(t->q_lock);
  long n = -EAGAIN;
  if (t->closed.load()) n = -ECONNABORTED;
  else if (!t->q_head[0]) n = io_op_perform(op);
  if (n != -EAGAIN) {
    g.unlock();
    finish(op, n);
    if (swapped) net_events_on_fd_swap(*t);
    deliver(op);
    return;
  }
  enqueue(*t, op);
  submit_head(*t, 0);
  g.unlock();
  if (swapped) net_events_on_fd_swap(*t);
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

long transmit_perform(io_op* op);

long io_op_perform(io_op* op) {
  int fd = op->sock->fd();
  ssize_t n;
  if (op->kind == io_kind::transmit) return transmit_perform(op);
  if (op->kind == io_kind::accept) {
    op->addrlen = sizeof(op->addr);
    n = ::accept4(fd, reinterpret_cast<sockaddr*>(&op->addr), &op->addrlen, SOCK_CLOEXEC);
  } else if (op->kind == io_kind::connect) {
    if (!op->started) {
      // Linux fds stay blocking: make this one connect() non-blocking.
      op->started = true;
      int fl = ::fcntl(fd, F_GETFL);
      ::fcntl(fd, F_SETFL, fl | O_NONBLOCK);
      n = ::connect(fd, reinterpret_cast<sockaddr*>(&op->addr), op->addrlen);
      int e = errno;
      ::fcntl(fd, F_SETFL, fl);
      if (n < 0) return e == EINPROGRESS ? -EAGAIN : -long(e);
      return 0;
    }
    pollfd p{fd, POLLOUT, 0};
    if (::poll(&p, 1, 0) <= 0) return -EAGAIN;
    int err = 0;
    socklen_t len = sizeof err;
    ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
    return err ? -long(err) : 0;
  } else if (op->zero_poll) {
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
    if (op->msg.msg_control) op->msg.msg_controllen = sizeof(op->ctl);
    n = ::recvmsg(fd, &op->msg, op->lflags | MSG_DONTWAIT);
  } else {
    n = ::sendmsg(fd, &op->msg, op->lflags | MSG_DONTWAIT);
  }
  return n < 0 ? -long(errno) : long(n);
}

// TransmitFile / TransmitPackets, non-blocking: send the staged chunk, stage the next element
// (memory in place, files read into the staging buffer), until everything went out. Progress
// is kept in the op; returns the total sent, or -EAGAIN / -errno.
long transmit_perform(io_op* op) {
  int fd = op->sock->fd();
  for (;;) {
    if (op->stage_off == op->stage_len) {
      while (op->cur < op->nelem && op->elem_off >= op->elems[op->cur].length) {
        ++op->cur;
        op->elem_off = 0;
      }
      if (op->cur == op->nelem) return long(op->done);
      transmit_elem& e = op->elems[op->cur];
      uint64_t left = e.length - op->elem_off;
      if (e.fd < 0) {
        op->stage_ptr = e.buf + op->elem_off;
        op->stage_len = size_t(left);
      } else {
        size_t want = left < io_op::stage_size ? size_t(left) : io_op::stage_size;
        ssize_t n = ::pread(e.fd, op->stage, want, off_t(e.offset + op->elem_off));
        if (n < 0) return -long(errno);
        if (n == 0) {  // the file is shorter than asked: stop this element
          op->elem_off = e.length;
          continue;
        }
        op->stage_ptr = op->stage;
        op->stage_len = size_t(n);
      }
      op->stage_off = 0;
      op->elem_off += op->stage_len;
    }
    ssize_t n = ::send(fd, op->stage_ptr + op->stage_off, op->stage_len - op->stage_off,
                       MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n < 0) return -long(errno);
    op->stage_off += size_t(n);
    op->done += size_t(n);
  }
}

// ---- issue ---------------------------------------------------------------------------------

int64_t socket_io(socket_object& s, const io_request& r, uint32_t* flags_out, uint32_t* bytes_out) {
  const int d = r.kind == io_kind::recv || r.kind == io_kind::accept ? 0 : 1;
  net_recv_scope fd_read_reenable(s, r.kind == io_kind::recv, (r.win_flags & win_msg_oob) != 0);  // before q_lock
  if (r.kind == io_kind::recv && s.reset_seen.load(std::memory_order_relaxed)) return -ECONNRESET;
  // The common case (one buffer on a connected stream, event or socket notification) tries
  // the call before allocating anything: an op is only needed if it has to wait.
  const bool simple = (r.kind == io_kind::recv || r.kind == io_kind::send) && !r.routine && r.nbufs == 1 && !r.from &&
                      !r.to && !r.control && s.is_stream() && r.bufs[0].len > 0;
  completion_port* port = s.port.load(std::memory_order_acquire);
  // A completion routine on a socket associated with a port fails (WSAEINVAL).
  if (r.routine && port) return -EINVAL;

  // Windows resets the socket handle's own event on every request issued on it.
  s.reset_handle_event();

  std::unique_lock g(s.q_lock);
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

  // ConnectEx on io_uring goes straight to the kernel (IORING_OP_CONNECT), not through connect().
  const bool try_op = !(r.kind == io_kind::connect && engine_for(s).ops_in_kernel());
  if (did_try) {
    if (tried > 0) io_op_advance(op, size_t(tried));  // partial send: the rest goes to the engine
  } else if (try_op && !s.q_head[d]) {
    // Try first: Windows completes at once when data/space is there, and so do we.
    long n = io_op_perform(op);
    step st = n == -EAGAIN ? step::again : advance(op, n);
    while (st == step::again && n != -EAGAIN && op->kind == io_kind::send) {
      n = io_op_perform(op);  // ConnectEx's send, or the rest of a send
      st = n == -EAGAIN ? step::again : advance(op, n);
    }
    if (st == step::moved) {
      atomic_store_status(r.ov, status_pending);
      g.unlock();
      move_to_target(op);
      return io_pending;
    }
    if (st == step::final) {
      g.unlock();
      finish(op, n);
      uint32_t st = op->status;
      uint64_t bytes = op->bytes;
      uint32_t fl = op->result_flags;
      if (n < 0 && st != status_buffer_overflow) {
        release_op_refs_and_free(op);
        return n;
      }
      if (st == status_buffer_too_small) {  // AcceptEx's short local area: reported as a completion
        deliver(op);
        return io_pending;
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
  std::unique_lock g(s.q_lock);
  op->in_engine = false;
  if (!op->cancelled) {
    if (res == -EAGAIN || res == -EINTR) {
      op->eng->submit(op, false);  // spurious: try again
      return;
    }
    if (res == -ECANCELED) {
      // Not our cancel: io_uring cancels a task's requests when the thread that submitted
      // them exits (io_uring_cancel_generic on task exit). Windows keeps the I/O of an exited
      // thread going, so resubmit; this runs on the reaping thread, which owns the new SQE
      // (tests/win32/completion_routine_thread_exit.c).
      op->eng->submit(op, false);
      return;
    }
    if (op->polled() && res >= 0) {
      // uring reported readiness (zero-length recv, TransmitFile): perform it now.
      res = io_op_perform(op);
      if (res == -EAGAIN) {
        op->eng->submit(op, false);
        return;
      }
    }
  }
  step st = advance(op, res);
  if (st == step::again) {
    op->eng->submit(op, false);
    return;
  }
  pop_head(s, d);  // op is always the head: only heads are in the engine
  submit_head(s, d);
  g.unlock();
  if (st == step::moved) {
    move_to_target(op);
    return;
  }
  finish(op, res);
  deliver(op);
}

bool socket_ready(socket_object& s, bool readable, bool writable) {
  io_op* done_list = nullptr;
  io_op** tail = &done_list;
  io_op* moved_list = nullptr;
  bool reader;
  {
    std::lock_guard g(s.q_lock);
    reader = s.q_head[0] != nullptr;
    for (int d = 0; d < 2; ++d) {
      if (d == 0 ? !readable : !writable) continue;
      while (io_op* op = s.q_head[d]) {
        long n = io_op_perform(op);
        if (n == -EAGAIN) break;
        step st = advance(op, n);
        if (st == step::again) continue;
        pop_head(s, d);
        if (st == step::moved) {
          op->next = moved_list;
          moved_list = op;
          continue;
        }
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
  while (moved_list) {
    io_op* next = moved_list->next;
    moved_list->next = nullptr;
    move_to_target(moved_list);
    moved_list = next;
  }
  return reader;
}

// ---- cancel / close --------------------------------------------------------------------------

int socket_cancel(socket_object& s, overlapped_raw* ov, uint32_t issuer_tid, socket_object* accept_target) {
  std::vector<io_op*> aborted;
  int matched = 0;
  {
    std::lock_guard g(s.q_lock);
    for (int d = 0; d < 2; ++d) {
      io_op** link = &s.q_head[d];
      io_op* last = nullptr;
      while (io_op* op = *link) {
        bool match = (!ov || op->ov == ov) && (!issuer_tid || op->issuer_tid == issuer_tid) &&
                     (!accept_target || (op->kind == io_kind::accept && op->target == accept_target)) &&
                     !op->cancelled;
        if (!match) {
          last = op;
          link = &op->next;
          continue;
        }
        ++matched;
        op->cancelled = true;
        op->cancel_status = status_cancelled;
        release_accept_claim(op);
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
    std::lock_guard g(s.q_lock);
    s.closed.store(true);
    for (int d = 0; d < 2; ++d) {
      io_op** link = &s.q_head[d];
      io_op* last = nullptr;
      while (io_op* op = *link) {
        if (op->in_engine && op->eng->ops_in_kernel()) {
          // The kernel owns its buffers until its CQE: cancel and let io_op_result deliver.
          op->cancelled = true;
          // A pending AcceptEx whose listener is closed is cancelled (ERROR_OPERATION_ABORTED);
          // recv/send whose socket is closed are aborted (ERROR_CONNECTION_ABORTED).
          op->cancel_status = op->kind == io_kind::accept ? status_cancelled : status_connection_aborted;
          release_accept_claim(op);
          op->eng->cancel(op);
          last = op;
          link = &op->next;
        } else {
          *link = op->next;
          op->next = nullptr;
          op->cancelled = true;
          // A pending AcceptEx whose listener is closed is cancelled (ERROR_OPERATION_ABORTED);
          // recv/send whose socket is closed are aborted (ERROR_CONNECTION_ABORTED).
          op->cancel_status = op->kind == io_kind::accept ? status_cancelled : status_connection_aborted;
          release_accept_claim(op);
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

void socket_complete_now(socket_object& s, overlapped_raw* ov, event_object* ev, uint32_t status, uint64_t bytes) {
  __atomic_store_n(&ov->internal_high, uintptr_t(bytes), __ATOMIC_RELAXED);
  atomic_store_status(ov, status);
  completion_port* port = s.port.load(std::memory_order_acquire);
  notify(s, ov, ev, port, port ? s.port_key : 0, status, bytes, true);
}

int socket_disconnect(socket_object& s, bool reuse) {
  socket_cancel(s, nullptr, 0);
  if (::shutdown(s.fd(), SHUT_WR) < 0 && errno != ENOTCONN) return -errno;
  if (!reuse) {
    s.shut.fetch_or(socket_object::shut_wr);  // later sends fail with WSAESHUTDOWN
    return 0;
  }
  int nfd = ::socket(s.family(), s.type() | SOCK_CLOEXEC, s.protocol());
  if (nfd < 0) return -errno;
  int r = ::dup3(nfd, s.fd(), O_CLOEXEC);
  int e = errno;
  ::close(nfd);
  if (r < 0) return -e;
  {
    std::lock_guard g(s.q_lock);
    s.registered_with = nullptr;
  }
  int one = 1;
  ::setsockopt(s.fd(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  s.connected.store(false);
  s.connecting.store(false);
  s.reset_seen.store(false);
  s.shut.store(0);
  s.connect_error.store(0);
  net_events_on_fd_swap(s);  // a selection stays with the reused SOCKET
  return 0;
}

}  // namespace ovl::detail
