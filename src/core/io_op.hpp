// io_op: the library's private half of an overlapped operation — everything the kernel needs
// (iovecs, msghdr, sockaddr) and where the completion goes. Pooled; owned by the socket's
// queue until its last engine result. Core-private (Linux headers).
#pragma once
#include <sys/socket.h>
#include <sys/uio.h>

#include <cstddef>
#include <cstdint>

#include "core/socket.hpp"
#include "core/thread.hpp"
#include "sys/cmsg_conv.hpp"

namespace ovl::detail {

struct io_op {
  static constexpr uint32_t inline_iov = 4;

  io_op* next = nullptr;
  socket_object* sock = nullptr;  // holds a reference
  io_kind kind = io_kind::recv;
  bool in_engine = false;   // the engine holds it (uring: an SQE is in flight)
  bool cancelled = false;
  bool zero_poll = false;   // zero-length recv: completes when data is readable, consumes nothing
  uint32_t cancel_status = 0;

  overlapped_raw* ov = nullptr;
  event_object* event = nullptr;  // holds a reference
  completion_port* port = nullptr;  // holds a reference
  uintptr_t key = 0;
  engine* eng = nullptr;            // the engine it was submitted to
  uint32_t issuer_tid = 0;          // CancelIo cancels the calling thread's operations
  void* routine = nullptr;
  thread_ctx* apc_thread = nullptr;  // holds a reference
  apc_node apc;

  // result, filled by finish()
  uint32_t status = 0;
  uint32_t result_flags = 0;
  uint64_t bytes = 0;

  msghdr msg{};
  sockaddr_storage addr;  // written before it is read (not zeroed: ops are recycled per I/O)
  iovec iov_inline[inline_iov];
  iovec* iov = iov_inline;
  uint32_t iovcnt = 0;
  size_t total = 0;  // bytes requested
  size_t done = 0;   // sends: bytes already sent
  int lflags = 0;    // Linux MSG_* flags
  void* from_win = nullptr;
  int* fromlen_win = nullptr;
  // WSARecvMsg: the program's Control buffer and dwFlags (io_request); WSARecvMsg/WSASendMsg:
  // the Linux control messages (msg.msg_control points here when there are any).
  wsabuf_raw* ctl_win = nullptr;
  uint32_t* msgflags_win = nullptr;
  alignas(cmsghdr) char ctl[cmsg_linux_room];

  // AcceptEx / ConnectEx
  socket_object* target = nullptr;  // AcceptEx: the accept socket (holds a reference)
  socket_object* notify_sock = nullptr;  // AcceptEx's receive: the listener (holds a reference)
  socket_object* claimed_target = nullptr;  // AcceptEx: accept socket whose accept_listener we set
  char* xbuf = nullptr;
  uint32_t xdata = 0, xlocal = 0, xremote = 0;
  bool xlocal_short = false;  // complete with STATUS_BUFFER_TOO_SMALL once accepted
  bool fd_swapped = false;    // the accept socket's fd was replaced: its selection must follow
  socklen_t addrlen = 0;  // accept: in/out; connect: length of addr
  bool started = false;   // ConnectEx: connect() already issued (epoll / try-first)

  // TransmitFile / TransmitPackets: elements (owned; file fds duplicated), the staging buffer
  // file data is read into, and TF_* flags applied after the last byte.
  transmit_elem* elems = nullptr;
  uint32_t nelem = 0, cur = 0;
  uint64_t elem_off = 0;
  char* stage = nullptr;
  const char* stage_ptr = nullptr;
  size_t stage_len = 0, stage_off = 0;
  uint32_t tf_flags = 0;
  static constexpr size_t stage_size = 64 * 1024;

  // Ops that wait for readiness (POLL_ADD on io_uring) and then perform themselves.
  bool polled() const noexcept { return zero_poll || kind == io_kind::transmit; }

  int dir() const noexcept { return kind == io_kind::recv || kind == io_kind::accept ? 0 : 1; }
};

// Windows MSG_* flags → Linux MSG_* flags (the values differ: MSG_WAITALL is 8 vs 0x100).
inline int linux_msg_flags(uint32_t w) {
  int f = 0;
  if (w & win_msg_oob) f |= MSG_OOB;
  if (w & win_msg_peek) f |= MSG_PEEK;
  if (w & win_msg_dontroute) f |= MSG_DONTROUTE;
  if (w & win_msg_waitall) f |= MSG_WAITALL;
  return f;
}

io_op* io_op_alloc();
void io_op_free(io_op* op);

// Performs the op once, non-blocking (epoll engine, and uring's zero-length recv poll).
// Returns bytes, or -errno (-EAGAIN: not ready).
long io_op_perform(io_op* op);
// Advances a send's iovecs past n bytes.
void io_op_advance(io_op* op, size_t n);

// Engine callbacks into the core.
// uring: the op's SQE finished with res.
void io_op_result(io_op* op, long res);
// epoll: the socket became readable/writable (or errored); perform the head ops. Returns
// whether a receive-side op (recv or accept) was queued when it looked.
bool socket_ready(socket_object& s, bool readable, bool writable);

}  // namespace ovl::detail
