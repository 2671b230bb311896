// The Microsoft extension functions: AcceptEx, GetAcceptExSockaddrs, ConnectEx, DisconnectEx,
// WSARecvMsg, WSASendMsg, TransmitFile, TransmitPackets, and the table that
// WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER) hands them out from.
#include <winsock2.h>
#include <ws2tcpip.h>
#include <mswsock.h>
#include <windows.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "core/file.hpp"
#include "core/handle_table.hpp"
#include "core/socket.hpp"
#include "core/socket_calls.hpp"
#include "sys/errno_map.hpp"
#include "win32/handles.hpp"
#include "win32/trace.hpp"
#include "win32/win32_internal.hpp"

using namespace ovl::detail;
using ovl::win32::set_last_error;

namespace {

BOOL fail(uint32_t code) {
  set_last_error(code);
  return FALSE;
}

bool op_event(const OVERLAPPED* ov, ref<event_object>* out) { return ovl::win32::overlapped_event(ov->hEvent, out); }

int addr_size(int win_af) { return win_af == AF_INET6 ? int(sizeof(sockaddr_in6)) : int(sizeof(sockaddr_in)); }

// Windows writes STATUS_PENDING to Internal before validating anything, so a synchronous
// failure still leaves it there (Wine test_AcceptEx, test_connect); InternalHigh is untouched.
void mark_pending(LPOVERLAPPED ov) {
  if (ov) __atomic_store_n(&ov->Internal, ULONG_PTR(0x103), __ATOMIC_RELAXED);  // STATUS_PENDING
}

// True if the socket has a local address (bound, or connected). Keeps the last error.
bool is_bound(SOCKET s) {
  ovl::win32::trace_quiet quiet;  // AcceptEx asked, not the program
  int saved = WSAGetLastError();
  sockaddr_storage local;
  int ll = sizeof local;
  bool bound = getsockname(s, reinterpret_cast<sockaddr*>(&local), &ll) == 0;
  WSASetLastError(saved);
  return bound;
}

// An overlapped call that Windows always pends (DisconnectEx, TransmitFile, TransmitPackets:
// Wine test_DisconnectEx, test_TransmitFile) but that finished at once here: its notification
// is already out, so report ERROR_IO_PENDING like Windows. Not with skip-on-success on a port:
// the immediate completion queued no packet there, and TRUE is what tells the program so.
BOOL pended_result(const socket_object& so) {
  bool skip = (so.notify_modes.load() & socket_object::skip_port_on_success) != 0 && so.port.load() != nullptr;
  if (skip) return TRUE;
  return fail(ERROR_IO_PENDING);
}

// Result of socket_io for the BOOL-returning extension functions.
BOOL io_result(int64_t r, uint32_t bytes, LPDWORD out) {
  if (r == io_pending) return fail(ERROR_IO_PENDING);
  if (r >= 0) {
    if (out) *out = bytes;
    return TRUE;
  }
  return fail(wsa_from_errno(int(-r)));
}

}  // namespace

extern "C" {

// AcceptEx
// Accepts a connection into sAcceptSocket (an unbound, unconnected socket of the listener's
// family), optionally waiting for the first dwReceiveDataLength bytes; the local and remote
// addresses follow the data in lpOutputBuffer (read them with GetAcceptExSockaddrs).
// Differs from Windows: the address areas hold an int length then the sockaddr (Wine's layout;
// Windows' is undocumented and only GetAcceptExSockaddrs reads it). A local area that is not
// empty but too small for that pends like any AcceptEx, takes the connection and completes with
// STATUS_BUFFER_TOO_SMALL (ERROR_INSUFFICIENT_BUFFER; Wine test_AcceptEx). A remote area too
// small fails at once with WSAEINVAL.
static BOOL AcceptEx_impl(SOCKET sListenSocket, SOCKET sAcceptSocket, PVOID lpOutputBuffer, DWORD dwReceiveDataLength,
                          DWORD dwLocalAddressLength, DWORD dwRemoteAddressLength, LPDWORD lpdwBytesReceived,
                          LPOVERLAPPED lpOverlapped) {
  if (!ovl::win32::ws_initialised()) return fail(WSANOTINITIALISED);
  mark_pending(lpOverlapped);
  ref<socket_object> l = socket_lookup(sListenSocket);
  if (!l) return fail(WSAENOTSOCK);
  ref<socket_object> a = socket_lookup(sAcceptSocket);
  if (!a) return fail(WSAENOTSOCK);
  // Wine test_AcceptEx: NULL OVERLAPPED -> 87; NULL buffer and an empty remote area -> WSAEFAULT;
  // a listener not listening, a UDP, bound or connected accept socket -> WSAEINVAL.
  if (!lpOverlapped) return fail(WSA_INVALID_PARAMETER);
  if (!lpOutputBuffer || !dwRemoteAddressLength) return fail(WSAEFAULT);
  if (!l->listening.load()) return fail(WSAEINVAL);
  if (!a->is_stream() || a->connected.load() || a.get() == l.get() || is_bound(sAcceptSocket))
    return fail(WSAEINVAL);
  int af, type, proto, need;
  socket_identity(*l, &af, &type, &proto, &need);
  // An address area holds an int length and the sockaddr (write_addr_area); an empty local
  // area is allowed (Windows then reports no local address), sizeof(sockaddr) + 15 is enough.
  const DWORD area = DWORD(sizeof(int) + addr_size(af));
  if (dwRemoteAddressLength < area) return fail(WSAEINVAL);
  ref<event_object> ev;
  if (!op_event(lpOverlapped, &ev)) return fail(WSA_INVALID_HANDLE);
  io_request req{};
  req.kind = io_kind::accept;
  req.ov = reinterpret_cast<overlapped_raw*>(lpOverlapped);
  req.event = ev.get();
  req.accept_target = a.get();
  req.accept_buf = static_cast<char*>(lpOutputBuffer);
  req.accept_data = dwReceiveDataLength;
  req.accept_local = dwLocalAddressLength;
  req.accept_remote = dwRemoteAddressLength;
  req.accept_local_short = dwLocalAddressLength && dwLocalAddressLength < area;
  uint32_t fl = 0, bytes = 0;
  return io_result(socket_io(*l, req, &fl, &bytes), bytes, lpdwBytesReceived);
}
BOOL PASCAL AcceptEx(SOCKET sListenSocket, SOCKET sAcceptSocket, PVOID lpOutputBuffer, DWORD dwReceiveDataLength,
                     DWORD dwLocalAddressLength, DWORD dwRemoteAddressLength, LPDWORD lpdwBytesReceived,
                     LPOVERLAPPED lpOverlapped) {
  OVL_TRACE_RETURN(winsock, "AcceptEx", BOOL,
                   AcceptEx_impl(sListenSocket, sAcceptSocket, lpOutputBuffer, dwReceiveDataLength,
                                 dwLocalAddressLength, dwRemoteAddressLength, lpdwBytesReceived, lpOverlapped),
                   .sock("listen", sListenSocket).sock("accept", sAcceptSocket).ptr("buf", lpOutputBuffer)
                   .num("data", dwReceiveDataLength).num("local", dwLocalAddressLength)
                   .num("remote", dwRemoteAddressLength).out_u32("bytes", lpdwBytesReceived, r).ptr("ov", lpOverlapped)
                   .ret_bool(r));
}

// GetAcceptExSockaddrs: points into the address areas AcceptEx filled.
static VOID GetAcceptExSockaddrs_impl(PVOID lpOutputBuffer, DWORD dwReceiveDataLength, DWORD dwLocalAddressLength,
                                      DWORD dwRemoteAddressLength, struct sockaddr** LocalSockaddr,
                                      LPINT LocalSockaddrLength, struct sockaddr** RemoteSockaddr,
                                      LPINT RemoteSockaddrLength) {
  char* p = static_cast<char*>(lpOutputBuffer) + dwReceiveDataLength;
  int len;
  std::memcpy(&len, p, sizeof len);
  if (LocalSockaddr) *LocalSockaddr = reinterpret_cast<sockaddr*>(p + sizeof(int));
  if (LocalSockaddrLength) *LocalSockaddrLength = len;
  p += dwLocalAddressLength;
  std::memcpy(&len, p, sizeof len);
  if (RemoteSockaddr) *RemoteSockaddr = reinterpret_cast<sockaddr*>(p + sizeof(int));
  if (RemoteSockaddrLength) *RemoteSockaddrLength = len;
  (void)dwRemoteAddressLength;
}
VOID PASCAL GetAcceptExSockaddrs(PVOID lpOutputBuffer, DWORD dwReceiveDataLength, DWORD dwLocalAddressLength,
                                 DWORD dwRemoteAddressLength, struct sockaddr** LocalSockaddr,
                                 LPINT LocalSockaddrLength, struct sockaddr** RemoteSockaddr,
                                 LPINT RemoteSockaddrLength) {
  OVL_TRACE_VOID(winsock, "GetAcceptExSockaddrs",
                 GetAcceptExSockaddrs_impl(lpOutputBuffer, dwReceiveDataLength, dwLocalAddressLength,
                                           dwRemoteAddressLength, LocalSockaddr, LocalSockaddrLength, RemoteSockaddr,
                                           RemoteSockaddrLength),
                 .ptr("buf", lpOutputBuffer).num("data", dwReceiveDataLength).num("local", dwLocalAddressLength)
                 .num("remote", dwRemoteAddressLength)
                 .addr_out("*local", LocalSockaddr ? *LocalSockaddr : nullptr, LocalSockaddrLength, true)
                 .addr_out("*remote", RemoteSockaddr ? *RemoteSockaddr : nullptr, RemoteSockaddrLength, true)
                 .ret_void());
}

// ConnectEx: connects a bound socket, then sends lpSendBuffer (optional).
// Differs from Windows: none known.
static BOOL ovl_ConnectEx_impl(SOCKET s, const struct sockaddr* name, int namelen, PVOID lpSendBuffer,
                               DWORD dwSendDataLength, LPDWORD lpdwBytesSent, LPOVERLAPPED lpOverlapped) {
  if (!ovl::win32::ws_initialised()) return fail(WSANOTINITIALISED);
  mark_pending(lpOverlapped);
  ref<socket_object> so = socket_lookup(s);
  if (!so) return fail(WSAENOTSOCK);
  if (!name || namelen < int(sizeof(sockaddr_in))) return fail(WSAEFAULT);
  if (!lpOverlapped) return fail(WSA_INVALID_PARAMETER);
  if (!so->is_stream() || so->listening.load()) return fail(WSAEINVAL);  // Wine test_connect
  if (so->connected.load()) return fail(WSAEISCONN);
  sockaddr_storage local;
  int ll = sizeof local;
  int bound;
  {
    ovl::win32::trace_quiet quiet;  // ConnectEx asked, not the program
    bound = getsockname(s, reinterpret_cast<sockaddr*>(&local), &ll);
  }
  if (bound != 0) return fail(WSAEINVAL);  // must be bound
  ref<event_object> ev;
  if (!op_event(lpOverlapped, &ev)) return fail(WSA_INVALID_HANDLE);
  WSABUF wb{dwSendDataLength, static_cast<char*>(lpSendBuffer)};
  io_request req{};
  req.kind = io_kind::connect;
  req.bufs = reinterpret_cast<const wsabuf_raw*>(&wb);
  req.nbufs = (lpSendBuffer && dwSendDataLength) ? 1 : 0;
  req.to = name;
  req.tolen = namelen;
  req.ov = reinterpret_cast<overlapped_raw*>(lpOverlapped);
  req.event = ev.get();
  so->connecting.store(true);
  uint32_t fl = 0, bytes = 0;
  return io_result(socket_io(*so, req, &fl, &bytes), bytes, lpdwBytesSent);
}
static BOOL PASCAL ovl_ConnectEx(SOCKET s, const struct sockaddr* name, int namelen, PVOID lpSendBuffer,
                                 DWORD dwSendDataLength, LPDWORD lpdwBytesSent, LPOVERLAPPED lpOverlapped) {
  OVL_TRACE_RETURN(winsock, "ConnectEx", BOOL,
                   ovl_ConnectEx_impl(s, name, namelen, lpSendBuffer, dwSendDataLength, lpdwBytesSent, lpOverlapped),
                   .sock("s", s).addr("name", name, namelen).num("namelen", namelen).ptr("buf", lpSendBuffer)
                   .num("len", dwSendDataLength).out_u32("bytes", lpdwBytesSent, r).ptr("ov", lpOverlapped)
                   .ret_bool(r));
}

// DisconnectEx: graceful disconnect; TF_REUSE_SOCKET leaves a socket AcceptEx/ConnectEx can
// use again. Completes at once (the OVERLAPPED is still notified, as for any immediate success)
// and, like Windows, answers ERROR_IO_PENDING when given an OVERLAPPED (Wine test_DisconnectEx).
// Differs from Windows: with FILE_SKIP_COMPLETION_PORT_ON_SUCCESS on a port it returns TRUE and
// queues no packet (Windows pends and queues one: test_shutdown_completion_port).
static BOOL ovl_DisconnectEx_impl(SOCKET s, LPOVERLAPPED lpOverlapped, DWORD dwFlags, DWORD dwReserved) {
  if (!ovl::win32::ws_initialised()) return fail(WSANOTINITIALISED);
  ref<socket_object> so = socket_lookup(s);
  if (!so) return fail(WSAENOTSOCK);
  if (dwReserved || (dwFlags & ~DWORD(TF_REUSE_SOCKET))) return fail(WSAEINVAL);
  if (!so->connected.load()) return fail(WSAENOTCONN);  // Wine test_DisconnectEx
  ref<event_object> ev;
  if (lpOverlapped && !op_event(lpOverlapped, &ev)) return fail(WSA_INVALID_HANDLE);
  const bool reuse = (dwFlags & TF_REUSE_SOCKET) != 0;
  int r = socket_disconnect(*so, reuse);
  if (r < 0) return fail(wsa_from_errno(-r));
  // Sending after a plain DisconnectEx fails with WSAESHUTDOWN, as after shutdown(SD_SEND)
  // (Wine test_DisconnectEx); socket_disconnect only shut the Linux socket down.
  if (!reuse) so->shut.fetch_or(socket_object::shut_wr);
  if (!lpOverlapped) return TRUE;
  socket_complete_now(*so, reinterpret_cast<overlapped_raw*>(lpOverlapped), ev.get(), 0, 0);
  return pended_result(*so);
}
static BOOL PASCAL ovl_DisconnectEx(SOCKET s, LPOVERLAPPED lpOverlapped, DWORD dwFlags, DWORD dwReserved) {
  OVL_TRACE_RETURN(winsock, "DisconnectEx", BOOL, ovl_DisconnectEx_impl(s, lpOverlapped, dwFlags, dwReserved),
                   .sock("s", s).ptr("ov", lpOverlapped).hex("flags", dwFlags).num("reserved", dwReserved).ret_bool(r));
}

// WSARecvMsg: WSARecvFrom with a WSAMSG (name, buffers, flags, control data). IP_PKTINFO,
// IP_TTL, IP_TOS, IPV6_PKTINFO, IPV6_HOPLIMIT and IPV6_TCLASS come back in Control (Windows
// WSACMSGHDR layout); Control.len and dwFlags are written when the receive completes, so the
// WSAMSG must live until then; a Control buffer too small for them gives MSG_CTRUNC and
// WSAEMSGSIZE (STATUS_BUFFER_OVERFLOW) with the data received (Wine test_ip_pktinfo,
// test_ipv4_cmsg, test_ipv6_cmsg; tests/win32/ext_recvmsg.c). The flags are not reported in
// OVERLAPPED.Offset nor to a completion routine (0), as on Windows.
// Differs from Windows: an overlapped call whose datagram is already there and truncated
// fails at once with WSAEMSGSIZE (and notifies), where Windows reports WSA_IO_PENDING
// (test_ip_pktinfo, todo_wine).
static INT ovl_WSARecvMsg_impl(SOCKET s, LPWSAMSG lpMsg, LPDWORD lpdwNumberOfBytesRecvd, LPWSAOVERLAPPED lpOverlapped,
                               LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine) {
  if (!lpMsg) {
    set_last_error(WSAEFAULT);
    return SOCKET_ERROR;
  }
  return ovl::win32::recv_msg(s, lpMsg, reinterpret_cast<uint32_t*>(lpdwNumberOfBytesRecvd), lpOverlapped,
                              reinterpret_cast<void*>(lpCompletionRoutine));
}
static INT PASCAL ovl_WSARecvMsg(SOCKET s, LPWSAMSG lpMsg, LPDWORD lpdwNumberOfBytesRecvd, LPWSAOVERLAPPED lpOverlapped,
                                 LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine) {
  OVL_TRACE_RETURN(winsock, "WSARecvMsg", INT,
                   ovl_WSARecvMsg_impl(s, lpMsg, lpdwNumberOfBytesRecvd, lpOverlapped, lpCompletionRoutine),
                   .sock("s", s).ptr("msg", lpMsg).out_u32("bytes", lpdwNumberOfBytesRecvd, r == 0)
                   .ptr("ov", lpOverlapped).ptr("routine", reinterpret_cast<void*>(lpCompletionRoutine)).ret_ws(r));
}

// WSASendMsg: WSASendTo with a WSAMSG. Control data IP_PKTINFO / IPV6_PKTINFO choose the
// source address (ipi_addr) and interface (tests/win32/ext_recvmsg.c).
// Differs from Windows: other control data is ignored; a bad call does not bind the socket
// (Windows binds it: test_WSASendMsg, todo_wine).
static INT ovl_WSASendMsg_impl(SOCKET s, LPWSAMSG lpMsg, DWORD dwFlags, LPDWORD lpNumberOfBytesSent,
                               LPWSAOVERLAPPED lpOverlapped, LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine) {
  // Wine test_WSASendMsg: no WSAMSG, or no byte count without an OVERLAPPED -> WSAEFAULT;
  // a stream socket -> WSAEINVAL (todo_wine: Windows' value).
  ref<socket_object> so;
  if (ovl::win32::ws_initialised()) so = socket_lookup(s);
  if (so && (!lpMsg || (!lpNumberOfBytesSent && !lpOverlapped))) {
    set_last_error(WSAEFAULT);
    return SOCKET_ERROR;
  }
  if (so && so->is_stream()) {
    set_last_error(WSAEINVAL);
    return SOCKET_ERROR;
  }
  if (!lpMsg) {
    set_last_error(WSAEFAULT);
    return SOCKET_ERROR;
  }
  if (lpMsg->name && lpMsg->namelen <= 0) {  // as WSASendTo
    set_last_error(WSAEFAULT);
    return SOCKET_ERROR;
  }
  return ovl::win32::send_msg(s, lpMsg, dwFlags, reinterpret_cast<uint32_t*>(lpNumberOfBytesSent), lpOverlapped,
                              reinterpret_cast<void*>(lpCompletionRoutine));
}
static INT PASCAL ovl_WSASendMsg(SOCKET s, LPWSAMSG lpMsg, DWORD dwFlags, LPDWORD lpNumberOfBytesSent,
                                 LPWSAOVERLAPPED lpOverlapped, LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine) {
  OVL_TRACE_RETURN(winsock, "WSASendMsg", INT,
                   ovl_WSASendMsg_impl(s, lpMsg, dwFlags, lpNumberOfBytesSent, lpOverlapped, lpCompletionRoutine),
                   .sock("s", s).ptr("msg", lpMsg).hex("flags", dwFlags).out_u32("bytes", lpNumberOfBytesSent, r == 0)
                   .ptr("ov", lpOverlapped).ptr("routine", reinterpret_cast<void*>(lpCompletionRoutine)).ret_ws(r));
}

// TransmitFile / TransmitPackets: head buffer, file range(s), tail buffer sent in order as one
// operation (file data is read in 64 KiB chunks; memory elements go out in place), then
// TF_DISCONNECT / TF_REUSE_SOCKET. Without an OVERLAPPED the call blocks until done.
// Differs from Windows: nNumberOfBytesPerSend / nSendSize only bound nothing (chunks are 64 KiB);
// TF_WRITE_BEHIND and the worker-thread flags are ignored.
static BOOL transmit(SOCKET hSocket, transmit_elem* elems, uint32_t n, LPOVERLAPPED lpOverlapped, DWORD flags) {
  ovl::win32::trace_quiet quiet;  // its own event and wait are not the program's calls
  if (!ovl::win32::ws_initialised()) return fail(WSANOTINITIALISED);
  ref<socket_object> so = socket_lookup(hSocket);
  if (!so) return fail(WSAENOTSOCK);
  if (!so->is_stream() || !so->connected.load()) return fail(WSAENOTCONN);
  HANDLE own_event = nullptr;
  OVERLAPPED own{};
  LPOVERLAPPED ov = lpOverlapped;
  if (!ov) {
    own_event = CreateEventA(nullptr, TRUE, FALSE, nullptr);
    own.hEvent = reinterpret_cast<HANDLE>(reinterpret_cast<uintptr_t>(own_event) | 1);  // no port packet
    ov = &own;
  }
  ref<event_object> ev;
  if (!op_event(ov, &ev)) return fail(WSA_INVALID_HANDLE);
  io_request req{};
  req.kind = io_kind::transmit;
  req.ov = reinterpret_cast<overlapped_raw*>(ov);
  req.event = ev.get();
  req.elems = elems;
  req.nelems = n;
  req.tf_flags = flags;
  uint32_t fl = 0, bytes = 0;
  int64_t r = socket_io(*so, req, &fl, &bytes);
  if (own_event) {
    if (r == io_pending) {
      // A blocking Winsock call waits alertably: APCs run, the wait goes on (as blocking send).
      while (WaitForSingleObjectEx(own_event, INFINITE, TRUE) == WAIT_IO_COMPLETION) {
      }
      r = int32_t(own.Internal) == 0 ? int64_t(own.InternalHigh) : -1;
      if (r < 0) set_last_error(wsa_from_ntstatus(uint32_t(own.Internal)));
    }
    CloseHandle(own_event);
    if (r == -1) return FALSE;
    return io_result(r, bytes, nullptr);
  }
  // Windows pends an overlapped TransmitFile even when it could finish at once (Wine
  // test_TransmitFile: "Test overlapped TransmitFile").
  if (r >= 0) return pended_result(*so);
  return io_result(r, bytes, nullptr);
}

static int file_fd(HANDLE h) {
  ref<file_object> f = handle_get_as<file_object>(reinterpret_cast<uintptr_t>(h), object_type::file);
  return f ? f->fd() : -1;
}

static BOOL TransmitFile_impl(SOCKET hSocket, HANDLE hFile, DWORD nNumberOfBytesToWrite, DWORD nNumberOfBytesPerSend,
                              LPOVERLAPPED lpOverlapped, LPTRANSMIT_FILE_BUFFERS lpTransmitBuffers, DWORD dwFlags) {
  (void)nNumberOfBytesPerSend;
  transmit_elem e[3];
  uint32_t n = 0;
  if (lpTransmitBuffers && lpTransmitBuffers->Head && lpTransmitBuffers->HeadLength)
    e[n++] = transmit_elem{static_cast<const char*>(lpTransmitBuffers->Head), -1, 0, lpTransmitBuffers->HeadLength};
  if (hFile) {
    int fd = file_fd(hFile);
    if (fd < 0) return fail(WSAEINVAL);  // not a file handle
    int64_t off = lpOverlapped ? int64_t((uint64_t(lpOverlapped->OffsetHigh) << 32) | lpOverlapped->Offset)
                               : file_seek(fd, 0, 1);
    uint64_t len = nNumberOfBytesToWrite;
    if (!len) {
      int64_t size = file_size(fd);
      len = size > off ? uint64_t(size - off) : 0;
    }
    if (len) e[n++] = transmit_elem{nullptr, fd, uint64_t(off), len};
  }
  if (lpTransmitBuffers && lpTransmitBuffers->Tail && lpTransmitBuffers->TailLength)
    e[n++] = transmit_elem{static_cast<const char*>(lpTransmitBuffers->Tail), -1, 0, lpTransmitBuffers->TailLength};
  return transmit(hSocket, e, n, lpOverlapped, dwFlags);
}
BOOL PASCAL TransmitFile(SOCKET hSocket, HANDLE hFile, DWORD nNumberOfBytesToWrite, DWORD nNumberOfBytesPerSend,
                         LPOVERLAPPED lpOverlapped, LPTRANSMIT_FILE_BUFFERS lpTransmitBuffers, DWORD dwFlags) {
  OVL_TRACE_RETURN(winsock, "TransmitFile", BOOL,
                   TransmitFile_impl(hSocket, hFile, nNumberOfBytesToWrite, nNumberOfBytesPerSend, lpOverlapped,
                                     lpTransmitBuffers, dwFlags),
                   .sock("s", hSocket).handle("file", hFile).num("bytes", nNumberOfBytesToWrite)
                   .num("per_send", nNumberOfBytesPerSend).ptr("ov", lpOverlapped).ptr("buffers", lpTransmitBuffers)
                   .hex("flags", dwFlags).ret_bool(r));
}

static BOOL ovl_TransmitPackets_impl(SOCKET hSocket, LPTRANSMIT_PACKETS_ELEMENT lpPacketArray, DWORD nElementCount,
                                     DWORD nSendSize, LPOVERLAPPED lpOverlapped, DWORD dwFlags) {
  (void)nSendSize;
  if (nElementCount && !lpPacketArray) return fail(WSAEFAULT);
  std::vector<transmit_elem> e;
  e.reserve(nElementCount);
  for (DWORD i = 0; i < nElementCount; ++i) {
    const TRANSMIT_PACKETS_ELEMENT& p = lpPacketArray[i];
    if (p.dwElFlags & TP_ELEMENT_MEMORY) {
      if (p.cLength) e.push_back(transmit_elem{static_cast<const char*>(p.pBuffer), -1, 0, p.cLength});
    } else if (p.dwElFlags & TP_ELEMENT_FILE) {
      int fd = file_fd(p.hFile);
      if (fd < 0) return fail(WSAEINVAL);
      e.push_back(transmit_elem{nullptr, fd, uint64_t(p.nFileOffset.QuadPart), p.cLength});
    } else {
      return fail(WSAEINVAL);
    }
  }
  return transmit(hSocket, e.data(), uint32_t(e.size()), lpOverlapped, dwFlags);
}
static BOOL PASCAL ovl_TransmitPackets(SOCKET hSocket, LPTRANSMIT_PACKETS_ELEMENT lpPacketArray, DWORD nElementCount,
                                       DWORD nSendSize, LPOVERLAPPED lpOverlapped, DWORD dwFlags) {
  OVL_TRACE_RETURN(winsock, "TransmitPackets", BOOL,
                   ovl_TransmitPackets_impl(hSocket, lpPacketArray, nElementCount, nSendSize, lpOverlapped, dwFlags),
                   .sock("s", hSocket).ptr("packets", lpPacketArray).num("count", nElementCount)
                   .num("send_size", nSendSize).ptr("ov", lpOverlapped).hex("flags", dwFlags).ret_bool(r));
}

}  // extern "C"

namespace ovl::win32 {

// WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER): the function for a WSAID_* GUID, or null.
void* extension_function(const void* guid) {
  static const struct {
    GUID id;
    void* fn;
  } table[] = {
      {WSAID_ACCEPTEX, reinterpret_cast<void*>(&AcceptEx)},
      {WSAID_GETACCEPTEXSOCKADDRS, reinterpret_cast<void*>(&GetAcceptExSockaddrs)},
      {WSAID_CONNECTEX, reinterpret_cast<void*>(&ovl_ConnectEx)},
      {WSAID_DISCONNECTEX, reinterpret_cast<void*>(&ovl_DisconnectEx)},
      {WSAID_TRANSMITFILE, reinterpret_cast<void*>(&TransmitFile)},
      {WSAID_TRANSMITPACKETS, reinterpret_cast<void*>(&ovl_TransmitPackets)},
      {WSAID_WSARECVMSG, reinterpret_cast<void*>(&ovl_WSARecvMsg)},
      {WSAID_WSASENDMSG, reinterpret_cast<void*>(&ovl_WSASendMsg)},
  };
  for (const auto& e : table)
    if (std::memcmp(&e.id, guid, sizeof(GUID)) == 0) return e.fn;
  return nullptr;
}

}  // namespace ovl::win32
