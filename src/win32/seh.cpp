// Structured exception handling, the library half (the other half is the source rewrite in
// tools/ovl-cc/seh_rewrite.cpp; the frame layout and the macros are in include/win32/ovl_seh.h;
// semantics and limits: docs/porting.md, "Structured exception handling"):
//   - the per-thread list of __try frames (push, pop, finally bookkeeping),
//   - the process-wide handler for SIGSEGV, SIGBUS, SIGFPE and SIGILL, installed by the first
//     __try. It acts only for a kernel-generated fault on a thread that has an __except frame;
//     anything else goes to the handler that was there before, or to the default action, so a
//     crash outside __try still dumps core where it happened,
//   - each thread that enters a __try gets an alternate signal stack, so a stack overflow
//     reaches the handler,
//   - dispatch (longjmp to the innermost frame, frame after frame), RaiseException, and the
//     death of an exception that no filter takes.
// This file sees no Windows type header besides excpt.h and no socket header, so the two
// header worlds of docs/design.md stay apart; it needs signals, ucontext and mmap.
#include <excpt.h>

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <csetjmp>
#include <cstring>
#include <mutex>

namespace {

constexpr unsigned kCxxExceptionCode = 0xE06D7363u;  // what MSVC raises for a C++ throw

struct seh_thread {
  ovl_seh_frame* top;
  ovl_seh_exception pending;  // the exception being dispatched (or the last one)
  bool ready;                 // alternate stack and stack bounds set up
  void* altstack;             // ours (unmapped at thread exit), or null
  size_t altstack_size;
  uintptr_t stack_lo, stack_hi;
};

// Trivially destructible and constant-initialised: the signal handler may touch it without a
// TLS init call (initial-exec model, see src/CMakeLists.txt).
constinit thread_local seh_thread tls{};

// Unmaps the alternate stack at thread exit. A separate object: registering its destructor
// allocates, which the signal handler must never trigger.
struct altstack_reaper {
  bool armed = false;
  ~altstack_reaper() {
    seh_thread& t = tls;
    if (t.altstack) {
      stack_t ss{};
      ss.ss_flags = SS_DISABLE;
      sigaltstack(&ss, nullptr);
      munmap(t.altstack, t.altstack_size);
      t.altstack = nullptr;
    }
    t.ready = false;
  }
};
thread_local altstack_reaper reaper;

constexpr int kSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL};
struct sigaction previous[sizeof kSignals / sizeof kSignals[0]];
std::once_flag install_once;

const struct sigaction* previous_action(int sig) {
  for (size_t i = 0; i < sizeof kSignals / sizeof kSignals[0]; ++i)
    if (kSignals[i] == sig) return &previous[i];
  return nullptr;
}

bool has_except_frame(const ovl_seh_frame* f) {
  for (; f; f = f->prev)
    if (f->kind == OVL_SEH_EXCEPT) return true;
  return false;
}

// Takes f (and anything stale above it) off the thread's list.
void unlink(seh_thread& t, ovl_seh_frame* f) {
  while (t.top && t.top != f) {
    t.top->linked = 0;
    t.top = t.top->prev;
  }
  if (t.top == f) t.top = f->prev;
  f->linked = 0;
}

void fix_pointers(ovl_seh_exception& e) {
  e.pointers.ExceptionRecord = &e.record;
  e.pointers.ContextRecord = &e.context;
}

// Jumps to the innermost frame with t.pending. The caller made sure an __except frame exists.
[[noreturn]] void dispatch(seh_thread& t) {
  ovl_seh_frame* f = t.top;
  unlink(t, f);
  if (f->kind == OVL_SEH_EXCEPT) f->code = t.pending.record.ExceptionCode;
  else f->unwinding = 1;
  longjmp(f->jb, 1);
}

// No __except frame left that could take t.pending: die as Windows' default would (no dialog,
// no dump file: the signal's default action, so a core dump if they are enabled).
[[noreturn]] void unhandled(seh_thread& t, const char* why) {
  const EXCEPTION_RECORD& r = t.pending.record;
  std::fprintf(stderr, "overlapped: unhandled exception 0x%08X at %p: %s\n", r.ExceptionCode,
               r.ExceptionAddress, why);
  std::fflush(stderr);
  if (int sig = t.pending.signo) {
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    sigaction(sig, &dfl, nullptr);
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, sig);
    pthread_sigmask(SIG_UNBLOCK, &s, nullptr);
    raise(sig);
  }
  std::abort();
}

[[noreturn]] void continue_search(seh_thread& t) {
  if (!has_except_frame(t.top)) unhandled(t, "every __except filter returned EXCEPTION_CONTINUE_SEARCH");
  dispatch(t);
}

unsigned fault_code(int sig, const siginfo_t* si, uintptr_t sp, const seh_thread& t) {
  switch (sig) {
    case SIGSEGV: {
      // A fault next to the stack pointer, or at the low end of the thread's stack, is the stack
      // running out (a heuristic: Windows knows from its guard page).
      uintptr_t a = reinterpret_cast<uintptr_t>(si->si_addr);
      bool near_sp = a + 65536 >= sp && a < sp + 65536;
      bool near_end = t.stack_lo && a + (1u << 20) >= t.stack_lo && a < t.stack_lo + 65536;
      return near_sp || near_end ? EXCEPTION_STACK_OVERFLOW : EXCEPTION_ACCESS_VIOLATION;
    }
    case SIGBUS:
      return si->si_code == BUS_ADRALN ? EXCEPTION_DATATYPE_MISALIGNMENT : EXCEPTION_IN_PAGE_ERROR;
    case SIGFPE:
      switch (si->si_code) {
        case FPE_INTDIV: return EXCEPTION_INT_DIVIDE_BY_ZERO;  // x86 reports INT_MIN / -1 here too
        case FPE_INTOVF: return EXCEPTION_INT_OVERFLOW;
        case FPE_FLTDIV: return EXCEPTION_FLT_DIVIDE_BY_ZERO;
        case FPE_FLTOVF: return EXCEPTION_FLT_OVERFLOW;
        case FPE_FLTUND: return EXCEPTION_FLT_UNDERFLOW;
        case FPE_FLTRES: return EXCEPTION_FLT_INEXACT_RESULT;
        case FPE_FLTSUB: return EXCEPTION_ARRAY_BOUNDS_EXCEEDED;
        default: return EXCEPTION_FLT_INVALID_OPERATION;
      }
    default:  // SIGILL
      return si->si_code == ILL_PRVOPC || si->si_code == ILL_PRVREG ? EXCEPTION_PRIV_INSTRUCTION
                                                                    : EXCEPTION_ILLEGAL_INSTRUCTION;
  }
}

void fill_context(CONTEXT& c, const ucontext_t* uc) {
  std::memset(&c, 0, sizeof c);
#if defined(__x86_64__)
  const greg_t* g = uc->uc_mcontext.gregs;
  c.ContextFlags = CONTEXT_CONTROL | CONTEXT_INTEGER;
  c.Rax = g[REG_RAX], c.Rcx = g[REG_RCX], c.Rdx = g[REG_RDX], c.Rbx = g[REG_RBX];
  c.Rsp = g[REG_RSP], c.Rbp = g[REG_RBP], c.Rsi = g[REG_RSI], c.Rdi = g[REG_RDI];
  c.R8 = g[REG_R8], c.R9 = g[REG_R9], c.R10 = g[REG_R10], c.R11 = g[REG_R11];
  c.R12 = g[REG_R12], c.R13 = g[REG_R13], c.R14 = g[REG_R14], c.R15 = g[REG_R15];
  c.Rip = g[REG_RIP];
  c.EFlags = static_cast<unsigned>(g[REG_EFL]);
  c.SegCs = static_cast<unsigned short>(g[REG_CSGSFS] & 0xFFFF);
  if (uc->uc_mcontext.fpregs) c.MxCsr = uc->uc_mcontext.fpregs->mxcsr;
#elif defined(__aarch64__)
  c.ContextFlags = CONTEXT_CONTROL;
  c.Rip = uc->uc_mcontext.pc;
  c.Rsp = uc->uc_mcontext.sp;
#else
  (void)uc;
#endif
}

uintptr_t context_sp(const ucontext_t* uc) {
#if defined(__x86_64__)
  return static_cast<uintptr_t>(uc->uc_mcontext.gregs[REG_RSP]);
#elif defined(__aarch64__)
  return static_cast<uintptr_t>(uc->uc_mcontext.sp);
#else
  (void)uc;
  return 0;
#endif
}

// Hands a signal we do not take to whoever had it before us, or to the default action.
void pass_on(int sig, siginfo_t* si, void* ucv) {
  const struct sigaction* old = previous_action(sig);
  if (old && (old->sa_flags & SA_SIGINFO) && old->sa_sigaction) {
    old->sa_sigaction(sig, si, ucv);
    return;
  }
  if (old && !(old->sa_flags & SA_SIGINFO) && old->sa_handler != SIG_DFL && old->sa_handler != SIG_IGN) {
    old->sa_handler(sig);
    return;
  }
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  sigaction(sig, &dfl, nullptr);
  // A fault returns to the faulting instruction, which faults again and now kills the process
  // (with a core dump at the real place). A signal some process sent is sent again.
  if (si->si_code <= 0) raise(sig);
}

void on_fault(int sig, siginfo_t* si, void* ucv) {
  const int saved_errno = errno;
  seh_thread& t = tls;
  auto* uc = static_cast<ucontext_t*>(ucv);
  // Only a fault of this thread's own code (si_code > 0: from the kernel), and only when an
  // __except frame could take it; with __finally frames alone Windows would not unwind either.
  if (si->si_code > 0 && has_except_frame(t.top)) {
    ovl_seh_exception& e = t.pending;
    std::memset(&e.record, 0, sizeof e.record);
    fill_context(e.context, uc);
    fix_pointers(e);
    e.signo = sig;
    e.record.ExceptionCode = fault_code(sig, si, context_sp(uc), t);
    e.record.ExceptionAddress = reinterpret_cast<void*>(e.context.Rip);
    if (sig == SIGSEGV || sig == SIGBUS) {
      unsigned long rw = 0;  // 0 read, 1 write, 8 execute (DEP)
#if defined(__x86_64__)
      greg_t err = uc->uc_mcontext.gregs[REG_ERR];  // the page fault error code
      rw = (err & 0x10) ? 8 : (err & 0x2) ? 1 : 0;
#endif
      e.record.NumberParameters = sig == SIGBUS ? 3 : 2;
      e.record.ExceptionInformation[0] = rw;
      e.record.ExceptionInformation[1] = reinterpret_cast<unsigned long>(si->si_addr);
    }
    // setjmp saved no mask: leave this handler with the mask the fault interrupted.
    pthread_sigmask(SIG_SETMASK, &uc->uc_sigmask, nullptr);
    errno = saved_errno;
    dispatch(t);
  }
  errno = saved_errno;
  pass_on(sig, si, ucv);
}

void install_handlers() {
  struct sigaction sa {};
  sa.sa_sigaction = on_fault;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&sa.sa_mask);
  for (int s : kSignals) sigaddset(&sa.sa_mask, s);
  for (size_t i = 0; i < sizeof kSignals / sizeof kSignals[0]; ++i)
    sigaction(kSignals[i], &sa, &previous[i]);
}

void thread_setup(seh_thread& t) {
  std::call_once(install_once, install_handlers);
  stack_t cur{};
  if (sigaltstack(nullptr, &cur) == 0 && (cur.ss_flags & SS_DISABLE)) {
    size_t size = 64 * 1024;
    long min = sysconf(_SC_SIGSTKSZ);
    if (min > 0 && size < size_t(min) * 4) size = size_t(min) * 4;
    void* mem = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (mem != MAP_FAILED) {
      stack_t ss{};
      ss.ss_sp = mem;
      ss.ss_size = size;
      if (sigaltstack(&ss, nullptr) == 0) {
        t.altstack = mem;
        t.altstack_size = size;
      } else {
        munmap(mem, size);
      }
    }
  }
  pthread_attr_t a;
  if (pthread_getattr_np(pthread_self(), &a) == 0) {
    void* addr = nullptr;
    size_t size = 0;
    if (pthread_attr_getstack(&a, &addr, &size) == 0) {
      t.stack_lo = reinterpret_cast<uintptr_t>(addr);
      t.stack_hi = t.stack_lo + size;
    }
    pthread_attr_destroy(&a);
  }
  reaper.armed = true;  // registers the exit-time unmapping for this thread
  t.ready = true;
}

}  // namespace

extern "C" {

OVL_API void ovl_seh_push(ovl_seh_frame* f, int kind) {
  seh_thread& t = tls;
  if (!t.ready) thread_setup(t);
  f->prev = t.top;
  f->kind = kind;
  f->linked = 1;
  f->done = 0;
  f->normal = 0;
  f->unwinding = 0;
  f->code = 0;
  t.top = f;
}

OVL_API void ovl_seh_cleanup(ovl_seh_frame* f) {
  if (f->linked) unlink(tls, f);
}

OVL_API int ovl_seh_finally_begin(ovl_seh_frame* f) {
  if (f->done) return 0;
  f->done = 1;
  if (f->linked) unlink(tls, f);
  return 1;
}

OVL_API int ovl_seh_decide(ovl_seh_frame* f, long v) {
  (void)f;
  if (v > 0) return 1;
  seh_thread& t = tls;
  if (v == 0) continue_search(t);
  unhandled(t, "an __except filter returned EXCEPTION_CONTINUE_EXECUTION, which overlapped cannot do "
               "(the stack below the __try is gone)");
}

OVL_API void ovl_seh_save(ovl_seh_exception* save) { *save = tls.pending; }

OVL_API void ovl_seh_resume(const ovl_seh_exception* saved) {
  seh_thread& t = tls;
  t.pending = *saved;
  fix_pointers(t.pending);
  continue_search(t);
}

OVL_API void ovl_seh_cxx_exception(ovl_seh_frame* f) {
  seh_thread& t = tls;
  if (f->linked) unlink(t, f);
  ovl_seh_exception& e = t.pending;
  std::memset(&e, 0, sizeof e);
  fix_pointers(e);
  e.record.ExceptionCode = kCxxExceptionCode;
  e.record.ExceptionFlags = EXCEPTION_NONCONTINUABLE;
  f->code = kCxxExceptionCode;
}

OVL_API void ovl_seh_cxx_continue_execution(ovl_seh_frame* f) {
  (void)f;
  unhandled(tls, "an __except filter returned EXCEPTION_CONTINUE_EXECUTION for a C++ exception");
}

OVL_API unsigned int ovl_seh_code(void) { return tls.pending.record.ExceptionCode; }

OVL_API struct _EXCEPTION_POINTERS* ovl_seh_info(void) {
  seh_thread& t = tls;
  fix_pointers(t.pending);
  return &t.pending.pointers;
}

// RaiseException
// Differs from Windows: never returns (EXCEPTION_CONTINUE_EXECUTION is not supported, so a
// continuable exception is not continued either); unhandled, it prints the code and aborts
// (Windows ends the process with the code as exit status); more than
// EXCEPTION_MAXIMUM_PARAMETERS arguments are cut to that many. ExceptionAddress is the caller's
// return address. Test: tests/ecosystem/seh_c.c (raise_exception).
OVL_API void WINAPI RaiseException(DWORD code, DWORD flags, DWORD nargs, const ULONG_PTR* args) {
  seh_thread& t = tls;
  ovl_seh_exception& e = t.pending;
  std::memset(&e, 0, sizeof e);
  ucontext_t uc;
  if (getcontext(&uc) == 0) fill_context(e.context, &uc);
  fix_pointers(e);
  e.record.ExceptionCode = code;
  e.record.ExceptionFlags = flags & EXCEPTION_NONCONTINUABLE;
  e.record.ExceptionAddress = __builtin_return_address(0);
  e.context.Rip = reinterpret_cast<uintptr_t>(e.record.ExceptionAddress);
  if (args) {
    DWORD n = nargs < EXCEPTION_MAXIMUM_PARAMETERS ? nargs : EXCEPTION_MAXIMUM_PARAMETERS;
    e.record.NumberParameters = n;
    for (DWORD i = 0; i < n; ++i) e.record.ExceptionInformation[i] = args[i];
  }
  if (!has_except_frame(t.top)) unhandled(t, "RaiseException outside any __except");
  dispatch(t);
}

}  // extern "C"
