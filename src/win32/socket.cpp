// The basic Winsock calls, Windows side: socket/WSASocket, closesocket, bind, listen, accept,
// WSAAccept, connect, WSAConnect, shutdown, getpeername, getsockname, setsockopt, getsockopt,
// ioctlsocket, WSAIoctl (FIONBIO, FIONREAD, SIOCATMARK, SIO_KEEPALIVE_VALS) and the
// synchronous send/recv/sendto/recvfrom. Each function checks WSAStartup, validates its
// arguments in Windows' order, calls core (core/socket_calls.hpp, core/socket.hpp) and
// translates the result once.
//
// The last error on success: Windows resets it to 0 in the calls Wine's tests check for that
// (socket/WSASocket: test_WSASocket; setsockopt/getsockopt: test_set_getsockopt; WSAIoctl:
// test_fionread_siocatmark; send/sendto/recvfrom: test_ip_pktinfo, test_WSASendMsg,
// test_WSARecv; getsockname: test_getsockname). The others leave it alone.
#include <winsock2.h>
#include <ws2tcpip.h>
#include <mswsock.h>
#include <mstcpip.h>
#include <windows.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "core/completion_routine.hpp"
#include "core/socket.hpp"
#include "core/socket_calls.hpp"
#include "sys/errno_map.hpp"
#include "win32/handles.hpp"
#include "win32/trace.hpp"
#include "win32/win32_internal.hpp"

using ovl::detail::ref;
using ovl::detail::socket_lookup;
using ovl::detail::socket_object;

static_assert(sizeof(WSABUF) == sizeof(ovl::detail::wsabuf_raw) && offsetof(WSABUF, buf) == 8, "WSABUF layout");

namespace {

// The one exit for failures: store the code, return SOCKET_ERROR.
int fail(uint32_t code) {
  ovl::win32::set_last_error(code);
  return SOCKET_ERROR;
}
int fail_errno(int64_t neg) {
  ovl::win32::set_wsa_error_from_errno(int(neg));
  return SOCKET_ERROR;
}
SOCKET fail_socket(uint32_t code) {
  ovl::win32::set_last_error(code);
  return INVALID_SOCKET;
}
int succeed(int ret) {
  ovl::win32::set_last_error(0);
  return ret;
}

// Windows reserves the first 64 KiB of the address space: a pointer below it is the caller
// passing a value instead of an address, and Windows reports WSAEFAULT.
bool bad_ptr(const void* p) { return reinterpret_cast<uintptr_t>(p) < 0x10000; }

// Validates af/type/protocol as Windows does (Wine sock.c test_WSASocket) and fills in the
// family, type and protocol Windows would pick. Returns 0 or the WSA code.
uint32_t resolve_socket_args(int* af, int* type, int* protocol) {
  if (*af == AF_UNSPEC && *protocol == 0) return WSAEINVAL;
  if (*type < 0 || *type > SOCK_RAW) return WSAESOCKTNOSUPPORT;
  if (*af != AF_UNSPEC && *af != AF_INET && *af != AF_INET6 && *af != AF_UNIX) return WSAEAFNOSUPPORT;
  if (*type == 0) {
    if (*protocol == IPPROTO_TCP || *protocol == 0) *type = SOCK_STREAM;
    else if (*protocol == IPPROTO_UDP) *type = SOCK_DGRAM;
    else return WSAEPROTONOSUPPORT;
  }
  if (*af == AF_UNIX) {
    if (*protocol != 0) return WSAEPROTONOSUPPORT;
    return 0;
  }
  switch (*type) {
    case SOCK_STREAM:
      if (*protocol != 0 && *protocol != IPPROTO_TCP) return WSAEPROTONOSUPPORT;
      *protocol = IPPROTO_TCP;
      break;
    case SOCK_DGRAM:
      if (*protocol != 0 && *protocol != IPPROTO_UDP) return WSAEPROTONOSUPPORT;
      *protocol = IPPROTO_UDP;
      break;
    case SOCK_RAW:
      if (*protocol < 0 || *protocol > 255) return WSAEPROTONOSUPPORT;
      break;
  }
  if (*af == AF_UNSPEC) *af = AF_INET;  // Windows 10 picks IPv4 (Windows 11 may pick IPv6)
  return 0;
}

SOCKET create_socket(int af, int type, int protocol, DWORD flags) {
  if (!ovl::win32::ws_initialised()) return fail_socket(WSANOTINITIALISED);
  uint32_t e = resolve_socket_args(&af, &type, &protocol);
  if (e) return fail_socket(e);
  int err = 0;
  ref<socket_object> s = ovl::detail::socket_create(af, type, protocol, (flags & WSA_FLAG_OVERLAPPED) != 0, &err);
  if (!s) {
    // Raw sockets without CAP_NET_RAW: EPERM, which Windows reports as WSAEACCES.
    return fail_socket(ovl::win32::set_wsa_error_from_errno(err));
  }
  ovl::detail::socket_apply_defaults(*s);
  ovl::win32::set_last_error(0);
  return SOCKET(s->fd());
}

template <class INFO>
SOCKET wsa_socket(int af, int type, int protocol, INFO* info, DWORD flags) {
  if (info) {
    // A parameter given as 0 or FROM_PROTOCOL_INFO comes from the structure (test_WSASocket).
    if (af == 0 || af == FROM_PROTOCOL_INFO) af = info->iAddressFamily;
    if (type == 0 || type == FROM_PROTOCOL_INFO) type = info->iSocketType;
    if (protocol == 0 || protocol == FROM_PROTOCOL_INFO) protocol = info->iProtocol;
  }
  return create_socket(af, type, protocol, flags);
}

// Looks the socket up after the WSAStartup check; on failure the error is already set.
ref<socket_object> lookup(SOCKET s) {
  if (!ovl::win32::ws_initialised()) {
    ovl::win32::set_last_error(WSANOTINITIALISED);
    return nullptr;
  }
  ref<socket_object> o = socket_lookup(uintptr_t(s));
  if (!o) ovl::win32::set_last_error(WSAENOTSOCK);
  return o;
}

int do_connect(SOCKET s, const struct sockaddr* name, int namelen) {
  ref<socket_object> o = lookup(s);
  if (!o) return SOCKET_ERROR;
  if (bad_ptr(name)) return fail(WSAEFAULT);
  int r = ovl::detail::socket_connect(*o, name, namelen);
  if (r < 0) return fail_errno(r);
  return 0;
}

// The Windows SO_OPENTYPE option needs no socket (it is per thread).
constexpr int kOpenType = SO_OPENTYPE;

}  // namespace

extern "C" {

// socket
// Differs from Windows: AF_UNSPEC with a protocol always picks AF_INET (Windows 11 may pick
// AF_INET6). The socket is overlapped-capable unless the thread's SO_OPENTYPE says otherwise.
static SOCKET socket_impl(int af, int type, int protocol) {
  DWORD flags = ovl::detail::socket_opentype() == 0 ? WSA_FLAG_OVERLAPPED : 0;
  return create_socket(af, type, protocol, flags);
}
SOCKET WSAAPI socket(int af, int type, int protocol) {
  OVL_TRACE_RETURN(winsock, "socket", SOCKET, socket_impl(af, type, protocol),
                   .af("af", af).sock_type("type", type).protocol("protocol", protocol).ret_socket(r));
}

// WSASocketA / WSASocketW
// Differs from Windows: the protocol-info structure is used only for family/type/protocol;
// g (socket groups) is ignored.
SOCKET WSAAPI WSASocketA(int af, int type, int protocol, LPWSAPROTOCOL_INFOA lpProtocolInfo, GROUP g, DWORD dwFlags) {
  OVL_TRACE_RETURN(winsock, "WSASocketA", SOCKET, wsa_socket(af, type, protocol, lpProtocolInfo, dwFlags),
                   .af("af", af).sock_type("type", type).protocol("protocol", protocol).ptr("info", lpProtocolInfo)
                   .num("g", g).hex("flags", dwFlags).ret_socket(r));
}
SOCKET WSAAPI WSASocketW(int af, int type, int protocol, LPWSAPROTOCOL_INFOW lpProtocolInfo, GROUP g, DWORD dwFlags) {
  OVL_TRACE_RETURN(winsock, "WSASocketW", SOCKET, wsa_socket(af, type, protocol, lpProtocolInfo, dwFlags),
                   .af("af", af).sock_type("type", type).protocol("protocol", protocol).ptr("info", lpProtocolInfo)
                   .num("g", g).hex("flags", dwFlags).ret_socket(r));
}

// closesocket
// Threads blocked on the socket in another thread's call end at once: recv/send/accept/connect
// fail with WSAEINTR, select() reports it readable, WSAPoll() POLLNVAL
// (tests/win32/close_while_blocked.c).
static int closesocket_impl(SOCKET s) {
  if (!ovl::win32::ws_initialised()) return fail(WSANOTINITIALISED);
  int r = ovl::detail::socket_close(uintptr_t(s));
  if (r < 0) return fail_errno(r);
  return 0;
}
int WSAAPI closesocket(SOCKET s) {
  OVL_TRACE_RETURN(winsock, "closesocket", int, closesocket_impl(s), .sock("s", s).ret_ws(r));
}

// bind
// Differs from Windows: binding a port below 1024 needs privileges on Linux (WSAEACCES);
// SO_REUSEADDR cannot take over a port another socket is listening on.
static int bind_impl(SOCKET s, const struct sockaddr* name, int namelen) {
  ref<socket_object> o = lookup(s);
  if (!o) return SOCKET_ERROR;
  if (bad_ptr(name)) return fail(WSAEFAULT);
  int r = ovl::detail::socket_bind(*o, name, namelen);
  if (r < 0) return fail_errno(r);
  return 0;
}
int WSAAPI bind(SOCKET s, const struct sockaddr* name, int namelen) {
  OVL_TRACE_RETURN(winsock, "bind", int, bind_impl(s, name, namelen),
                   .sock("s", s).addr("name", name, namelen).num("namelen", namelen).ret_ws(r));
}

// listen
// Differs from Windows: none known (unbound: WSAEINVAL, UDP: WSAEOPNOTSUPP, as in Wine's
// test_listen; SOMAXCONN and SOMAXCONN_HINT are honoured).
static int listen_impl(SOCKET s, int backlog) {
  ref<socket_object> o = lookup(s);
  if (!o) return SOCKET_ERROR;
  int r = ovl::detail::socket_listen(*o, backlog);
  if (r < 0) return fail_errno(r);
  return 0;
}
int WSAAPI listen(SOCKET s, int backlog) {
  OVL_TRACE_RETURN(winsock, "listen", int, listen_impl(s, backlog), .sock("s", s).num("backlog", backlog).ret_ws(r));
}

// accept
// A blocking accept waits alertably, as on Windows: queued APCs run and the wait goes on
// (core/blocking_wait.hpp; tests/win32/blocking_apc.c).
static SOCKET accept_impl(SOCKET s, struct sockaddr* addr, int* addrlen) {
  ref<socket_object> o = lookup(s);
  if (!o) return INVALID_SOCKET;
  if (addr && addrlen && (bad_ptr(addr) || bad_ptr(addrlen))) return fail_socket(WSAEFAULT);
  int64_t r = ovl::detail::socket_accept(*o, addr, addrlen);
  if (r < 0) return fail_socket(ovl::win32::set_wsa_error_from_errno(int(r)));
  return SOCKET(r);
}
SOCKET WSAAPI accept(SOCKET s, struct sockaddr* addr, int* addrlen) {
  OVL_TRACE_RETURN(winsock, "accept", SOCKET, accept_impl(s, addr, addrlen),
                   .sock("s", s).addr_out("addr", addr, addrlen, r != INVALID_SOCKET)
                   .out_u32("addrlen", addrlen, r != INVALID_SOCKET).ret_socket(r));
}

// WSAAccept
// Differs from Windows: the connection is accepted before the condition function runs
// (as without SO_CONDITIONAL_ACCEPT): CF_REJECT resets it, CF_DEFER parks it for the next
// accept. Caller data and QoS are always NULL; g is set to 0.
static SOCKET WSAAccept_impl(SOCKET s, struct sockaddr* addr, LPINT addrlen, LPCONDITIONPROC lpfnCondition,
                             DWORD_PTR dwCallbackData) {
  ref<socket_object> o = lookup(s);
  if (!o) return INVALID_SOCKET;
  if (addr && addrlen && (bad_ptr(addr) || bad_ptr(addrlen))) return fail_socket(WSAEFAULT);
  int64_t r = ovl::detail::socket_accept(*o, addr, addrlen);
  if (r < 0) return fail_socket(ovl::win32::set_wsa_error_from_errno(int(r)));
  if (!lpfnCondition) return SOCKET(r);

  ref<socket_object> ns = socket_lookup(uintptr_t(r));
  SOCKADDR_STORAGE peer{}, local{};
  int peerlen = sizeof peer, locallen = sizeof local;
  if (ns) {
    ovl::detail::socket_getpeername(*ns, &peer, &peerlen);
    ovl::detail::socket_getsockname(*ns, &local, &locallen);
  }
  WSABUF caller{ULONG(peerlen), reinterpret_cast<char*>(&peer)};
  WSABUF callee{ULONG(locallen), reinterpret_cast<char*>(&local)};
  GROUP g = 0;
  int verdict = lpfnCondition(&caller, nullptr, nullptr, nullptr, &callee, nullptr, &g, dwCallbackData);
  switch (verdict) {
    case CF_ACCEPT:
      return SOCKET(r);
    case CF_DEFER:
      ovl::detail::socket_defer_accepted(*o, uintptr_t(r));  // Wine test_accept: AlwaysDefer
      return fail_socket(WSATRY_AGAIN);
    case CF_REJECT:
      ovl::detail::socket_close(uintptr_t(r));
      return fail_socket(WSAECONNREFUSED);
    default:
      ovl::detail::socket_close(uintptr_t(r));
      return fail_socket(WSAEINVAL);
  }
}
SOCKET WSAAPI WSAAccept(SOCKET s, struct sockaddr* addr, LPINT addrlen, LPCONDITIONPROC lpfnCondition,
                        DWORD_PTR dwCallbackData) {
  OVL_TRACE_RETURN(winsock, "WSAAccept", SOCKET, WSAAccept_impl(s, addr, addrlen, lpfnCondition, dwCallbackData),
                   .sock("s", s).addr_out("addr", addr, addrlen, r != INVALID_SOCKET)
                   .out_u32("addrlen", addrlen, r != INVALID_SOCKET)
                   .ptr("condition", reinterpret_cast<void*>(lpfnCondition)).hex("data", dwCallbackData).ret_socket(r));
}

// connect
// A blocking connect waits alertably, as on Windows (core/blocking_wait.hpp).
int WSAAPI connect(SOCKET s, const struct sockaddr* name, int namelen) {
  OVL_TRACE_RETURN(winsock, "connect", int, do_connect(s, name, namelen),
                   .sock("s", s).addr("name", name, namelen).num("namelen", namelen).ret_ws(r));
}

// WSAConnect
// Differs from Windows: caller/callee data and QoS are ignored (TCP/IP never supported them).
static int WSAConnect_impl(SOCKET s, const struct sockaddr* name, int namelen, LPWSABUF lpCallerData,
                           LPWSABUF lpCalleeData, LPQOS lpSQOS, LPQOS lpGQOS) {
  int r = do_connect(s, name, namelen);
  if (r == 0 && lpCalleeData) lpCalleeData->len = 0;
  return r;
}
int WSAAPI WSAConnect(SOCKET s, const struct sockaddr* name, int namelen, LPWSABUF lpCallerData, LPWSABUF lpCalleeData,
                      LPQOS lpSQOS, LPQOS lpGQOS) {
  OVL_TRACE_RETURN(winsock, "WSAConnect", int,
                   WSAConnect_impl(s, name, namelen, lpCallerData, lpCalleeData, lpSQOS, lpGQOS),
                   .sock("s", s).addr("name", name, namelen).num("namelen", namelen).ptr("caller", lpCallerData)
                   .ptr("callee", lpCalleeData).ptr("sqos", lpSQOS).ptr("gqos", lpGQOS).ret_ws(r));
}

// shutdown
// Differs from Windows: none known.
static int shutdown_impl(SOCKET s, int how) {
  ref<socket_object> o = lookup(s);
  if (!o) return SOCKET_ERROR;
  int r = ovl::detail::socket_shutdown(*o, how);
  if (r < 0) return fail_errno(r);
  return 0;
}
int WSAAPI shutdown(SOCKET s, int how) {
  OVL_TRACE_RETURN(winsock, "shutdown", int, shutdown_impl(s, how), .sock("s", s).num("how", how).ret_ws(r));
}

// getpeername
// Differs from Windows: none known.
static int getpeername_impl(SOCKET s, struct sockaddr* name, int* namelen) {
  ref<socket_object> o = lookup(s);
  if (!o) return SOCKET_ERROR;
  if (bad_ptr(name) || bad_ptr(namelen)) return fail(WSAEFAULT);
  int r = ovl::detail::socket_getpeername(*o, name, namelen);
  if (r < 0) return fail_errno(r);
  return 0;
}
int WSAAPI getpeername(SOCKET s, struct sockaddr* name, int* namelen) {
  OVL_TRACE_RETURN(winsock, "getpeername", int, getpeername_impl(s, name, namelen),
                   .sock("s", s).addr_out("name", name, namelen, r == 0).out_u32("namelen", namelen, r == 0).ret_ws(r));
}

// getsockname
// Differs from Windows: none known (unbound: WSAEINVAL; short buffer: WSAEFAULT with
// *namelen unchanged -- Wine test_getsockname).
static int getsockname_impl(SOCKET s, struct sockaddr* name, int* namelen) {
  ref<socket_object> o = lookup(s);
  if (!o) return SOCKET_ERROR;
  if (bad_ptr(name) || bad_ptr(namelen)) return fail(WSAEFAULT);
  int r = ovl::detail::socket_getsockname(*o, name, namelen);
  if (r < 0) return fail_errno(r);
  return succeed(0);
}
int WSAAPI getsockname(SOCKET s, struct sockaddr* name, int* namelen) {
  OVL_TRACE_RETURN(winsock, "getsockname", int, getsockname_impl(s, name, namelen),
                   .sock("s", s).addr_out("name", name, namelen, r == 0).out_u32("namelen", namelen, r == 0).ret_ws(r));
}

// setsockopt
// Differs from Windows: SO_PROTOCOL_INFO, SO_BSP_STATE, SO_CONNECT_TIME, IP_OPTIONS and the
// UDP-level options are not supported (WSAENOPROTOOPT). SO_UPDATE_ACCEPT_CONTEXT and
// SO_UPDATE_CONNECT_CONTEXT succeed without doing anything. SO_LINGER reads l_onoff as a
// boolean (Windows keeps the raw value).
static int setsockopt_impl(SOCKET s, int level, int optname, const char* optval, int optlen) {
  if (level == SOL_SOCKET && optname == kOpenType) {
    if (!ovl::win32::ws_initialised()) return fail(WSANOTINITIALISED);
    if (bad_ptr(optval)) return fail(WSAEFAULT);
    if (optlen >= 0 && optlen < 4) return fail(WSAEFAULT);
    DWORD v;
    std::memcpy(&v, optval, 4);
    ovl::detail::socket_set_opentype(v);
    return succeed(0);
  }
  ref<socket_object> o = lookup(s);
  if (!o) return SOCKET_ERROR;
  int r = ovl::detail::socket_setsockopt(*o, level, optname, optval, optlen);
  if (r < 0) return fail_errno(r);
  return succeed(0);
}
int WSAAPI setsockopt(SOCKET s, int level, int optname, const char* optval, int optlen) {
  OVL_TRACE_RETURN(winsock, "setsockopt", int, setsockopt_impl(s, level, optname, optval, optlen),
                   .sock("s", s).sockopt(level, optname).out_u32("optval", optval, optlen == 4).num("optlen", optlen)
                   .ret_ws(r));
}

// getsockopt
// Differs from Windows: as setsockopt. SO_ERROR reports a failed non-blocking connect's error,
// else the value last stored with setsockopt(SO_ERROR).
static int getsockopt_impl(SOCKET s, int level, int optname, char* optval, int* optlen) {
  if (level == SOL_SOCKET && optname == kOpenType) {
    if (!ovl::win32::ws_initialised()) return fail(WSANOTINITIALISED);
    if (bad_ptr(optval) || bad_ptr(optlen)) return fail(WSAEFAULT);
    if (unsigned(*optlen) < 4) return fail(WSAEFAULT);  // -1 is a large length (test_optsize)
    DWORD v = ovl::detail::socket_opentype();
    std::memcpy(optval, &v, 4);
    *optlen = 4;
    return succeed(0);
  }
  ref<socket_object> o = lookup(s);
  if (!o) return SOCKET_ERROR;
  int r = ovl::detail::socket_getsockopt(*o, level, optname, optval, optlen);
  if (r < 0) return fail_errno(r);
  return succeed(0);
}
int WSAAPI getsockopt(SOCKET s, int level, int optname, char* optval, int* optlen) {
  OVL_TRACE_RETURN(winsock, "getsockopt", int, getsockopt_impl(s, level, optname, optval, optlen),
                   .sock("s", s).sockopt(level, optname).out_u32("optval", optval, r == 0 && *optlen == 4)
                   .out_u32("optlen", optlen, r == 0).ret_ws(r));
}

// ioctlsocket
// Differs from Windows: only FIONBIO, FIONREAD and SIOCATMARK (others: WSAEINVAL).
// FIONBIO 0 fails with WSAEINVAL while WSAEventSelect/WSAAsyncSelect is in force
// (event_select_basic.c).
static int ioctlsocket_impl(SOCKET s, long cmd, u_long* argp) {
  ref<socket_object> o = lookup(s);
  if (!o) return SOCKET_ERROR;
  const uint32_t c = uint32_t(cmd);
  if (c != FIONBIO && c != FIONREAD && c != SIOCATMARK) return fail(WSAEINVAL);
  if (bad_ptr(argp)) return fail(WSAEFAULT);  // Wine test_fionbio / test_fionread_siocatmark
  uint32_t v = *argp;
  int r = ovl::detail::socket_ioctl(*o, c, &v);
  if (r < 0) return fail_errno(r);
  *argp = v;
  return succeed(0);
}
int WSAAPI ioctlsocket(SOCKET s, long cmd, u_long* argp) {
  OVL_TRACE_RETURN(winsock, "ioctlsocket", int, ioctlsocket_impl(s, cmd, argp),
                   .sock("s", s).ioctl("cmd", uint32_t(cmd)).out_u32("argp", argp, r == 0).ret_ws(r));
}

// WSAIoctl
// Supports FIONBIO, FIONREAD, SIOCATMARK, SIO_KEEPALIVE_VALS and
// SIO_GET_EXTENSION_FUNCTION_POINTER. With an OVERLAPPED they complete at once through the
// socket's targets: hEvent (or the socket handle) is signalled and the completion port gets its
// packet, or the completion routine is queued to the calling thread (hEvent is then left alone).
// Any other code fails with WSAEOPNOTSUPP: at once without an OVERLAPPED; with one, the call
// pends (WSA_IO_PENDING) and completes with STATUS_NOT_SUPPORTED (ERROR_NOT_SUPPORTED from
// GetOverlappedResult/GQCS, WSAEOPNOTSUPP as a routine's dwError), as Windows does (Wine
// test_unsupported_ioctls).
// Differs from Windows: the other SIO_* codes Windows supports are not implemented yet.
static int WSAIoctl_impl(SOCKET s, DWORD dwIoControlCode, LPVOID lpvInBuffer, DWORD cbInBuffer, LPVOID lpvOutBuffer,
                         DWORD cbOutBuffer, LPDWORD lpcbBytesReturned, LPWSAOVERLAPPED lpOverlapped,
                         LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine) {
  ref<socket_object> o = lookup(s);
  if (!o) return SOCKET_ERROR;
  if (!lpcbBytesReturned) return fail(WSAEFAULT);  // Wine test_fionbio, test_unsupported_ioctls
  // A completion routine on a socket associated with a completion port: the I/O manager
  // refuses it (STATUS_INVALID_PARAMETER), as for WSARecv/WSASend.
  if (lpOverlapped && lpCompletionRoutine && o->port.load(std::memory_order_acquire)) return fail(WSAEINVAL);
  // Completes the OVERLAPPED with `status` through the same targets as a success would.
  auto fail_pending = [&](DWORD status) {
    lpOverlapped->Internal = status;
    lpOverlapped->InternalHigh = 0;
    if (lpCompletionRoutine) {
      void* routine = reinterpret_cast<void*>(lpCompletionRoutine);
      if (OVL_TRACING(apc)) routine = ovl::win32::trace_completion_routine(routine, lpOverlapped);
      ovl::detail::queue_completion_routine(routine, reinterpret_cast<ovl::detail::overlapped_raw*>(lpOverlapped),
                                            ovl::detail::wsa_from_ntstatus(status), 0, 0);
    } else {
      ovl::detail::ref<ovl::detail::event_object> ev;
      ovl::win32::overlapped_event(lpOverlapped->hEvent, &ev);
      ovl::detail::socket_complete_now(*o, reinterpret_cast<ovl::detail::overlapped_raw*>(lpOverlapped), ev.get(),
                                       status, 0);
    }
  };
  auto complete = [&](DWORD bytes) {
    *lpcbBytesReturned = bytes;
    if (lpOverlapped) {
      lpOverlapped->Internal = 0;
      lpOverlapped->InternalHigh = 0;
      if (lpCompletionRoutine) {
        // Completed at once, and still an APC to this thread; cbTransferred is 0 like
        // InternalHigh (Wine does the same; tests/win32/completion_routine.c test_wsaioctl).
        // hEvent is the program's own field then.
        void* routine = reinterpret_cast<void*>(lpCompletionRoutine);
        if (OVL_TRACING(apc)) routine = ovl::win32::trace_completion_routine(routine, lpOverlapped);
        ovl::detail::queue_completion_routine(routine, reinterpret_cast<ovl::detail::overlapped_raw*>(lpOverlapped), 0,
                                              0, 0);
      } else {
        // Through the socket's targets: the event (or the socket handle), and its completion
        // port's packet when it has one (unless skip-on-success / the low bit of hEvent).
        ovl::detail::ref<ovl::detail::event_object> ev;
        ovl::win32::overlapped_event(lpOverlapped->hEvent, &ev);
        ovl::detail::socket_complete_now(*o, reinterpret_cast<ovl::detail::overlapped_raw*>(lpOverlapped), ev.get(),
                                         0, 0);
      }
    }
    return succeed(0);
  };
  switch (dwIoControlCode) {
    case FIONBIO: {
      if (!lpvInBuffer || cbInBuffer < sizeof(u_long)) return fail(WSAEFAULT);
      uint32_t v = *static_cast<u_long*>(lpvInBuffer);
      int r = ovl::detail::socket_ioctl(*o, FIONBIO, &v);
      if (r < 0) return fail_errno(r);
      return complete(0);
    }
    case FIONREAD:
    case SIOCATMARK: {
      if (!lpvOutBuffer || cbOutBuffer < sizeof(u_long)) return fail(WSAEFAULT);
      uint32_t v = 0;
      int r = ovl::detail::socket_ioctl(*o, dwIoControlCode, &v);
      if (r < 0) return fail_errno(r);
      std::memcpy(lpvOutBuffer, &v, sizeof v);
      return complete(sizeof(u_long));
    }
    case SIO_KEEPALIVE_VALS: {
      if (!lpvInBuffer || cbInBuffer < sizeof(tcp_keepalive)) {
        if (!lpOverlapped) *lpcbBytesReturned = 0;  // Wine test_keepalive_vals
        return fail(WSAEFAULT);
      }
      tcp_keepalive k;
      std::memcpy(&k, lpvInBuffer, sizeof k);
      int r = ovl::detail::socket_keepalive_vals(*o, k.onoff, k.keepalivetime, k.keepaliveinterval);
      if (r < 0) return fail_errno(r);
      return complete(0);
    }
    case SIO_GET_EXTENSION_FUNCTION_POINTER: {
      if (!lpvInBuffer || cbInBuffer < sizeof(GUID) || !lpvOutBuffer || cbOutBuffer < sizeof(void*))
        return fail(WSAEFAULT);
      void* fn = ovl::win32::extension_function(lpvInBuffer);
      if (!fn) {
        *lpcbBytesReturned = 0;
        return fail(WSAEINVAL);  // unknown GUID
      }
      std::memcpy(lpvOutBuffer, &fn, sizeof fn);
      return complete(sizeof(void*));
    }
    default:
      *lpcbBytesReturned = 0;
      if (!lpOverlapped) return fail(WSAEOPNOTSUPP);
      fail_pending(0xC00000BB);  // STATUS_NOT_SUPPORTED
      return fail(WSA_IO_PENDING);
  }
}
int WSAAPI WSAIoctl(SOCKET s, DWORD dwIoControlCode, LPVOID lpvInBuffer, DWORD cbInBuffer, LPVOID lpvOutBuffer,
                    DWORD cbOutBuffer, LPDWORD lpcbBytesReturned, LPWSAOVERLAPPED lpOverlapped,
                    LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine) {
  OVL_TRACE_RETURN(winsock, "WSAIoctl", int,
                   WSAIoctl_impl(s, dwIoControlCode, lpvInBuffer, cbInBuffer, lpvOutBuffer, cbOutBuffer,
                                 lpcbBytesReturned, lpOverlapped, lpCompletionRoutine),
                   .sock("s", s).ioctl("code", dwIoControlCode).ptr("in", lpvInBuffer).num("cbIn", cbInBuffer)
                   .ptr("out", lpvOutBuffer).num("cbOut", cbOutBuffer).out_u32("bytes", lpcbBytesReturned, r == 0)
                   .ptr("ov", lpOverlapped).ptr("routine", reinterpret_cast<void*>(lpCompletionRoutine)).ret_ws(r));
}

// send
// Differs from Windows: none known (after shutdown(SD_SEND): WSAESHUTDOWN; unconnected TCP:
// WSAENOTCONN).
static int send_impl(SOCKET s, const char* buf, int len, int flags) {
  ref<socket_object> o = lookup(s);
  if (!o) return SOCKET_ERROR;
  if (len < 0 || (len > 0 && bad_ptr(buf))) return fail(WSAEFAULT);
  int pre = ovl::detail::socket_io_precheck(*o, true);
  if (pre < 0) return fail_errno(pre);
  ovl::detail::wsabuf_raw b{uint32_t(len), const_cast<char*>(buf)};
  int64_t r = ovl::detail::socket_send_sync(*o, &b, 1, uint32_t(flags), nullptr, 0);
  if (r < 0) return fail_errno(r);
  return succeed(int(r));
}
int WSAAPI send(SOCKET s, const char* buf, int len, int flags) {
  OVL_TRACE_RETURN(winsock, "send", int, send_impl(s, buf, len, flags),
                   .sock("s", s).ptr("buf", buf).num("len", len).hex("flags", uint32_t(flags)).ret_ws(r));
}

// sendto
// Differs from Windows: none known (the address is ignored on a stream socket).
static int sendto_impl(SOCKET s, const char* buf, int len, int flags, const struct sockaddr* to, int tolen) {
  ref<socket_object> o = lookup(s);
  if (!o) return SOCKET_ERROR;
  if (len < 0 || (len > 0 && bad_ptr(buf))) return fail(WSAEFAULT);
  if (to && bad_ptr(to)) return fail(WSAEFAULT);
  if (o->is_stream()) {
    to = nullptr;
    int pre = ovl::detail::socket_io_precheck(*o, true);
    if (pre < 0) return fail_errno(pre);
  } else if (o->shut.load() & socket_object::shut_wr) {
    return fail(WSAESHUTDOWN);
  }
  ovl::detail::wsabuf_raw b{uint32_t(len), const_cast<char*>(buf)};
  int64_t r = ovl::detail::socket_send_sync(*o, &b, 1, uint32_t(flags), to, to ? tolen : 0);
  if (r < 0) return fail_errno(r);
  return succeed(int(r));
}
int WSAAPI sendto(SOCKET s, const char* buf, int len, int flags, const struct sockaddr* to, int tolen) {
  OVL_TRACE_RETURN(winsock, "sendto", int, sendto_impl(s, buf, len, flags, to, tolen),
                   .sock("s", s).ptr("buf", buf).num("len", len).hex("flags", uint32_t(flags)).addr("to", to, tolen)
                   .num("tolen", tolen).ret_ws(r));
}

// recv
// A blocking recv waits alertably, as on Windows: queued APCs run and the wait goes on, with
// SO_RCVTIMEO still counted from the start (core/blocking_wait.hpp).
static int recv_impl(SOCKET s, char* buf, int len, int flags) {
  ref<socket_object> o = lookup(s);
  if (!o) return SOCKET_ERROR;
  if (len < 0 || (len > 0 && bad_ptr(buf))) return fail(WSAEFAULT);  // Wine test_read_events
  if (o->is_stream()) {
    int pre = ovl::detail::socket_io_precheck(*o, false);
    if (pre < 0) return fail_errno(pre);
  } else if (o->shut.load() & socket_object::shut_rd) {
    return fail(WSAESHUTDOWN);
  }
  ovl::detail::wsabuf_raw b{uint32_t(len), buf};
  uint32_t out_flags = 0, bytes = 0;
  int64_t r = ovl::detail::socket_recv_sync(*o, &b, 1, uint32_t(flags), nullptr, nullptr, &out_flags, &bytes);
  if (r < 0) return fail_errno(r);  // a truncated datagram is WSAEMSGSIZE
  return succeed(int(r));
}
int WSAAPI recv(SOCKET s, char* buf, int len, int flags) {
  OVL_TRACE_RETURN(winsock, "recv", int, recv_impl(s, buf, len, flags),
                   .sock("s", s).ptr("buf", buf).num("len", len).hex("flags", uint32_t(flags)).ret_ws(r));
}

// recvfrom
// A blocking recvfrom waits alertably, as recv does.
static int recvfrom_impl(SOCKET s, char* buf, int len, int flags, struct sockaddr* from, int* fromlen) {
  ref<socket_object> o = lookup(s);
  if (!o) return SOCKET_ERROR;
  if (len < 0 || (len > 0 && bad_ptr(buf))) return fail(WSAEFAULT);
  if (from) {
    if (bad_ptr(from) || bad_ptr(fromlen)) return fail(WSAEFAULT);
    int af, type, proto, need;
    ovl::detail::socket_identity(*o, &af, &type, &proto, &need);
    // Checked before receiving so the datagram stays queued (Wine test_UDP).
    if (*fromlen < need) return fail(WSAEFAULT);
  }
  if (o->is_stream()) {
    int pre = ovl::detail::socket_io_precheck(*o, false);
    if (pre < 0) return fail_errno(pre);
  } else if (o->shut.load() & socket_object::shut_rd) {
    return fail(WSAESHUTDOWN);
  }
  ovl::detail::wsabuf_raw b{uint32_t(len), buf};
  uint32_t out_flags = 0, bytes = 0;
  int64_t r = ovl::detail::socket_recv_sync(*o, &b, 1, uint32_t(flags), from, from ? fromlen : nullptr, &out_flags,
                                            &bytes);
  if (r < 0) return fail_errno(r);
  return succeed(int(r));
}
int WSAAPI recvfrom(SOCKET s, char* buf, int len, int flags, struct sockaddr* from, int* fromlen) {
  OVL_TRACE_RETURN(winsock, "recvfrom", int, recvfrom_impl(s, buf, len, flags, from, fromlen),
                   .sock("s", s).ptr("buf", buf).num("len", len).hex("flags", uint32_t(flags))
                   .addr_out("from", from, fromlen, r != SOCKET_ERROR).out_u32("fromlen", fromlen, r != SOCKET_ERROR)
                   .ret_ws(r));
}

}  // extern "C"
