// The one error table (see errno_map.hpp). Two constexpr arrays carry every mapping:
// k_status (NTSTATUS -> Win32, WSA) and k_errno (errno -> NTSTATUS, Win32, WSA); a third small
// one maps getaddrinfo's EAI_* codes. static_asserts keep them sorted, unique and consistent
// (an errno row's Win32 column must equal its status row's), so the columns cannot drift apart.
//
// Where the values come from:
//  - Win32 column: RtlNtStatusToDosError as Windows implements it; Wine's dlls/ntdll/error.h is
//    generated from a real Windows and is what we read (e.g. STATUS_INVALID_CONNECTION ->
//    ERROR_UNEXP_NET_ERR 59 and STATUS_ADDRESS_ALREADY_EXISTS -> ERROR_DUP_NAME 52, not the
//    similarly named 1229 / 1227).
//  - WSA column of k_status: Wine's ws2_32 NtStatusToWSAError table (dlls/ws2_32/socket.c),
//    which Wine's test_WSAGetOverlappedResult checks against Windows for every status in
//    0xC0000000-0xC0000FFF: anything not listed becomes WSAEINVAL (a success status goes
//    through RtlNtStatusToDosError). So STATUS_TOO_MANY_OPENED_FILES, STATUS_CANT_WAIT and
//    STATUS_INVALID_USER_BUFFER really do come back as WSAEINVAL. STATUS_HOPLIMIT_EXCEEDED is
//    outside the tested range; it follows msafd as libuv/wepoll record it (WSAECONNRESET).
//  - errno -> NTSTATUS: Wine's server/sock.c sock_get_ntstatus, with the exceptions noted on
//    each row. errno -> WSA: the synchronous code Windows documents for the call that fails.
// The lookups are a direct-indexed errno array and a binary search over k_status: no
// allocation, no locks.
#include "sys/errno_map.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <netdb.h>

namespace ovl::detail {
namespace {

// ---- NTSTATUS values ------------------------------------------------------------------
constexpr uint32_t STATUS_SUCCESS = 0x00000000;
constexpr uint32_t STATUS_TIMEOUT = 0x00000102;
constexpr uint32_t STATUS_PENDING = 0x00000103;
constexpr uint32_t STATUS_BUFFER_OVERFLOW = 0x80000005;
constexpr uint32_t STATUS_UNSUCCESSFUL = 0xC0000001;
constexpr uint32_t STATUS_NOT_IMPLEMENTED = 0xC0000002;
constexpr uint32_t STATUS_ACCESS_VIOLATION = 0xC0000005;
constexpr uint32_t STATUS_PAGEFILE_QUOTA = 0xC0000007;
constexpr uint32_t STATUS_INVALID_HANDLE = 0xC0000008;
constexpr uint32_t STATUS_INVALID_PARAMETER = 0xC000000D;
constexpr uint32_t STATUS_NO_SUCH_DEVICE = 0xC000000E;
constexpr uint32_t STATUS_NO_SUCH_FILE = 0xC000000F;
constexpr uint32_t STATUS_INVALID_DEVICE_REQUEST = 0xC0000010;
constexpr uint32_t STATUS_NO_MEMORY = 0xC0000017;
constexpr uint32_t STATUS_CONFLICTING_ADDRESSES = 0xC0000018;
constexpr uint32_t STATUS_ACCESS_DENIED = 0xC0000022;
constexpr uint32_t STATUS_BUFFER_TOO_SMALL = 0xC0000023;
constexpr uint32_t STATUS_OBJECT_TYPE_MISMATCH = 0xC0000024;
constexpr uint32_t STATUS_OBJECT_NAME_NOT_FOUND = 0xC0000034;
constexpr uint32_t STATUS_OBJECT_PATH_NOT_FOUND = 0xC000003A;
constexpr uint32_t STATUS_SHARING_VIOLATION = 0xC0000043;
constexpr uint32_t STATUS_QUOTA_EXCEEDED = 0xC0000044;
constexpr uint32_t STATUS_TOO_MANY_PAGING_FILES = 0xC0000097;
constexpr uint32_t STATUS_INSUFFICIENT_RESOURCES = 0xC000009A;
constexpr uint32_t STATUS_WORKING_SET_QUOTA = 0xC00000A1;
constexpr uint32_t STATUS_DEVICE_NOT_READY = 0xC00000A3;
constexpr uint32_t STATUS_PIPE_DISCONNECTED = 0xC00000B0;
constexpr uint32_t STATUS_IO_TIMEOUT = 0xC00000B5;
constexpr uint32_t STATUS_NOT_SUPPORTED = 0xC00000BB;
constexpr uint32_t STATUS_REMOTE_NOT_LISTENING = 0xC00000BC;
constexpr uint32_t STATUS_BAD_NETWORK_PATH = 0xC00000BE;
constexpr uint32_t STATUS_NETWORK_BUSY = 0xC00000BF;
constexpr uint32_t STATUS_INVALID_NETWORK_RESPONSE = 0xC00000C3;
constexpr uint32_t STATUS_UNEXPECTED_NETWORK_ERROR = 0xC00000C4;
constexpr uint32_t STATUS_REQUEST_NOT_ACCEPTED = 0xC00000D0;
constexpr uint32_t STATUS_CANT_WAIT = 0xC00000D8;
constexpr uint32_t STATUS_INVALID_USER_BUFFER = 0xC00000E8;
constexpr uint32_t STATUS_TOO_MANY_OPENED_FILES = 0xC000011F;
constexpr uint32_t STATUS_CANCELLED = 0xC0000120;
constexpr uint32_t STATUS_COMMITMENT_LIMIT = 0xC000012D;
constexpr uint32_t STATUS_LOCAL_DISCONNECT = 0xC000013B;
constexpr uint32_t STATUS_REMOTE_DISCONNECT = 0xC000013C;
constexpr uint32_t STATUS_REMOTE_RESOURCES = 0xC000013D;
constexpr uint32_t STATUS_LINK_FAILED = 0xC000013E;
constexpr uint32_t STATUS_LINK_TIMEOUT = 0xC000013F;
constexpr uint32_t STATUS_INVALID_CONNECTION = 0xC0000140;
constexpr uint32_t STATUS_INVALID_ADDRESS = 0xC0000141;
constexpr uint32_t STATUS_INVALID_BUFFER_SIZE = 0xC0000206;
constexpr uint32_t STATUS_INVALID_ADDRESS_COMPONENT = 0xC0000207;
constexpr uint32_t STATUS_TOO_MANY_ADDRESSES = 0xC0000209;
constexpr uint32_t STATUS_ADDRESS_ALREADY_EXISTS = 0xC000020A;
constexpr uint32_t STATUS_ADDRESS_CLOSED = 0xC000020B;
constexpr uint32_t STATUS_CONNECTION_DISCONNECTED = 0xC000020C;
constexpr uint32_t STATUS_CONNECTION_RESET = 0xC000020D;
constexpr uint32_t STATUS_TRANSACTION_ABORTED = 0xC000020F;
constexpr uint32_t STATUS_NOT_FOUND = 0xC0000225;
constexpr uint32_t STATUS_CONNECTION_REFUSED = 0xC0000236;
constexpr uint32_t STATUS_GRACEFUL_DISCONNECT = 0xC0000237;
constexpr uint32_t STATUS_ADDRESS_ALREADY_ASSOCIATED = 0xC0000238;
constexpr uint32_t STATUS_ADDRESS_NOT_ASSOCIATED = 0xC0000239;
constexpr uint32_t STATUS_CONNECTION_INVALID = 0xC000023A;
constexpr uint32_t STATUS_CONNECTION_ACTIVE = 0xC000023B;
constexpr uint32_t STATUS_NETWORK_UNREACHABLE = 0xC000023C;
constexpr uint32_t STATUS_HOST_UNREACHABLE = 0xC000023D;
constexpr uint32_t STATUS_PROTOCOL_UNREACHABLE = 0xC000023E;
constexpr uint32_t STATUS_PORT_UNREACHABLE = 0xC000023F;
constexpr uint32_t STATUS_REQUEST_ABORTED = 0xC0000240;
constexpr uint32_t STATUS_CONNECTION_ABORTED = 0xC0000241;
constexpr uint32_t STATUS_DATATYPE_MISALIGNMENT_ERROR = 0xC00002C5;
constexpr uint32_t STATUS_HOST_DOWN = 0xC0000350;
constexpr uint32_t STATUS_HOPLIMIT_EXCEEDED = 0xC000A012;

// ---- Win32 error values ----------------------------------------------------------------
constexpr uint32_t ERROR_SUCCESS = 0;
constexpr uint32_t ERROR_INVALID_FUNCTION = 1;
constexpr uint32_t ERROR_FILE_NOT_FOUND = 2;
constexpr uint32_t ERROR_PATH_NOT_FOUND = 3;
constexpr uint32_t ERROR_TOO_MANY_OPEN_FILES = 4;
constexpr uint32_t ERROR_ACCESS_DENIED = 5;
constexpr uint32_t ERROR_INVALID_HANDLE = 6;
constexpr uint32_t ERROR_NOT_ENOUGH_MEMORY = 8;
constexpr uint32_t ERROR_NOT_READY = 21;
constexpr uint32_t ERROR_GEN_FAILURE = 31;
constexpr uint32_t ERROR_SHARING_VIOLATION = 32;
constexpr uint32_t ERROR_NOT_SUPPORTED = 50;
constexpr uint32_t ERROR_REM_NOT_LIST = 51;
constexpr uint32_t ERROR_DUP_NAME = 52;
constexpr uint32_t ERROR_BAD_NETPATH = 53;
constexpr uint32_t ERROR_NETWORK_BUSY = 54;
constexpr uint32_t ERROR_BAD_NET_RESP = 58;
constexpr uint32_t ERROR_UNEXP_NET_ERR = 59;
constexpr uint32_t ERROR_NETNAME_DELETED = 64;
constexpr uint32_t ERROR_TOO_MANY_NAMES = 68;
constexpr uint32_t ERROR_REQ_NOT_ACCEP = 71;
constexpr uint32_t ERROR_INVALID_PARAMETER = 87;
constexpr uint32_t ERROR_SEM_TIMEOUT = 121;
constexpr uint32_t ERROR_INSUFFICIENT_BUFFER = 122;
constexpr uint32_t ERROR_PIPE_NOT_CONNECTED = 233;
constexpr uint32_t ERROR_MORE_DATA = 234;
constexpr uint32_t WAIT_TIMEOUT = 258;
constexpr uint32_t ERROR_INVALID_ADDRESS = 487;
constexpr uint32_t ERROR_CANT_WAIT = 554;
constexpr uint32_t ERROR_OPERATION_ABORTED = 995;
constexpr uint32_t ERROR_IO_INCOMPLETE = 996;
constexpr uint32_t ERROR_IO_PENDING = 997;
constexpr uint32_t ERROR_NOACCESS = 998;
constexpr uint32_t ERROR_NOT_FOUND = 1168;
constexpr uint32_t ERROR_INVALID_NETNAME = 1214;
constexpr uint32_t ERROR_CONNECTION_REFUSED = 1225;
constexpr uint32_t ERROR_GRACEFUL_DISCONNECT = 1226;
constexpr uint32_t ERROR_ADDRESS_ALREADY_ASSOCIATED = 1227;
constexpr uint32_t ERROR_ADDRESS_NOT_ASSOCIATED = 1228;
constexpr uint32_t ERROR_CONNECTION_INVALID = 1229;
constexpr uint32_t ERROR_CONNECTION_ACTIVE = 1230;
constexpr uint32_t ERROR_NETWORK_UNREACHABLE = 1231;
constexpr uint32_t ERROR_HOST_UNREACHABLE = 1232;
constexpr uint32_t ERROR_PROTOCOL_UNREACHABLE = 1233;
constexpr uint32_t ERROR_PORT_UNREACHABLE = 1234;
constexpr uint32_t ERROR_REQUEST_ABORTED = 1235;
constexpr uint32_t ERROR_CONNECTION_ABORTED = 1236;
constexpr uint32_t ERROR_HOST_DOWN = 1256;
constexpr uint32_t ERROR_NO_SYSTEM_RESOURCES = 1450;
constexpr uint32_t ERROR_WORKING_SET_QUOTA = 1453;
constexpr uint32_t ERROR_PAGEFILE_QUOTA = 1454;
constexpr uint32_t ERROR_COMMITMENT_LIMIT = 1455;
constexpr uint32_t ERROR_INVALID_USER_BUFFER = 1784;
constexpr uint32_t ERROR_NOT_ENOUGH_QUOTA = 1816;

// ---- WSA error values --------------------------------------------------------------------
constexpr uint32_t WSA_NOT_ENOUGH_MEMORY = 8;
constexpr uint32_t WSA_OPERATION_ABORTED = 995;
constexpr uint32_t WSA_IO_PENDING = 997;
constexpr uint32_t WSAEINTR = 10004;
constexpr uint32_t WSAEACCES = 10013;
constexpr uint32_t WSAEFAULT = 10014;
constexpr uint32_t WSAEINVAL = 10022;
constexpr uint32_t WSAEMFILE = 10024;
constexpr uint32_t WSAEWOULDBLOCK = 10035;
constexpr uint32_t WSAEALREADY = 10037;
constexpr uint32_t WSAENOTSOCK = 10038;
constexpr uint32_t WSAEDESTADDRREQ = 10039;
constexpr uint32_t WSAEMSGSIZE = 10040;
constexpr uint32_t WSAEPROTOTYPE = 10041;
constexpr uint32_t WSAENOPROTOOPT = 10042;
constexpr uint32_t WSAEPROTONOSUPPORT = 10043;
constexpr uint32_t WSAESOCKTNOSUPPORT = 10044;
constexpr uint32_t WSAEOPNOTSUPP = 10045;
constexpr uint32_t WSAEPFNOSUPPORT = 10046;
constexpr uint32_t WSAEAFNOSUPPORT = 10047;
constexpr uint32_t WSAEADDRINUSE = 10048;
constexpr uint32_t WSAEADDRNOTAVAIL = 10049;
constexpr uint32_t WSAENETDOWN = 10050;
constexpr uint32_t WSAENETUNREACH = 10051;
constexpr uint32_t WSAENETRESET = 10052;
constexpr uint32_t WSAECONNABORTED = 10053;
constexpr uint32_t WSAECONNRESET = 10054;
constexpr uint32_t WSAENOBUFS = 10055;
constexpr uint32_t WSAEISCONN = 10056;
constexpr uint32_t WSAENOTCONN = 10057;
constexpr uint32_t WSAESHUTDOWN = 10058;
constexpr uint32_t WSAETOOMANYREFS = 10059;
constexpr uint32_t WSAETIMEDOUT = 10060;
constexpr uint32_t WSAECONNREFUSED = 10061;
constexpr uint32_t WSAELOOP = 10062;
constexpr uint32_t WSAENAMETOOLONG = 10063;
constexpr uint32_t WSAEHOSTDOWN = 10064;
constexpr uint32_t WSAEHOSTUNREACH = 10065;
constexpr uint32_t WSAEDISCON = 10101;
constexpr uint32_t WSATYPE_NOT_FOUND = 10109;
constexpr uint32_t WSAHOST_NOT_FOUND = 11001;
constexpr uint32_t WSATRY_AGAIN = 11002;
constexpr uint32_t WSANO_RECOVERY = 11003;
constexpr uint32_t WSANO_DATA = 11004;

// ---- NTSTATUS -> Win32 / WSA (ascending NTSTATUS) ---------------------------------------
constexpr status_row k_status[] = {
    {STATUS_SUCCESS, ERROR_SUCCESS, 0, "STATUS_SUCCESS"},
    {STATUS_TIMEOUT, WAIT_TIMEOUT, WAIT_TIMEOUT, "STATUS_TIMEOUT"},  // success code: Rtl mapping
    {STATUS_PENDING, ERROR_IO_PENDING, WSA_IO_PENDING, "STATUS_PENDING"},
    // A warning: a datagram truncated into a short buffer. The operation still completes
    // (and notifies) with the bytes that fit.
    {STATUS_BUFFER_OVERFLOW, ERROR_MORE_DATA, WSAEMSGSIZE, "STATUS_BUFFER_OVERFLOW"},
    {STATUS_UNSUCCESSFUL, ERROR_GEN_FAILURE, WSAEINVAL, "STATUS_UNSUCCESSFUL"},
    {STATUS_NOT_IMPLEMENTED, ERROR_INVALID_FUNCTION, WSAEOPNOTSUPP, "STATUS_NOT_IMPLEMENTED"},
    {STATUS_ACCESS_VIOLATION, ERROR_NOACCESS, WSAEFAULT, "STATUS_ACCESS_VIOLATION"},
    {STATUS_PAGEFILE_QUOTA, ERROR_PAGEFILE_QUOTA, WSAENOBUFS, "STATUS_PAGEFILE_QUOTA"},
    {STATUS_INVALID_HANDLE, ERROR_INVALID_HANDLE, WSAENOTSOCK, "STATUS_INVALID_HANDLE"},
    {STATUS_INVALID_PARAMETER, ERROR_INVALID_PARAMETER, WSAEINVAL, "STATUS_INVALID_PARAMETER"},
    {STATUS_NO_SUCH_DEVICE, ERROR_FILE_NOT_FOUND, WSAENETDOWN, "STATUS_NO_SUCH_DEVICE"},
    {STATUS_NO_SUCH_FILE, ERROR_FILE_NOT_FOUND, WSAENETDOWN, "STATUS_NO_SUCH_FILE"},
    {STATUS_INVALID_DEVICE_REQUEST, ERROR_INVALID_FUNCTION, WSAEINVAL, "STATUS_INVALID_DEVICE_REQUEST"},
    {STATUS_NO_MEMORY, ERROR_NOT_ENOUGH_MEMORY, WSAENOBUFS, "STATUS_NO_MEMORY"},
    {STATUS_CONFLICTING_ADDRESSES, ERROR_INVALID_ADDRESS, WSAENOBUFS, "STATUS_CONFLICTING_ADDRESSES"},
    {STATUS_ACCESS_DENIED, ERROR_ACCESS_DENIED, WSAEACCES, "STATUS_ACCESS_DENIED"},
    {STATUS_BUFFER_TOO_SMALL, ERROR_INSUFFICIENT_BUFFER, WSAEFAULT, "STATUS_BUFFER_TOO_SMALL"},
    {STATUS_OBJECT_TYPE_MISMATCH, ERROR_INVALID_HANDLE, WSAENOTSOCK, "STATUS_OBJECT_TYPE_MISMATCH"},
    {STATUS_OBJECT_NAME_NOT_FOUND, ERROR_FILE_NOT_FOUND, WSAENETDOWN, "STATUS_OBJECT_NAME_NOT_FOUND"},
    {STATUS_OBJECT_PATH_NOT_FOUND, ERROR_PATH_NOT_FOUND, WSAENETDOWN, "STATUS_OBJECT_PATH_NOT_FOUND"},
    {STATUS_SHARING_VIOLATION, ERROR_SHARING_VIOLATION, WSAEADDRINUSE, "STATUS_SHARING_VIOLATION"},
    {STATUS_QUOTA_EXCEEDED, ERROR_NOT_ENOUGH_QUOTA, WSAENOBUFS, "STATUS_QUOTA_EXCEEDED"},
    {STATUS_TOO_MANY_PAGING_FILES, ERROR_NOT_ENOUGH_MEMORY, WSAENOBUFS, "STATUS_TOO_MANY_PAGING_FILES"},
    {STATUS_INSUFFICIENT_RESOURCES, ERROR_NO_SYSTEM_RESOURCES, WSAENOBUFS, "STATUS_INSUFFICIENT_RESOURCES"},
    {STATUS_WORKING_SET_QUOTA, ERROR_WORKING_SET_QUOTA, WSAENOBUFS, "STATUS_WORKING_SET_QUOTA"},
    {STATUS_DEVICE_NOT_READY, ERROR_NOT_READY, WSAEWOULDBLOCK, "STATUS_DEVICE_NOT_READY"},
    {STATUS_PIPE_DISCONNECTED, ERROR_PIPE_NOT_CONNECTED, WSAESHUTDOWN, "STATUS_PIPE_DISCONNECTED"},
    {STATUS_IO_TIMEOUT, ERROR_SEM_TIMEOUT, WSAETIMEDOUT, "STATUS_IO_TIMEOUT"},
    {STATUS_NOT_SUPPORTED, ERROR_NOT_SUPPORTED, WSAEOPNOTSUPP, "STATUS_NOT_SUPPORTED"},
    {STATUS_REMOTE_NOT_LISTENING, ERROR_REM_NOT_LIST, WSAECONNREFUSED, "STATUS_REMOTE_NOT_LISTENING"},
    {STATUS_BAD_NETWORK_PATH, ERROR_BAD_NETPATH, WSAENETUNREACH, "STATUS_BAD_NETWORK_PATH"},
    {STATUS_NETWORK_BUSY, ERROR_NETWORK_BUSY, WSAENETDOWN, "STATUS_NETWORK_BUSY"},
    {STATUS_INVALID_NETWORK_RESPONSE, ERROR_BAD_NET_RESP, WSAENETDOWN, "STATUS_INVALID_NETWORK_RESPONSE"},
    {STATUS_UNEXPECTED_NETWORK_ERROR, ERROR_UNEXP_NET_ERR, WSAENETDOWN, "STATUS_UNEXPECTED_NETWORK_ERROR"},
    {STATUS_REQUEST_NOT_ACCEPTED, ERROR_REQ_NOT_ACCEP, WSAEWOULDBLOCK, "STATUS_REQUEST_NOT_ACCEPTED"},
    // Not in ws2_32's table: WSAGetOverlappedResult reports WSAEINVAL (Wine's test on Windows).
    {STATUS_CANT_WAIT, ERROR_CANT_WAIT, WSAEINVAL, "STATUS_CANT_WAIT"},
    {STATUS_INVALID_USER_BUFFER, ERROR_INVALID_USER_BUFFER, WSAEINVAL, "STATUS_INVALID_USER_BUFFER"},
    {STATUS_TOO_MANY_OPENED_FILES, ERROR_TOO_MANY_OPEN_FILES, WSAEINVAL, "STATUS_TOO_MANY_OPENED_FILES"},
    {STATUS_CANCELLED, ERROR_OPERATION_ABORTED, WSA_OPERATION_ABORTED, "STATUS_CANCELLED"},
    {STATUS_COMMITMENT_LIMIT, ERROR_COMMITMENT_LIMIT, WSAENOBUFS, "STATUS_COMMITMENT_LIMIT"},
    {STATUS_LOCAL_DISCONNECT, ERROR_NETNAME_DELETED, WSAECONNABORTED, "STATUS_LOCAL_DISCONNECT"},
    {STATUS_REMOTE_DISCONNECT, ERROR_NETNAME_DELETED, WSAECONNRESET, "STATUS_REMOTE_DISCONNECT"},
    {STATUS_REMOTE_RESOURCES, ERROR_REM_NOT_LIST, WSAENOBUFS, "STATUS_REMOTE_RESOURCES"},
    {STATUS_LINK_FAILED, ERROR_UNEXP_NET_ERR, WSAECONNRESET, "STATUS_LINK_FAILED"},
    {STATUS_LINK_TIMEOUT, ERROR_UNEXP_NET_ERR, WSAETIMEDOUT, "STATUS_LINK_TIMEOUT"},
    {STATUS_INVALID_CONNECTION, ERROR_UNEXP_NET_ERR, WSAENOTCONN, "STATUS_INVALID_CONNECTION"},
    {STATUS_INVALID_ADDRESS, ERROR_UNEXP_NET_ERR, WSAEADDRNOTAVAIL, "STATUS_INVALID_ADDRESS"},
    {STATUS_INVALID_BUFFER_SIZE, ERROR_INVALID_USER_BUFFER, WSAEMSGSIZE, "STATUS_INVALID_BUFFER_SIZE"},
    {STATUS_INVALID_ADDRESS_COMPONENT, ERROR_INVALID_NETNAME, WSAEADDRNOTAVAIL, "STATUS_INVALID_ADDRESS_COMPONENT"},
    {STATUS_TOO_MANY_ADDRESSES, ERROR_TOO_MANY_NAMES, WSAENOBUFS, "STATUS_TOO_MANY_ADDRESSES"},
    {STATUS_ADDRESS_ALREADY_EXISTS, ERROR_DUP_NAME, WSAEADDRINUSE, "STATUS_ADDRESS_ALREADY_EXISTS"},
    {STATUS_ADDRESS_CLOSED, ERROR_NETNAME_DELETED, WSAEINVAL, "STATUS_ADDRESS_CLOSED"},
    {STATUS_CONNECTION_DISCONNECTED, ERROR_NETNAME_DELETED, WSAECONNRESET, "STATUS_CONNECTION_DISCONNECTED"},
    {STATUS_CONNECTION_RESET, ERROR_NETNAME_DELETED, WSAECONNRESET, "STATUS_CONNECTION_RESET"},
    {STATUS_TRANSACTION_ABORTED, ERROR_UNEXP_NET_ERR, WSAECONNABORTED, "STATUS_TRANSACTION_ABORTED"},
    {STATUS_NOT_FOUND, ERROR_NOT_FOUND, WSAEINVAL, "STATUS_NOT_FOUND"},
    {STATUS_CONNECTION_REFUSED, ERROR_CONNECTION_REFUSED, WSAECONNREFUSED, "STATUS_CONNECTION_REFUSED"},
    {STATUS_GRACEFUL_DISCONNECT, ERROR_GRACEFUL_DISCONNECT, WSAEDISCON, "STATUS_GRACEFUL_DISCONNECT"},
    {STATUS_ADDRESS_ALREADY_ASSOCIATED, ERROR_ADDRESS_ALREADY_ASSOCIATED, WSAEINVAL, "STATUS_ADDRESS_ALREADY_ASSOCIATED"},
    {STATUS_ADDRESS_NOT_ASSOCIATED, ERROR_ADDRESS_NOT_ASSOCIATED, WSAEINVAL, "STATUS_ADDRESS_NOT_ASSOCIATED"},
    {STATUS_CONNECTION_INVALID, ERROR_CONNECTION_INVALID, WSAEINVAL, "STATUS_CONNECTION_INVALID"},
    {STATUS_CONNECTION_ACTIVE, ERROR_CONNECTION_ACTIVE, WSAEISCONN, "STATUS_CONNECTION_ACTIVE"},
    {STATUS_NETWORK_UNREACHABLE, ERROR_NETWORK_UNREACHABLE, WSAENETUNREACH, "STATUS_NETWORK_UNREACHABLE"},
    {STATUS_HOST_UNREACHABLE, ERROR_HOST_UNREACHABLE, WSAEHOSTUNREACH, "STATUS_HOST_UNREACHABLE"},
    {STATUS_PROTOCOL_UNREACHABLE, ERROR_PROTOCOL_UNREACHABLE, WSAENETUNREACH, "STATUS_PROTOCOL_UNREACHABLE"},
    // ICMP port unreachable on a UDP socket (SIO_UDP_CONNRESET): Windows' "connection reset".
    {STATUS_PORT_UNREACHABLE, ERROR_PORT_UNREACHABLE, WSAECONNRESET, "STATUS_PORT_UNREACHABLE"},
    {STATUS_REQUEST_ABORTED, ERROR_REQUEST_ABORTED, WSAEINTR, "STATUS_REQUEST_ABORTED"},
    {STATUS_CONNECTION_ABORTED, ERROR_CONNECTION_ABORTED, WSAECONNABORTED, "STATUS_CONNECTION_ABORTED"},
    {STATUS_DATATYPE_MISALIGNMENT_ERROR, ERROR_NOACCESS, WSAEFAULT, "STATUS_DATATYPE_MISALIGNMENT_ERROR"},
    {STATUS_HOST_DOWN, ERROR_HOST_DOWN, WSAEHOSTDOWN, "STATUS_HOST_DOWN"},
    // Outside the range Wine tested; msafd's mapping as libuv (src/win/winsock.c) records it.
    {STATUS_HOPLIMIT_EXCEEDED, ERROR_HOST_UNREACHABLE, WSAECONNRESET, "STATUS_HOPLIMIT_EXCEEDED"},
};

consteval const status_row* find_status_ce(uint32_t st) {
    for (const auto& r : k_status)
        if (r.ntstatus == st) return &r;
    return nullptr;
}
consteval uint32_t w32(uint32_t st) { return find_status_ce(st)->win32; }

// ---- errno -> NTSTATUS / Win32 / WSA (ascending errno) ----------------------------------
// The Win32 column is derived (w32()) so it always equals the status row's.
#define OVL_ROW(e, st, wsa) errno_row{e, st, w32(st), wsa, #e}
constexpr errno_row k_errno[] = {
    errno_row{0, STATUS_SUCCESS, ERROR_SUCCESS, 0, "0"},
    OVL_ROW(EPERM, STATUS_ACCESS_DENIED, WSAEACCES),  // e.g. connect() refused by a firewall rule
    // Interrupted blocking call. Windows' WSAEINTR is a blocking call cancelled under it.
    OVL_ROW(EINTR, STATUS_REQUEST_ABORTED, WSAEINTR),
    // Windows has no EBADF for sockets: a bad SOCKET is "not a socket".
    OVL_ROW(EBADF, STATUS_INVALID_HANDLE, WSAENOTSOCK),
    OVL_ROW(EAGAIN, STATUS_DEVICE_NOT_READY, WSAEWOULDBLOCK),  // == EWOULDBLOCK
    OVL_ROW(ENOMEM, STATUS_NO_MEMORY, WSAENOBUFS),
    OVL_ROW(EACCES, STATUS_ACCESS_DENIED, WSAEACCES),
    OVL_ROW(EFAULT, STATUS_ACCESS_VIOLATION, WSAEFAULT),
    // Linux: invalid sin6_scope_id. Windows: STATUS_INVALID_ADDRESS_COMPONENT (Wine sock.c).
    OVL_ROW(ENODEV, STATUS_INVALID_ADDRESS_COMPONENT, WSAEADDRNOTAVAIL),
    OVL_ROW(EINVAL, STATUS_INVALID_PARAMETER, WSAEINVAL),
    // Winsock has one "too many sockets" code for the per-process and the system limit.
    OVL_ROW(ENFILE, STATUS_TOO_MANY_OPENED_FILES, WSAEMFILE),
    OVL_ROW(EMFILE, STATUS_TOO_MANY_OPENED_FILES, WSAEMFILE),
    // Linux reports EPIPE (with SIGPIPE unless MSG_NOSIGNAL) for a send after the peer reset
    // the connection (the first send gets ECONNRESET, later ones EPIPE), after our own
    // shutdown(SHUT_WR), and on a never-connected TCP socket. Windows says WSAECONNRESET,
    // WSAESHUTDOWN and WSAENOTCONN respectively. The table maps EPIPE to the reset case (as
    // Wine does): the core knows its own shutdown/connect state and must report ESHUTDOWN /
    // ENOTCONN itself before asking the kernel.
    OVL_ROW(EPIPE, STATUS_CONNECTION_RESET, WSAECONNRESET),
    OVL_ROW(ENAMETOOLONG, STATUS_INVALID_PARAMETER, WSAENAMETOOLONG),  // AF_UNIX paths
    OVL_ROW(ENOSYS, STATUS_NOT_IMPLEMENTED, WSAEOPNOTSUPP),
    OVL_ROW(ELOOP, STATUS_INVALID_PARAMETER, WSAELOOP),  // AF_UNIX paths
    // accept(2) passes pending network errors on the new socket; Windows never shows a
    // half-born connection, so the core should retry. If one escapes, it is an abort.
    OVL_ROW(EPROTO, STATUS_CONNECTION_ABORTED, WSAECONNABORTED),
    OVL_ROW(ENOTSOCK, STATUS_OBJECT_TYPE_MISMATCH, WSAENOTSOCK),
    OVL_ROW(EDESTADDRREQ, STATUS_INVALID_PARAMETER, WSAEDESTADDRREQ),
    // A datagram too large to send. Wine uses STATUS_BUFFER_OVERFLOW, but that is a warning
    // (the operation would complete and notify); a send that cannot happen is an error, so
    // STATUS_INVALID_BUFFER_SIZE (also WSAEMSGSIZE through WSAGetOverlappedResult). Receive
    // truncation is detected from MSG_TRUNC and completes with STATUS_BUFFER_OVERFLOW.
    OVL_ROW(EMSGSIZE, STATUS_INVALID_BUFFER_SIZE, WSAEMSGSIZE),
    OVL_ROW(EPROTOTYPE, STATUS_NOT_SUPPORTED, WSAEPROTOTYPE),
    OVL_ROW(ENOPROTOOPT, STATUS_INVALID_PARAMETER, WSAENOPROTOOPT),
    OVL_ROW(EPROTONOSUPPORT, STATUS_NOT_SUPPORTED, WSAEPROTONOSUPPORT),
    OVL_ROW(ESOCKTNOSUPPORT, STATUS_NOT_SUPPORTED, WSAESOCKTNOSUPPORT),
    OVL_ROW(EOPNOTSUPP, STATUS_NOT_SUPPORTED, WSAEOPNOTSUPP),  // == ENOTSUP on Linux
    OVL_ROW(EPFNOSUPPORT, STATUS_NOT_SUPPORTED, WSAEPFNOSUPPORT),
    OVL_ROW(EAFNOSUPPORT, STATUS_NOT_SUPPORTED, WSAEAFNOSUPPORT),
    // Windows' AFD reports a busy address as a sharing violation (Wine sock.c, afd tests).
    OVL_ROW(EADDRINUSE, STATUS_SHARING_VIOLATION, WSAEADDRINUSE),
    OVL_ROW(EADDRNOTAVAIL, STATUS_INVALID_ADDRESS_COMPONENT, WSAEADDRNOTAVAIL),
    OVL_ROW(ENETDOWN, STATUS_NETWORK_BUSY, WSAENETDOWN),
    OVL_ROW(ENETUNREACH, STATUS_NETWORK_UNREACHABLE, WSAENETUNREACH),
    // No status maps to WSAENETRESET; overlapped results report a reset.
    OVL_ROW(ENETRESET, STATUS_CONNECTION_RESET, WSAENETRESET),
    OVL_ROW(ECONNABORTED, STATUS_CONNECTION_ABORTED, WSAECONNABORTED),
    OVL_ROW(ECONNRESET, STATUS_CONNECTION_RESET, WSAECONNRESET),
    OVL_ROW(ENOBUFS, STATUS_INSUFFICIENT_RESOURCES, WSAENOBUFS),
    OVL_ROW(EISCONN, STATUS_CONNECTION_ACTIVE, WSAEISCONN),
    OVL_ROW(ENOTCONN, STATUS_INVALID_CONNECTION, WSAENOTCONN),
    OVL_ROW(ESHUTDOWN, STATUS_PIPE_DISCONNECTED, WSAESHUTDOWN),
    OVL_ROW(ETOOMANYREFS, STATUS_INVALID_PARAMETER, WSAETOOMANYREFS),
    OVL_ROW(ETIMEDOUT, STATUS_IO_TIMEOUT, WSAETIMEDOUT),
    OVL_ROW(ECONNREFUSED, STATUS_CONNECTION_REFUSED, WSAECONNREFUSED),
    OVL_ROW(EHOSTDOWN, STATUS_HOST_DOWN, WSAEHOSTDOWN),
    OVL_ROW(EHOSTUNREACH, STATUS_HOST_UNREACHABLE, WSAEHOSTUNREACH),
    // connect() again while a non-blocking connect is in progress: WSAEALREADY. No status maps
    // to it; ConnectEx on a connecting socket fails with WSAEINVAL (Wine sock.c / tests).
    OVL_ROW(EALREADY, STATUS_INVALID_PARAMETER, WSAEALREADY),
    // A non-blocking connect() that has started: Windows says WSAEWOULDBLOCK, not
    // WSAEINPROGRESS (which means "a blocking Winsock 1.1 call is running").
    OVL_ROW(EINPROGRESS, STATUS_DEVICE_NOT_READY, WSAEWOULDBLOCK),
    // io_uring cancellation. Only our own cancels should surface this (STYLE.md): the core
    // decides whether a kernel ECANCELED was ours before asking the table.
    OVL_ROW(ECANCELED, STATUS_CANCELLED, WSA_OPERATION_ABORTED),
};
#undef OVL_ROW

// ---- EAI_* -> WSA ------------------------------------------------------------------------
constexpr eai_row k_eai[] = {
    {0, 0, "0"},
    {EAI_BADFLAGS, WSAEINVAL, "EAI_BADFLAGS"},
    {EAI_NONAME, WSAHOST_NOT_FOUND, "EAI_NONAME"},
    {EAI_AGAIN, WSATRY_AGAIN, "EAI_AGAIN"},
    {EAI_FAIL, WSANO_RECOVERY, "EAI_FAIL"},
    {EAI_FAMILY, WSAEAFNOSUPPORT, "EAI_FAMILY"},
    {EAI_SOCKTYPE, WSAESOCKTNOSUPPORT, "EAI_SOCKTYPE"},
    {EAI_SERVICE, WSATYPE_NOT_FOUND, "EAI_SERVICE"},
    {EAI_MEMORY, WSA_NOT_ENOUGH_MEMORY, "EAI_MEMORY"},
    {EAI_SYSTEM, 0, "EAI_SYSTEM"},  // wsa_from_errno(errno)
    {EAI_OVERFLOW, WSAEFAULT, "EAI_OVERFLOW"},  // getnameinfo buffer too small
#ifdef EAI_NODATA
    {EAI_NODATA, WSANO_DATA, "EAI_NODATA"},
#endif
#ifdef EAI_ADDRFAMILY
    // The name exists but has no address of the requested family: Windows says "no data".
    {EAI_ADDRFAMILY, WSANO_DATA, "EAI_ADDRFAMILY"},
#endif
};

// ---- compile-time checks ---------------------------------------------------------------
consteval bool status_sorted_unique() {
    for (std::size_t i = 1; i < std::size(k_status); ++i)
        if (!(k_status[i - 1].ntstatus < k_status[i].ntstatus)) return false;
    return true;
}
static_assert(status_sorted_unique(), "k_status must be ascending with no duplicates");

consteval bool errno_sorted_unique() {
    for (std::size_t i = 1; i < std::size(k_errno); ++i)
        if (!(k_errno[i - 1].err < k_errno[i].err)) return false;
    return true;
}
static_assert(errno_sorted_unique(), "k_errno must be ascending with no duplicates");

constexpr int k_errno_index_size = 256;
static_assert(k_errno[std::size(k_errno) - 1].err < k_errno_index_size);

// Direct index: errno -> row number, -1 for no row.
constexpr auto k_errno_index = [] {
    std::array<int16_t, k_errno_index_size> idx{};
    idx.fill(-1);
    for (std::size_t i = 0; i < std::size(k_errno); ++i) idx[k_errno[i].err] = static_cast<int16_t>(i);
    return idx;
}();

// ---- warn once ---------------------------------------------------------------------------
// One bit per errno below 256; errno values above that share the last bit.
std::atomic<uint64_t> g_warned_errno[k_errno_index_size / 64];
// A handful of distinct unmapped NTSTATUS / EAI values; beyond that we stop warning.
constexpr int k_warn_slots = 16;
std::atomic<uint32_t> g_warned_status[k_warn_slots];
std::atomic<int> g_warned_eai[k_warn_slots];

bool first_time_errno(int e) {
    const int bit = e < k_errno_index_size ? e : k_errno_index_size - 1;
    const uint64_t mask = uint64_t{1} << (bit % 64);
    return (g_warned_errno[bit / 64].fetch_or(mask, std::memory_order_relaxed) & mask) == 0;
}

// Claims a slot for v (0 is the empty marker, so callers pass v != 0). True the first time.
template <typename T>
bool first_time(std::atomic<T> (&slots)[k_warn_slots], T v) {
    for (auto& s : slots) {
        T cur = s.load(std::memory_order_relaxed);
        if (cur == v) return false;
        if (cur == 0 && s.compare_exchange_strong(cur, v, std::memory_order_relaxed)) return true;
        if (cur == v) return false;
    }
    return false;  // table full: stay quiet
}

const errno_row* find_errno(int e) {
    if (e < 0) e = -e;
    if (e >= k_errno_index_size) return nullptr;
    const int i = k_errno_index[e];
    return i < 0 ? nullptr : &k_errno[i];
}

const errno_row* lookup_errno(int e) {
    const errno_row* r = find_errno(e);
    if (!r) {
        const int pe = e < 0 ? -e : e;
        if (first_time_errno(pe))
            std::fprintf(stderr,
                         "overlapped: unmapped errno %d (%s), reporting STATUS_UNSUCCESSFUL "
                         "0x%08X / ERROR_GEN_FAILURE %u / WSAEINVAL %u\n",
                         pe, std::strerror(pe), unmapped_errno_ntstatus, unmapped_errno_win32,
                         unmapped_errno_wsa);
    }
    return r;
}

const status_row* find_status(uint32_t st) {
    const auto* end = std::end(k_status);
    const auto* it = std::lower_bound(std::begin(k_status), end, st,
                                      [](const status_row& r, uint32_t v) { return r.ntstatus < v; });
    return (it != end && it->ntstatus == st) ? it : nullptr;
}

void warn_status(uint32_t st, uint32_t reported, const char* what) {
    if (st != 0 && first_time(g_warned_status, st))
        std::fprintf(stderr, "overlapped: unmapped NTSTATUS 0x%08X, reporting %s %u\n", st, what,
                     reported);
}

}  // namespace

uint32_t ntstatus_from_errno(int e) noexcept {
    const errno_row* r = lookup_errno(e);
    return r ? r->ntstatus : unmapped_errno_ntstatus;
}

uint32_t win32_from_errno(int e) noexcept {
    const errno_row* r = lookup_errno(e);
    return r ? r->win32 : unmapped_errno_win32;
}

uint32_t wsa_from_errno(int e) noexcept {
    const errno_row* r = lookup_errno(e);
    return r ? r->wsa : unmapped_errno_wsa;
}

uint32_t win32_from_ntstatus(uint32_t st) noexcept {
    if (const status_row* r = find_status(st)) return r->win32;
    // RtlNtStatusToDosError's rules for codes without a table entry.
    if (st & 0x20000000u) return st;  // customer-defined code: passed through
    if ((st & 0xF0000000u) == 0xD0000000u) {  // Rtl treats 0xD... as the 0xC... status
        if (const status_row* r = find_status(st & ~0x10000000u)) return r->win32;
    }
    const uint32_t hi = st >> 16;
    if (hi == 0xC001u || hi == 0x8007u || hi == 0xC007u) return st & 0xFFFFu;  // wrapped Win32 code
    warn_status(st, unmapped_status_win32, "ERROR_MR_MID_NOT_FOUND");
    return unmapped_status_win32;
}

uint32_t wsa_from_ntstatus(uint32_t st) noexcept {
    if (const status_row* r = find_status(st)) return r->wsa;
    // ws2_32: wrapped ERROR_IO_INCOMPLETE passes through; any other success code goes through
    // RtlNtStatusToDosError; any other warning or error is WSAEINVAL.
    const uint32_t hi = st >> 16;
    if ((st & 0xFFFFu) == ERROR_IO_INCOMPLETE && (hi == 0x8007u || hi == 0xC001u || hi == 0xC007u))
        return ERROR_IO_INCOMPLETE;
    if (st < 0x80000000u) return win32_from_ntstatus(st);
    warn_status(st, unmapped_status_wsa, "WSAEINVAL");
    return unmapped_status_wsa;
}

uint32_t wsa_from_eai(int eai) noexcept {
    if (eai == EAI_SYSTEM) return wsa_from_errno(errno);
    for (const auto& r : k_eai)
        if (r.eai == eai) return r.wsa;
    if (first_time(g_warned_eai, eai))
        std::fprintf(stderr, "overlapped: unmapped getaddrinfo error %d (%s), reporting WSANO_RECOVERY %u\n",
                     eai, gai_strerror(eai), unmapped_eai_wsa);
    return unmapped_eai_wsa;
}

std::span<const errno_row> errno_rows() noexcept { return k_errno; }
std::span<const status_row> status_rows() noexcept { return k_status; }
std::span<const eai_row> eai_rows() noexcept { return k_eai; }

}  // namespace ovl::detail
