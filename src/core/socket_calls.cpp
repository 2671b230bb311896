// The basic Winsock calls on the Linux side (see socket_calls.hpp): Windows semantics that the
// kernel does not give us by itself live here -- Windows' bind conflicts, the listening fd that
// is O_NONBLOCK so blocking and non-blocking accept can share it, a non-blocking connect that
// always reports WSAEWOULDBLOCK and later shows failure only in exceptfds, Windows' option
// numbers, value layouts and length rules, and select()/WSAPoll() readiness as Windows
// defines it (an unconnected TCP socket is not writable, a failed connect is "except", ...).
#include "core/socket_calls.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <memory>
#include <vector>

#include "core/blocking_wait.hpp"
#include "core/handle_table.hpp"
#include "core/thread.hpp"
#include "sys/errno_map.hpp"
#include "sys/sockaddr_conv.hpp"

namespace ovl::detail {

namespace {

int set_int(int fd, int level, int name, int v) {
  return ::setsockopt(fd, level, name, &v, sizeof v) < 0 ? -errno : 0;
}

int get_int(int fd, int level, int name, int* v) {
  socklen_t l = sizeof *v;
  *v = 0;
  return ::getsockopt(fd, level, name, v, &l) < 0 ? -errno : 0;
}

bool is_inet(int family) { return family == AF_INET || family == AF_INET6; }

uint16_t port_of(const sockaddr_storage& a) {
  if (a.ss_family == AF_INET) return reinterpret_cast<const sockaddr_in&>(a).sin_port;
  if (a.ss_family == AF_INET6) return reinterpret_cast<const sockaddr_in6&>(a).sin6_port;
  return 1;  // other families: "bound" as far as we can tell
}

// The Windows sockaddr size for a socket's family (accept's *addrlen check).
int win_addr_size(int family) {
  switch (family) {
    case AF_INET: return sizeof(sockaddr_in);
    case AF_INET6: return sizeof(sockaddr_in6);
    case AF_UNIX: return sizeof(sockaddr_un);
    default: return sizeof(sockaddr);
  }
}

int set_fd_nonblock(int fd, bool on) {
  int fl = ::fcntl(fd, F_GETFL);
  if (fl < 0) return -errno;
  int nfl = on ? (fl | O_NONBLOCK) : (fl & ~O_NONBLOCK);
  if (nfl != fl && ::fcntl(fd, F_SETFL, nfl) < 0) return -errno;
  return 0;
}

// A non-blocking connect finished (poll reported POLLOUT/POLLERR/POLLHUP): record the result.
// Only the thread that flips `connecting` reads (and thereby clears) the kernel's SO_ERROR.
void finish_connect(socket_object& s, short revents) {
  bool expected = true;
  if (!s.connecting.compare_exchange_strong(expected, false)) return;
  int err = 0;
  get_int(s.fd(), SOL_SOCKET, SO_ERROR, &err);
  if (err == 0 && (revents & POLLHUP)) err = ECONNREFUSED;  // error already consumed elsewhere
  // Publishes connected / connect_error (an asynchronous failure: SO_ERROR reports it).
  net_events_record_connect(s, err);
}

// Polls a connecting socket without waiting and updates its state.
void check_connect(socket_object& s) {
  if (!s.connecting.load()) return;
  pollfd p{s.fd(), POLLOUT, 0};
  if (::poll(&p, 1, 0) > 0 && (p.revents & (POLLOUT | POLLERR | POLLHUP))) finish_connect(s, p.revents);
}

// Waits until an in-progress connect on a Windows-blocking socket finishes; returns 0/-errno.
// The handshake is a network event, so the wait is alertable (blocking_wait_socket), and
// SO_SNDTIMEO does not apply (Windows' connect has no timeout of its own). A connect that has
// already finished (loopback often has) runs no APC.
int wait_connect(socket_object& s) {
  pollfd p{s.fd(), POLLOUT, 0};
  int r = ::poll(&p, 1, 0);
  if (r < 0) return -errno;
  if (r == 0) {
    int w = blocking_wait_socket(s, POLLOUT, 0);
    if (w < 0) return w;  // -EINTR: closed from another thread
  }
  int err = 0;
  get_int(s.fd(), SOL_SOCKET, SO_ERROR, &err);
  if (err) {
    // After a failed non-blocking connect Linux keeps the socket "connecting", and the next
    // connect() would fail with ECONNABORTED. The kernel's blocking connect resets it to
    // unconnected, so a connect after a failure works (Wine sock.c test_connect): do the same.
    sockaddr unspec{};
    unspec.sa_family = AF_UNSPEC;
    ::connect(s.fd(), &unspec, sizeof unspec);
  }
  return err ? -err : 0;
}

thread_local uint32_t tls_opentype = 0;

}  // namespace

void socket_check_connect(socket_object& s) { check_connect(s); }

uint32_t socket_opentype() { return tls_opentype; }
void socket_set_opentype(uint32_t v) { tls_opentype = v; }

void socket_apply_defaults(socket_object& s) {
  // Windows creates AF_INET6 sockets with IPV6_V6ONLY on (Wine sock.c test_ipv6only); Linux's
  // default follows net.ipv6.bindv6only, normally off.
  if (s.family() == AF_INET6) set_int(s.fd(), IPPROTO_IPV6, IPV6_V6ONLY, 1);
}

// ---- bind / listen / accept ----------------------------------------------------------------

int socket_bind(socket_object& s, const void* win_addr, int len) {
  sockaddr_storage a;
  int l = sockaddr_from_win(win_addr, len, &a);
  if (l < 0) return l;
  if (::bind(s.fd(), reinterpret_cast<sockaddr*>(&a), socklen_t(l)) < 0) return -errno;
  // socket_register turned SO_REUSEADDR on so a server can bind a port whose old connections
  // sit in TIME_WAIT (Windows allows that). With it on, Linux would also let a second socket
  // bind this address while we are bound but not listening, which Windows refuses
  // (Wine sock.c test_listen, test_reuseaddr). So it goes off while we are merely bound and
  // back on at listen()/connect(), so our own TIME_WAIT stays reusable.
  if (s.is_stream() && !s.opt_reuseaddr.load()) set_int(s.fd(), SOL_SOCKET, SO_REUSEADDR, 0);
  return 0;
}

int socket_listen(socket_object& s, int backlog) {
  if (!s.is_stream()) return -EOPNOTSUPP;  // Wine sock.c test_listen: UDP -> WSAEOPNOTSUPP
  if (s.connected.load()) return -EISCONN;
  if (is_inet(s.family())) {
    // Linux auto-binds on listen(); Windows fails an unbound socket with WSAEINVAL.
    sockaddr_storage a;
    socklen_t al = sizeof a;
    if (::getsockname(s.fd(), reinterpret_cast<sockaddr*>(&a), &al) < 0) return -errno;
    if (port_of(a) == 0) return -EINVAL;
  }
  int n;
  if (backlog == win::somaxconn) {
    n = SOMAXCONN;
  } else if (backlog < 0) {
    // SOMAXCONN_HINT(b) is -b; Windows clamps the hint to [200, 65535].
    long long h = -static_cast<long long>(backlog);
    n = int(h < 200 ? 200 : h > 65535 ? 65535 : h);
  } else {
    n = backlog;
  }
  set_int(s.fd(), SOL_SOCKET, SO_REUSEADDR, 1);  // accepted sockets inherit it (see bind)
  if (::listen(s.fd(), n) < 0) return -errno;
  int r = set_fd_nonblock(s.fd(), true);
  if (r < 0) return r;
  s.listening.store(true);
  return 0;
}

void socket_defer_accepted(socket_object& listener, uintptr_t accepted) {
  int64_t old = listener.deferred_accept.exchange(int64_t(accepted));
  if (old >= 0) socket_close(uintptr_t(old));
}

int64_t socket_accept(socket_object& s, void* addr, int* addrlen) {
  if (!s.is_stream()) return -EOPNOTSUPP;
  if (!s.listening.load()) return -EINVAL;
  const bool want_addr = addr && addrlen;  // accept(s, &ss, NULL) writes nothing (Wine test_accept)
  if (want_addr && *addrlen < win_addr_size(s.family())) return -EFAULT;

  int64_t deferred = s.deferred_accept.exchange(-1);
  if (deferred >= 0) {
    ref<socket_object> d = socket_lookup(uintptr_t(deferred));
    if (d) {
      if (want_addr) socket_getpeername(*d, addr, addrlen);
      return deferred;
    }
  }

  sockaddr_storage peer;
  socklen_t pl;
  int fd;
  for (;;) {
    if (s.closed.load()) return -EINTR;  // closesocket() from another thread
    pl = sizeof peer;
    fd = ::accept4(s.fd(), reinterpret_cast<sockaddr*>(&peer), &pl, SOCK_CLOEXEC);
    if (fd >= 0) break;
    int e = errno;
    if (e == EINTR) continue;
    // Network errors of the pending connection: Linux reports them from accept (accept(2),
    // "Error handling"); Windows just hands out the next connection.
    if (e == ENETDOWN || e == EPROTO || e == ENOPROTOOPT || e == EHOSTDOWN || e == ENONET ||
        e == EHOSTUNREACH || e == ENETUNREACH || e == ECONNABORTED)
      continue;
    if (e != EAGAIN) return -e;
    if (s.nonblocking.load()) return -EWOULDBLOCK;
    // Blocking accept: the listening fd is O_NONBLOCK, so wait here, alertably, looking at
    // closesocket() from another thread every close_check_ms (-EINTR, WSAEINTR).
    int w = blocking_wait_socket(s, POLLIN, 0);
    if (w < 0) return w;
  }
  if (uint32_t(fd) >= slot_array::capacity) {
    ::close(fd);
    return -EMFILE;
  }
  ref<socket_object> ns = socket_register(fd, s.family(), s.type(), s.protocol(), true);
  // What Windows carries over from the listener (Wine sock.c test_accept_inheritance): the
  // kernel copies SO_KEEPALIVE, SO_OOBINLINE, SO_LINGER, TCP_NODELAY, the timeouts and buffer
  // sizes; our own copies of the Windows-visible values follow here.
  ns->nonblocking.store(s.nonblocking.load());
  ns->rcvtimeo_ms.store(s.rcvtimeo_ms.load());
  ns->sndtimeo_ms.store(s.sndtimeo_ms.load());
  ns->opt_reuseaddr.store(s.opt_reuseaddr.load());
  ns->opt_exclusiveaddruse.store(s.opt_exclusiveaddruse.load());
  ns->opt_rcvbuf.store(s.opt_rcvbuf.load());
  ns->opt_sndbuf.store(s.opt_sndbuf.load());
  ns->connected.store(true);
  if (want_addr) sockaddr_to_win(&peer, pl, addr, addrlen);
  net_events_on_accept(s, ns.get());  // FD_ACCEPT re-enabled; the new socket inherits the selection
  return fd;
}

// ---- connect / shutdown / names ------------------------------------------------------------

int socket_connect(socket_object& s, const void* win_addr, int len) {
  sockaddr_storage a;
  int l = sockaddr_from_win(win_addr, len, &a);
  if (l < 0) return l;
  const int fd = s.fd();
  if (s.is_stream()) {
    if (s.listening.load()) return -EINVAL;  // Wine sock.c test_connect
    if (s.connecting.load()) {
      check_connect(s);
      if (s.connecting.load()) return -EALREADY;
    }
    if (s.connected.load()) return -EISCONN;
    set_int(fd, SOL_SOCKET, SO_REUSEADDR, 1);  // see socket_bind
  }

  if (s.is_stream() && s.nonblocking.load()) {
    int r = set_fd_nonblock(fd, true);
    if (r < 0) return r;
    int c = ::connect(fd, reinterpret_cast<sockaddr*>(&a), socklen_t(l));
    int e = c < 0 ? errno : 0;
    set_fd_nonblock(fd, false);
    if (c == 0) {
      // Completed at once (loopback can); Windows still says WSAEWOULDBLOCK and select()
      // then reports the socket writable.
      net_events_on_connect(s, 0);  // publishes `connected`
      return -EINPROGRESS;
    }
    if (e == EINPROGRESS || e == EINTR) {
      s.connecting.store(true);
      net_events_refresh(s);  // it may have finished before `connecting` was set
      return -EINPROGRESS;
    }
    if (e == ECONNREFUSED) {
      // Windows never fails a non-blocking connect synchronously for this: it reports
      // WSAEWOULDBLOCK and then the failure through select/SO_ERROR.
      s.connect_error.store(e);
      net_events_on_connect(s, e);
      return -EINPROGRESS;
    }
    return -e;
  }

  // A blocking TCP connect starts without waiting (O_NONBLOCK for the call) and waits in
  // wait_connect, alertably, as Windows does. Other families connect in the kernel.
  const bool alertable = s.is_stream() && is_inet(s.family());
  if (alertable) {
    int nr = set_fd_nonblock(fd, true);
    if (nr < 0) return nr;
  }
  int c = ::connect(fd, reinterpret_cast<sockaddr*>(&a), socklen_t(l));
  int e = c < 0 ? errno : 0;
  if (alertable) set_fd_nonblock(fd, false);
  int r = 0;
  if (c < 0) {
    // EINPROGRESS: started (or, in the kernel's blocking connect, our SO_SNDTIMEO ran out:
    // Linux applies it to connect, Windows does not). EINTR: the connect goes on in the kernel.
    // Either way, wait for the outcome.
    if (s.is_stream() && (e == EINTR || e == EINPROGRESS || e == EAGAIN || e == EALREADY))
      r = wait_connect(s);
    else
      r = -e;
  }
  // Synchronous failure: select shows it in exceptfds, SO_ERROR says 0 (Wine sock.c
  // test_select, "polling after a (synchronous) failure").
  if (s.is_stream() && r != 0) s.connect_error.store(r);
  // Success publishes `connected`; datagram sockets get FD_CONNECT too (Wine test_connect_events).
  if (r == 0) net_events_on_connect(s, 0);
  return r;
}

int socket_shutdown(socket_object& s, int how) {
  if (how < 0 || how > 2) return -EINVAL;
  if (s.is_stream()) {
    check_connect(s);
    if (!s.connected.load()) return -ENOTCONN;
  }
  uint8_t bits = how == 0 ? socket_object::shut_rd : how == 1 ? socket_object::shut_wr
                                                              : socket_object::shut_rd | socket_object::shut_wr;
  // Recorded before the kernel acts: a WSAEventSelect re-check woken by our own shutdown must
  // not mistake it for the peer's (core/net_events.cpp).
  uint8_t old = s.shut.fetch_or(bits);
  if (::shutdown(s.fd(), how) < 0) {
    int e = errno;
    if (!(e == ENOTCONN && !s.is_stream())) {  // an unconnected UDP socket is fine
      s.shut.store(old);
      return -e;
    }
  }
  return 0;
}

int socket_getsockname(socket_object& s, void* addr, int* len) {
  sockaddr_storage a;
  socklen_t al = sizeof a;
  if (::getsockname(s.fd(), reinterpret_cast<sockaddr*>(&a), &al) < 0) return -errno;
  if (is_inet(a.ss_family) && port_of(a) == 0) return -EINVAL;  // not bound (Wine test_getsockname)
  int saved = *len;
  int r = sockaddr_to_win(&a, al, addr, len);
  if (r < 0) *len = saved;
  return r;
}

int socket_getpeername(socket_object& s, void* addr, int* len) {
  if (s.is_stream()) check_connect(s);
  sockaddr_storage a;
  socklen_t al = sizeof a;
  if (::getpeername(s.fd(), reinterpret_cast<sockaddr*>(&a), &al) < 0) return -errno;
  int saved = *len;
  int r = sockaddr_to_win(&a, al, addr, len);
  if (r < 0) *len = saved;
  return r;
}

int socket_io_precheck(socket_object& s, bool sending) {
  if (s.shut.load() & (sending ? socket_object::shut_wr : socket_object::shut_rd)) return -ESHUTDOWN;
  if (s.is_stream() && !s.connected.load()) {
    check_connect(s);
    if (!s.connected.load()) return -ENOTCONN;
  }
  return 0;
}

void socket_identity(socket_object& s, int* win_af, int* type, int* protocol, int* addr_size) {
  *win_af = af_to_win(s.family());
  *type = s.type();
  *protocol = s.protocol();
  *addr_size = win_addr_size(s.family());
}

// ---- socket options ------------------------------------------------------------------------
//
// Windows' length rules differ per option (Wine sock.c test_set_getsockopt, "test_optsize"):
//   bool_sol    SO_BROADCAST, SO_OOBINLINE, SO_REUSEADDR, SO_EXCLUSIVEADDRUSE, SO_DONTLINGER:
//               set takes any length (0 = no change, -1 = 4); get writes 1, 2 or 4 bytes and
//               reports 1 for lengths below 4.
//   byte        SO_KEEPALIVE, SO_DONTROUTE, TCP_NODELAY, IPV6_V6ONLY: only the first byte is
//               read or written; get reports 1; a negative set length is WSAENOBUFS.
//   int_sol     other SOL_SOCKET options: 4 bytes, shorter is WSAEFAULT, -1 means 4.
//   int         other levels: 4 bytes, shorter is WSAEFAULT (get then reports 0 bytes), a
//               negative set length is WSAENOBUFS.
//   short_int   IP_TTL, IP_TOS, IP_MULTICAST_TTL, IPV6_*_HOPS: 1..4 bytes in, values above 255
//               are WSAEINVAL; get writes 1 byte for lengths below 4.
//   short_bool  IP_MULTICAST_LOOP, IPV6_MULTICAST_LOOP, IP(V6)_DONTFRAG: as short_int, boolean.
namespace {

enum class okind { bool_sol, byte, int_sol, int_, short_int, short_bool };

// Windows option numbers.
namespace wo {
constexpr int so_debug = 1, so_acceptconn = 2, so_reuseaddr = 4, so_keepalive = 8, so_dontroute = 0x10,
              so_broadcast = 0x20, so_linger = 0x80, so_oobinline = 0x100, so_dontlinger = ~0x80,
              so_exclusiveaddruse = ~4, so_sndbuf = 0x1001, so_rcvbuf = 0x1002, so_sndtimeo = 0x1005,
              so_rcvtimeo = 0x1006, so_error = 0x1007, so_type = 0x1008, so_max_msg_size = 0x2003,
              so_conditional_accept = 0x3002, so_update_accept_context = 0x700B,
              so_update_connect_context = 0x7010;
constexpr int tcp_nodelay = 1, tcp_keepalive = 3, tcp_maxseg = 4, tcp_keepcnt = 16, tcp_keepintvl = 17;
constexpr int ip_hdrincl = 2, ip_tos = 3, ip_ttl = 4, ip_multicast_if = 9, ip_multicast_ttl = 10,
              ip_multicast_loop = 11, ip_add_membership = 12, ip_drop_membership = 13,
              ip_dontfragment = 14, ip_pktinfo = 19, ip_recvttl = 21, ip_recvtos = 40;
constexpr int ipv6_unicast_hops = 4, ipv6_multicast_if = 9, ipv6_multicast_hops = 10,
              ipv6_multicast_loop = 11, ipv6_add_membership = 12, ipv6_drop_membership = 13,
              ipv6_dontfrag = 14, ipv6_pktinfo = 19, ipv6_hoplimit = 21, ipv6_v6only = 27,
              ipv6_recvtclass = 40;
}  // namespace wo

struct opt_desc {
  okind kind;
  bool zero_short_get;  // a too short get zero-fills the caller's bytes (SO_LINGER, SO_*BUF)
};

// Returns false for an option we do not know at this level.
bool describe(int level, int name, opt_desc* d) {
  *d = {okind::int_sol, false};
  if (level == win::sol_socket) {
    switch (name) {
      case wo::so_reuseaddr: case wo::so_exclusiveaddruse: case wo::so_broadcast: case wo::so_oobinline:
      case wo::so_dontlinger: case wo::so_conditional_accept:
        d->kind = okind::bool_sol; return true;
      case wo::so_keepalive: case wo::so_dontroute:
        d->kind = okind::byte; return true;
      case wo::so_linger: case wo::so_sndbuf: case wo::so_rcvbuf:
        d->zero_short_get = true; return true;
      case wo::so_acceptconn: case wo::so_sndtimeo: case wo::so_rcvtimeo: case wo::so_error: case wo::so_type:
      case wo::so_max_msg_size: case wo::so_update_accept_context: case wo::so_update_connect_context:
        return true;
      default: return false;
    }
  }
  if (level == win::ipproto_tcp) {
    switch (name) {
      case wo::tcp_nodelay: d->kind = okind::byte; return true;
      case wo::tcp_keepalive: case wo::tcp_maxseg: case wo::tcp_keepcnt: case wo::tcp_keepintvl:
        d->kind = okind::int_; return true;
      default: return false;
    }
  }
  if (level == win::ipproto_ip) {
    switch (name) {
      case wo::ip_tos: case wo::ip_ttl: case wo::ip_multicast_ttl: d->kind = okind::short_int; return true;
      case wo::ip_multicast_loop: case wo::ip_dontfragment: d->kind = okind::short_bool; return true;
      case wo::ip_hdrincl: case wo::ip_multicast_if: case wo::ip_add_membership: case wo::ip_drop_membership:
      case wo::ip_pktinfo: case wo::ip_recvttl: case wo::ip_recvtos:
        d->kind = okind::int_; return true;
      default: return false;
    }
  }
  if (level == win::ipproto_ipv6) {
    switch (name) {
      case wo::ipv6_unicast_hops: case wo::ipv6_multicast_hops: d->kind = okind::short_int; return true;
      case wo::ipv6_multicast_loop: case wo::ipv6_dontfrag: d->kind = okind::short_bool; return true;
      case wo::ipv6_v6only: d->kind = okind::byte; return true;
      case wo::ipv6_multicast_if: case wo::ipv6_add_membership: case wo::ipv6_drop_membership:
      case wo::ipv6_pktinfo: case wo::ipv6_hoplimit: case wo::ipv6_recvtclass:
        d->kind = okind::int_; return true;
      default: return false;
    }
  }
  return false;  // IPPROTO_UDP and friends
}

uint32_t read_le(const void* p, int n) {
  uint32_t v = 0;
  std::memcpy(&v, p, size_t(n > 4 ? 4 : n));  // little-endian host: the low bytes come first
  return v;
}

// Applies the set-length rules. Returns 0 with *v (and *skip for a 0-length boolean), or -errno.
int read_value(const opt_desc& d, bool sol, const void* val, int len, uint32_t* v, bool* skip) {
  *skip = false;
  if (len < 0) {
    if (d.kind == okind::byte || !sol) return -ENOBUFS;
    len = 4;
  }
  switch (d.kind) {
    case okind::bool_sol:
      if (len == 0) {
        *skip = true;
        return 0;
      }
      *v = read_le(val, len) != 0;
      return 0;
    case okind::byte:
      if (len == 0) return -EFAULT;
      *v = *static_cast<const uint8_t*>(val);
      return 0;
    case okind::int_sol:
    case okind::int_:
      if (len < 4) return -EFAULT;
      *v = read_le(val, 4);
      return 0;
    case okind::short_int:
      if (len == 0) return -EFAULT;
      *v = read_le(val, len);
      return 0;
    case okind::short_bool:
      if (len == 0) return -EFAULT;
      *v = read_le(val, len) != 0;
      return 0;
  }
  return -EINVAL;
}

int write_value(const opt_desc& d, void* val, int* len, uint32_t v) {
  int n = *len;
  if (n <= 0) return -EFAULT;
  auto put = [&](int bytes, int reported) {
    std::memcpy(val, &v, size_t(bytes));
    *len = reported;
    return 0;
  };
  switch (d.kind) {
    case okind::bool_sol:
      if (n == 1) return put(1, 1);
      if (n < 4) return put(2, 1);
      return put(4, 4);
    case okind::byte:
      return put(1, 1);
    case okind::int_sol:
      if (n < 4) {
        if (d.zero_short_get) std::memset(val, 0, size_t(n));
        return -EFAULT;
      }
      return put(4, 4);
    case okind::int_:
      if (n < 4) {
        *len = 0;
        return -EFAULT;
      }
      return put(4, 4);
    case okind::short_int:
    case okind::short_bool:
      if (n < 4) return put(1, 1);
      return put(4, 4);
  }
  return -EINVAL;
}

// IP_DONTFRAGMENT / IPV6_DONTFRAG on Linux's path-MTU discovery modes: Windows reports TCP
// sockets as "don't fragment" by default and UDP sockets as not (Wine sock.c
// test_set_getsockopt, the IP_DONTFRAGMENT loop).
int get_dontfrag(socket_object& s, bool v6, uint32_t* v) {
  int mode;
  int r = v6 ? get_int(s.fd(), IPPROTO_IPV6, IPV6_MTU_DISCOVER, &mode) : get_int(s.fd(), IPPROTO_IP, IP_MTU_DISCOVER, &mode);
  if (r < 0) return r;
  const int want = v6 ? IPV6_PMTUDISC_WANT : IP_PMTUDISC_WANT;
  const int dont = v6 ? IPV6_PMTUDISC_DONT : IP_PMTUDISC_DONT;
  *v = mode == dont ? 0 : mode == want ? (s.is_stream() ? 1 : 0) : 1;
  return 0;
}

int set_dontfrag(socket_object& s, bool v6, uint32_t v) {
  if (v6) return set_int(s.fd(), IPPROTO_IPV6, IPV6_MTU_DISCOVER, v ? IPV6_PMTUDISC_DO : IPV6_PMTUDISC_DONT);
  return set_int(s.fd(), IPPROTO_IP, IP_MTU_DISCOVER, v ? IP_PMTUDISC_DO : IP_PMTUDISC_DONT);
}

int set_timeout(socket_object& s, int linux_name, uint32_t ms) {
  timeval tv{time_t(ms / 1000), suseconds_t((ms % 1000) * 1000)};
  return ::setsockopt(s.fd(), SOL_SOCKET, linux_name, &tv, sizeof tv) < 0 ? -errno : 0;
}

bool pointer_ok(const void* p) { return reinterpret_cast<uintptr_t>(p) >= 0x10000; }

}  // namespace

int socket_setsockopt(socket_object& s, int level, int name, const void* val, int len) {
  // SO_UPDATE_CONNECT_CONTEXT takes no value: Microsoft's ConnectEx page passes NULL, 0.
  if (level == win::sol_socket && name == wo::so_update_connect_context) return 0;
  if (!pointer_ok(val)) return -EFAULT;  // NULL, or a value passed instead of a pointer
  if (level != win::sol_socket && level != win::ipproto_ip && level != win::ipproto_tcp &&
      level != win::ipproto_udp && level != win::ipproto_ipv6)
    return -EINVAL;
  if (level == win::ipproto_ip && name == wo::ip_hdrincl && s.type() != SOCK_RAW) return -EINVAL;
  opt_desc d;
  if (!describe(level, name, &d)) return -ENOPROTOOPT;
  if (level == win::ipproto_tcp && !s.is_stream()) return -ENOPROTOOPT;
  const int fd = s.fd();

  // Options whose value is not a plain number.
  if (level == win::sol_socket) {
    switch (name) {
      case wo::so_acceptconn: case wo::so_type: case wo::so_max_msg_size:
        return -ENOPROTOOPT;  // read-only (Wine test_listen, test_WSASocket)
      case wo::so_update_accept_context: case wo::so_update_connect_context:
        return 0;  // nothing to copy: the kernel already carries the listener's state
      case wo::so_linger: {
        if (!s.is_stream()) return -ENOPROTOOPT;
        if (len >= 0 && len < 4) return -EFAULT;
        uint16_t w[2];
        std::memcpy(w, val, 4);
        linger lg{w[0] != 0, w[1]};
        return ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg) < 0 ? -errno : 0;
      }
      default: break;
    }
  }
  if ((level == win::ipproto_ip && (name == wo::ip_add_membership || name == wo::ip_drop_membership)) ||
      (level == win::ipproto_ipv6 && (name == wo::ipv6_add_membership || name == wo::ipv6_drop_membership))) {
    // struct ip_mreq / ipv6_mreq have the same layout on both systems.
    const bool v6 = level == win::ipproto_ipv6;
    const int need = v6 ? int(sizeof(ipv6_mreq)) : int(sizeof(ip_mreq));
    if (len < need) return -EFAULT;
    int lname = v6 ? (name == wo::ipv6_add_membership ? IPV6_ADD_MEMBERSHIP : IPV6_DROP_MEMBERSHIP)
                   : (name == wo::ip_add_membership ? IP_ADD_MEMBERSHIP : IP_DROP_MEMBERSHIP);
    return ::setsockopt(fd, v6 ? IPPROTO_IPV6 : IPPROTO_IP, lname, val, socklen_t(need)) < 0 ? -errno : 0;
  }

  uint32_t v = 0;
  bool skip = false;
  int r = read_value(d, level == win::sol_socket, val, len, &v, &skip);
  if (r < 0) return r;
  if (skip) return 0;
  const int iv = int(v);

  if (d.kind == okind::short_int && v > 255) return -EINVAL;  // Wine test_optsize: 0x100 fails

  if (level == win::sol_socket) {
    switch (name) {
      case wo::so_reuseaddr:
        if (v && s.opt_exclusiveaddruse.load()) return -EINVAL;  // Wine test_reuseaddr
        s.opt_reuseaddr.store(iv);
        if (!s.is_stream()) return set_int(fd, SOL_SOCKET, SO_REUSEADDR, iv);
        if (v) return set_int(fd, SOL_SOCKET, SO_REUSEADDR, 1);
        return 0;
      case wo::so_exclusiveaddruse:
        if (v && s.opt_reuseaddr.load()) return -EINVAL;
        s.opt_exclusiveaddruse.store(iv);
        return 0;
      case wo::so_conditional_accept:
        return 0;  // WSAAccept defers whether or not this is set
      case wo::so_keepalive: return set_int(fd, SOL_SOCKET, SO_KEEPALIVE, v != 0);
      case wo::so_dontroute: return set_int(fd, SOL_SOCKET, SO_DONTROUTE, v != 0);
      case wo::so_broadcast: return set_int(fd, SOL_SOCKET, SO_BROADCAST, iv);
      case wo::so_oobinline: return set_int(fd, SOL_SOCKET, SO_OOBINLINE, iv);
      case wo::so_dontlinger: {
        if (!s.is_stream()) return -ENOPROTOOPT;
        linger lg{};
        socklen_t ll = sizeof lg;
        ::getsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, &ll);
        lg.l_onoff = !v;
        return ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg) < 0 ? -errno : 0;
      }
      case wo::so_sndbuf:
      case wo::so_rcvbuf: {
        // Windows reports back exactly what was set (0 included); Linux doubles the value and
        // enforces a minimum, so keep our own copy.
        const bool snd = name == wo::so_sndbuf;
        int lv = iv < 0 ? INT_MAX / 2 : iv;
        int rr = set_int(fd, SOL_SOCKET, snd ? SO_SNDBUF : SO_RCVBUF, lv);
        if (rr < 0) return rr;
        (snd ? s.opt_sndbuf : s.opt_rcvbuf).store(iv);
        return 0;
      }
      case wo::so_sndtimeo:
      case wo::so_rcvtimeo: {
        // DWORD milliseconds. Blocking calls take their deadline from our copy (never waiting
        // inside the kernel: core/blocking_wait.hpp); the kernel gets the value too.
        const bool snd = name == wo::so_sndtimeo;
        int rr = set_timeout(s, snd ? SO_SNDTIMEO : SO_RCVTIMEO, v);
        if (rr < 0) return rr;
        (snd ? s.sndtimeo_ms : s.rcvtimeo_ms).store(v);
        return 0;
      }
      case wo::so_error:
        s.opt_so_error.store(iv);  // Windows stores it (Wine test_set_getsockopt, SO_ERROR)
        return 0;
      default: return -ENOPROTOOPT;
    }
  }
  if (level == win::ipproto_tcp) {
    switch (name) {
      case wo::tcp_nodelay: return set_int(fd, IPPROTO_TCP, TCP_NODELAY, v != 0);
      case wo::tcp_keepalive: return set_int(fd, IPPROTO_TCP, TCP_KEEPIDLE, iv);
      case wo::tcp_keepcnt: return set_int(fd, IPPROTO_TCP, TCP_KEEPCNT, iv);
      case wo::tcp_keepintvl: return set_int(fd, IPPROTO_TCP, TCP_KEEPINTVL, iv);
      case wo::tcp_maxseg: return set_int(fd, IPPROTO_TCP, TCP_MAXSEG, iv);
      default: return -ENOPROTOOPT;
    }
  }
  if (level == win::ipproto_ip) {
    switch (name) {
      case wo::ip_tos: return set_int(fd, IPPROTO_IP, IP_TOS, iv);
      case wo::ip_ttl: return set_int(fd, IPPROTO_IP, IP_TTL, iv);
      case wo::ip_multicast_ttl: return set_int(fd, IPPROTO_IP, IP_MULTICAST_TTL, iv);
      case wo::ip_multicast_loop: return set_int(fd, IPPROTO_IP, IP_MULTICAST_LOOP, iv);
      case wo::ip_dontfragment: return set_dontfrag(s, s.family() == AF_INET6, v);
      case wo::ip_hdrincl: return set_int(fd, IPPROTO_IP, IP_HDRINCL, iv != 0);
      case wo::ip_multicast_if: {
        in_addr a;
        std::memcpy(&a, &v, 4);
        return ::setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &a, sizeof a) < 0 ? -errno : 0;
      }
      case wo::ip_pktinfo: return set_int(fd, IPPROTO_IP, IP_PKTINFO, v != 0);
      case wo::ip_recvttl: return set_int(fd, IPPROTO_IP, IP_RECVTTL, v != 0);
      case wo::ip_recvtos: return set_int(fd, IPPROTO_IP, IP_RECVTOS, v != 0);
      default: return -ENOPROTOOPT;
    }
  }
  if (level == win::ipproto_ipv6) {
    switch (name) {
      case wo::ipv6_unicast_hops: return set_int(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, iv);
      case wo::ipv6_multicast_hops: return set_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, iv);
      case wo::ipv6_multicast_loop: return set_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, iv);
      case wo::ipv6_multicast_if: return set_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, iv);
      case wo::ipv6_dontfrag: return set_dontfrag(s, true, v);
      case wo::ipv6_v6only: return set_int(fd, IPPROTO_IPV6, IPV6_V6ONLY, v != 0);
      case wo::ipv6_pktinfo: return set_int(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, v != 0);
      case wo::ipv6_hoplimit: return set_int(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, v != 0);
      case wo::ipv6_recvtclass: return set_int(fd, IPPROTO_IPV6, IPV6_RECVTCLASS, v != 0);
      default: return -ENOPROTOOPT;
    }
  }
  return -ENOPROTOOPT;
}

int socket_getsockopt(socket_object& s, int level, int name, void* val, int* len) {
  if (!pointer_ok(val) || !pointer_ok(len)) return -EFAULT;
  if (level != win::sol_socket && level != win::ipproto_ip && level != win::ipproto_tcp &&
      level != win::ipproto_udp && level != win::ipproto_ipv6)
    return -EINVAL;
  if (level == win::ipproto_ip && name == wo::ip_hdrincl && s.type() != SOCK_RAW) return -EINVAL;
  opt_desc d;
  if (!describe(level, name, &d)) return -ENOPROTOOPT;
  if (level == win::ipproto_tcp && !s.is_stream()) return -ENOPROTOOPT;
  const int fd = s.fd();
  uint32_t v = 0;
  int iv = 0;
  int r = 0;

  if (level == win::sol_socket) {
    switch (name) {
      case wo::so_linger: {
        if (!s.is_stream()) return -ENOPROTOOPT;  // Wine test_extendedSocketOptions
        if (*len <= 0) return -EFAULT;
        if (*len < 4) {
          std::memset(val, 0, size_t(*len));
          return -EFAULT;
        }
        linger lg{};
        socklen_t ll = sizeof lg;
        if (::getsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, &ll) < 0) return -errno;
        uint16_t w[2] = {uint16_t(lg.l_onoff ? 1 : 0), uint16_t(lg.l_linger)};
        std::memcpy(val, w, 4);
        *len = 4;
        return 0;
      }
      case wo::so_dontlinger: {
        if (!s.is_stream()) return -ENOPROTOOPT;
        linger lg{};
        socklen_t ll = sizeof lg;
        if (::getsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, &ll) < 0) return -errno;
        v = !lg.l_onoff;
        break;
      }
      case wo::so_reuseaddr: v = s.opt_reuseaddr.load() != 0; break;
      case wo::so_exclusiveaddruse: v = s.opt_exclusiveaddruse.load() != 0; break;
      case wo::so_conditional_accept: v = 0; break;
      case wo::so_keepalive: r = get_int(fd, SOL_SOCKET, SO_KEEPALIVE, &iv); v = iv != 0; break;
      case wo::so_dontroute: r = get_int(fd, SOL_SOCKET, SO_DONTROUTE, &iv); v = iv != 0; break;
      case wo::so_broadcast: r = get_int(fd, SOL_SOCKET, SO_BROADCAST, &iv); v = iv != 0; break;
      case wo::so_oobinline: r = get_int(fd, SOL_SOCKET, SO_OOBINLINE, &iv); v = iv != 0; break;
      case wo::so_sndbuf:
      case wo::so_rcvbuf: {
        const bool snd = name == wo::so_sndbuf;
        int32_t stored = (snd ? s.opt_sndbuf : s.opt_rcvbuf).load();
        if (stored >= 0) {
          v = uint32_t(stored);
        } else {
          r = get_int(fd, SOL_SOCKET, snd ? SO_SNDBUF : SO_RCVBUF, &iv);
          v = uint32_t(iv / 2);  // Linux reports twice what the application asked for
        }
        break;
      }
      case wo::so_sndtimeo: v = s.sndtimeo_ms.load(); break;
      case wo::so_rcvtimeo: v = s.rcvtimeo_ms.load(); break;
      case wo::so_error: {
        check_connect(s);
        int32_t ce = s.connect_error.load();
        v = ce > 0 ? wsa_from_errno(ce) : uint32_t(s.opt_so_error.load());
        break;
      }
      case wo::so_type: v = uint32_t(s.type()); break;
      case wo::so_acceptconn: v = s.listening.load() ? 1 : 0; break;
      case wo::so_max_msg_size:
        if (s.is_stream()) return -ENOPROTOOPT;
        v = s.family() == AF_INET6 ? 65527 : 65507;
        break;
      default: return -ENOPROTOOPT;  // SO_UPDATE_*_CONTEXT are set-only
    }
  } else if (level == win::ipproto_tcp) {
    switch (name) {
      case wo::tcp_nodelay: r = get_int(fd, IPPROTO_TCP, TCP_NODELAY, &iv); v = iv != 0; break;
      case wo::tcp_keepalive: r = get_int(fd, IPPROTO_TCP, TCP_KEEPIDLE, &iv); v = uint32_t(iv); break;
      case wo::tcp_keepcnt: r = get_int(fd, IPPROTO_TCP, TCP_KEEPCNT, &iv); v = uint32_t(iv); break;
      case wo::tcp_keepintvl: r = get_int(fd, IPPROTO_TCP, TCP_KEEPINTVL, &iv); v = uint32_t(iv); break;
      case wo::tcp_maxseg: r = get_int(fd, IPPROTO_TCP, TCP_MAXSEG, &iv); v = uint32_t(iv); break;
      default: return -ENOPROTOOPT;
    }
  } else if (level == win::ipproto_ip) {
    switch (name) {
      case wo::ip_tos: r = get_int(fd, IPPROTO_IP, IP_TOS, &iv); v = uint32_t(iv); break;
      case wo::ip_ttl: r = get_int(fd, IPPROTO_IP, IP_TTL, &iv); v = uint32_t(iv); break;
      case wo::ip_multicast_ttl: {
        // Linux may answer with a single byte; start from zero so the value is complete.
        unsigned char b[4] = {};
        socklen_t bl = sizeof b;
        if (::getsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, b, &bl) < 0) return -errno;
        v = bl == 1 ? b[0] : read_le(b, 4);
        break;
      }
      case wo::ip_multicast_loop: {
        unsigned char b[4] = {};
        socklen_t bl = sizeof b;
        if (::getsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, b, &bl) < 0) return -errno;
        v = (bl == 1 ? b[0] : read_le(b, 4)) != 0;
        break;
      }
      case wo::ip_dontfragment: r = get_dontfrag(s, s.family() == AF_INET6, &v); break;
      case wo::ip_hdrincl: r = get_int(fd, IPPROTO_IP, IP_HDRINCL, &iv); v = iv != 0; break;
      case wo::ip_multicast_if: {
        in_addr a{};
        socklen_t al = sizeof a;
        if (::getsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &a, &al) < 0) return -errno;
        std::memcpy(&v, &a, 4);
        break;
      }
      case wo::ip_pktinfo: r = get_int(fd, IPPROTO_IP, IP_PKTINFO, &iv); v = iv != 0; break;
      case wo::ip_recvttl: r = get_int(fd, IPPROTO_IP, IP_RECVTTL, &iv); v = iv != 0; break;
      case wo::ip_recvtos: r = get_int(fd, IPPROTO_IP, IP_RECVTOS, &iv); v = iv != 0; break;
      default: return -ENOPROTOOPT;  // the membership options are set-only
    }
  } else if (level == win::ipproto_ipv6) {
    switch (name) {
      case wo::ipv6_unicast_hops: r = get_int(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &iv); v = uint32_t(iv); break;
      case wo::ipv6_multicast_hops: r = get_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &iv); v = uint32_t(iv); break;
      case wo::ipv6_multicast_loop: r = get_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &iv); v = iv != 0; break;
      case wo::ipv6_multicast_if: r = get_int(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &iv); v = uint32_t(iv); break;
      case wo::ipv6_dontfrag: r = get_dontfrag(s, true, &v); break;
      case wo::ipv6_v6only: r = get_int(fd, IPPROTO_IPV6, IPV6_V6ONLY, &iv); v = iv != 0; break;
      case wo::ipv6_pktinfo: r = get_int(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &iv); v = iv != 0; break;
      case wo::ipv6_hoplimit: r = get_int(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &iv); v = iv != 0; break;
      case wo::ipv6_recvtclass: r = get_int(fd, IPPROTO_IPV6, IPV6_RECVTCLASS, &iv); v = iv != 0; break;
      default: return -ENOPROTOOPT;
    }
  } else {
    return -ENOPROTOOPT;
  }
  if (r < 0) return r;
  return write_value(d, val, len, v);
}

// ---- ioctls --------------------------------------------------------------------------------

int socket_ioctl(socket_object& s, uint32_t cmd, uint32_t* arg) {
  switch (cmd) {
    case win::fionbio: {
      bool on = *arg != 0;
      // Windows refuses to make a socket blocking while WSAEventSelect/WSAAsyncSelect is in
      // force (Wine sock.c test_fionbio). The select veneer sets select_mode.
      if (!on && s.select_mode.load()) return -EINVAL;
      s.nonblocking.store(on);
      return 0;
    }
    case win::fionread: {
      if (s.listening.load()) {
        *arg = 0;
        return 0;
      }
      int n = 0;
      if (::ioctl(s.fd(), FIONREAD, &n) < 0) {
        if (errno == EINVAL || errno == ENOTCONN) n = 0;
        else return -errno;
      }
      *arg = uint32_t(n);
      return 0;
    }
    case win::siocatmark: {
      // Windows' SIOCATMARK is TRUE when no urgent data waits to be read (the opposite sense
      // of "at the mark"); Linux's POLLPRI says urgent data is pending.
      pollfd p{s.fd(), POLLPRI, 0};
      int r = ::poll(&p, 1, 0);
      *arg = (r > 0 && (p.revents & POLLPRI)) ? 0 : 1;
      return 0;
    }
    default:
      return -EINVAL;
  }
}

int socket_keepalive_vals(socket_object& s, uint32_t onoff, uint32_t time_ms, uint32_t interval_ms) {
  const int fd = s.fd();
  int r = set_int(fd, SOL_SOCKET, SO_KEEPALIVE, onoff ? 1 : 0);
  if (r < 0) return r;
  if (!onoff || !s.is_stream()) return 0;
  // Linux counts whole seconds and refuses 0.
  auto secs = [](uint32_t ms) { uint32_t v = (ms + 999) / 1000; return int(v == 0 ? 1 : v > 32767 ? 32767 : v); };
  if (time_ms) set_int(fd, IPPROTO_TCP, TCP_KEEPIDLE, secs(time_ms));
  if (interval_ms) set_int(fd, IPPROTO_TCP, TCP_KEEPINTVL, secs(interval_ms));
  return 0;
}

// ---- select / WSAPoll ----------------------------------------------------------------------

namespace {

// The Windows view of one socket's poll result.
struct win_ready {
  bool read = false, write = false, except = false;
  int16_t wsapoll = 0;  // WSAPOLLFD revents (all bits, before masking with the request)
};

bool oob_inline(int fd) {
  int v = 0;
  get_int(fd, SOL_SOCKET, SO_OOBINLINE, &v);
  return v != 0;
}

win_ready evaluate(socket_object& s, short rev) {
  win_ready w;
  if (s.connecting.load() && (rev & (POLLOUT | POLLERR | POLLHUP))) finish_connect(s, rev);
  if (s.listening.load()) {
    if (rev & POLLIN) {
      w.read = true;
      w.wsapoll = win::pollrdnorm;
    }
    return w;
  }
  if (!s.is_stream()) {
    w.read = (rev & (POLLIN | POLLERR)) != 0;
    w.write = (rev & POLLOUT) != 0;
    if (rev & POLLIN) w.wsapoll |= win::pollrdnorm;
    if (rev & POLLOUT) w.wsapoll |= win::pollwrnorm;
    return w;
  }
  if (s.connecting.load()) return w;  // still in progress
  if (!s.connected.load()) {
    if (s.connect_error.load() != 0) {
      // A failed connect shows in exceptfds only (Wine sock.c test_select); WSAPoll reports
      // POLLWRNORM | POLLHUP | POLLERR (test_WSAPoll).
      w.except = true;
      w.wsapoll = win::pollwrnorm | win::pollhup | win::pollerr;
    }
    return w;  // never connected: neither readable nor writable
  }
  const bool pri = (rev & POLLPRI) != 0;
  const bool inl = pri && oob_inline(s.fd());
  w.read = (rev & (POLLIN | POLLHUP | POLLERR | POLLRDHUP)) != 0 || inl;
  w.write = (rev & (POLLOUT | POLLERR)) != 0;
  w.except = pri && !inl;
  // WSAPoll: after the peer's FIN Windows reports POLLHUP, and POLLRDNORM only while data is
  // still queued (test_WSAPoll, "Test shutdown").
  bool data = (rev & POLLIN) != 0;
  if (data && (rev & (POLLRDHUP | POLLHUP))) {
    int n = 0;
    data = ::ioctl(s.fd(), FIONREAD, &n) == 0 && n > 0;
  }
  if (data || inl) w.wsapoll |= win::pollrdnorm;
  if (pri && !inl) w.wsapoll |= win::pollrdband;
  if (rev & POLLOUT) w.wsapoll |= win::pollwrnorm;
  if (rev & (POLLRDHUP | POLLHUP)) w.wsapoll |= win::pollhup;
  if (rev & POLLERR) w.wsapoll |= win::pollerr;
  return w;
}

int64_t now_us() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}

// select()/WSAPoll()'s wait until deadline_us (CLOCK_MONOTONIC µs, < 0: forever); p has room
// for n + 1 entries (blocking_wait's eventfd). The first call only looks, so a select that
// need not wait runs no APC, and so does one with a zero timeout (may_wait false). Otherwise
// the wait is alertable, even when the timeout is over by now: queued APCs run and the caller
// loops until something is ready or the deadline passes (Wine sock.c test_select: an APC
// queued before a 500 µs select that times out has run when it returns; one queued before a
// select that is satisfied at once has not). Returns what ppoll does, 0 after APCs.
int poll_us(pollfd* p, size_t n, int64_t deadline_us, bool look_first, bool may_wait) {
  if (look_first || !may_wait) {
    int r;
    do {
      timespec zero{0, 0};
      r = ::ppoll(p, n, &zero, nullptr);
    } while (r < 0 && errno == EINTR);
    if (r != 0 || !may_wait) return r < 0 ? -errno : r;
  }
  int r = blocking_wait(p, nfds_t(n), deadline_us < 0 ? 0 : uint64_t(deadline_us) * 1000, -1);
  return r == -ETIMEDOUT ? 0 : r;
}

}  // namespace

int socket_select(select_set sets[3], int64_t timeout_us) {
  struct entry {
    int set;
    uintptr_t handle;
    ref<socket_object> obj;
  };
  std::vector<entry> es;
  for (int k = 0; k < 3; ++k) {
    if (!sets[k].count) continue;
    for (uint32_t i = 0; i < *sets[k].count; ++i) {
      uintptr_t h = sets[k].fds[i];
      ref<socket_object> o = socket_lookup(h);
      if (!o) return -ENOTSOCK;  // Wine test_select: sets stay as they were
      es.push_back({k, h, std::move(o)});
    }
  }
  if (es.empty()) return -EINVAL;

  std::vector<pollfd> pf(es.size() + 1);  // + blocking_wait's eventfd
  for (size_t i = 0; i < es.size(); ++i) {
    socket_object& s = *es[i].obj;
    short ev = es[i].set == 0 ? short(POLLIN | POLLRDHUP) : es[i].set == 1 ? short(POLLOUT) : short(POLLPRI);
    pf[i] = {s.fd(), ev, 0};
    // Sockets Windows never reports for this set need not wake us (Linux says an
    // unconnected TCP socket is writable and hung up).
    bool never = s.is_stream() && !s.listening.load() && !s.connecting.load() && !s.connected.load() &&
                 (s.connect_error.load() == 0 || es[i].set != 2);
    if (s.listening.load() && es[i].set != 0) never = true;
    if (never) pf[i].fd = -1;
    // A failed connect is "except" without any kernel event.
    if (es[i].set == 2 && s.is_stream() && !s.connected.load() && !s.connecting.load() && s.connect_error.load() != 0)
      pf[i].fd = -1;
  }

  const int64_t deadline = timeout_us < 0 ? -1 : now_us() + timeout_us;
  std::vector<bool> ready(es.size());
  // closesocket() from another thread ends the wait: the closed socket is reported ready (in
  // the read set as Windows does; in the others too rather than waiting on a dead fd).
  std::vector<std::unique_ptr<blocked_on_socket>> registered;
  if (timeout_us != 0) {
    registered.reserve(es.size());
    for (auto& e : es) registered.push_back(std::make_unique<blocked_on_socket>(*e.obj));
  }
  for (bool first = true;; first = false) {
    // Evaluate what poll reported, plus the states that are ready without a kernel event.
    size_t nready = 0;
    for (size_t i = 0; i < es.size(); ++i) {
      if (!first && socket_closed_now(*es[i].obj)) {
        ready[i] = true;  // the fd may already name another socket: ignore its revents
        ++nready;
        pf[i].fd = -1;
        pf[i].revents = 0;
        continue;
      }
      win_ready w = evaluate(*es[i].obj, pf[i].fd >= 0 ? pf[i].revents : 0);
      bool r = es[i].set == 0 ? w.read : es[i].set == 1 ? w.write : w.except;
      ready[i] = r;
      if (r) ++nready;
      else if (pf[i].revents) pf[i].fd = -1;  // woke us but means nothing to Windows: don't spin
      pf[i].revents = 0;
    }
    if (nready) break;
    if (!first && deadline >= 0 && now_us() >= deadline) break;
    int r = poll_us(pf.data(), es.size(), deadline, first, timeout_us != 0);
    if (r < 0) return r;
  }

  // Rewrite the sets. They may alias (select(n, &fds, &fds, ...)), so clear them all first
  // and add each ready socket once per set (Wine test_select, "overlapping fd_set pointers"
  // and "select the same socket twice").
  for (int k = 0; k < 3; ++k)
    if (sets[k].count) *sets[k].count = 0;
  int n = 0;
  for (size_t i = 0; i < es.size(); ++i) {
    if (!ready[i]) continue;
    select_set& st = sets[es[i].set];
    bool dup = false;
    for (uint32_t j = 0; j < *st.count; ++j)
      if (st.fds[j] == es[i].handle) dup = true;
    if (dup) continue;
    st.fds[(*st.count)++] = es[i].handle;
    ++n;
  }
  return n;
}

int socket_poll(pollfd_raw* fds, uint32_t n, int timeout_ms) {
  std::vector<ref<socket_object>> objs(n);
  uint32_t valid = 0;
  for (uint32_t i = 0; i < n; ++i) {
    objs[i] = socket_lookup(fds[i].fd);
    if (objs[i]) ++valid;
  }
  if (!valid) {
    for (uint32_t i = 0; i < n; ++i) fds[i].revents = win::pollnval;
    return -ENOTSOCK;  // Wine sock.c test_WSAPoll
  }
  constexpr int16_t allowed = win::pollrdnorm | win::pollrdband | win::pollwrnorm;
  for (uint32_t i = 0; i < n; ++i)
    if (fds[i].fd != ~uintptr_t(0) && (fds[i].events & ~allowed)) return -EINVAL;

  std::vector<pollfd> pf(n + 1);  // + blocking_wait's eventfd
  for (uint32_t i = 0; i < n; ++i) {
    pf[i] = {-1, 0, 0};
    if (!objs[i]) continue;
    short ev = POLLRDHUP;
    if (fds[i].events & win::pollrdnorm) ev |= POLLIN;
    if (fds[i].events & win::pollrdband) ev |= POLLPRI;
    if (fds[i].events & win::pollwrnorm) ev |= POLLOUT;
    socket_object& s = *objs[i];
    if (s.is_stream() && !s.listening.load() && !s.connecting.load() && !s.connected.load()) {
      // never connected (nothing to report) or failed (reported below without the kernel)
    } else {
      pf[i].fd = s.fd();
      pf[i].events = ev;
    }
  }

  const int64_t deadline = timeout_ms < 0 ? -1 : now_us() + int64_t(timeout_ms) * 1000;
  // closesocket() from another thread ends the wait; the closed socket reports POLLNVAL.
  std::vector<std::unique_ptr<blocked_on_socket>> registered;
  if (timeout_ms != 0) {
    for (uint32_t i = 0; i < n; ++i)
      if (objs[i]) registered.push_back(std::make_unique<blocked_on_socket>(*objs[i]));
  }
  int count = 0;
  for (bool first = true;; first = false) {
    count = 0;
    for (uint32_t i = 0; i < n; ++i) {
      if (!objs[i]) {
        fds[i].revents = win::pollnval;
        continue;
      }
      if (!first && socket_closed_now(*objs[i])) {
        fds[i].revents = win::pollnval;  // the fd may already name another socket
        pf[i].fd = -1;
        pf[i].revents = 0;
        ++count;
        continue;
      }
      win_ready w = evaluate(*objs[i], pf[i].fd >= 0 ? pf[i].revents : 0);
      int16_t rev = int16_t((w.wsapoll & fds[i].events) | (w.wsapoll & (win::pollhup | win::pollerr)));
      fds[i].revents = rev;
      if (rev) ++count;
      else if (pf[i].revents) pf[i].fd = -1;  // spurious for Windows: stop polling it
      pf[i].revents = 0;
    }
    if (count || (!first && deadline >= 0 && now_us() >= deadline)) break;
    int r = poll_us(pf.data(), n, deadline, first, timeout_ms != 0);
    if (r < 0) return r;
  }
  return count;
}

}  // namespace ovl::detail
