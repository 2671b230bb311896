// The basic Winsock calls, core side: bind, listen, accept, connect, shutdown, the address
// queries, socket options, ioctls, select() and WSAPoll(). Everything here speaks Windows
// numbers (option levels and names, SD_*, WSAPOLLFD events, Windows-layout sockaddrs) and
// Linux errno: a function returns >= 0 or -errno and never touches the last error; the veneer
// (src/win32/socket.cpp, select.cpp) validates pointers and handles in Windows' order and
// translates the errno once. Neutral header: the veneer includes it.
#pragma once
#include <cstddef>
#include <cstdint>

#include "core/socket.hpp"

namespace ovl::detail {

// ---- Windows constants the core interprets (the veneer's headers define the same values) --
namespace win {
constexpr int sol_socket = 0xffff, ipproto_ip = 0, ipproto_tcp = 6, ipproto_udp = 17, ipproto_ipv6 = 41;
constexpr int somaxconn = 0x7fffffff;
constexpr uint32_t fionbio = 0x8004667Eu, fionread = 0x4004667Fu, siocatmark = 0x40047307u;
constexpr uint32_t sio_keepalive_vals = 0x98000004u;
// WSAPOLLFD events / revents.
constexpr int16_t pollrdnorm = 0x100, pollrdband = 0x200, pollpri = 0x400, pollwrnorm = 0x10,
                  pollwrband = 0x20, pollerr = 1, pollhup = 2, pollnval = 4;
}  // namespace win

// Windows-specific defaults applied to a freshly created socket (IPV6_V6ONLY on for AF_INET6).
void socket_apply_defaults(socket_object& s);

// bind(): win_addr is a Windows-layout sockaddr of len bytes.
int socket_bind(socket_object& s, const void* win_addr, int len);
// listen(): backlog in Windows terms (SOMAXCONN, SOMAXCONN_HINT(n) == -n). The listening fd
// is switched to O_NONBLOCK in Linux (accept() implements blocking itself; engines doing
// AcceptEx must treat EAGAIN as "arm poll").
int socket_listen(socket_object& s, int backlog);
// accept(): returns the new SOCKET (registered, overlapped-capable, inheriting the Windows
// non-blocking mode and the option values Windows inherits) or -errno. addr/addrlen are the
// Windows out-parameters; either may be null (then no address is written). A too small
// *addrlen fails with -EFAULT before anything is accepted.
int64_t socket_accept(socket_object& s, void* addr, int* addrlen);
// WSAAccept's CF_DEFER: parks an accepted SOCKET on its listener; the next accept returns it.
void socket_defer_accepted(socket_object& listener, uintptr_t accepted);
// connect(): blocking per the Windows mode. Windows non-blocking: -EINPROGRESS (WSAEWOULDBLOCK)
// and s.connecting, -EALREADY while pending, -EISCONN once connected.
int socket_connect(socket_object& s, const void* win_addr, int len);
// A non-blocking connect in progress: looks (without waiting) whether it finished and records
// the outcome (connected, or connect_error; FD_CONNECT for WSAEventSelect).
void socket_check_connect(socket_object& s);
// shutdown(): how is SD_RECEIVE 0, SD_SEND 1, SD_BOTH 2.
int socket_shutdown(socket_object& s, int how);
// getsockname()/getpeername(): *len in/out; on -EFAULT *len is left as it was.
int socket_getsockname(socket_object& s, void* addr, int* len);
int socket_getpeername(socket_object& s, void* addr, int* len);

// Windows' checks before a synchronous send/recv: -ESHUTDOWN after our own shutdown of that
// direction, -ENOTCONN on a stream socket that is not connected (Linux would say EPIPE).
int socket_io_precheck(socket_object& s, bool sending);
// The Windows family (AF_INET6 == 23), type and protocol of a socket, and the size of its
// Windows sockaddr.
void socket_identity(socket_object& s, int* win_af, int* type, int* protocol, int* addr_size);

// setsockopt/getsockopt with Windows levels, names, value layouts and length rules.
// Errors: -EFAULT (bad length/pointer), -ENOBUFS (negative length for options Windows
// refuses it), -EINVAL (unknown level, bad value), -ENOPROTOOPT (unknown option).
int socket_setsockopt(socket_object& s, int level, int name, const void* val, int len);
int socket_getsockopt(socket_object& s, int level, int name, void* val, int* len);
// The thread's SO_OPENTYPE (no socket needed): 0 = overlapped sockets from socket().
uint32_t socket_opentype();
void socket_set_opentype(uint32_t v);

// ioctlsocket()/WSAIoctl(): FIONBIO (*arg in), FIONREAD, SIOCATMARK (*arg out). -EINVAL for
// other codes (ioctlsocket's error; WSAIoctl reports WSAEOPNOTSUPP itself).
int socket_ioctl(socket_object& s, uint32_t cmd, uint32_t* arg);
// SIO_KEEPALIVE_VALS.
int socket_keepalive_vals(socket_object& s, uint32_t onoff, uint32_t time_ms, uint32_t interval_ms);

// select(): the three Windows fd_sets, each a u_int count followed by the SOCKET array (null
// when the set was null). timeout_us < 0 waits forever. Sets are rewritten to the ready
// sockets (a socket appears once per set); returns the number of entries written, -EINVAL
// when there is nothing to wait on, -ENOTSOCK (sets untouched) for a SOCKET that isn't ours.
struct select_set {
  uint32_t* count;
  uintptr_t* fds;
};
int socket_select(select_set sets[3], int64_t timeout_us);

// WSAPoll(): the Windows WSAPOLLFD layout.
struct pollfd_raw {
  uintptr_t fd;
  int16_t events;
  int16_t revents;
};
int socket_poll(pollfd_raw* fds, uint32_t n, int timeout_ms);

}  // namespace ovl::detail
