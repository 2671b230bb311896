// Control-message conversion between Windows' WSACMSGHDR layout and Linux's cmsghdr (see
// cmsg_conv.hpp). The Windows side is described here by hand: this translation unit lives in
// the Linux header world and never sees include/win32.
#include "sys/cmsg_conv.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

namespace ovl::detail {

namespace {

// ws2def.h (x64): WSA_CMSGHDR_ALIGN / WSA_CMSGDATA_ALIGN both round to 8.
struct win_cmsghdr {
  uint64_t cmsg_len;
  int32_t cmsg_level;
  int32_t cmsg_type;
};
static_assert(sizeof(win_cmsghdr) == 16);
constexpr size_t win_align(size_t n) { return (n + 7) & ~size_t(7); }
constexpr size_t win_cmsg_len(size_t n) { return win_align(sizeof(win_cmsghdr)) + n; }
constexpr size_t win_cmsg_space(size_t n) { return win_align(sizeof(win_cmsghdr) + win_align(n)); }

// Windows option numbers (ws2ipdef.h); the levels IPPROTO_IP (0) and IPPROTO_IPV6 (41) are
// the same on both systems.
constexpr int win_ip_tos = 3, win_ip_ttl = 4, win_ip_pktinfo = 19;
constexpr int win_ipv6_pktinfo = 19, win_ipv6_hoplimit = 21, win_ipv6_tclass = 39;

struct win_in_pktinfo {  // IN_PKTINFO
  in_addr ipi_addr;
  uint32_t ipi_ifindex;
};
struct win_in6_pktinfo {  // IN6_PKTINFO
  in6_addr ipi6_addr;
  uint32_t ipi6_ifindex;
};
static_assert(sizeof(win_in_pktinfo) == 8 && sizeof(win_in6_pktinfo) == 20);

}  // namespace

size_t cmsg_to_win(const void* lin, size_t controllen, void* out, size_t cap, bool* ctrunc) {
  msghdr m{};
  m.msg_control = const_cast<void*>(lin);
  m.msg_controllen = controllen;
  char* base = static_cast<char*>(out);
  size_t off = 0;
  for (cmsghdr* c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
    const unsigned char* d = CMSG_DATA(c);
    const size_t dlen = c->cmsg_len - CMSG_LEN(0);
    int type = -1;
    unsigned char data[sizeof(win_in6_pktinfo)];
    size_t n = 0;
    auto put_int = [&](int32_t v) {
      std::memcpy(data, &v, sizeof v);
      n = sizeof v;
    };
    if (c->cmsg_level == IPPROTO_IP) {
      if (c->cmsg_type == IP_PKTINFO && dlen >= sizeof(in_pktinfo)) {
        in_pktinfo pi;
        std::memcpy(&pi, d, sizeof pi);
        win_in_pktinfo w{pi.ipi_addr, uint32_t(pi.ipi_ifindex)};  // the datagram's destination
        std::memcpy(data, &w, sizeof w);
        n = sizeof w;
        type = win_ip_pktinfo;
      } else if (c->cmsg_type == IP_TTL && dlen >= sizeof(int)) {
        int v;
        std::memcpy(&v, d, sizeof v);
        put_int(v);
        type = win_ip_ttl;
      } else if (c->cmsg_type == IP_TOS && dlen >= 1) {
        put_int(d[0]);  // Linux gives one byte, Windows an INT (Wine test_ipv4_cmsg)
        type = win_ip_tos;
      }
    } else if (c->cmsg_level == IPPROTO_IPV6) {
      if (c->cmsg_type == IPV6_PKTINFO && dlen >= sizeof(in6_pktinfo)) {
        in6_pktinfo pi;
        std::memcpy(&pi, d, sizeof pi);
        win_in6_pktinfo w{pi.ipi6_addr, pi.ipi6_ifindex};
        std::memcpy(data, &w, sizeof w);
        n = sizeof w;
        type = win_ipv6_pktinfo;
      } else if ((c->cmsg_type == IPV6_HOPLIMIT || c->cmsg_type == IPV6_TCLASS) && dlen >= sizeof(int)) {
        int v;
        std::memcpy(&v, d, sizeof v);
        put_int(v);
        type = c->cmsg_type == IPV6_HOPLIMIT ? win_ipv6_hoplimit : win_ipv6_tclass;
      }
    }
    if (type < 0) continue;  // nothing Windows would report
    if (off + win_cmsg_len(n) > cap) {
      *ctrunc = true;
      break;
    }
    win_cmsghdr h{win_cmsg_len(n), c->cmsg_level, type};
    std::memcpy(base + off, &h, sizeof h);
    std::memcpy(base + off + win_align(sizeof h), data, n);
    off += win_cmsg_space(n);
    if (off > cap) off = cap;  // the last message's padding may fall outside the buffer
  }
  return off;
}

long cmsg_from_win(const void* win, size_t len, void* out, size_t cap) {
  const char* base = static_cast<const char*>(win);
  char* lin = static_cast<char*>(out);
  std::memset(out, 0, cap);
  size_t used = 0;
  for (size_t off = 0; off + sizeof(win_cmsghdr) <= len;) {
    win_cmsghdr h;
    std::memcpy(&h, base + off, sizeof h);
    if (h.cmsg_len < sizeof h || h.cmsg_len > len - off) return -EINVAL;
    const char* d = base + off + win_align(sizeof h);
    const size_t dlen = h.cmsg_len - win_align(sizeof h);
    off += win_align(h.cmsg_len);
    unsigned char data[sizeof(in6_pktinfo)];
    size_t n = 0;
    int type = -1;
    if (h.cmsg_level == IPPROTO_IP && h.cmsg_type == win_ip_pktinfo && dlen >= sizeof(win_in_pktinfo)) {
      win_in_pktinfo w;
      std::memcpy(&w, d, sizeof w);
      in_pktinfo pi{};
      pi.ipi_ifindex = int(w.ipi_ifindex);
      pi.ipi_spec_dst = w.ipi_addr;  // the source address to send from
      std::memcpy(data, &pi, sizeof pi);
      n = sizeof pi;
      type = IP_PKTINFO;
    } else if (h.cmsg_level == IPPROTO_IPV6 && h.cmsg_type == win_ipv6_pktinfo && dlen >= sizeof(win_in6_pktinfo)) {
      win_in6_pktinfo w;
      std::memcpy(&w, d, sizeof w);
      in6_pktinfo pi{};
      pi.ipi6_addr = w.ipi6_addr;
      pi.ipi6_ifindex = w.ipi6_ifindex;
      std::memcpy(data, &pi, sizeof pi);
      n = sizeof pi;
      type = IPV6_PKTINFO;
    }
    if (type < 0) continue;  // not one we convert: not sent
    if (used + CMSG_SPACE(n) > cap) return -EINVAL;
    cmsghdr c{};
    c.cmsg_len = CMSG_LEN(n);
    c.cmsg_level = h.cmsg_level;
    c.cmsg_type = type;
    std::memcpy(lin + used, &c, sizeof c);
    std::memcpy(lin + used + CMSG_LEN(0), data, n);
    used += CMSG_SPACE(n);
  }
  return long(used);
}

}  // namespace ovl::detail
