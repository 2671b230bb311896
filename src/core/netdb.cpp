// Name resolution and address text, Linux side (see netdb.hpp). glibc does the work; this file
// converts flags, families and structure layouts between Windows and glibc and keeps the
// per-thread results the old hostent/servent/protoent calls return.
#include "core/netdb.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "sys/errno_map.hpp"
#include "sys/sockaddr_conv.hpp"

namespace ovl::detail {

namespace {

constexpr uint32_t wsa_efault = 10014, wsa_einval = 10022, wsa_eafnosupport = 10047, wsa_host_not_found = 11001,
                   wsa_try_again = 11002, wsa_no_recovery = 11003, wsa_no_data = 11004, wsa_not_enough_memory = 8,
                   wsa_invalid_parameter = 87;

// Windows AI_* -> glibc. AI_PASSIVE, AI_CANONNAME and AI_NUMERICHOST have the same values;
// the Windows-only flags (AI_FQDN, AI_FILESERVER, AI_DISABLE_IDN_ENCODING, ...) are dropped.
int ai_flags_from_win(int w) {
  int f = w & (AI_PASSIVE | AI_CANONNAME | AI_NUMERICHOST);
  if (w & 0x8) f |= AI_NUMERICSERV;
  if (w & 0x100) f |= AI_ALL;
  if (w & 0x400) f |= AI_ADDRCONFIG;
  if (w & 0x800) f |= AI_V4MAPPED;
  return f;
}

uint32_t h_errno_to_wsa(int h) {
  switch (h) {
    case HOST_NOT_FOUND: return wsa_host_not_found;
    case TRY_AGAIN: return wsa_try_again;
    case NO_RECOVERY: return wsa_no_recovery;
    case NO_DATA: return wsa_no_data;
    default: return wsa_no_recovery;
  }
}

std::string local_hostname() {
  char buf[256];
  if (::gethostname(buf, sizeof buf) != 0) return "localhost";
  buf[sizeof buf - 1] = 0;
  return buf;
}

bool same_address(const addrinfo* a, const addrinfo* b) {
  return a->ai_family == b->ai_family && a->ai_addrlen == b->ai_addrlen &&
         std::memcmp(a->ai_addr, b->ai_addr, a->ai_addrlen) == 0;
}

}  // namespace

uint32_t netdb_getaddrinfo(const char* node, const char* service, const win_addrinfo* hints, win_addrinfo** res) {
  *res = nullptr;
  if (!node && !service) return wsa_host_not_found;
  addrinfo h{};
  bool any_type = true;
  if (hints) {
    int fam = af_from_win(hints->ai_family);
    if (fam < 0 || fam == AF_UNIX) return wsa_eafnosupport;
    h.ai_family = fam;
    h.ai_flags = ai_flags_from_win(hints->ai_flags);
    h.ai_socktype = hints->ai_socktype;
    h.ai_protocol = hints->ai_protocol;
    any_type = hints->ai_socktype == 0 && hints->ai_protocol == 0;
  } else {
    h.ai_family = AF_UNSPEC;
  }
  // Windows resolves "" as the local computer; glibc refuses it.
  std::string local;
  if (node && !*node) {
    local = local_hostname();
    node = local.c_str();
  }
  addrinfo* lres = nullptr;
  int r = ::getaddrinfo(node, service, &h, &lres);
  if (r != 0) return wsa_from_eai(r);

  win_addrinfo* head = nullptr;
  win_addrinfo** tail = &head;
  for (addrinfo* p = lres; p; p = p->ai_next) {
    if (p->ai_family != AF_INET && p->ai_family != AF_INET6) continue;
    if (any_type) {
      // glibc returns one entry per socket type; Windows one per address with the type and
      // protocol left 0.
      bool dup = false;
      for (addrinfo* q = lres; q != p; q = q->ai_next)
        if (same_address(p, q)) dup = true;
      if (dup) continue;
    }
    int wlen = sockaddr_win_size(p->ai_addr);
    size_t canon = p->ai_canonname ? std::strlen(p->ai_canonname) + 1 : 0;
    size_t total = sizeof(win_addrinfo) + size_t(wlen) + canon;
    auto* w = static_cast<win_addrinfo*>(std::calloc(1, total));
    if (!w) {
      netdb_freeaddrinfo(head);
      ::freeaddrinfo(lres);
      return wsa_not_enough_memory;
    }
    w->ai_flags = hints ? hints->ai_flags : 0;
    w->ai_family = af_to_win(p->ai_family);
    w->ai_socktype = any_type ? 0 : p->ai_socktype;
    w->ai_protocol = any_type ? 0 : p->ai_protocol;
    w->ai_addr = reinterpret_cast<char*>(w) + sizeof(win_addrinfo);
    int out = wlen;
    sockaddr_to_win(p->ai_addr, p->ai_addrlen, w->ai_addr, &out);
    w->ai_addrlen = size_t(out);
    if (canon) {
      w->ai_canonname = static_cast<char*>(w->ai_addr) + wlen;
      std::memcpy(w->ai_canonname, p->ai_canonname, canon);
    }
    *tail = w;
    tail = &w->ai_next;
  }
  ::freeaddrinfo(lres);
  if (!head) return wsa_no_data;
  *res = head;
  return 0;
}

void netdb_freeaddrinfo(win_addrinfo* ai) {
  while (ai) {
    win_addrinfo* n = ai->ai_next;
    std::free(ai);  // one allocation per node: the sockaddr and name live behind it
    ai = n;
  }
}

uint32_t netdb_getnameinfo(const void* win_sa, int salen, char* host, uint32_t hostlen, char* serv,
                           uint32_t servlen, int win_flags) {
  sockaddr_storage a;
  int l = sockaddr_from_win(win_sa, salen, &a);
  if (l == -EAFNOSUPPORT) return wsa_eafnosupport;
  if (l < 0) return wsa_efault;
  if (a.ss_family != AF_INET && a.ss_family != AF_INET6) return wsa_eafnosupport;
  // Windows NI_*: NOFQDN 1, NUMERICHOST 2, NAMEREQD 4, NUMERICSERV 8, DGRAM 16.
  int f = 0;
  if (win_flags & 1) f |= NI_NOFQDN;
  if (win_flags & 2) f |= NI_NUMERICHOST;
  if (win_flags & 4) f |= NI_NAMEREQD;
  if (win_flags & 8) f |= NI_NUMERICSERV;
  if (win_flags & 16) f |= NI_DGRAM;
  int r = ::getnameinfo(reinterpret_cast<sockaddr*>(&a), socklen_t(l), host, host ? hostlen : 0, serv,
                        serv ? servlen : 0, f);
  return r ? wsa_from_eai(r) : 0;
}

// ---- hostent / servent / protoent ----------------------------------------------------------

namespace {

struct host_store {
  win_hostent he{};
  std::string name;
  std::vector<std::string> alias_strs;
  std::vector<std::string> addr_bytes;
  std::vector<char*> aliases, addrs;
  std::vector<char> buf = std::vector<char>(2048);

  win_hostent* fill(const hostent* h) {
    name = h->h_name ? h->h_name : "";
    alias_strs.clear();
    for (char** p = h->h_aliases; p && *p; ++p) alias_strs.emplace_back(*p);
    addr_bytes.clear();
    for (char** p = h->h_addr_list; p && *p; ++p) addr_bytes.emplace_back(*p, size_t(h->h_length));
    aliases.clear();
    for (auto& s : alias_strs) aliases.push_back(s.data());
    aliases.push_back(nullptr);
    addrs.clear();
    for (auto& s : addr_bytes) addrs.push_back(s.data());
    addrs.push_back(nullptr);
    he.h_name = name.data();
    he.h_aliases = aliases.data();
    he.h_addrtype = int16_t(af_to_win(h->h_addrtype));
    he.h_length = int16_t(h->h_length);
    he.h_addr_list = addrs.data();
    return &he;
  }
};
thread_local host_store tls_host;

struct serv_store {
  win_servent se{};
  std::string name, proto;
  std::vector<std::string> alias_strs;
  std::vector<char*> aliases;
  std::vector<char> buf = std::vector<char>(1024);

  win_servent* fill(const servent* s) {
    name = s->s_name ? s->s_name : "";
    proto = s->s_proto ? s->s_proto : "";
    alias_strs.clear();
    for (char** p = s->s_aliases; p && *p; ++p) alias_strs.emplace_back(*p);
    aliases.clear();
    for (auto& a : alias_strs) aliases.push_back(a.data());
    aliases.push_back(nullptr);
    se.s_name = name.data();
    se.s_aliases = aliases.data();
    se.s_proto = proto.data();
    se.s_port = int16_t(s->s_port);  // network order in both
    return &se;
  }
};
thread_local serv_store tls_serv;

struct proto_store {
  win_protoent pe{};
  std::string name;
  std::vector<std::string> alias_strs;
  std::vector<char*> aliases;
  std::vector<char> buf = std::vector<char>(1024);

  win_protoent* fill(const protoent* p) {
    name = p->p_name ? p->p_name : "";
    alias_strs.clear();
    for (char** a = p->p_aliases; a && *a; ++a) alias_strs.emplace_back(*a);
    aliases.clear();
    for (auto& a : alias_strs) aliases.push_back(a.data());
    aliases.push_back(nullptr);
    pe.p_name = name.data();
    pe.p_aliases = aliases.data();
    pe.p_proto = int16_t(p->p_proto);
    return &pe;
  }
};
thread_local proto_store tls_proto;

}  // namespace

win_hostent* netdb_gethostbyname(const char* name, uint32_t* wsa_err) {
  // NULL and "" mean the local computer on Windows.
  std::string local;
  if (!name || !*name) {
    local = local_hostname();
    name = local.c_str();
  }
  host_store& st = tls_host;
  for (;;) {
    hostent h, *res = nullptr;
    int herr = 0;
    int r = ::gethostbyname_r(name, &h, st.buf.data(), st.buf.size(), &res, &herr);
    if (r == ERANGE) {
      st.buf.resize(st.buf.size() * 2);
      continue;
    }
    if (r != 0 || !res) {
      *wsa_err = r ? wsa_no_recovery : h_errno_to_wsa(herr);
      return nullptr;
    }
    return st.fill(res);
  }
}

win_hostent* netdb_gethostbyaddr(const void* addr, int len, int win_type, uint32_t* wsa_err) {
  int type = af_from_win(win_type);
  if ((type != AF_INET && type != AF_INET6) || (type == AF_INET && len < 4) || (type == AF_INET6 && len < 16)) {
    *wsa_err = type == AF_INET || type == AF_INET6 ? wsa_efault : wsa_eafnosupport;
    return nullptr;
  }
  host_store& st = tls_host;
  for (;;) {
    hostent h, *res = nullptr;
    int herr = 0;
    int r = ::gethostbyaddr_r(addr, socklen_t(type == AF_INET ? 4 : 16), type, &h, st.buf.data(), st.buf.size(),
                              &res, &herr);
    if (r == ERANGE) {
      st.buf.resize(st.buf.size() * 2);
      continue;
    }
    if (r != 0 || !res) {
      *wsa_err = r ? wsa_no_recovery : h_errno_to_wsa(herr);
      return nullptr;
    }
    return st.fill(res);
  }
}

win_servent* netdb_getservbyname(const char* name, const char* proto, uint32_t* wsa_err) {
  serv_store& st = tls_serv;
  for (;;) {
    servent s, *res = nullptr;
    int r = ::getservbyname_r(name, proto, &s, st.buf.data(), st.buf.size(), &res);
    if (r == ERANGE) {
      st.buf.resize(st.buf.size() * 2);
      continue;
    }
    if (r != 0 || !res) {
      *wsa_err = wsa_no_data;
      return nullptr;
    }
    return st.fill(res);
  }
}

win_servent* netdb_getservbyport(int port_net, const char* proto, uint32_t* wsa_err) {
  serv_store& st = tls_serv;
  for (;;) {
    servent s, *res = nullptr;
    int r = ::getservbyport_r(port_net, proto, &s, st.buf.data(), st.buf.size(), &res);
    if (r == ERANGE) {
      st.buf.resize(st.buf.size() * 2);
      continue;
    }
    if (r != 0 || !res) {
      *wsa_err = wsa_no_data;
      return nullptr;
    }
    return st.fill(res);
  }
}

win_protoent* netdb_getprotobyname(const char* name, uint32_t* wsa_err) {
  proto_store& st = tls_proto;
  for (;;) {
    protoent p, *res = nullptr;
    int r = ::getprotobyname_r(name, &p, st.buf.data(), st.buf.size(), &res);
    if (r == ERANGE) {
      st.buf.resize(st.buf.size() * 2);
      continue;
    }
    if (r != 0 || !res) {
      *wsa_err = wsa_no_data;
      return nullptr;
    }
    return st.fill(res);
  }
}

win_protoent* netdb_getprotobynumber(int number, uint32_t* wsa_err) {
  proto_store& st = tls_proto;
  for (;;) {
    protoent p, *res = nullptr;
    int r = ::getprotobynumber_r(number, &p, st.buf.data(), st.buf.size(), &res);
    if (r == ERANGE) {
      st.buf.resize(st.buf.size() * 2);
      continue;
    }
    if (r != 0 || !res) {
      *wsa_err = wsa_no_data;
      return nullptr;
    }
    return st.fill(res);
  }
}

int netdb_gethostname(char* name, int namelen) {
  std::string h = local_hostname();
  if (!name || namelen < 0 || size_t(namelen) < h.size() + 1) return -EFAULT;
  std::memcpy(name, h.c_str(), h.size() + 1);
  return 0;
}

// ---- address text --------------------------------------------------------------------------

uint32_t netdb_inet_addr(const char* s) {
  if (!s) return INADDR_NONE;
  in_addr a;
  // glibc's inet_aton takes the same forms as Windows' inet_addr and, like it, stops at
  // whitespace; "" is INADDR_NONE on both (Windows Server 2003 and later).
  if (!::inet_aton(s, &a)) return INADDR_NONE;
  return a.s_addr;
}

char* netdb_inet_ntoa(uint32_t addr_net) {
  thread_local char buf[16];
  in_addr a;
  a.s_addr = addr_net;
  ::inet_ntop(AF_INET, &a, buf, sizeof buf);
  return buf;
}

int netdb_inet_pton(int win_family, const char* src, void* dst, uint32_t* wsa_err) {
  int fam = af_from_win(win_family);
  if (fam != AF_INET && fam != AF_INET6) {
    *wsa_err = wsa_eafnosupport;
    return -1;
  }
  if (!src || !dst) {
    *wsa_err = wsa_efault;
    return -1;
  }
  return ::inet_pton(fam, src, dst) == 1 ? 1 : 0;
}

const char* netdb_inet_ntop(int win_family, const void* src, char* dst, size_t size, uint32_t* wsa_err) {
  int fam = af_from_win(win_family);
  if (fam != AF_INET && fam != AF_INET6) {
    *wsa_err = wsa_eafnosupport;
    return nullptr;
  }
  if (!src || !dst) {
    *wsa_err = wsa_invalid_parameter;
    return nullptr;
  }
  if (!::inet_ntop(fam, src, dst, socklen_t(size > 0xffffffffu ? 0xffffffffu : size))) {
    *wsa_err = wsa_invalid_parameter;  // ERROR_INVALID_PARAMETER: the buffer is too small
    return nullptr;
  }
  return dst;
}

uint32_t netdb_address_to_string(const void* win_sa, uint32_t salen, char* out, uint32_t* len) {
  if (!win_sa || !len) return wsa_efault;
  sockaddr_storage a;
  int l = sockaddr_from_win(win_sa, int(salen > 0x7fffffff ? 0x7fffffff : salen), &a);
  if (l < 0) return wsa_einval;
  char text[INET6_ADDRSTRLEN + 32];
  if (a.ss_family == AF_INET) {
    auto& in = reinterpret_cast<sockaddr_in&>(a);
    char ip[INET_ADDRSTRLEN];
    ::inet_ntop(AF_INET, &in.sin_addr, ip, sizeof ip);
    if (in.sin_port)
      std::snprintf(text, sizeof text, "%s:%u", ip, unsigned(ntohs(in.sin_port)));
    else
      std::snprintf(text, sizeof text, "%s", ip);
  } else if (a.ss_family == AF_INET6) {
    auto& in6 = reinterpret_cast<sockaddr_in6&>(a);
    char ip[INET6_ADDRSTRLEN];
    ::inet_ntop(AF_INET6, &in6.sin6_addr, ip, sizeof ip);
    char scoped[INET6_ADDRSTRLEN + 12];
    if (in6.sin6_scope_id)
      std::snprintf(scoped, sizeof scoped, "%s%%%u", ip, unsigned(in6.sin6_scope_id));
    else
      std::snprintf(scoped, sizeof scoped, "%s", ip);
    if (in6.sin6_port)
      std::snprintf(text, sizeof text, "[%s]:%u", scoped, unsigned(ntohs(in6.sin6_port)));
    else
      std::snprintf(text, sizeof text, "%s", scoped);
  } else {
    return wsa_einval;
  }
  uint32_t need = uint32_t(std::strlen(text) + 1);
  if (!out || *len < need) {
    *len = need;
    return wsa_efault;
  }
  std::memcpy(out, text, need);
  *len = need;
  return 0;
}

uint32_t netdb_string_to_address(const char* str, int win_family, void* win_sa, int* len) {
  if (!str || !len) return wsa_efault;
  int fam = af_from_win(win_family);
  if (fam == AF_INET) {
    if (!win_sa || *len < int(sizeof(sockaddr_in))) {
      *len = sizeof(sockaddr_in);
      return wsa_efault;
    }
    std::string host = str;
    unsigned port = 0;
    size_t colon = host.find(':');
    if (colon != std::string::npos) {
      char* end = nullptr;
      unsigned long p = std::strtoul(host.c_str() + colon + 1, &end, 10);
      if (!end || *end || p > 65535 || colon + 1 == host.size()) return wsa_einval;
      port = unsigned(p);
      host.resize(colon);
    }
    in_addr ia;
    if (host.empty() || !::inet_aton(host.c_str(), &ia)) return wsa_einval;
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    sin.sin_port = htons(uint16_t(port));
    sin.sin_addr = ia;
    int wl = sizeof(sockaddr_in);
    sockaddr_to_win(&sin, sizeof sin, win_sa, &wl);
    *len = sizeof(sockaddr_in);
    return 0;
  }
  if (fam == AF_INET6) {
    if (!win_sa || *len < int(sizeof(sockaddr_in6))) {
      *len = sizeof(sockaddr_in6);
      return wsa_efault;
    }
    std::string s = str, host;
    unsigned port = 0;
    if (!s.empty() && s[0] == '[') {
      size_t close = s.find(']');
      if (close == std::string::npos) return wsa_einval;
      host = s.substr(1, close - 1);
      std::string rest = s.substr(close + 1);
      if (!rest.empty()) {
        if (rest[0] != ':' || rest.size() == 1) return wsa_einval;
        char* end = nullptr;
        unsigned long p = std::strtoul(rest.c_str() + 1, &end, 10);
        if (!end || *end || p > 65535) return wsa_einval;
        port = unsigned(p);
      }
    } else {
      host = s;
    }
    uint32_t scope = 0;
    size_t pct = host.find('%');
    if (pct != std::string::npos) {
      char* end = nullptr;
      unsigned long sc = std::strtoul(host.c_str() + pct + 1, &end, 10);
      if (!end || *end) return wsa_einval;
      scope = uint32_t(sc);
      host.resize(pct);
    }
    in6_addr a6;
    if (::inet_pton(AF_INET6, host.c_str(), &a6) != 1) return wsa_einval;
    sockaddr_in6 sin6{};
    sin6.sin6_family = AF_INET6;
    sin6.sin6_port = htons(uint16_t(port));
    sin6.sin6_addr = a6;
    sin6.sin6_scope_id = scope;
    int wl = sizeof(sockaddr_in6);
    sockaddr_to_win(&sin6, sizeof sin6, win_sa, &wl);
    *len = sizeof(sockaddr_in6);
    return 0;
  }
  return wsa_einval;
}

}  // namespace ovl::detail
