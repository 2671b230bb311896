// Sockets: the per-fd socket object (SOCKET == Linux fd), the socket table, and the core entry
// points for overlapped I/O. Neutral header: the veneer includes it, so no Linux types here.
#pragma once
#include <atomic>
#include <cstdint>
#include <mutex>
#include <vector>

#include "core/event.hpp"
#include "core/net_events.hpp"
#include "core/wait.hpp"

namespace ovl::detail {

struct io_op;
class engine;

// The layout of Windows' OVERLAPPED and WSABUF (the veneer static_asserts they match).
struct overlapped_raw {
  uintptr_t internal;       // NTSTATUS; STATUS_PENDING while pending
  uintptr_t internal_high;  // bytes transferred
  uint32_t offset;          // receive flags of a completed recv (as Wine; WSAGetOverlappedResult)
  uint32_t offset_high;
  void* event;
};
struct wsabuf_raw {
  uint32_t len;
  char* buf;
};

// NTSTATUS values the core produces.
constexpr uint32_t status_success = 0;
constexpr uint32_t status_pending = 0x103;
constexpr uint32_t status_buffer_overflow = 0x80000005;
constexpr uint32_t status_buffer_too_small = 0xC0000023;
constexpr uint32_t status_cancelled = 0xC0000120;
constexpr uint32_t status_connection_aborted = 0xC0000241;
constexpr uint32_t status_connection_reset = 0xC000020D;

// Windows MSG_* flags.
constexpr uint32_t win_msg_oob = 1, win_msg_peek = 2, win_msg_dontroute = 4, win_msg_waitall = 8,
                   win_msg_partial = 0x8000, win_msg_trunc = 0x100, win_msg_ctrunc = 0x200;

class socket_object final : public waitable {
 public:
  socket_object(int fd, int linux_family, int type, int protocol, bool overlapped) noexcept;
  ~socket_object() override;

  // waitable: the socket handle itself, signalled by ops issued with hEvent == NULL.
  bool signaled_locked() const noexcept override { return handle_signaled_; }
  void set_handle_event() noexcept;
  void reset_handle_event() noexcept;

  int fd() const noexcept { return fd_; }
  int family() const noexcept { return family_; }  // Linux AF_*
  int type() const noexcept { return type_; }      // SOCK_STREAM / SOCK_DGRAM / SOCK_RAW
  int protocol() const noexcept { return protocol_; }
  bool overlapped() const noexcept { return overlapped_; }
  bool is_stream() const noexcept { return type_ == 1; }

  std::atomic<bool> nonblocking{false};   // Windows' FIONBIO state (the Linux fd stays blocking)
  std::atomic<bool> closed{false};
  std::atomic<bool> reset_seen{false};    // a reset was reported: later calls fail WSAECONNRESET
  std::atomic<bool> connecting{false};    // non-blocking connect in progress (select exceptfds)
  std::atomic<bool> listening{false};
  std::atomic<uint32_t> rcvtimeo_ms{0}, sndtimeo_ms{0};
  // Option values Windows reports back as set (Linux would differ: it doubles buffer sizes).
  std::atomic<int32_t> opt_reuseaddr{0}, opt_exclusiveaddruse{0}, opt_rcvbuf{-1}, opt_sndbuf{-1};
  // State the basic calls keep (core/socket_calls.cpp).
  std::atomic<bool> connected{false};        // a connection was established (connect / accept)
  std::atomic<int32_t> connect_error{0};     // errno of a failed connect: > 0 asynchronous (SO_ERROR
                                             // reports it), < 0 synchronous; select shows both in exceptfds
  std::atomic<int32_t> opt_so_error{0};      // SO_ERROR as stored by setsockopt (a WSA code)
  std::atomic<uint8_t> shut{0};              // shut_rd | shut_wr: shutdown() done on our side
  std::atomic<bool> select_mode{false};      // WSAEventSelect/WSAAsyncSelect active (FIONBIO 0 fails)
  std::atomic<int64_t> deferred_accept{-1};  // WSAAccept CF_DEFER: accepted SOCKET handed out next
  static constexpr uint8_t shut_rd = 1, shut_wr = 2;

  // Serial per-direction queues of pending ops (0 = receive side, 1 = send side).
  std::mutex q_lock;
  // Threads inside a blocking call that waits on this socket (blocking_wait.hpp
  // blocked_on_socket; guarded by q_lock): closesocket() kicks them so the call ends at once.
  std::vector<class thread_ctx*> blocked_threads;
  io_op* q_head[2] = {nullptr, nullptr};
  io_op* q_tail[2] = {nullptr, nullptr};
  uint32_t generation = 0;             // epoll engine: guards against fd reuse
  engine* registered_with = nullptr;   // epoll engine: the epoll set the fd is in
  bool epoll_in_off = false;           // epoll engine: EPOLLIN dropped from the set (q_lock)

  // Completion port association (CreateIoCompletionPort): the port (owned reference), its key,
  // and SetFileCompletionNotificationModes flags. The port's engine then carries the I/O.
  std::atomic<class completion_port*> port{nullptr};
  uintptr_t port_key = 0;
  std::atomic<uint8_t> notify_modes{0};
  // Set while an AcceptEx will accept into this socket: the listener (owned reference).
  std::atomic<socket_object*> accept_listener{nullptr};
  static constexpr uint8_t skip_port_on_success = 1, skip_set_event_on_handle = 2;

  // WSAEventSelect / WSAAsyncSelect: the FD_* latch (core/net_events.hpp).
  net_events net;

 private:
  bool handle_signaled_ = false;
  int fd_;
  int family_;
  int type_;
  int protocol_;
  bool overlapped_;
};

// ---- the socket table --------------------------------------------------------------------
ref<socket_object> socket_lookup(uintptr_t s);
// Registers a Linux fd as a SOCKET (socket(), accept()). Takes ownership of fd.
ref<socket_object> socket_register(int fd, int linux_family, int type, int protocol, bool overlapped);
// Creates a socket from Windows af/type/protocol. Returns the object or sets *err (-errno).
ref<socket_object> socket_create(int win_af, int type, int protocol, bool overlapped, int* err);
// closesocket: pending operations complete with STATUS_CONNECTION_ABORTED once the kernel is
// done with their buffers; the fd is closed and the SOCKET value may be reused at once.
int socket_close(uintptr_t s);
// The last WSACleanup closes every socket, as Windows does.
void socket_close_all();

// ---- completion ports ----------------------------------------------------------------------
// Associates the socket with a port (key). Fails with -EINVAL if it already has one.
int socket_associate_port(socket_object& s, class completion_port* port, uintptr_t key);
// The engine that carries this socket's operations (its port's, or the process default).
engine& engine_for(socket_object& s);

// ---- overlapped I/O ------------------------------------------------------------------------
// recv/send: WSARecv*/WSASend*; accept: AcceptEx (then a first receive on the accept socket
// when it asks for data); connect: ConnectEx (then its optional send).
enum class io_kind : uint8_t { recv, send, accept, connect, transmit };

// TransmitFile / TransmitPackets: one element, memory (fd < 0) or a file range (length 0 =
// to the end of the file). The fd is borrowed; the op keeps its own duplicate.
struct transmit_elem {
  const char* buf;
  int fd;
  uint64_t offset;
  uint64_t length;
};

// Where the completion goes. Exactly one of: event (hEvent), the socket's own handle event
// (hEvent == NULL), an APC (completion routine) to the issuing thread.
struct io_request {
  io_kind kind;
  const wsabuf_raw* bufs;
  uint32_t nbufs;
  uint32_t win_flags;      // MSG_* in (Windows values)
  const void* to;          // WSASendTo address (Windows layout) or null
  int tolen;
  void* from;              // WSARecvFrom: where to write the source address (Windows layout)
  int* fromlen;
  overlapped_raw* ov;
  event_object* event;     // borrowed; the op takes its own reference
  void* routine;           // LPWSAOVERLAPPED_COMPLETION_ROUTINE or null
  // AcceptEx: the accept socket and the output buffer (first data, then the local and remote
  // address areas). ConnectEx uses `to` for the address and bufs for its optional send data.
  socket_object* accept_target = nullptr;
  char* accept_buf = nullptr;
  uint32_t accept_data = 0, accept_local = 0, accept_remote = 0;
  // The local address area is too small for the address: the accept happens and completes
  // with STATUS_BUFFER_TOO_SMALL (Windows pends such an AcceptEx instead of failing it).
  bool accept_local_short = false;
  // TransmitFile / TransmitPackets: the elements, and TF_DISCONNECT / TF_REUSE_SOCKET.
  const transmit_elem* elems = nullptr;
  uint32_t nelems = 0;
  uint32_t tf_flags = 0;
  // WSARecvMsg / WSASendMsg: the WSAMSG's Control buffer, in Windows' WSACMSGHDR layout (a
  // receive converts the datagram's control messages into it and sets Control.len when it
  // completes), and a receive's dwFlags (MSG_CTRUNC, MSG_OOB), also written at completion.
  // Both stay the program's until then, as on Windows (Wine test_ip_pktinfo).
  wsabuf_raw* control = nullptr;
  uint32_t* msg_flags = nullptr;
};

constexpr int64_t io_pending = INT64_MIN;

// Issues an overlapped recv/send. Returns the byte count when it completed at once (the
// notification has been issued and *flags_out written), io_pending (notification will come),
// or -errno for a synchronous failure (nothing notified). A truncated datagram returns
// -EMSGSIZE and *bytes_out = bytes copied (and it *is* notified, as Windows does).
int64_t socket_io(socket_object& s, const io_request& r, uint32_t* flags_out, uint32_t* bytes_out);

// Synchronous (non-overlapped) recv/send honouring the Windows blocking mode and
// SO_RCVTIMEO/SO_SNDTIMEO. Same return convention (never io_pending).
// force_blocking: block even on a non-blocking socket (an OVERLAPPED given for a socket made
// without WSA_FLAG_OVERLAPPED: Wine test_nonblocking_async_recv).
// control / msg_flags: WSARecvMsg / WSASendMsg, as in io_request (a control buffer too small
// for the control data gives -EMSGSIZE with MSG_CTRUNC in *msg_flags).
int64_t socket_recv_sync(socket_object& s, const wsabuf_raw* bufs, uint32_t n, uint32_t win_flags, void* from,
                         int* fromlen, uint32_t* flags_out, uint32_t* bytes_out, bool force_blocking = false,
                         wsabuf_raw* control = nullptr, uint32_t* msg_flags = nullptr);
int64_t socket_send_sync(socket_object& s, const wsabuf_raw* bufs, uint32_t n, uint32_t win_flags, const void* to,
                         int tolen, bool force_blocking = false, const wsabuf_raw* control = nullptr);

// DisconnectEx: graceful disconnect (FIN); with reuse, the SOCKET gets a fresh unconnected
// socket of the same kind so AcceptEx/ConnectEx can use it again. Pending operations are
// cancelled first. Returns 0 or -errno.
int socket_disconnect(socket_object& s, bool reuse);
// Completes an OVERLAPPED at once through the socket's notification targets (no APC).
void socket_complete_now(socket_object& s, overlapped_raw* ov, event_object* ev, uint32_t status, uint64_t bytes);

// CancelIoEx / CancelIo: cancels the pending operations of s that match ov (null = all) and
// issuer_tid (0 = any thread). Each completes once with STATUS_CANCELLED, after the kernel let
// go of its buffers. Returns the number matched.
// accept_target: only the AcceptEx ops accepting into that socket (it is being closed).
int socket_cancel(socket_object& s, overlapped_raw* ov, uint32_t issuer_tid, socket_object* accept_target = nullptr);

// Name of the engine in use ("uring" or "epoll"); starts it if needed.
const char* engine_name();

}  // namespace ovl::detail
