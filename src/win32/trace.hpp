// OVL_TRACE: per-call tracing of the Win32 veneer for porting work (like Wine's
// WINEDEBUG=+winsock). Each traced call writes one line after it returns: the calling thread's
// ID (GetCurrentThreadId's), the family, the function, its arguments in Windows terms, the
// return value and, when the call failed, the last error by name and number. docs/trace.md
// has the format, the families and the list of traced calls.
//
// Cost when off: trace_mask is a plain global set once before main() from OVL_TRACE and never
// written again, so a call site costs one load and one not-taken branch (OVL_TRACING below);
// everything else (the call that also traces, the formatting) is out of line and cold. When on,
// a line is built in a stack buffer (no allocation) and written with one fwrite, so lines from
// different threads never interleave. Tracing never touches the last error and restores errno.
//
// Call-site pattern: the exported function's body moves to <name>_impl (inlined) and the export
// becomes one statement that returns it and describes the call:
//   int WSAAPI bind(SOCKET s, const struct sockaddr* name, int namelen) {
//     OVL_TRACE_RETURN(winsock, "bind", int, bind_impl(s, name, namelen),
//                      .sock("s", s).addr("name", name, namelen).num("namelen", namelen).ret_ws(r));
//   }
//
// Neutral header: standard library only (Windows values are passed as integers and pointers).
#pragma once
#include <cstdint>

namespace ovl::win32 {

// Families, one bit each (OVL_TRACE=winsock,iocp,...; 1 or all = every family).
enum : uint32_t {
  trace_winsock = 1u << 0,  // socket calls, WSA*, select, overlapped results, name resolution
  trace_iocp = 1u << 1,     // completion ports, CancelIo(Ex)
  trace_event = 1u << 2,    // events, threads, CloseHandle, waits, Sleep
  trace_apc = 1u << 3,      // QueueUserAPC and every APC / completion routine as it runs
  trace_user32 = 1u << 4,   // windows, messages, WSAAsyncSelect's posts
};

// The enabled families; 0 unless OVL_TRACE is set. Written once, before main().
extern uint32_t trace_mask;

}  // namespace ovl::win32

// The off-path test: one load of trace_mask and a branch predicted not taken.
#define OVL_TRACING(family) __builtin_expect((::ovl::win32::trace_mask & ::ovl::win32::trace_##family) != 0, 0)

// The body of a traced export: `return call;`, and when `family` is traced, the same call through
// a cold out-of-line lambda that also writes the line. `chain` is the trace_line methods that
// describe the arguments, ending with a ret_* method; the result is named r. The lambda captures
// by value so that nothing escapes: off, the export compiles to the test, the branch and `call`.
#define OVL_TRACE_RETURN(family, function, type, call, chain)                  \
  if (OVL_TRACING(family))                                                      \
    return [=]() __attribute__((noinline, cold)) -> type {                      \
      type r = call;                                                            \
      ::ovl::win32::trace_line(::ovl::win32::trace_##family, function) chain;   \
      return r;                                                                 \
    }();                                                                        \
  return call
// The same for a function that returns nothing.
#define OVL_TRACE_VOID(family, function, call, chain)                           \
  if (OVL_TRACING(family))                                                      \
    return [=]() __attribute__((noinline, cold)) {                              \
      call;                                                                     \
      ::ovl::win32::trace_line(::ovl::win32::trace_##family, function) chain;   \
    }();                                                                        \
  call
// A line that is not a call's result (an APC about to run, a message WSAAsyncSelect posts).
#define OVL_TRACE_LINE(family, function, chain)                                           \
  if (OVL_TRACING(family)) [&]() __attribute__((noinline, cold)) {                        \
    ::ovl::win32::trace_line(::ovl::win32::trace_##family, function) chain;               \
  }()

namespace ovl::win32 {

// One trace line. Argument methods append "name=value"; exactly one ending method (ret_*,
// note) writes the line. Every method is cheap to call with a bad pointer: addresses below
// 64 KiB are printed, never read.
class trace_line {
 public:
  trace_line(uint32_t family, const char* function) noexcept;
  trace_line(const trace_line&) = delete;
  trace_line& operator=(const trace_line&) = delete;

  trace_line& sock(const char* name, uint64_t s) noexcept;                 // SOCKET: 5, INVALID_SOCKET
  trace_line& handle(const char* name, const void* h) noexcept;            // 0x40000004, NULL, ...
  trace_line& ptr(const char* name, const void* p) noexcept;               // 0x7ffd..., NULL
  trace_line& num(const char* name, int64_t v) noexcept;                   // decimal
  trace_line& hex(const char* name, uint64_t v) noexcept;                  // 0x1f (0 for 0)
  trace_line& boolean(const char* name, int v) noexcept;                   // TRUE / FALSE
  trace_line& ms(const char* name, uint32_t ms) noexcept;                  // INFINITE or decimal
  trace_line& str(const char* name, const char* s) noexcept;               // "text" (cut at 64), NULL
  trace_line& wstr(const char* name, const wchar_t* s) noexcept;           // L"text"
  trace_line& error(const char* name, uint32_t code) noexcept;             // WSAECONNRESET(10054)
  trace_line& addr(const char* name, const void* sa, int64_t len) noexcept;  // 127.0.0.1:80, [::1]:80
  // An address the call wrote (accept, getsockname, recvfrom): printed only if ok.
  trace_line& addr_out(const char* name, const void* sa, const int* len, bool ok) noexcept;
  trace_line& bufs(const char* name, const void* wsabufs, uint64_t count) noexcept;  // 0x7ffd...[2]
  // An out-parameter: "*name=value" when the call wrote it (ok), else the pointer.
  trace_line& out_u32(const char* name, const void* p, bool ok) noexcept;
  trace_line& out_hex(const char* name, const void* p_u64, bool ok) noexcept;
  trace_line& out_ptr(const char* name, const void* const* p, bool ok) noexcept;
  trace_line& out_str(const char* name, const char* s, bool ok) noexcept;
  trace_line& version(const char* name, uint16_t v) noexcept;              // 2.2
  trace_line& af(const char* name, int af) noexcept;                       // AF_INET
  trace_line& sock_type(const char* name, int type) noexcept;              // SOCK_STREAM
  trace_line& protocol(const char* name, int proto) noexcept;              // IPPROTO_TCP
  trace_line& sockopt(int level, int optname) noexcept;                    // level=SOL_SOCKET, optname=SO_...
  trace_line& ioctl(const char* name, uint32_t code) noexcept;             // FIONBIO
  trace_line& fd_events(const char* name, uint32_t mask) noexcept;         // FD_READ|FD_CLOSE
  // WSANETWORKEVENTS the call filled: FD_READ|FD_CLOSE err[5]=WSAECONNABORTED(10053)
  trace_line& net_events(const char* name, const void* wsanetworkevents, bool ok) noexcept;
  trace_line& fdset(const char* name, const void* set) noexcept;           // {5,7} (Windows fd_set), NULL
  trace_line& time_val(const char* name, const void* tv) noexcept;         // {1 s, 500000 us}, NULL
  trace_line& handles(const char* name, const void* const* h, uint32_t n) noexcept;  // [0x40000004,0x40000008]
  trace_line& message(const char* name, uint32_t msg) noexcept;            // WM_TIMER, WM_USER+1, 0xc123
  trace_line& msg(const char* name, const void* m, bool ok) noexcept;      // a MSG the call filled
  trace_line& text(const char* s) noexcept;                                // free text, as is

  void ret_ws(int64_t r) noexcept;         // Winsock int: SOCKET_ERROR fails
  void ret_socket(uint64_t s) noexcept;    // INVALID_SOCKET fails
  void ret_bool(int b) noexcept;           // FALSE fails
  void ret_handle(const void* h) noexcept; // NULL and INVALID_HANDLE_VALUE fail
  void ret_wait(uint32_t r) noexcept;      // WAIT_OBJECT_0+i, WAIT_TIMEOUT, ...; WAIT_FAILED fails
  void ret_sleep(uint32_t r) noexcept;     // SleepEx: 0 or WAIT_IO_COMPLETION
  void ret_code(uint32_t code) noexcept;   // the return value is the error (WSAStartup, getaddrinfo)
  void ret_num(int64_t r, bool failed) noexcept;
  void ret_hex(uint64_t r, bool failed) noexcept;
  void ret_ptr(const void* p) noexcept;    // NULL fails
  void ret_void() noexcept;
  void note() noexcept;                    // not a call (an APC running, a message posted): no result

 private:
  void arg_name(const char* name) noexcept;
  void put(const char* s) noexcept;
  void putf(const char* fmt, ...) noexcept __attribute__((format(printf, 2, 3)));
  void put_error(uint32_t code) noexcept;
  void finish(bool with_error) noexcept;

  uint32_t family_;
  uint32_t len_ = 0;
  bool first_ = true;
  char buf_[1024];
};

// Nested calls the veneer makes for its own purposes (AcceptEx's getsockname, TransmitFile's
// event, WSARecvMsg's WSARecvFrom) are not the program's: lines written inside this scope are
// dropped. Costs one branch when tracing is off.
class trace_quiet {
 public:
  trace_quiet() noexcept {
    if (__builtin_expect(trace_mask != 0, 0)) enter();
  }
  ~trace_quiet() {
    if (__builtin_expect(trace_mask != 0, 0)) leave();
  }
  trace_quiet(const trace_quiet&) = delete;
  trace_quiet& operator=(const trace_quiet&) = delete;

 private:
  static void enter() noexcept;
  static void leave() noexcept;
};

// Completion routines run inside core, which knows nothing of tracing: with the apc family on,
// WSARecv/WSASend/WSAIoctl hand core this trampoline instead, which writes the line and calls
// the program's routine. Returns `routine` unchanged when the apc family is off or it is null.
void* trace_completion_routine(void* routine, const void* ov) noexcept;

}  // namespace ovl::win32
