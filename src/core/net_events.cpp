// The FD_* latch (see net_events.hpp): recording, re-enabling, enumerating, and the re-check of
// a socket's state that the engines' readiness reports and the re-enabling calls trigger.
//
// Recording follows Wine's server/sock.c (post_socket_event): an event is recorded (pending +
// reported) unless it is already reported; the calls that re-enable it clear both bits. On top
// of that, Windows' event model records FD_READ again when new data arrives and FD_ACCEPT when
// a new connection arrives even though they were reported and not re-enabled (Wine
// test_read_events / test_accept_events: the todo_wine checks of the event model hold the
// Windows values). "New" is measured, not guessed from the engine's wake-up: the bytes queued
// (SIOCINQ) or connections queued (TCP_INFO's tcpi_unacked on a listener) grew since the last
// look, so a late or spurious wake-up can never record anything twice.
//
// Conditions are observed with poll(0) and a few getsockopt/ioctl calls under the latch's own
// mutex, so two re-checks of one socket never interleave (a stale one cannot record FD_READ
// after a recv emptied the queue). Lock order: q_lock -> latch lock -> the sink's own locks (an
// event's or a message queue's); the latch lock is never held while taking q_lock. Sinks are
// notified under the latch lock so that notices keep their recording order across threads.
#include "core/net_events.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/sockios.h>

#include <cerrno>
#include <utility>

#include "core/event.hpp"
#include "core/socket.hpp"
#include "core/socket_calls.hpp"
#include "engine/engine.hpp"
#include "sys/errno_map.hpp"

namespace ovl::detail {

namespace {

constexpr uint32_t wsaeconnaborted = 10053;

int bit_index(uint32_t bit) { return __builtin_ctz(bit); }

// Windows posts simultaneous events in this order (Wine sock.c event_bitorder).
constexpr uint32_t post_order[] = {fd_ev::connect, fd_ev::accept, fd_ev::oob, fd_ev::read, fd_ev::write, fd_ev::close};

class event_sink final : public net_event_sink {
 public:
  explicit event_sink(event_object* e) : e_(e) { e_->add_ref(); }
  ~event_sink() override { e_->release(); }
  void notify(socket_object&, uint32_t, uint32_t) override { e_->set(); }

 private:
  event_object* e_;
};

// What a re-check saw: the FD_* conditions that hold, their error codes, and whether new data
// or a new connection arrived since the last look.
struct observation {
  uint32_t bits = 0;
  uint32_t close_error = 0;
  bool new_data = false;
  bool new_connection = false;
};

bool tcp_state(int fd, tcp_info* ti) {
  socklen_t len = sizeof *ti;
  return ::getsockopt(fd, IPPROTO_TCP, TCP_INFO, ti, &len) == 0;
}

// The peer's FIN arrived (the connection left ESTABLISHED / FIN_WAIT on the receiving side).
bool peer_finished(int fd) {
  tcp_info ti{};
  if (!tcp_state(fd, &ti)) return false;
  switch (ti.tcpi_state) {
    case TCP_CLOSE_WAIT: case TCP_LAST_ACK: case TCP_CLOSING: case TCP_TIME_WAIT: case TCP_CLOSE:
      return true;
    default:
      return false;
  }
}

bool oob_inline(int fd) {
  int v = 0;
  socklen_t l = sizeof v;
  return ::getsockopt(fd, SOL_SOCKET, SO_OOBINLINE, &v, &l) == 0 && v != 0;
}

bool bound(int fd) {
  sockaddr_storage a;
  socklen_t l = sizeof a;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &l) < 0) return false;
  if (a.ss_family == AF_INET) return reinterpret_cast<sockaddr_in&>(a).sin_port != 0;
  if (a.ss_family == AF_INET6) return reinterpret_cast<sockaddr_in6&>(a).sin6_port != 0;
  return true;
}

// A receive-side operation (WSARecv, AcceptEx) is queued: it will take what arrives, so
// FD_READ / FD_ACCEPT are not recorded for it (Wine test_read_events "pending WSARecv",
// test_accept_events "pending AcceptEx").
bool receive_side_busy(socket_object& s) {
  std::lock_guard g(s.q_lock);
  return s.q_head[0] != nullptr;
}

}  // namespace

std::shared_ptr<net_event_sink> make_event_sink(event_object* ev) { return std::make_shared<event_sink>(ev); }

struct net_events_access {
  struct notice {
    std::shared_ptr<net_event_sink> sink;
    uint32_t bits = 0;
    uint32_t errors[fd_ev::max_events] = {};
  };

  // Records bits (under the latch lock). renew: record even if already reported.
  static void record_locked(net_events& n, uint32_t bits, uint32_t error, uint32_t renew = 0) {
    for (uint32_t b : post_order) {
      if (!(bits & b)) continue;
      if ((n.reported_ & b) && !(renew & b)) continue;
      n.pending_ |= b;
      n.reported_ |= b;
      n.errors_[bit_index(b)] = error;
    }
  }

  // What to tell the sink after a change (under the latch lock). The event model signals while
  // selected events are pending; the message model posts each one once and forgets it.
  static notice collect_locked(net_events& n) {
    notice out;
    uint32_t bits = n.pending_ & n.mask_;
    if (!bits || !n.sink_) return out;
    out.sink = n.sink_;
    out.bits = bits;
    for (uint32_t i = 0; i < fd_ev::max_events; ++i) out.errors[i] = n.errors_[i];
    if (n.model_ == net_model::message) n.pending_ = 0;
    return out;
  }

  static void deliver(socket_object& s, const notice& nt) {
    if (!nt.sink) return;
    for (uint32_t b : post_order)
      if (nt.bits & b) nt.sink->notify(s, b, nt.errors[bit_index(b)]);
  }

  // Looks at the socket (under the latch lock: serialised with every other re-check).
  static observation observe(socket_object& s, net_events& n, bool busy) {
    observation o;
    const int fd = s.fd();
    pollfd p{fd, short(POLLIN | POLLPRI | POLLOUT | POLLRDHUP), 0};
    if (::poll(&p, 1, 0) < 0) return o;
    const short rev = p.revents;

    if (s.listening.load()) {
      tcp_info ti{};
      int64_t backlog = tcp_state(fd, &ti) ? int64_t(ti.tcpi_unacked) : ((rev & POLLIN) ? 1 : 0);
      if (backlog > 0 && !busy) o.bits |= fd_ev::accept;
      o.new_connection = backlog > n.last_backlog_;
      n.last_backlog_ = backlog;
      return o;
    }

    if (!s.is_stream()) {
      if ((rev & POLLIN) && !busy) o.bits |= fd_ev::read;
      // Windows records FD_WRITE for a datagram socket once it has an address (Wine
      // test_connect_events, UDP: nothing before connect, FD_CONNECT + FD_WRITE after).
      if ((rev & POLLOUT) && bound(fd)) o.bits |= fd_ev::write;
      return o;
    }

    if (!s.connected.load()) return o;  // never connected, connecting, or failed (FD_CONNECT says)

    // Errors and the end of the connection. A reset reads as WSAECONNABORTED (Wine
    // test_close_events "Trigger RST"); reading SO_ERROR consumes the kernel's error, so the
    // reset is kept in reset_seen for the calls that follow (they fail with WSAECONNRESET).
    uint32_t hard_error = 0;
    if (rev & POLLERR) {
      int e = 0;
      socklen_t l = sizeof e;
      ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &l);
      if (e == ECONNRESET || e == EPIPE) s.reset_seen.store(true);
      else if (e) hard_error = wsa_from_errno(e);
    }
    const bool reset = s.reset_seen.load();
    const uint8_t shut = s.shut.load();
    if (reset) {
      o.bits |= fd_ev::close;
      o.close_error = wsaeconnaborted;
    } else if (hard_error) {
      o.bits |= fd_ev::close;
      o.close_error = hard_error;
    } else if (rev & (POLLRDHUP | POLLHUP)) {
      // After our own SD_RECEIVE Linux reports POLLRDHUP at once; only the TCP state tells
      // whether the peer has finished too (Wine test_close_events: shutdown(SD_BOTH) alone
      // records nothing, the peer's SD_SEND afterwards records FD_CLOSE).
      bool fin = (shut & socket_object::shut_rd) ? peer_finished(fd) : (rev & POLLRDHUP) != 0;
      if (fin) o.bits |= fd_ev::close;
    }
    if (reset) return o;

    // Data: POLLIN also means "FIN received", and an urgent byte counts in SIOCINQ but not in
    // POLLIN, so both must agree.
    if (rev & POLLIN) {
      int inq = 0;
      if (::ioctl(fd, SIOCINQ, &inq) == 0 && inq > 0) {
        if (!busy) o.bits |= fd_ev::read;
        o.new_data = inq > n.last_inq_;
        n.last_inq_ = inq;
      } else {
        n.last_inq_ = 0;
      }
    } else {
      n.last_inq_ = 0;
    }
    if (rev & POLLPRI) o.bits |= oob_inline(fd) ? fd_ev::read : fd_ev::oob;
    if ((rev & POLLOUT) && !(shut & socket_object::shut_wr)) o.bits |= fd_ev::write;
    return o;
  }

  // Re-check: apply re-enabled bits, observe, record the selected conditions, notify.
  // force_notify: tell the sink about everything pending even if nothing is new (selection).
  static void recheck(socket_object& s, uint32_t reenable, bool observe_now, bool force_notify = false) {
    net_events& n = s.net;
    if (observe_now && s.connecting.load()) socket_check_connect(s);  // may record FD_CONNECT
    const bool busy = observe_now && receive_side_busy(s);
    {
      std::lock_guard g(n.lock_);
      n.pending_ &= ~reenable;
      n.reported_ &= ~reenable;
      const uint32_t before = n.pending_;
      if (observe_now && n.watched() && !s.closed.load()) {
        observation o = observe(s, n, busy);
        uint32_t bits = o.bits & n.mask_;
        uint32_t renew = 0;
        if (n.model_ == net_model::event) {
          if (o.new_data) renew |= fd_ev::read;
          if (o.new_connection) renew |= fd_ev::accept;
        }
        record_locked(n, bits & ~fd_ev::close, 0, renew);
        record_locked(n, bits & fd_ev::close, o.close_error);
      }
      if (!force_notify && !(n.pending_ & ~before)) return;  // nothing new: the sink knows
      // Delivered under the latch lock, so two threads' notices reach the sink in the order
      // they were recorded (FD_CONNECT before FD_WRITE, as Windows posts them).
      deliver(s, collect_locked(n));
    }
  }
};

// ---- selection ---------------------------------------------------------------------------------

void net_events_select(socket_object& s, std::shared_ptr<net_event_sink> sink, uint32_t mask, net_model model) {
  net_events& n = s.net;
  bool watch;
  {
    std::lock_guard g(n.lock_);
    if (!sink) mask = 0;
    if (model == net_model::message && mask) {
      // WSAAsyncSelect starts afresh: conditions that still hold are posted again.
      n.pending_ = 0;
      n.reported_ = 0;
    }
    n.sink_ = mask ? std::move(sink) : nullptr;
    n.mask_ = mask & fd_ev::all;
    n.model_ = model;
    watch = n.mask_ != 0;
    n.active_.store(true, std::memory_order_release);
    n.watched_.store(watch, std::memory_order_release);
  }
  // Selecting makes the socket non-blocking; while a mask is set it cannot be made blocking
  // again (FIONBIO 0 fails with WSAEINVAL: Wine sock.c test_fionbio).
  s.nonblocking.store(true);
  s.select_mode.store(mask != 0);
  the_engine().watch(s, watch);
  // Record what holds now and signal what is pending (Wine: sock_reselect + sock_wake_up).
  net_events_access::recheck(s, 0, watch, true);
}

uint32_t net_events_enum(socket_object& s, event_object* reset_event, uint32_t errors[fd_ev::max_events]) {
  net_events& n = s.net;
  std::lock_guard g(n.lock_);
  if (reset_event) reset_event->reset();
  uint32_t bits = n.pending_ & n.mask_;
  n.pending_ &= ~n.mask_;  // events not selected now stay recorded (Wine test_read_events)
  for (uint32_t i = 0; i < fd_ev::max_events; ++i) errors[i] = (bits & (1u << i)) ? n.errors_[i] : 0;
  return bits;
}

// ---- hooks -------------------------------------------------------------------------------------

net_recv_scope::~net_recv_scope() {
  if (s_ && s_->net.active()) net_events_on_recv(*s_, oob_);
}

void net_events_on_recv(socket_object& s, bool oob) {
  if (!s.net.active()) return;
  net_events_access::recheck(s, oob ? fd_ev::oob : fd_ev::read, true);
}

void net_events_on_send_blocked(socket_object& s) {
  if (!s.net.active()) return;
  net_events_access::recheck(s, fd_ev::write, true);
}

void net_events_on_accept(socket_object& listener, socket_object* accepted) {
  net_events& n = listener.net;
  if (!n.active()) return;
  std::shared_ptr<net_event_sink> sink;
  uint32_t mask;
  net_model model;
  {
    std::lock_guard g(n.lock_);
    sink = n.sink_;
    mask = n.mask_;
    model = n.model_;
  }
  if (accepted && mask) net_events_select(*accepted, std::move(sink), mask, model);
  net_events_access::recheck(listener, fd_ev::accept, true);
}

void net_events_reenable_accept(socket_object& listener) {
  if (!listener.net.active()) return;
  net_events_access::recheck(listener, fd_ev::accept, false);
}

void net_events_record_connect(socket_object& s, int err) {
  net_events& n = s.net;
  std::lock_guard g(n.lock_);
  // The outcome is published under the latch lock: a re-check on another thread observes
  // `connected` only after FD_CONNECT is recorded, so FD_WRITE can never be posted first.
  if (s.is_stream()) {
    s.connect_error.store(err);
    if (err == 0) s.connected.store(true);
  }
  uint32_t before = n.pending_;
  net_events_access::record_locked(n, fd_ev::connect, err ? wsa_from_errno(err) : 0);
  if (n.pending_ == before) return;
  net_events_access::deliver(s, net_events_access::collect_locked(n));
}

void net_events_on_connect(socket_object& s, int err) {
  net_events_record_connect(s, err);
  if (s.net.watched()) net_events_access::recheck(s, 0, true);  // FD_WRITE follows a connect
}

void net_events_io_done(socket_object* s) {
  if (s && s->net.watched()) net_events_access::recheck(*s, 0, true);
}

void net_events_refresh(socket_object& s) {
  if (s.net.watched()) net_events_access::recheck(s, 0, true);
}

void net_events_on_close(socket_object& s) {
  net_events& n = s.net;
  if (!n.active()) return;
  std::shared_ptr<net_event_sink> old;
  {
    std::lock_guard g(n.lock_);
    old = std::move(n.sink_);
    n.mask_ = 0;
    n.watched_.store(false, std::memory_order_release);
  }
  the_engine().watch(s, false);
}

void net_events_on_fd_swap(socket_object& s) {
  net_events& n = s.net;
  if (!n.active()) return;
  {
    std::lock_guard g(n.lock_);
    n.pending_ = 0;
    n.reported_ = 0;
    for (uint32_t& e : n.errors_) e = 0;
    n.last_inq_ = 0;
    n.last_backlog_ = 0;
  }
  if (!n.watched()) return;
  // The engine's watch follows the file it was armed on (io_uring's poll holds the old
  // socket; epoll dropped it when dup3 closed it): arm it again on the new one.
  the_engine().watch(s, false);
  the_engine().watch(s, true);
  net_events_access::recheck(s, 0, true);
}

void socket_readiness(socket_object& s, uint32_t) {
  if (!s.net.watched() || s.closed.load(std::memory_order_relaxed)) return;
  net_events_access::recheck(s, 0, true);
}

}  // namespace ovl::detail
