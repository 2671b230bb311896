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

#include "core/completion_port.hpp"
#include "core/handle_table.hpp"
#include "core/io_op.hpp"
#include "engine/engine.hpp"
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
  socket_abort_all(*so);
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

}  // namespace

int64_t socket_recv_sync(socket_object& s, const wsabuf_raw* bufs, uint32_t n, uint32_t win_flags, void* from,
                         int* fromlen, uint32_t* flags_out, uint32_t* bytes_out, bool force_blocking) {
  net_recv_scope fd_read_reenable(s, true, (win_flags & win_msg_oob) != 0);  // FD_READ / FD_OOB
  if (s.reset_seen.load(std::memory_order_relaxed)) return -ECONNRESET;
  bool nb = !force_blocking && s.nonblocking.load(std::memory_order_relaxed);
  // Requests this thread deferred go first: one may be an overlapped receive on this socket,
  // which Windows serves before a later recv, or the thread may block here.
  flush_deferred_io();
  if (n == 1 && !from && s.type() == SOCK_STREAM) {
    // The common case: recv() is cheaper in the kernel than recvmsg() (no msghdr/iovec import).
    ssize_t r;
    do {
      r = ::recv(s.fd(), bufs[0].buf, bufs[0].len, linux_msg_flags(win_flags) | (nb ? MSG_DONTWAIT : 0));
    } while (r < 0 && errno == EINTR);
    if (r < 0) {
      int e = errno;
      if (e == EAGAIN && !nb) return -ETIMEDOUT;
      if (e == ECONNRESET) s.reset_seen.store(true);
      return -e;
    }
    if (flags_out) *flags_out = 0;
    if (bytes_out) *bytes_out = uint32_t(r);
    return r;
  }
  iov_buf iv(bufs, n);
  sockaddr_storage addr;
  msghdr msg{};
  msg.msg_iov = iv.data;
  msg.msg_iovlen = n;
  if (from) {
    msg.msg_name = &addr;
    msg.msg_namelen = sizeof addr;
  }
  int fl = linux_msg_flags(win_flags);
  if (nb) fl |= MSG_DONTWAIT;
  ssize_t r;
  do {
    r = ::recvmsg(s.fd(), &msg, fl);
  } while (r < 0 && errno == EINTR);
  if (r < 0) {
    int e = errno;
    if (e == EAGAIN && !nb) return -ETIMEDOUT;  // SO_RCVTIMEO expired
    if (e == ECONNRESET) s.reset_seen.store(true);
    return -e;
  }
  if (from && msg.msg_namelen > 0) {
    int rc = sockaddr_to_win(&addr, msg.msg_namelen, from, fromlen);
    if (rc < 0) return rc;
  }
  if (flags_out) *flags_out = (msg.msg_flags & MSG_OOB) ? win_msg_oob : 0;
  if (bytes_out) *bytes_out = uint32_t(r);
  if (s.type() != SOCK_STREAM && (msg.msg_flags & MSG_TRUNC)) return -EMSGSIZE;
  return r;
}

int64_t socket_send_sync(socket_object& s, const wsabuf_raw* bufs, uint32_t n, uint32_t win_flags, const void* to,
                         int tolen, bool force_blocking) {
  flush_deferred_io();  // a deferred overlapped send on this socket goes out first
  int fl = linux_msg_flags(win_flags) | MSG_NOSIGNAL;
  bool nb = !force_blocking && s.nonblocking.load(std::memory_order_relaxed);
  if (nb) fl |= MSG_DONTWAIT;
  ssize_t r;
  if (n == 1 && !to) {
    do {
      r = ::send(s.fd(), bufs[0].buf, bufs[0].len, fl);
    } while (r < 0 && errno == EINTR);
    if (r < 0) {
      int e = errno;
      if (e == EAGAIN && nb) net_events_on_send_blocked(s);  // FD_WRITE comes again
      return e == EAGAIN && !nb ? -ETIMEDOUT : -e;
    }
    return r;
  }
  iov_buf iv(bufs, n);
  sockaddr_storage addr;
  msghdr msg{};
  msg.msg_iov = iv.data;
  msg.msg_iovlen = n;
  if (to) {
    int len = sockaddr_from_win(to, tolen, &addr);
    if (len < 0) return len;
    msg.msg_name = &addr;
    msg.msg_namelen = socklen_t(len);
  }
  do {
    r = ::sendmsg(s.fd(), &msg, fl);
  } while (r < 0 && errno == EINTR);
  if (r < 0) {
    int e = errno;
    if (e == EAGAIN && !nb) return -ETIMEDOUT;  // SO_SNDTIMEO expired
    if (e == EAGAIN) net_events_on_send_blocked(s);  // FD_WRITE comes again
    return -e;
  }
  return r;
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
