// Name resolution and address text, Windows side: getaddrinfo, freeaddrinfo, getnameinfo,
// gethostbyname, gethostbyaddr, gethostname, getservbyname, getservbyport, getprotobyname,
// getprotobynumber, inet_addr, inet_ntoa, inet_pton, inet_ntop, WSAAddressToStringA and
// WSAStringToAddressA. The work is in core/netdb.cpp; this file checks WSAStartup where
// Windows does, static_asserts the structure layouts core fills, and sets the last error.
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>

#include <cstddef>
#include <cstdint>

#include "core/netdb.hpp"
#include "win32/trace.hpp"
#include "win32/win32_internal.hpp"

namespace nd = ovl::detail;

// in6addr_any / in6addr_loopback: ws2_32 exports them as data (ws2ipdef.h declares them with
// the asm label ovl_ws_in6addr_*, so they never clash with glibc's).
extern "C" {
const struct in6_addr in6addr_any = IN6ADDR_ANY_INIT;
const struct in6_addr in6addr_loopback = IN6ADDR_LOOPBACK_INIT;
}

static_assert(sizeof(ADDRINFOA) == sizeof(nd::win_addrinfo), "ADDRINFOA size");
static_assert(offsetof(ADDRINFOA, ai_addrlen) == offsetof(nd::win_addrinfo, ai_addrlen), "ADDRINFOA layout");
static_assert(offsetof(ADDRINFOA, ai_canonname) == offsetof(nd::win_addrinfo, ai_canonname), "ADDRINFOA layout");
static_assert(offsetof(ADDRINFOA, ai_addr) == offsetof(nd::win_addrinfo, ai_addr), "ADDRINFOA layout");
static_assert(offsetof(ADDRINFOA, ai_next) == offsetof(nd::win_addrinfo, ai_next), "ADDRINFOA layout");
static_assert(sizeof(struct hostent) == sizeof(nd::win_hostent) &&
                  offsetof(struct hostent, h_addrtype) == offsetof(nd::win_hostent, h_addrtype) &&
                  offsetof(struct hostent, h_addr_list) == offsetof(nd::win_hostent, h_addr_list),
              "hostent layout");
static_assert(sizeof(struct servent) == sizeof(nd::win_servent) &&
                  offsetof(struct servent, s_proto) == offsetof(nd::win_servent, s_proto) &&
                  offsetof(struct servent, s_port) == offsetof(nd::win_servent, s_port),
              "servent layout");
static_assert(sizeof(struct protoent) == sizeof(nd::win_protoent) &&
                  offsetof(struct protoent, p_proto) == offsetof(nd::win_protoent, p_proto),
              "protoent layout");

namespace {

bool started() {
  if (ovl::win32::ws_initialised()) return true;
  ovl::win32::set_last_error(WSANOTINITIALISED);
  return false;
}

}  // namespace

extern "C" {

// getaddrinfo
// Differs from Windows: with hints that leave the socket type and protocol 0, one entry per
// address with both 0 (glibc returns one per socket type). Resolution is glibc's
// (/etc/hosts, DNS); Windows-only flags (AI_FQDN, AI_FILESERVER, ...) are ignored. The
// result code is also stored as the last error (0 on success), as Windows does.
static INT getaddrinfo_impl(PCSTR pNodeName, PCSTR pServiceName, const ADDRINFOA* pHints, PADDRINFOA* ppResult) {
  if (!started()) return WSANOTINITIALISED;
  if (!ppResult) {
    ovl::win32::set_last_error(WSAEINVAL);
    return WSAEINVAL;
  }
  nd::win_addrinfo* res = nullptr;
  uint32_t r = nd::netdb_getaddrinfo(pNodeName, pServiceName, reinterpret_cast<const nd::win_addrinfo*>(pHints), &res);
  *ppResult = reinterpret_cast<PADDRINFOA>(res);
  ovl::win32::set_last_error(r);
  return INT(r);
}
INT WSAAPI getaddrinfo(PCSTR pNodeName, PCSTR pServiceName, const ADDRINFOA* pHints, PADDRINFOA* ppResult) {
  OVL_TRACE_RETURN(winsock, "getaddrinfo", INT, getaddrinfo_impl(pNodeName, pServiceName, pHints, ppResult),
                   .str("node", pNodeName).str("service", pServiceName).ptr("hints", pHints)
                   .out_ptr("result", reinterpret_cast<void* const*>(ppResult), r == 0).ret_code(uint32_t(r)));
}

// freeaddrinfo
// Differs from Windows: none known (a list from our getaddrinfo only).
static VOID freeaddrinfo_impl(PADDRINFOA pAddrInfo) {
  nd::netdb_freeaddrinfo(reinterpret_cast<nd::win_addrinfo*>(pAddrInfo));
}
VOID WSAAPI freeaddrinfo(PADDRINFOA pAddrInfo) {
  OVL_TRACE_VOID(winsock, "freeaddrinfo", freeaddrinfo_impl(pAddrInfo), .ptr("ai", pAddrInfo).ret_void());
}

// getnameinfo
// Differs from Windows: resolution is glibc's.
static INT getnameinfo_impl(const SOCKADDR* pSockaddr, socklen_t SockaddrLength, PCHAR pNodeBuffer,
                            DWORD NodeBufferSize, PCHAR pServiceBuffer, DWORD ServiceBufferSize, INT Flags) {
  if (!started()) return WSANOTINITIALISED;
  if (!pSockaddr) {
    ovl::win32::set_last_error(WSAEFAULT);
    return WSAEFAULT;
  }
  uint32_t r = nd::netdb_getnameinfo(pSockaddr, SockaddrLength, pNodeBuffer, NodeBufferSize, pServiceBuffer,
                                     ServiceBufferSize, Flags);
  ovl::win32::set_last_error(r);
  return INT(r);
}
INT WSAAPI getnameinfo(const SOCKADDR* pSockaddr, socklen_t SockaddrLength, PCHAR pNodeBuffer, DWORD NodeBufferSize,
                       PCHAR pServiceBuffer, DWORD ServiceBufferSize, INT Flags) {
  OVL_TRACE_RETURN(winsock, "getnameinfo", INT,
                   getnameinfo_impl(pSockaddr, SockaddrLength, pNodeBuffer, NodeBufferSize, pServiceBuffer,
                                    ServiceBufferSize, Flags),
                   .addr("sa", pSockaddr, SockaddrLength).num("salen", SockaddrLength)
                   .out_str("host", pNodeBuffer, r == 0).num("hostlen", NodeBufferSize)
                   .out_str("serv", pServiceBuffer, r == 0).num("servlen", ServiceBufferSize)
                   .hex("flags", uint32_t(Flags)).ret_code(uint32_t(r)));
}

// gethostbyname
// Differs from Windows: NULL and "" give the local host name's addresses as glibc resolves
// them (Windows lists every interface address).
static struct hostent* gethostbyname_impl(const char* name) {
  if (!started()) return nullptr;
  uint32_t err = 0;
  nd::win_hostent* h = nd::netdb_gethostbyname(name, &err);
  if (!h) ovl::win32::set_last_error(err);
  return reinterpret_cast<struct hostent*>(h);
}
struct hostent* WSAAPI gethostbyname(const char* name) {
  OVL_TRACE_RETURN(winsock, "gethostbyname", struct hostent*, gethostbyname_impl(name), .str("name", name).ret_ptr(r));
}

// gethostbyaddr
// Differs from Windows: reverse lookups are glibc's.
static struct hostent* gethostbyaddr_impl(const char* addr, int len, int type) {
  if (!started()) return nullptr;
  if (!addr) {
    ovl::win32::set_last_error(WSAEFAULT);
    return nullptr;
  }
  uint32_t err = 0;
  nd::win_hostent* h = nd::netdb_gethostbyaddr(addr, len, type, &err);
  if (!h) ovl::win32::set_last_error(err);
  return reinterpret_cast<struct hostent*>(h);
}
struct hostent* WSAAPI gethostbyaddr(const char* addr, int len, int type) {
  OVL_TRACE_RETURN(winsock, "gethostbyaddr", struct hostent*, gethostbyaddr_impl(addr, len, type),
                   .ptr("addr", addr).num("len", len).af("type", type).ret_ptr(r));
}

// gethostname
// Differs from Windows: none known (WSAEFAULT when the name and its NUL do not fit).
static int ovl_gethostname_impl(char* name, int namelen) {
  if (!started()) return SOCKET_ERROR;
  if (nd::netdb_gethostname(name, namelen) < 0) {
    ovl::win32::set_last_error(WSAEFAULT);
    return SOCKET_ERROR;
  }
  return 0;
}
int WSAAPI ovl_gethostname(char* name, int namelen) {
  OVL_TRACE_RETURN(winsock, "gethostname", int, ovl_gethostname_impl(name, namelen),
                   .out_str("name", name, r == 0).num("namelen", namelen).ret_ws(r));
}

// getservbyname / getservbyport
// Differs from Windows: the services database is /etc/services.
static struct servent* getservbyname_impl(const char* name, const char* proto) {
  if (!started()) return nullptr;
  if (!name) {
    ovl::win32::set_last_error(WSAEFAULT);
    return nullptr;
  }
  uint32_t err = 0;
  nd::win_servent* s = nd::netdb_getservbyname(name, proto, &err);
  if (!s) ovl::win32::set_last_error(err);
  return reinterpret_cast<struct servent*>(s);
}
struct servent* WSAAPI getservbyname(const char* name, const char* proto) {
  OVL_TRACE_RETURN(winsock, "getservbyname", struct servent*, getservbyname_impl(name, proto),
                   .str("name", name).str("proto", proto).ret_ptr(r));
}

static struct servent* getservbyport_impl(int port, const char* proto) {
  if (!started()) return nullptr;
  uint32_t err = 0;
  nd::win_servent* s = nd::netdb_getservbyport(port, proto, &err);
  if (!s) ovl::win32::set_last_error(err);
  return reinterpret_cast<struct servent*>(s);
}
struct servent* WSAAPI getservbyport(int port, const char* proto) {
  OVL_TRACE_RETURN(winsock, "getservbyport", struct servent*, getservbyport_impl(port, proto),
                   .num("port", ntohs(u_short(port))).str("proto", proto).ret_ptr(r));
}

// getprotobyname / getprotobynumber
// Differs from Windows: the protocols database is /etc/protocols.
struct protoent* WSAAPI getprotobyname(const char* name) {
  if (!started()) return nullptr;
  if (!name) {
    ovl::win32::set_last_error(WSAEFAULT);
    return nullptr;
  }
  uint32_t err = 0;
  nd::win_protoent* p = nd::netdb_getprotobyname(name, &err);
  if (!p) ovl::win32::set_last_error(err);
  return reinterpret_cast<struct protoent*>(p);
}

struct protoent* WSAAPI getprotobynumber(int number) {
  if (!started()) return nullptr;
  uint32_t err = 0;
  nd::win_protoent* p = nd::netdb_getprotobynumber(number, &err);
  if (!p) ovl::win32::set_last_error(err);
  return reinterpret_cast<struct protoent*>(p);
}

// inet_addr
// Differs from Windows: none known; works without WSAStartup, as on Windows.
u_long WSAAPI inet_addr(const char* cp) { return u_long(nd::netdb_inet_addr(cp)); }

// inet_ntoa
// Differs from Windows: the buffer is per thread (Windows: per thread as well, documented as
// valid until the thread's next Winsock call).
char* WSAAPI inet_ntoa(struct in_addr in) {
  uint32_t a;
  static_assert(sizeof in == 4, "in_addr");
  __builtin_memcpy(&a, &in, 4);
  return nd::netdb_inet_ntoa(a);
}

// inet_pton
// Differs from Windows: none known (1 / 0 / -1 with WSAEAFNOSUPPORT or WSAEFAULT).
INT WSAAPI inet_pton(INT Family, PCSTR pszAddrString, PVOID pAddrBuf) {
  uint32_t err = 0;
  int r = nd::netdb_inet_pton(Family, pszAddrString, pAddrBuf, &err);
  if (r < 0) ovl::win32::set_last_error(err);
  return r;
}

// inet_ntop
// Differs from Windows: IPv6 text is glibc's (RFC 5952), which Windows matches for
// ordinary addresses.
PCSTR WSAAPI inet_ntop(INT Family, const VOID* pAddr, PSTR pStringBuf, size_t StringBufSize) {
  uint32_t err = 0;
  const char* r = nd::netdb_inet_ntop(Family, pAddr, pStringBuf, StringBufSize, &err);
  if (!r) ovl::win32::set_last_error(err);
  return r;
}

// WSAAddressToStringA
// Differs from Windows: the protocol-info argument is ignored.
static INT WSAAddressToStringA_impl(LPSOCKADDR lpsaAddress, DWORD dwAddressLength, LPWSAPROTOCOL_INFOA lpProtocolInfo,
                                    LPSTR lpszAddressString, LPDWORD lpdwAddressStringLength) {
  if (!started()) return SOCKET_ERROR;
  uint32_t len = lpdwAddressStringLength ? *lpdwAddressStringLength : 0;
  uint32_t r = nd::netdb_address_to_string(lpsaAddress, dwAddressLength, lpszAddressString,
                                           lpdwAddressStringLength ? &len : nullptr);
  if (lpdwAddressStringLength) *lpdwAddressStringLength = len;
  if (r) {
    ovl::win32::set_last_error(r);
    return SOCKET_ERROR;
  }
  return 0;
}
INT WSAAPI WSAAddressToStringA(LPSOCKADDR lpsaAddress, DWORD dwAddressLength, LPWSAPROTOCOL_INFOA lpProtocolInfo,
                               LPSTR lpszAddressString, LPDWORD lpdwAddressStringLength) {
  OVL_TRACE_RETURN(winsock, "WSAAddressToStringA", INT,
                   WSAAddressToStringA_impl(lpsaAddress, dwAddressLength, lpProtocolInfo, lpszAddressString,
                                            lpdwAddressStringLength),
                   .addr("sa", lpsaAddress, dwAddressLength).num("salen", dwAddressLength)
                   .out_str("str", lpszAddressString, r == 0).out_u32("len", lpdwAddressStringLength, true).ret_ws(r));
}

// WSAStringToAddressA
// Differs from Windows: the protocol-info argument is ignored.
static INT WSAStringToAddressA_impl(LPSTR AddressString, INT AddressFamily, LPWSAPROTOCOL_INFOA lpProtocolInfo,
                                    LPSOCKADDR lpAddress, LPINT lpAddressLength) {
  if (!started()) return SOCKET_ERROR;
  uint32_t r = nd::netdb_string_to_address(AddressString, AddressFamily, lpAddress, lpAddressLength);
  if (r) {
    ovl::win32::set_last_error(r);
    return SOCKET_ERROR;
  }
  return 0;
}
INT WSAAPI WSAStringToAddressA(LPSTR AddressString, INT AddressFamily, LPWSAPROTOCOL_INFOA lpProtocolInfo,
                               LPSOCKADDR lpAddress, LPINT lpAddressLength) {
  OVL_TRACE_RETURN(winsock, "WSAStringToAddressA", INT,
                   WSAStringToAddressA_impl(AddressString, AddressFamily, lpProtocolInfo, lpAddress, lpAddressLength),
                   .str("str", AddressString).af("af", AddressFamily).addr_out("sa", lpAddress, lpAddressLength, r == 0)
                   .ret_ws(r));
}

}  // extern "C"
