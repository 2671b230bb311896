// OVL_TRACE (see trace.hpp): reading the environment once before main(), formatting Windows
// values into a line, writing it, the symbolic names the lines use, and the completion-routine
// trampoline the apc family needs. Nothing here runs unless OVL_TRACE is set.
#include <winsock2.h>
#include <ws2tcpip.h>
#include <mswsock.h>
#include <windows.h>

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <unordered_map>

#include "core/netdb.hpp"
#include "core/thread.hpp"
#include "sys/error_text.hpp"
#include "win32/trace.hpp"
#include "win32/win32_internal.hpp"

namespace ovl::win32 {

uint32_t trace_mask = 0;

namespace {

FILE* trace_out = nullptr;
thread_local int tls_quiet = 0;

struct family_name {
  const char* name;
  uint32_t bit;
};
constexpr family_name k_families[] = {
    {"winsock", trace_winsock}, {"iocp", trace_iocp},     {"event", trace_event},
    {"apc", trace_apc},         {"user32", trace_user32},
};
constexpr uint32_t k_all = trace_winsock | trace_iocp | trace_event | trace_apc | trace_user32;

const char* family_label(uint32_t f) {
  for (const auto& e : k_families)
    if (e.bit == f) return e.name;
  return "?";
}

// OVL_TRACE: "1" / "all" = every family, "0" / "" = none, else a comma list (a leading '+'
// per name is accepted, WINEDEBUG-style). Unknown names cost one warning line.
uint32_t parse_families(const char* v) {
  if (!v || !*v || std::strcmp(v, "0") == 0) return 0;
  if (std::strcmp(v, "1") == 0 || std::strcmp(v, "all") == 0) return k_all;
  uint32_t mask = 0;
  bool warned = false;
  const char* p = v;
  while (*p) {
    const char* end = std::strchr(p, ',');
    size_t n = end ? size_t(end - p) : std::strlen(p);
    const char* name = p;
    if (n && *name == '+') ++name, --n;
    bool known = false;
    if (n == 3 && std::strncmp(name, "all", 3) == 0) mask = k_all, known = true;
    for (const auto& e : k_families) {
      if (std::strlen(e.name) == n && std::strncmp(name, e.name, n) == 0) {
        mask |= e.bit;
        known = true;
      }
    }
    if (!known && n && !warned) {
      std::fprintf(stderr, "ovl: OVL_TRACE: unknown family '%.*s' ignored (known: all,winsock,iocp,event,apc,user32)\n",
                   int(n), name);
      warned = true;
    }
    if (!end) break;
    p = end + 1;
  }
  return mask;
}

// Before main() (and before any constructor of the program that calls Winsock, usually: the
// library's constructors run first), so trace_mask is never written while threads read it.
__attribute__((constructor)) void trace_init() {
  uint32_t mask = parse_families(std::getenv("OVL_TRACE"));
  if (!mask) return;
  trace_out = stderr;
  if (const char* path = std::getenv("OVL_TRACE_FILE"); path && *path) {
    // Appending, so several processes (or runs) can share one file; "e" = O_CLOEXEC.
    if (FILE* f = std::fopen(path, "ae")) {
      std::setvbuf(f, nullptr, _IONBF, 0);  // each line is one write(2)
      trace_out = f;
    } else {
      std::fprintf(stderr, "ovl: OVL_TRACE_FILE: cannot open %s (%s); tracing to stderr\n", path, std::strerror(errno));
    }
  }
  trace_mask = mask;
}

// Names of codes the error table does not carry (it holds what errno_map can produce).
const char* extra_error_name(uint32_t code) {
  switch (code) {
    case WAIT_IO_COMPLETION: return "WAIT_IO_COMPLETION";
    case 1159: return "ERROR_MESSAGE_SYNC_ONLY";
    case 1400: return "ERROR_INVALID_WINDOW_HANDLE";
    case 1406: return "ERROR_TLW_WITH_WSCHILD";
    case 1407: return "ERROR_CANNOT_FIND_WND_CLASS";
    case 1410: return "ERROR_CLASS_ALREADY_EXISTS";
    case 1411: return "ERROR_CLASS_DOES_NOT_EXIST";
    case 1412: return "ERROR_CLASS_HAS_WINDOWS";
    case 1444: return "ERROR_INVALID_THREAD_ID";
    default: return nullptr;
  }
}

// Winsock calls name the codes Win32 and Winsock share by their WSA names (WSA_IO_PENDING, as
// a program compares them); everything else by the table's name.
const char* error_name(uint32_t code, uint32_t family) {
  if (family == trace_winsock) {
    switch (code) {
      case 6: return "WSA_INVALID_HANDLE";
      case 8: return "WSA_NOT_ENOUGH_MEMORY";
      case 87: return "WSA_INVALID_PARAMETER";
      case 995: return "WSA_OPERATION_ABORTED";
      case 996: return "WSA_IO_INCOMPLETE";
      case 997: return "WSA_IO_PENDING";
    }
  }
  if (const char* n = ovl::detail::system_code_name(code)) return n;
  return extra_error_name(code);
}

const char* af_name(int af) {
  switch (af) {
    case AF_UNSPEC: return "AF_UNSPEC";
    case AF_UNIX: return "AF_UNIX";
    case AF_INET: return "AF_INET";
    case AF_INET6: return "AF_INET6";
    default: return nullptr;
  }
}

const char* type_name(int t) {
  switch (t) {
    case SOCK_STREAM: return "SOCK_STREAM";
    case SOCK_DGRAM: return "SOCK_DGRAM";
    case SOCK_RAW: return "SOCK_RAW";
    case SOCK_SEQPACKET: return "SOCK_SEQPACKET";
    default: return nullptr;
  }
}

const char* proto_name(int p) {
  switch (p) {
    case IPPROTO_TCP: return "IPPROTO_TCP";
    case IPPROTO_UDP: return "IPPROTO_UDP";
    case IPPROTO_ICMP: return "IPPROTO_ICMP";
    case IPPROTO_ICMPV6: return "IPPROTO_ICMPV6";
    case IPPROTO_RAW: return "IPPROTO_RAW";
    default: return nullptr;
  }
}

const char* level_name(int level) {
  switch (level) {
    case SOL_SOCKET: return "SOL_SOCKET";
    case IPPROTO_IP: return "IPPROTO_IP";
    case IPPROTO_TCP: return "IPPROTO_TCP";
    case IPPROTO_UDP: return "IPPROTO_UDP";
    case IPPROTO_IPV6: return "IPPROTO_IPV6";
    default: return nullptr;
  }
}

const char* optname_name(int level, int opt) {
  if (level == SOL_SOCKET) {
    switch (opt) {
      case SO_DEBUG: return "SO_DEBUG";
      case SO_ACCEPTCONN: return "SO_ACCEPTCONN";
      case SO_REUSEADDR: return "SO_REUSEADDR";
      case SO_KEEPALIVE: return "SO_KEEPALIVE";
      case SO_DONTROUTE: return "SO_DONTROUTE";
      case SO_BROADCAST: return "SO_BROADCAST";
      case SO_LINGER: return "SO_LINGER";
      case SO_OOBINLINE: return "SO_OOBINLINE";
      case SO_DONTLINGER: return "SO_DONTLINGER";
      case SO_EXCLUSIVEADDRUSE: return "SO_EXCLUSIVEADDRUSE";
      case SO_SNDBUF: return "SO_SNDBUF";
      case SO_RCVBUF: return "SO_RCVBUF";
      case SO_SNDTIMEO: return "SO_SNDTIMEO";
      case SO_RCVTIMEO: return "SO_RCVTIMEO";
      case SO_ERROR: return "SO_ERROR";
      case SO_TYPE: return "SO_TYPE";
      case SO_OPENTYPE: return "SO_OPENTYPE";
      case SO_UPDATE_ACCEPT_CONTEXT: return "SO_UPDATE_ACCEPT_CONTEXT";
      case SO_UPDATE_CONNECT_CONTEXT: return "SO_UPDATE_CONNECT_CONTEXT";
      case SO_CONNECT_TIME: return "SO_CONNECT_TIME";
      default: return nullptr;
    }
  }
  if (level == IPPROTO_TCP && opt == TCP_NODELAY) return "TCP_NODELAY";
  return nullptr;
}

const char* ioctl_name(uint32_t code) {
  switch (code) {
    case FIONBIO: return "FIONBIO";
    case FIONREAD: return "FIONREAD";
    case SIOCATMARK: return "SIOCATMARK";
    case SIO_KEEPALIVE_VALS: return "SIO_KEEPALIVE_VALS";
    case SIO_GET_EXTENSION_FUNCTION_POINTER: return "SIO_GET_EXTENSION_FUNCTION_POINTER";
    default: return nullptr;
  }
}

const char* message_name(uint32_t m) {
  switch (m) {
    case WM_NULL: return "WM_NULL";
    case WM_CREATE: return "WM_CREATE";
    case WM_DESTROY: return "WM_DESTROY";
    case WM_MOVE: return "WM_MOVE";
    case WM_SIZE: return "WM_SIZE";
    case WM_SETTEXT: return "WM_SETTEXT";
    case WM_GETTEXT: return "WM_GETTEXT";
    case WM_PAINT: return "WM_PAINT";
    case WM_CLOSE: return "WM_CLOSE";
    case WM_QUIT: return "WM_QUIT";
    case WM_NCCREATE: return "WM_NCCREATE";
    case WM_NCDESTROY: return "WM_NCDESTROY";
    case WM_COMMAND: return "WM_COMMAND";
    case WM_TIMER: return "WM_TIMER";
    default: return nullptr;
  }
}

// Addresses below 64 KiB are never valid (Windows reserves them; the veneer rejects them with
// WSAEFAULT), so they are printed, not read.
bool readable(const void* p) { return reinterpret_cast<uintptr_t>(p) >= 0x10000; }

}  // namespace

trace_line::trace_line(uint32_t family, const char* function) noexcept : family_(family) {
  // The thread ID comes first so a log can be split per thread; our IDs are what
  // GetCurrentThreadId returns (the thread gets one on its first traced call if it had none).
  putf("ovl: %04u %-7s %s(", ovl::detail::current_tid(), family_label(family), function);
}

void trace_line::put(const char* s) noexcept {
  size_t n = std::strlen(s);
  size_t room = sizeof buf_ - 2 - len_;  // keep room for "\n" and the NUL
  if (n > room) n = room;
  std::memcpy(buf_ + len_, s, n);
  len_ += uint32_t(n);
  buf_[len_] = 0;
}

void trace_line::putf(const char* fmt, ...) noexcept {
  size_t room = sizeof buf_ - 1 - len_;
  if (room <= 1) return;
  va_list ap;
  va_start(ap, fmt);
  int n = std::vsnprintf(buf_ + len_, room, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  len_ += uint32_t(size_t(n) < room ? size_t(n) : room - 1);
}

void trace_line::arg_name(const char* name) noexcept {
  if (!first_) put(", ");
  first_ = false;
  if (name && *name) {
    put(name);
    put("=");
  }
}

void trace_line::put_error(uint32_t code) noexcept {
  if (const char* n = error_name(code, family_)) putf("%s(%u)", n, code);
  else if (code >= 0x10000) putf("0x%x", code);
  else putf("%u", code);
}

trace_line& trace_line::sock(const char* name, uint64_t s) noexcept {
  arg_name(name);
  if (s == uint64_t(INVALID_SOCKET)) put("INVALID_SOCKET");
  else putf("%llu", static_cast<unsigned long long>(s));
  return *this;
}

trace_line& trace_line::handle(const char* name, const void* h) noexcept {
  arg_name(name);
  if (!h) put("NULL");
  else if (h == INVALID_HANDLE_VALUE) put("INVALID_HANDLE_VALUE");  // also GetCurrentProcess()
  else if (h == reinterpret_cast<HANDLE>(intptr_t(-2))) put("GetCurrentThread()");
  else putf("%p", h);
  return *this;
}

trace_line& trace_line::ptr(const char* name, const void* p) noexcept {
  arg_name(name);
  if (!p) put("NULL");
  else putf("%p", p);
  return *this;
}

trace_line& trace_line::num(const char* name, int64_t v) noexcept {
  arg_name(name);
  putf("%lld", static_cast<long long>(v));
  return *this;
}

trace_line& trace_line::hex(const char* name, uint64_t v) noexcept {
  arg_name(name);
  if (v) putf("0x%llx", static_cast<unsigned long long>(v));
  else put("0");
  return *this;
}

trace_line& trace_line::boolean(const char* name, int v) noexcept {
  arg_name(name);
  if (v == 0 || v == 1) put(v ? "TRUE" : "FALSE");
  else putf("%d", v);
  return *this;
}

trace_line& trace_line::ms(const char* name, uint32_t ms) noexcept {
  arg_name(name);
  if (ms == INFINITE) put("INFINITE");
  else putf("%u", ms);
  return *this;
}

trace_line& trace_line::str(const char* name, const char* s) noexcept {
  arg_name(name);
  if (!s) put("NULL");
  else if (!readable(s)) putf("%p", static_cast<const void*>(s));  // MAKEINTATOM / MAKEINTRESOURCE
  else putf("\"%.64s\"", s);
  return *this;
}

trace_line& trace_line::wstr(const char* name, const wchar_t* s) noexcept {
  arg_name(name);
  if (!s) put("NULL");
  else if (!readable(s)) putf("%p", static_cast<const void*>(s));
  else putf("L\"%.64ls\"", s);
  return *this;
}

trace_line& trace_line::error(const char* name, uint32_t code) noexcept {
  arg_name(name);
  if (code == 0) put("0");
  else put_error(code);
  return *this;
}

trace_line& trace_line::addr(const char* name, const void* sa, int64_t len) noexcept {
  arg_name(name);
  if (!sa) {
    put("NULL");
    return *this;
  }
  if (!readable(sa) || len < int64_t(sizeof(u_short))) {
    putf("%p", sa);
    return *this;
  }
  u_short af;
  std::memcpy(&af, sa, sizeof af);
  if (af == AF_INET && len >= int64_t(sizeof(sockaddr_in))) {
    sockaddr_in in;
    std::memcpy(&in, sa, sizeof in);
    const auto* b = reinterpret_cast<const unsigned char*>(&in.sin_addr);
    putf("%u.%u.%u.%u:%u", b[0], b[1], b[2], b[3], unsigned(ntohs(in.sin_port)));
  } else if (af == AF_INET6 && len >= int64_t(sizeof(sockaddr_in6))) {
    sockaddr_in6 in6;
    std::memcpy(&in6, sa, sizeof in6);
    char text[64];
    uint32_t err = 0;
    if (ovl::detail::netdb_inet_ntop(AF_INET6, &in6.sin6_addr, text, sizeof text, &err)) {
      putf("[%s]:%u", text, unsigned(ntohs(in6.sin6_port)));
    } else {
      putf("%p", sa);
    }
  } else if (const char* n = af_name(af)) {
    putf("{%s}", n);
  } else {
    putf("{af=%u}", af);
  }
  return *this;
}

trace_line& trace_line::addr_out(const char* name, const void* sa, const int* len, bool ok) noexcept {
  if (!ok || !readable(sa) || !readable(len)) return ptr(name, sa);
  return addr(name, sa, *len);
}

trace_line& trace_line::bufs(const char* name, const void* wsabufs, uint64_t count) noexcept {
  arg_name(name);
  if (!wsabufs) put("NULL");
  else putf("%p", wsabufs);
  putf("[%llu]", static_cast<unsigned long long>(count));
  return *this;
}

trace_line& trace_line::out_u32(const char* name, const void* p, bool ok) noexcept {
  if (!ok || !readable(p)) return ptr(name, p);
  uint32_t v;
  std::memcpy(&v, p, sizeof v);
  arg_name(nullptr);
  putf("*%s=%u", name, v);
  return *this;
}

trace_line& trace_line::out_hex(const char* name, const void* p, bool ok) noexcept {
  if (!ok || !readable(p)) return ptr(name, p);
  uint64_t v;
  std::memcpy(&v, p, sizeof v);
  arg_name(nullptr);
  if (v) putf("*%s=0x%llx", name, static_cast<unsigned long long>(v));
  else putf("*%s=0", name);
  return *this;
}

trace_line& trace_line::out_ptr(const char* name, const void* const* p, bool ok) noexcept {
  if (!ok || !readable(p)) return ptr(name, p);
  arg_name(nullptr);
  if (*p) putf("*%s=%p", name, *p);
  else putf("*%s=NULL", name);
  return *this;
}

trace_line& trace_line::out_str(const char* name, const char* s, bool ok) noexcept {
  if (!ok || !readable(s)) return ptr(name, s);
  arg_name(nullptr);
  putf("*%s=\"%.64s\"", name, s);
  return *this;
}

trace_line& trace_line::version(const char* name, uint16_t v) noexcept {
  arg_name(name);
  putf("%u.%u", unsigned(v & 0xFF), unsigned(v >> 8));
  return *this;
}

trace_line& trace_line::af(const char* name, int v) noexcept {
  arg_name(name);
  if (const char* n = af_name(v)) put(n);
  else putf("%d", v);
  return *this;
}

trace_line& trace_line::sock_type(const char* name, int v) noexcept {
  arg_name(name);
  if (const char* n = type_name(v)) put(n);
  else putf("%d", v);
  return *this;
}

trace_line& trace_line::protocol(const char* name, int v) noexcept {
  arg_name(name);
  if (const char* n = v ? proto_name(v) : nullptr) put(n);
  else putf("%d", v);
  return *this;
}

trace_line& trace_line::sockopt(int level, int optname) noexcept {
  arg_name("level");
  if (const char* n = level_name(level)) put(n);
  else putf("%d", level);
  arg_name("optname");
  if (const char* n = optname_name(level, optname)) put(n);
  else putf("0x%x", unsigned(optname));
  return *this;
}

trace_line& trace_line::ioctl(const char* name, uint32_t code) noexcept {
  arg_name(name);
  if (const char* n = ioctl_name(code)) put(n);
  else putf("0x%x", code);
  return *this;
}

trace_line& trace_line::fd_events(const char* name, uint32_t mask) noexcept {
  arg_name(name);
  static const struct {
    uint32_t bit;
    const char* name;
  } k_bits[] = {{FD_READ, "FD_READ"},       {FD_WRITE, "FD_WRITE"},     {FD_OOB, "FD_OOB"},
                {FD_ACCEPT, "FD_ACCEPT"},   {FD_CONNECT, "FD_CONNECT"}, {FD_CLOSE, "FD_CLOSE"},
                {FD_QOS, "FD_QOS"},         {FD_GROUP_QOS, "FD_GROUP_QOS"},
                {FD_ROUTING_INTERFACE_CHANGE, "FD_ROUTING_INTERFACE_CHANGE"},
                {FD_ADDRESS_LIST_CHANGE, "FD_ADDRESS_LIST_CHANGE"}};
  if (!mask) {
    put("0");
    return *this;
  }
  bool first = true;
  for (const auto& b : k_bits) {
    if (!(mask & b.bit)) continue;
    if (!first) put("|");
    put(b.name);
    first = false;
    mask &= ~b.bit;
  }
  if (mask) putf("%s0x%x", first ? "" : "|", mask);
  return *this;
}

trace_line& trace_line::net_events(const char* name, const void* ne, bool ok) noexcept {
  if (!ok || !readable(ne)) return ptr(name, ne);
  const auto* n = static_cast<const WSANETWORKEVENTS*>(ne);
  fd_events(name, uint32_t(n->lNetworkEvents));
  // The error of each reported event, by FD_*_BIT, when it has one.
  for (int bit = 0; bit < FD_MAX_EVENTS; ++bit) {
    if (!(n->lNetworkEvents & (1L << bit)) || !n->iErrorCode[bit]) continue;
    putf(" err[%d]=", bit);
    put_error(uint32_t(n->iErrorCode[bit]));
  }
  return *this;
}

trace_line& trace_line::fdset(const char* name, const void* set) noexcept {
  arg_name(name);
  if (!set) {
    put("NULL");
    return *this;
  }
  if (!readable(set)) {
    putf("%p", set);
    return *this;
  }
  const auto* s = static_cast<const ::fd_set*>(set);
  put("{");
  for (u_int i = 0; i < s->fd_count; ++i) {
    if (i == 16) {
      putf(",... %u in all", s->fd_count);
      break;
    }
    putf(i ? ",%llu" : "%llu", static_cast<unsigned long long>(s->fd_array[i]));
  }
  put("}");
  return *this;
}

trace_line& trace_line::time_val(const char* name, const void* tv) noexcept {
  arg_name(name);
  if (!tv) {
    put("NULL");
    return *this;
  }
  if (!readable(tv)) {
    putf("%p", tv);
    return *this;
  }
  const auto* t = static_cast<const struct timeval*>(tv);
  putf("{%lld s, %lld us}", static_cast<long long>(t->tv_sec), static_cast<long long>(t->tv_usec));
  return *this;
}

trace_line& trace_line::handles(const char* name, const void* const* h, uint32_t n) noexcept {
  arg_name(name);
  // The entries are read only when the count is one the wait accepts (it read them too).
  if (!h || !readable(h) || n == 0 || n > MAXIMUM_WAIT_OBJECTS) {
    if (!h) put("NULL");
    else putf("%p", static_cast<const void*>(h));
    return *this;
  }
  put("[");
  for (uint32_t i = 0; i < n; ++i) {
    if (i) put(",");
    if (!h[i]) put("NULL");
    else putf("%p", h[i]);
  }
  put("]");
  return *this;
}

trace_line& trace_line::message(const char* name, uint32_t m) noexcept {
  arg_name(name);
  if (const char* n = message_name(m)) put(n);
  else if (m >= WM_USER && m < WM_APP) putf("WM_USER+%u", m - WM_USER);
  else if (m >= WM_APP && m < 0xC000) putf("WM_APP+%u", m - WM_APP);
  else putf("0x%x", m);
  return *this;
}

trace_line& trace_line::msg(const char* name, const void* m, bool ok) noexcept {
  if (!ok || !readable(m)) return ptr(name, m);
  const auto* msg = static_cast<const MSG*>(m);
  arg_name(name);
  put("{");
  first_ = true;
  handle("hwnd", msg->hwnd);
  message("message", msg->message);
  hex("wParam", msg->wParam);
  hex("lParam", uint64_t(msg->lParam));
  put("}");
  return *this;
}

trace_line& trace_line::text(const char* s) noexcept {
  arg_name(nullptr);
  put(s);
  return *this;
}

void trace_line::ret_ws(int64_t r) noexcept {
  if (r == SOCKET_ERROR) {
    put(") -> SOCKET_ERROR");
    finish(true);
    return;
  }
  putf(") -> %lld", static_cast<long long>(r));
  finish(false);
}

void trace_line::ret_socket(uint64_t s) noexcept {
  if (s == uint64_t(INVALID_SOCKET)) {
    put(") -> INVALID_SOCKET");
    finish(true);
    return;
  }
  putf(") -> %llu", static_cast<unsigned long long>(s));
  finish(false);
}

void trace_line::ret_bool(int b) noexcept {
  if (!b) {
    put(") -> FALSE");
    finish(true);
    return;
  }
  if (b == 1) put(") -> TRUE");
  else putf(") -> %d", b);
  finish(false);
}

void trace_line::ret_handle(const void* h) noexcept {
  put(") -> ");
  first_ = true;
  handle(nullptr, h);
  finish(!h || h == INVALID_HANDLE_VALUE);
}

void trace_line::ret_wait(uint32_t r) noexcept {
  put(") -> ");
  if (r == WAIT_FAILED) {
    put("WAIT_FAILED");
    finish(true);
    return;
  }
  if (r < MAXIMUM_WAIT_OBJECTS) putf(r ? "WAIT_OBJECT_0+%u" : "WAIT_OBJECT_0", r);
  else if (r >= WAIT_ABANDONED_0 && r < WAIT_ABANDONED_0 + MAXIMUM_WAIT_OBJECTS)
    putf(r > WAIT_ABANDONED_0 ? "WAIT_ABANDONED_0+%u" : "WAIT_ABANDONED_0", r - WAIT_ABANDONED_0);
  else if (r == WAIT_IO_COMPLETION) put("WAIT_IO_COMPLETION");
  else if (r == WAIT_TIMEOUT) put("WAIT_TIMEOUT");
  else putf("0x%x", r);
  finish(false);
}

void trace_line::ret_sleep(uint32_t r) noexcept {
  if (r == WAIT_IO_COMPLETION) put(") -> WAIT_IO_COMPLETION");
  else putf(") -> %u", r);
  finish(false);
}

void trace_line::ret_code(uint32_t code) noexcept {
  put(") -> ");
  if (code == 0) put("0");
  else put_error(code);
  finish(false);
}

void trace_line::ret_num(int64_t r, bool failed) noexcept {
  putf(") -> %lld", static_cast<long long>(r));
  finish(failed);
}

void trace_line::ret_hex(uint64_t r, bool failed) noexcept {
  if (r) putf(") -> 0x%llx", static_cast<unsigned long long>(r));
  else put(") -> 0");
  finish(failed);
}

void trace_line::ret_ptr(const void* p) noexcept {
  put(") -> ");
  first_ = true;
  ptr(nullptr, p);
  finish(!p);
}

void trace_line::ret_void() noexcept {
  put(")");
  finish(false);
}

void trace_line::note() noexcept {
  put(")");
  finish(false);
}

void trace_line::finish(bool with_error) noexcept {
  if (tls_quiet > 0 || !trace_out) return;
  if (with_error) {
    put(" err=");
    put_error(last_error());
  }
  if (len_ > sizeof buf_ - 2) len_ = sizeof buf_ - 2;
  buf_[len_++] = '\n';
  // The program may look at errno (a Linux-aware port does); stdio may set it.
  int saved = errno;
  std::fwrite(buf_, 1, len_, trace_out);
  errno = saved;
}

void trace_quiet::enter() noexcept { ++tls_quiet; }
void trace_quiet::leave() noexcept { --tls_quiet; }

// ---- completion routines ----------------------------------------------------------------------
// Core calls routine(err, bytes, ov, flags) from an alertable wait of the issuing thread. The
// trampoline finds the program's routine by the OVERLAPPED (unique among pending operations:
// Windows forbids reusing one before it completes) and logs before calling it.

namespace {

struct routine_table {
  std::mutex lock;
  std::unordered_map<const void*, void*> by_ov;
};

routine_table& routines() {
  static auto* t = new routine_table;  // never destroyed: routines may run during exit
  return *t;
}

void CALLBACK routine_trampoline(DWORD err, DWORD bytes, LPWSAOVERLAPPED ov, DWORD flags) {
  void* fn = nullptr;
  {
    routine_table& t = routines();
    std::lock_guard<std::mutex> g(t.lock);
    auto it = t.by_ov.find(ov);
    if (it != t.by_ov.end()) {
      fn = it->second;
      t.by_ov.erase(it);
    }
  }
  trace_line(trace_apc, "completion routine")
      .ptr("fn", fn)
      .error("dwError", err)
      .num("cbTransferred", bytes)
      .ptr("ov", ov)
      .hex("flags", flags)
      .note();
  if (fn) reinterpret_cast<LPWSAOVERLAPPED_COMPLETION_ROUTINE>(fn)(err, bytes, ov, flags);
}

}  // namespace

void* trace_completion_routine(void* routine, const void* ov) noexcept {
  if (!routine || !(trace_mask & trace_apc) || !ov) return routine;
  routine_table& t = routines();
  std::lock_guard<std::mutex> g(t.lock);
  t.by_ov[ov] = routine;
  return reinterpret_cast<void*>(&routine_trampoline);
}

}  // namespace ovl::win32
