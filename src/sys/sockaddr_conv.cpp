// Socket address conversion between Windows' and Linux's layouts (see sockaddr_conv.hpp).
#include "sys/sockaddr_conv.hpp"

#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

namespace ovl::detail {

int af_from_win(int win_af) {
  switch (win_af) {
    case win_af_unspec: return AF_UNSPEC;
    case win_af_unix: return AF_UNIX;
    case win_af_inet: return AF_INET;
    case win_af_inet6: return AF_INET6;
    default: return -1;
  }
}

int af_to_win(int linux_af) {
  switch (linux_af) {
    case AF_UNSPEC: return win_af_unspec;
    case AF_UNIX: return win_af_unix;
    case AF_INET: return win_af_inet;
    case AF_INET6: return win_af_inet6;
    default: return -1;
  }
}

int sockaddr_from_win(const void* win, int winlen, void* lin) {
  if (!win || winlen < 2) return -EFAULT;
  uint16_t fam;
  std::memcpy(&fam, win, 2);
  switch (fam) {
    case win_af_inet: {
      if (winlen < int(sizeof(sockaddr_in))) return -EFAULT;
      std::memcpy(lin, win, sizeof(sockaddr_in));
      static_cast<sockaddr_in*>(lin)->sin_family = AF_INET;
      return sizeof(sockaddr_in);
    }
    case win_af_inet6: {
      if (winlen < int(sizeof(sockaddr_in6))) return -EFAULT;
      std::memcpy(lin, win, sizeof(sockaddr_in6));
      static_cast<sockaddr_in6*>(lin)->sin6_family = AF_INET6;
      return sizeof(sockaddr_in6);
    }
    case win_af_unix: {
      int n = winlen > int(sizeof(sockaddr_un)) ? int(sizeof(sockaddr_un)) : winlen;
      std::memcpy(lin, win, size_t(n));
      static_cast<sockaddr_un*>(lin)->sun_family = AF_UNIX;
      return n;
    }
    default:
      return -EAFNOSUPPORT;
  }
}

int sockaddr_win_size(const void* lin) {
  switch (static_cast<const sockaddr*>(lin)->sa_family) {
    case AF_INET: return sizeof(sockaddr_in);
    case AF_INET6: return sizeof(sockaddr_in6);
    case AF_UNIX: return sizeof(sockaddr_un);
    default: return sizeof(sockaddr);
  }
}

int sockaddr_to_win(const void* lin, uint32_t linlen, void* win, int* winlen) {
  int need = sockaddr_win_size(lin);
  if (need > int(linlen) && static_cast<const sockaddr*>(lin)->sa_family != AF_UNIX) need = int(linlen);
  if (!win || !winlen || *winlen < need) {
    if (winlen) *winlen = need;
    return -EFAULT;
  }
  std::memcpy(win, lin, size_t(need > int(linlen) ? int(linlen) : need));
  uint16_t wf = uint16_t(af_to_win(static_cast<const sockaddr*>(lin)->sa_family));
  std::memcpy(win, &wf, 2);
  *winlen = need;
  return 0;
}

}  // namespace ovl::detail
