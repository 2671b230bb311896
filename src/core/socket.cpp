// Socket objects, the per-fd socket table, socket creation and closesocket, synchronous
// recv/send, and the io_op pool.
#include "core/socket.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "core/blocking_wait.hpp"
#include "core/completion_port.hpp"
#include "core/handle_table.hpp"
#include "core/io_op.hpp"
#include "engine/engine.hpp"
#include "sys/cmsg_conv.hpp"
#include "sys/sockaddr_conv.hpp"

namespace ovl::detail {

void socket_abort_all(socket_object& s);  // socket_io.cpp

namespace {

slot_array& sockets() {
  static slot_array* t = new slot_array;  // never destroyed
  return *t;
}

std::atomic<uint32_t> next_generation{1};

}  // namespace

socket_object::socket_object(int fd, int linux_family, int type, int protocol, bool overlapped) noexcept
    : waitable(object_type::socket), fd_(fd), family_(linux_family), type_(type), protocol_(protocol),
      overlapped_(overlapped) {
  generation = next_generation.fetch_add(1, std::memory_order_relaxed);
}

socket_object::~socket_object() {
  if (completion_port* p = port.load()) p->release();
}

int socket_associate_port(socket_object& s, completion_port* port, uintptr_t key) {
  // A handle can be associated with one port only (ERROR_INVALID_PARAMETER). The key is
  // written only by the association that wins, before the port is published (release), so a
  // failed second association cannot change the key completions already use (iocp_basic).
  std::lock_guard g(s.q_lock);
  if (s.port.load(std::memory_order_relaxed)) return -EINVAL;
  s.port_key = key;
  port->add_ref();
  s.port.store(port, std::memory_order_release);
  return 0;
}

engine& engine_for(socket_object& s) {
  completion_port* p = s.port.load(std::memory_order_acquire);
  return p ? *p->io_engine() : the_engine();
}

void socket_object::set_handle_event() noexcept {
  spin_guard g(lock_);
  handle_signaled_ = true;
  wake_waiters_locked();
}

void socket_object::reset_handle_event() noexcept {
  spin_guard g(lock_);
  handle_signaled_ = false;
}

ref<socket_object> socket_lookup(uintptr_t s) {
  if (s >= slot_array::capacity) return nullptr;
  ref<kobject> o = sockets().get(uint32_t(s));
  if (!o || o->type() != object_type::socket) return nullptr;
  return ref<socket_object>::adopt(static_cast<socket_object*>(o.detach()));
}

ref<socket_object> socket_register(int fd, int linux_family, int type, int protocol, bool overlapped) {
  auto* so = new socket_object(fd, linux_family, type, protocol, overlapped);
  if (type == SOCK_STREAM) {
    // Windows lets a server bind a port whose old connections sit in TIME_WAIT.
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  }
  so->add_ref();  // one for the table, one for the caller
  // A stale object can sit at this fd only if the program closed the fd behind our back.
  sockets().replace(uint32_t(fd), so);
  return ref<socket_object>::adopt(so);
}

ref<socket_object> socket_create(int win_af, int type, int protocol, bool overlapped, int* err) {
  int af = af_from_win(win_af);
  if (af < 0) {
    *err = -EAFNOSUPPORT;
    return nullptr;
  }
  if (af == AF_UNSPEC) af = AF_INET;  // Windows picks the family from type/protocol
  int fd = ::socket(af, type | SOCK_CLOEXEC, protocol);
  if (fd < 0) {
    *err = -errno;
    return nullptr;
  }
  if (uint32_t(fd) >= slot_array::capacity) {
    ::close(fd);
    *err = -EMFILE;
    return nullptr;
  }
  return socket_register(fd, af, type, protocol, overlapped);
}

int socket_close(uintptr_t s) {
  if (s >= slot_array::capacity) return -ENOTSOCK;
  ref<kobject> o = sockets().remove(uint32_t(s));
  if (!o) return -ENOTSOCK;
  if (o->type() != object_type::socket) return -ENOTSOCK;
  auto* so = static_cast<socket_object*>(o.get());
  // A connection WSAAccept parked for the next accept (CF_DEFER) dies with its listener.
  int64_t parked = so->deferred_accept.exchange(-1);
  if (parked >= 0) socket_close(uintptr_t(parked));
  net_events_on_close(*so);  // stops the readiness watch before the fd goes
  // An AcceptEx accepting into this socket completes at once, cancelled (Wine test_AcceptEx).
  if (socket_object* l = so->accept_listener.load()) {
    if (l->try_add_ref()) {
      socket_cancel(*l, nullptr, 0, so);
      l->release();
    }
  }
  socket_abort_all(*so);  // sets `closed` under q_lock
  {
    // Threads blocked in recv/send/accept/connect/select/WSAPoll on this socket look again
    // and see it closed (Windows ends them at once).
    std::lock_guard g(so->q_lock);
    for (thread_ctx* t : so->blocked_threads) t->kick_blocking_wait();
  }
  // The fd number may be reused from here on; ops still in the kernel hold the file.
  ::close(so->fd());
  return 0;
}

void socket_close_all() {
  std::vector<uint32_t> fds;
  sockets().for_each([&](uint32_t fd, kobject*) { fds.push_back(fd); });
  for (uint32_t fd : fds) socket_close(fd);
}

// ---- synchronous I/O -----------------------------------------------------------------------
// The kernel never waits here (MSG_DONTWAIT): a blocking call that would block waits in
// blocking_wait_socket, alertably as on Windows, and tries again. With data or space at hand a
// blocking call therefore costs the one recv/send it always did.

namespace {

struct iov_buf {
  iovec small[16];
  std::vector<iovec> big;
  iovec* data = small;
  iov_buf(const wsabuf_raw* b, uint32_t n) {
    if (n > 16) {
      big.resize(n);
      data = big.data();
    }
    for (uint32_t i = 0; i < n; ++i) data[i] = iovec{b[i].buf, b[i].len};
  }
};

// Moves an iovec array past `done` bytes (the rest of a transfer that must go on).
void iov_advance(iovec*& iov, size_t& cnt, size_t done) {
  while (cnt && done >= iov->iov_len) {
    done -= iov->iov_len;
    ++iov;
    --cnt;
  }
  if (cnt && done) {
    iov->iov_base = static_cast<char*>(iov->iov_base) + done;
    iov->iov_len -= done;
  }
}

uint64_t total_len(const wsabuf_raw* b, uint32_t n) {
  uint64_t t = 0;
  for (uint32_t i = 0; i < n; ++i) t += b[i].len;
  return t;
}

// The waits of one blocking call: its timeout counts from the first wait, across APCs.
struct call_wait {
  socket_object& s;
  short events;
  uint32_t timeout_ms;
  bool started = false;
  uint64_t deadline = 0;
  // 0: try again; -ETIMEDOUT, -EINTR (closed), -errno.
  int operator()() {
    if (!started) {
      started = true;
      deadline = blocking_deadline(timeout_ms);
    }
    return blocking_wait_socket(s, events, deadline);
  }
};

}  // namespace

int64_t socket_recv_sync(socket_object& s, const wsabuf_raw* bufs, uint32_t n, uint32_t win_flags, void* from,
                         int* fromlen, uint32_t* flags_out, uint32_t* bytes_out, bool force_blocking,
                         wsabuf_raw* control, uint32_t* msg_flags) {
  net_recv_scope fd_read_reenable(s, true, (win_flags & win_msg_oob) != 0);  // FD_READ / FD_OOB
  if (s.reset_seen.load(std::memory_order_relaxed)) return -ECONNRESET;
  const bool nb = !force_blocking && s.nonblocking.load(std::memory_order_relaxed);
  // Requests this thread deferred go first: one may be an overlapped receive on this socket,
  // which Windows serves before a later recv, or the thread may block here.
  flush_deferred_io();
  const bool stream = s.type() == SOCK_STREAM;
  // MSG_WAITALL on a blocking stream: receive until the buffers are full, the peer closes, or
  // an error or the timeout ends it with part of the data (returned, as Linux does).
  const bool waitall = !nb && stream && (win_flags & win_msg_waitall) && !(win_flags & win_msg_peek);
  const int fl = (linux_msg_flags(win_flags) & ~MSG_WAITALL) | MSG_DONTWAIT;
  call_wait wait{s, short((win_flags & win_msg_oob) ? POLLPRI : POLLIN), s.rcvtimeo_ms.load(std::memory_order_relaxed)};
  uint64_t got = 0;  // MSG_WAITALL: received so far

  if (n == 1 && !from && !control && stream) {
    // The common case: recv() is cheaper in the kernel than recvmsg() (no msghdr/iovec import).
    char* p = bufs[0].buf;
    uint32_t left = bufs[0].len;
    for (;;) {
      ssize_t r = ::recv(s.fd(), p, left, fl);
      if (r > 0 && waitall) {
        got += uint64_t(r);
        if (uint32_t(r) < left) {
          p += r;
          left -= uint32_t(r);
          continue;
        }
        r = 0;
      }
      if (r >= 0) {
        r += ssize_t(got);
        if (flags_out) *flags_out = 0;
        if (bytes_out) *bytes_out = uint32_t(r);
        return r;
      }
      int e = errno;
      if (e == EINTR) continue;
      if (e == EAGAIN && !nb) {
        int w = wait();
        if (w == 0) continue;
        e = -w;  // ETIMEDOUT (SO_RCVTIMEO), EINTR (closed), ...
      }
      if (e == ECONNRESET) s.reset_seen.store(true);
      if (got) {
        if (flags_out) *flags_out = 0;
        if (bytes_out) *bytes_out = uint32_t(got);
        return int64_t(got);
      }
      return -e;
    }
  }

  iov_buf iv(bufs, n);
  iovec* iov = iv.data;
  size_t cnt = n;
  const uint64_t total = waitall ? total_len(bufs, n) : 0;
  sockaddr_storage addr;
  alignas(cmsghdr) char ctl[cmsg_linux_room];
  msghdr msg{};
  ssize_t r;
  for (;;) {
    msg = msghdr{};
    msg.msg_iov = iov;
    msg.msg_iovlen = cnt;
    if (from) {
      msg.msg_name = &addr;
      msg.msg_namelen = sizeof addr;
    }
    if (control) {  // WSARecvMsg: always ask, so a control buffer too small shows MSG_CTRUNC
      msg.msg_control = ctl;
      msg.msg_controllen = sizeof ctl;
    }
    r = ::recvmsg(s.fd(), &msg, fl);
    if (r > 0 && waitall) {
      got += uint64_t(r);
      if (got < total) {
        iov_advance(iov, cnt, size_t(r));
        continue;
      }
      r = 0;
    }
    if (r >= 0) {
      r += ssize_t(got);
      break;
    }
    int e = errno;
    if (e == EINTR) continue;
    if (e == EAGAIN && !nb) {
      int w = wait();
      if (w == 0) continue;
      e = -w;
    }
    if (e == ECONNRESET) s.reset_seen.store(true);
    if (!got) return -e;
    r = ssize_t(got);
    break;
  }
  if (from && msg.msg_namelen > 0) {
    int rc = sockaddr_to_win(&addr, msg.msg_namelen, from, fromlen);
    if (rc < 0) return rc;
  }
  uint32_t wf = (msg.msg_flags & MSG_OOB) ? win_msg_oob : 0;
  bool ctrunc = false;
  if (control) {
    // WSARecvMsg: control data in Windows layout; what does not fit is MSG_CTRUNC and
    // WSAEMSGSIZE, with the data still received (Wine test_ip_pktinfo).
    ctrunc = (msg.msg_flags & MSG_CTRUNC) != 0;
    control->len = uint32_t(cmsg_to_win(ctl, msg.msg_controllen, control->buf, control->len, &ctrunc));
    if (ctrunc) wf |= win_msg_ctrunc;
    if (msg_flags) *msg_flags = wf;
  }
  if (flags_out) *flags_out = wf;
  if (bytes_out) *bytes_out = uint32_t(r);
  if (ctrunc || (!stream && (msg.msg_flags & MSG_TRUNC))) return -EMSGSIZE;
  return r;
}

int64_t socket_send_sync(socket_object& s, const wsabuf_raw* bufs, uint32_t n, uint32_t win_flags, const void* to,
                         int tolen, bool force_blocking, const wsabuf_raw* control) {
  flush_deferred_io();  // a deferred overlapped send on this socket goes out first
  const int fl = linux_msg_flags(win_flags) | MSG_NOSIGNAL | MSG_DONTWAIT;
  const bool nb = !force_blocking && s.nonblocking.load(std::memory_order_relaxed);
  // A blocking send sends everything (Windows); a stream send that went out in part waits for
  // space and goes on. It ends early only on SO_SNDTIMEO, closesocket or an error, and then
  // reports the bytes that did go out, if any (Linux's blocking send does the same).
  const bool whole = !nb && s.is_stream();
  call_wait wait{s, POLLOUT, s.sndtimeo_ms.load(std::memory_order_relaxed)};
  uint64_t sent = 0;
  // A send failed with errno e: true to try again (after waiting for space), else *out is the
  // call's result (the bytes already sent, or -e).
  auto failed = [&](int e, int64_t* out) {
    if (e == EINTR) return true;
    if (e == EAGAIN) {
      if (nb) {
        net_events_on_send_blocked(s);  // FD_WRITE comes again
        *out = -e;
        return false;
      }
      int w = wait();
      if (w == 0) return true;
      e = -w;  // ETIMEDOUT (SO_SNDTIMEO), EINTR (closed), ...
    }
    *out = sent ? int64_t(sent) : -e;
    return false;
  };

  // WSASendMsg: IP_PKTINFO / IPV6_PKTINFO pick the source address (Linux cmsg layout).
  alignas(cmsghdr) char ctl[cmsg_linux_room];
  long ctllen = 0;
  if (control && control->len > 0) {
    ctllen = cmsg_from_win(control->buf, control->len, ctl, sizeof ctl);
    if (ctllen < 0) return ctllen;
  }

  if (n == 1 && !to && !ctllen) {
    const char* p = bufs[0].buf;
    uint32_t left = bufs[0].len;
    for (;;) {
      ssize_t r = ::send(s.fd(), p, left, fl);
      if (r >= 0) {
        sent += uint64_t(r);
        if (uint32_t(r) == left || !whole) return int64_t(sent);
        p += r;
        left -= uint32_t(r);
        // The send buffer is full: wait for space rather than try again at once.
        if (wait() < 0) return int64_t(sent);
        continue;
      }
      int64_t out;
      if (!failed(errno, &out)) return out;
    }
  }

  iov_buf iv(bufs, n);
  iovec* iov = iv.data;
  size_t cnt = n;
  uint64_t left = total_len(bufs, n);
  sockaddr_storage addr;
  socklen_t addrlen = 0;
  if (to) {
    int len = sockaddr_from_win(to, tolen, &addr);
    if (len < 0) return len;
    addrlen = socklen_t(len);
  }
  for (;;) {
    msghdr msg{};
    msg.msg_iov = iov;
    msg.msg_iovlen = cnt;
    if (to) {
      msg.msg_name = &addr;
      msg.msg_namelen = addrlen;
    }
    if (ctllen > 0) {
      msg.msg_control = ctl;
      msg.msg_controllen = size_t(ctllen);
    }
    ssize_t r = ::sendmsg(s.fd(), &msg, fl);
    if (r >= 0) {
      sent += uint64_t(r);
      if (uint64_t(r) == left || !whole) return int64_t(sent);
      left -= uint64_t(r);
      iov_advance(iov, cnt, size_t(r));
      if (wait() < 0) return int64_t(sent);
      continue;
    }
    int64_t out;
    if (!failed(errno, &out)) return out;
  }
}

// ---- io_op pool ----------------------------------------------------------------------------
// A per-thread cache in front of a global free list: ops are allocated on the issuing thread
// and freed where they complete (often the I/O thread), so caches spill to the global list.

namespace {

struct op_pool {
  spinlock lock;
  io_op* free = nullptr;
};
op_pool& global_pool() {
  static op_pool* p = new op_pool;
  return *p;
}

struct op_cache {
  io_op* free = nullptr;
  uint32_t count = 0;
  ~op_cache() {
    while (free) {
      io_op* n = free->next;
      delete free;
      free = n;
    }
    // Ops can still be freed on this thread after this destructor ran: the thread_ctx exit
    // hook (another thread_local, destroyed later) drops the completion routines still queued.
    // A full count sends those to the global pool instead of a cache nobody will free
    // (tests/win32/completion_routine_thread_exit.c under ASan).
    count = UINT32_MAX;
  }
};
thread_local op_cache tls_ops;
constexpr uint32_t cache_max = 256;

}  // namespace

io_op* io_op_alloc() {
  op_cache& c = tls_ops;
  io_op* op = c.free;
  if (op) {
    c.free = op->next;
    --c.count;
  } else {
    op_pool& g = global_pool();
    spin_guard sg(g.lock);
    op = g.free;
    if (op) g.free = op->next;
  }
  if (!op) return new io_op;
  op->~io_op();
  new (op) io_op;  // default member initializers, in place (no temporary to copy)
  return op;
}

void io_op_free(io_op* op) {
  op_cache& c = tls_ops;
  if (c.count < cache_max) {
    op->next = c.free;
    c.free = op;
    ++c.count;
    return;
  }
  op_pool& g = global_pool();
  spin_guard sg(g.lock);
  op->next = g.free;
  g.free = op;
}

const char* engine_name() { return the_engine().name(); }

}  // namespace ovl::detail
