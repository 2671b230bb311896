// The per-socket FD_* latch behind WSAEventSelect and WSAAsyncSelect (Wine's struct sock in
// server/sock.c keeps the same three sets): `pending` events recorded and not yet reported,
// `reported` events that must not be recorded again until the call that re-enables them
// (recv re-enables FD_READ, accept FD_ACCEPT, a send failing with WSAEWOULDBLOCK FD_WRITE, ...),
// the selected `mask`, one error code per event, and the notification target (a sink).
//
// Who calls what:
//   * the veneer (win32/event_select.cpp, win32/async_select.cpp) selects and enumerates;
//   * the core calls (socket.cpp, socket_calls.cpp, socket_io.cpp) call the one-line hooks below;
//   * the engines report readiness of watched sockets through socket_readiness(); the core then
//     re-checks the socket itself (poll/SIOCINQ/TCP_INFO), so an engine only says "look again".
//
// ---- Interface for WSAAsyncSelect (win32/async_select.cpp) ---------------------------------
//   struct window_sink final : ovl::detail::net_event_sink {
//     void notify(socket_object& s, uint32_t fd_event, uint32_t error) override {
//       // post (wParam = s.fd(), lParam = WSAMAKESELECTREPLY(fd_event, error)) to the window
//     }
//   };
//   WSAAsyncSelect(s, hwnd, msg, lEvent):
//     net_events_select(*sock, std::make_shared<window_sink>(hwnd, msg), uint32_t(lEvent),
//                       net_model::message);
//     (lEvent == 0 cancels: pass the sink anyway or nullptr; both stop notifications.)
//   The message model differs from the event model exactly as Windows does (Wine sock.c
//   test_events, is_message): selecting clears pending+reported, so conditions that still hold
//   are posted again; each recorded event is posted once (one notify per FD_* bit, in the order
//   FD_CONNECT, FD_ACCEPT, FD_OOB, FD_READ, FD_WRITE, FD_CLOSE); "new data re-records FD_READ"
//   is an event-model rule only. notify() runs on any thread (often the I/O thread), outside
//   the latch lock, and must not block. Accepted sockets inherit the sink and mask, so notify()
//   must use s.fd() for wParam, not the listener's.
// ---------------------------------------------------------------------------------------------
//
// Neutral header (standard library only): the veneer includes it.
#pragma once
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>

namespace ovl::detail {

class socket_object;
class event_object;

// Windows FD_* values (winsock2.h defines the same).
namespace fd_ev {
constexpr uint32_t read = 1, write = 2, oob = 4, accept = 8, connect = 16, close = 32;
constexpr uint32_t max_events = 10;  // FD_MAX_EVENTS: size of iErrorCode[]
constexpr uint32_t all = (1u << max_events) - 1;
}  // namespace fd_ev

// Where recorded events go.
struct net_event_sink {
  virtual ~net_event_sink() = default;
  // One newly recorded, selected event (a single FD_* bit) with its WSA error code (0 = none).
  virtual void notify(socket_object& s, uint32_t fd_event, uint32_t error) = 0;
};

// WSAEventSelect's sink: sets the event object (manual-reset WSA events stay set until
// WSAEnumNetworkEvents or WSAResetEvent resets them).
std::shared_ptr<net_event_sink> make_event_sink(event_object* ev);

enum class net_model : uint8_t { event, message };

// The latch itself: a member of socket_object (socket.hpp). Only net_events.cpp touches its
// insides; the engines read watched() and own watch_token.
class net_events {
 public:
  // True while a selection with a non-empty mask is active (engines dispatch readiness then).
  bool watched() const noexcept { return watched_.load(std::memory_order_acquire); }
  // True once the socket was ever selected (the hooks are no-ops before).
  bool active() const noexcept { return active_.load(std::memory_order_acquire); }

  void* watch_token = nullptr;  // engine-private (uring: the multishot poll record)

  // The state below belongs to core/net_events.cpp alone (nothing else may touch it).
  std::mutex lock_;                       // held across the re-check syscalls: evaluations of one
                                          // socket are serialised, so a stale one cannot post
  std::atomic<bool> watched_{false};
  std::atomic<bool> active_{false};
  uint32_t mask_ = 0;
  uint32_t pending_ = 0;
  uint32_t reported_ = 0;
  uint32_t errors_[fd_ev::max_events] = {};
  net_model model_ = net_model::event;
  std::shared_ptr<net_event_sink> sink_;
  int64_t last_inq_ = 0;      // bytes queued when FD_READ was last recorded (new data re-records)
  int64_t last_backlog_ = 0;  // connections queued when FD_ACCEPT was last recorded
};

// ---- selection (veneer) ----------------------------------------------------------------------
// WSAEventSelect / WSAAsyncSelect: replaces the sink and mask, makes the socket non-blocking,
// starts or stops watching, and records the conditions that hold now. mask == 0 (or a null
// sink) cancels notifications; recorded bits stay latched (the event model never re-posts them).
void net_events_select(socket_object& s, std::shared_ptr<net_event_sink> sink, uint32_t mask, net_model model);
// WSAEnumNetworkEvents: returns the recorded, selected events and clears them; errors[] gets
// the WSA code of each returned event (indexed by FD_*_BIT). reset_event (may be null) is reset
// atomically with the read.
uint32_t net_events_enum(socket_object& s, event_object* reset_event, uint32_t errors[fd_ev::max_events]);

// ---- hooks (core calls; each is one line at its call site) -----------------------------------
// recv()/WSARecv: re-enables FD_READ (FD_OOB for MSG_OOB) when the call is over, whatever its
// result (Wine: recv_socket clears the bit on every request), then re-checks. Construct it
// before taking the socket's q_lock: it must run with no lock held.
class net_recv_scope {
 public:
  net_recv_scope(socket_object& s, bool on, bool oob) noexcept : s_(on ? &s : nullptr), oob_(oob) {}
  ~net_recv_scope();
  net_recv_scope(const net_recv_scope&) = delete;
  net_recv_scope& operator=(const net_recv_scope&) = delete;

 private:
  socket_object* s_;
  bool oob_;
};
void net_events_on_recv(socket_object& s, bool oob);
// A send failed with WSAEWOULDBLOCK: FD_WRITE is recorded again once space frees up.
void net_events_on_send_blocked(socket_object& s);
// accept() returned `accepted` (or null): re-enables FD_ACCEPT on the listener and gives the
// new socket the listener's selection (Wine test_accept_events, "inherits the same parameters").
void net_events_on_accept(socket_object& listener, socket_object* accepted);
// AcceptEx took a connection. May be called with the listener's q_lock held (no re-check here;
// the completion's net_events_io_done does it).
void net_events_reenable_accept(socket_object& listener);
// A connect finished: err is 0 or a positive errno. Publishes the outcome (a stream socket's
// `connected` / `connect_error`) under the latch lock and records FD_CONNECT even when not selected
// (Windows reports it to a selection made later: Wine test_connect_events), then re-checks.
// Must run with no lock held.
void net_events_on_connect(socket_object& s, int err);
// The same without the re-check, for callers holding q_lock (ConnectEx) or inside a re-check.
void net_events_record_connect(socket_object& s, int err);
// An overlapped operation on s completed (called with no lock held): re-check what it may have
// consumed or hidden (a pending WSARecv/AcceptEx absorbs FD_READ/FD_ACCEPT while it waits).
void net_events_io_done(socket_object* s);
// Re-check a watched socket now (no lock held).
void net_events_refresh(socket_object& s);
// closesocket: stops watching and drops the sink.
void net_events_on_close(socket_object& s);
// The socket's Linux fd now refers to another socket (AcceptEx accepted a connection into it,
// DisconnectEx / TransmitFile with TF_REUSE_SOCKET gave it a fresh one). The selection stays:
// on Windows it belongs to the SOCKET, which is the same object. What was recorded for the old
// socket is forgotten (Wine server/sock.c accept_into_socket clears pending and reported
// events), the engine watches the new fd, and what holds now is recorded (FD_WRITE for an
// accepted connection). Must run with no lock held.
void net_events_on_fd_swap(socket_object& s);

// ---- engines ---------------------------------------------------------------------------------
// A watched socket may have changed state (revents is the engine's poll mask, a hint only).
void socket_readiness(socket_object& s, uint32_t revents);

}  // namespace ovl::detail
