// Windows <-> Linux control messages (WSARecvMsg / WSASendMsg ancillary data). Windows'
// WSACMSGHDR on x64 is {SIZE_T cmsg_len; INT cmsg_level; INT cmsg_type} with data and headers
// aligned to 8 (ws2def.h WSA_CMSG_*), which happens to match Linux's header on LP64; the
// option numbers and the IP_PKTINFO payload differ (Windows IN_PKTINFO is {addr, ifindex},
// Linux in_pktinfo is {ifindex, spec_dst, addr}). Neutral header: buffers are void*.
#pragma once
#include <cstddef>
#include <cstdint>

namespace ovl::detail {

// Linux control messages (the msg_control of a finished recvmsg, controllen bytes) into
// Windows layout in out (cap bytes). Converts IP_PKTINFO, IP_TTL, IP_TOS, IPV6_PKTINFO,
// IPV6_HOPLIMIT and IPV6_TCLASS; others are dropped. A message that does not fit stops the
// copy and sets *ctrunc. Returns the bytes of out used (what WSAMSG.Control.len reports).
size_t cmsg_to_win(const void* lin, size_t controllen, void* out, size_t cap, bool* ctrunc);

// Windows control data (len bytes) into Linux layout in out (cap bytes) for sendmsg:
// IP_PKTINFO (its ipi_addr picks the source address, ipi_ifindex the interface) and
// IPV6_PKTINFO; other options are not sent. Returns the Linux length, or -EINVAL for a
// malformed header.
long cmsg_from_win(const void* win, size_t len, void* out, size_t cap);

// Room cmsg_to_win's Linux side needs: every converted option of one datagram at once.
constexpr size_t cmsg_linux_room = 160;

}  // namespace ovl::detail
