// Threads: CreateThread, _beginthreadex/_beginthread, ExitThread, GetExitCodeThread,
// ResumeThread, GetCurrentThreadId and friends, and QueueUserAPC.
#include <windows.h>
#include <process.h>

#include "core/event.hpp"
#include "core/platform.hpp"
#include "core/thread.hpp"
#include "sys/futex.hpp"
#include "win32/handles.hpp"
#include "win32/trace.hpp"
#include "win32/win32_internal.hpp"

using namespace ovl::detail;
using ovl::win32::set_last_error;

namespace {

struct thread_start {
  thread_object* obj;  // holds a reference
  DWORD (*fn)(void*);
  void* arg;
  uint32_t id;
  uintptr_t close_on_exit;  // _beginthread: the handle closes itself
};

thread_local thread_object* tls_self = nullptr;

void finish_self(DWORD code) {
  thread_object* self = tls_self;
  if (!self) return;
  tls_self = nullptr;
  self->finish(code);
  self->release();
}

void thread_entry(void* p) {
  thread_start st = *static_cast<thread_start*>(p);
  delete static_cast<thread_start*>(p);
  thread_ctx* ctx = init_current_thread(st.id);
  st.obj->attach(ctx);
  tls_self = st.obj;
  // CREATE_SUSPENDED: park until ResumeThread brings the count to zero.
  for (;;) {
    uint32_t c = st.obj->suspend_count.load(std::memory_order_acquire);
    if (c == 0) break;
    futex_wait(&st.obj->suspend_count, c, UINT32_MAX);
  }
  DWORD code = st.fn(st.arg);
  uintptr_t self_close = st.close_on_exit;
  finish_self(code);
  if (self_close) {
    // _beginthread's handle closes itself, unless the program closed it and it was reused.
    ref<kobject> o = handle_get(self_close);
    if (o.get() == st.obj) {
      o = nullptr;
      handle_close(self_close);
    }
  }
}

HANDLE create_thread(SIZE_T stack, DWORD (*fn)(void*), void* arg, DWORD flags, DWORD* tid_out, bool self_close) {
  auto* obj = new thread_object;
  uint32_t id = allocate_thread_id();
  obj->set_tid(id);
  if (flags & CREATE_SUSPENDED) obj->suspend_count.store(1);
  obj->add_ref();  // the handle's reference; the thread keeps the creation one
  uintptr_t h = handle_create(obj);
  if (!h) {
    obj->release();
    set_last_error(ERROR_NOT_ENOUGH_MEMORY);
    return nullptr;
  }
  auto* st = new thread_start{obj, fn, arg, id, self_close ? h : 0};
  if (start_native_thread(stack, thread_entry, st) != 0) {
    delete st;
    obj->release();
    handle_close(h);
    set_last_error(ERROR_NOT_ENOUGH_MEMORY);
    return nullptr;
  }
  if (tid_out) *tid_out = id;
  return reinterpret_cast<HANDLE>(h);
}

ref<thread_object> thread_from_handle(HANDLE h) {
  return handle_get_as<thread_object>(reinterpret_cast<uintptr_t>(h), object_type::thread);
}

struct user_apc {
  apc_node node;
  PAPCFUNC fn;
  ULONG_PTR data;
};

void run_user_apc(apc_node* n, bool run) {
  auto* a = reinterpret_cast<user_apc*>(n);
  PAPCFUNC fn = a->fn;
  ULONG_PTR data = a->data;
  delete a;
  if (!run) return;
  OVL_TRACE_LINE(apc, "APC", .ptr("fn", reinterpret_cast<void*>(fn)).hex("data", data).note());
  fn(data);
}

struct begin_thread_args {
  void(__cdecl* fn)(void*);
  void* arg;
};
DWORD begin_thread_trampoline(void* p) {
  begin_thread_args a = *static_cast<begin_thread_args*>(p);
  delete static_cast<begin_thread_args*>(p);
  a.fn(a.arg);
  return 0;
}

}  // namespace

extern "C" {

// CreateThread
// Differs from Windows: thread IDs are ours (multiples of 4) and never reused.
static HANDLE CreateThread_impl(LPSECURITY_ATTRIBUTES lpThreadAttributes, SIZE_T dwStackSize,
                                LPTHREAD_START_ROUTINE lpStartAddress, LPVOID lpParameter, DWORD dwCreationFlags,
                                LPDWORD lpThreadId) {
  if (!lpStartAddress) {
    set_last_error(ERROR_INVALID_PARAMETER);
    return nullptr;
  }
  return create_thread(dwStackSize, lpStartAddress, lpParameter, dwCreationFlags, lpThreadId, false);
}
HANDLE WINAPI CreateThread(LPSECURITY_ATTRIBUTES lpThreadAttributes, SIZE_T dwStackSize,
                           LPTHREAD_START_ROUTINE lpStartAddress, LPVOID lpParameter, DWORD dwCreationFlags,
                           LPDWORD lpThreadId) {
  OVL_TRACE_RETURN(event, "CreateThread", HANDLE,
                   CreateThread_impl(lpThreadAttributes, dwStackSize, lpStartAddress, lpParameter, dwCreationFlags,
                                     lpThreadId),
                   .ptr("sa", lpThreadAttributes).num("stack", int64_t(dwStackSize))
                   .ptr("fn", reinterpret_cast<void*>(lpStartAddress)).ptr("param", lpParameter)
                   .hex("flags", dwCreationFlags).out_u32("tid", lpThreadId, r != nullptr).ret_handle(r));
}

// ExitThread: ends the calling thread; its handle is signalled with dwExitCode.
void WINAPI ExitThread(DWORD dwExitCode) {
  // Written before the thread ends: ExitThread never returns.
  OVL_TRACE_LINE(event, "ExitThread", .num("code", dwExitCode).ret_void());
  finish_self(dwExitCode);
  exit_native_thread();
}

static BOOL GetExitCodeThread_impl(HANDLE hThread, LPDWORD lpExitCode) {
  if (reinterpret_cast<uintptr_t>(hThread) == ovl::win32::pseudo_current_thread) {
    if (lpExitCode) *lpExitCode = STILL_ACTIVE;
    return TRUE;
  }
  ref<thread_object> t = thread_from_handle(hThread);
  if (!t) {
    set_last_error(ERROR_INVALID_HANDLE);
    return FALSE;
  }
  if (!lpExitCode) {
    set_last_error(ERROR_NOACCESS);
    return FALSE;
  }
  *lpExitCode = t->exit_code();
  return TRUE;
}
BOOL WINAPI GetExitCodeThread(HANDLE hThread, LPDWORD lpExitCode) {
  OVL_TRACE_RETURN(event, "GetExitCodeThread", BOOL, GetExitCodeThread_impl(hThread, lpExitCode),
                   .handle("h", hThread).out_u32("code", lpExitCode, r).ret_bool(r));
}

// ResumeThread: returns the previous suspend count.
static DWORD ResumeThread_impl(HANDLE hThread) {
  ref<thread_object> t = thread_from_handle(hThread);
  if (!t) {
    set_last_error(ERROR_INVALID_HANDLE);
    return DWORD(-1);
  }
  uint32_t prev = t->suspend_count.load();
  while (prev > 0 && !t->suspend_count.compare_exchange_weak(prev, prev - 1)) {
  }
  if (prev == 1) futex_wake(&t->suspend_count, 1);
  return prev;
}
DWORD WINAPI ResumeThread(HANDLE hThread) {
  OVL_TRACE_RETURN(event, "ResumeThread", DWORD, ResumeThread_impl(hThread),
                   .handle("h", hThread).ret_num(r, r == DWORD(-1)));
}

// SuspendThread
// Differs from Windows: a running thread cannot be suspended from outside on Linux; fails with
// ERROR_CALL_NOT_IMPLEMENTED.
static DWORD SuspendThread_impl(HANDLE hThread) {
  set_last_error(ERROR_CALL_NOT_IMPLEMENTED);
  return DWORD(-1);
}
DWORD WINAPI SuspendThread(HANDLE hThread) {
  OVL_TRACE_RETURN(event, "SuspendThread", DWORD, SuspendThread_impl(hThread),
                   .handle("h", hThread).ret_num(r, r == DWORD(-1)));
}

// TerminateThread
// Differs from Windows: not supported (no safe way to kill a thread); ERROR_CALL_NOT_IMPLEMENTED.
static BOOL TerminateThread_impl(HANDLE hThread, DWORD dwExitCode) {
  set_last_error(ERROR_CALL_NOT_IMPLEMENTED);
  return FALSE;
}
BOOL WINAPI TerminateThread(HANDLE hThread, DWORD dwExitCode) {
  OVL_TRACE_RETURN(event, "TerminateThread", BOOL, TerminateThread_impl(hThread, dwExitCode),
                   .handle("h", hThread).num("code", dwExitCode).ret_bool(r));
}

DWORD WINAPI GetCurrentThreadId(void) { return current_tid(); }
HANDLE WINAPI GetCurrentThread(void) { return reinterpret_cast<HANDLE>(ovl::win32::pseudo_current_thread); }
DWORD WINAPI GetCurrentProcessId(void) { return process_id(); }
HANDLE WINAPI GetCurrentProcess(void) { return reinterpret_cast<HANDLE>(ovl::win32::pseudo_current_process); }
BOOL WINAPI SwitchToThread(void) {
  yield_thread();
  return TRUE;
}

// QueueUserAPC: queues pfnAPC(dwData) to the thread; it runs during that thread's next
// alertable wait. Returns 0 with ERROR_INVALID_HANDLE for a bad handle, or
// ERROR_GEN_FAILURE if the thread has exited.
static DWORD QueueUserAPC_impl(PAPCFUNC pfnAPC, HANDLE hThread, ULONG_PTR dwData) {
  if (!pfnAPC) {
    set_last_error(ERROR_INVALID_PARAMETER);
    return 0;
  }
  thread_ctx* target = nullptr;
  ref<thread_object> t;
  if (reinterpret_cast<uintptr_t>(hThread) == ovl::win32::pseudo_current_thread) {
    target = current_thread();
  } else {
    t = thread_from_handle(hThread);
    if (!t) {
      set_last_error(ERROR_INVALID_HANDLE);
      return 0;
    }
    target = t->ctx();
    if (!target) {
      // Not started yet (CREATE_SUSPENDED or just created): wait until it has a context.
      for (int i = 0; i < 100000 && !(target = t->ctx()); ++i) yield_thread();
      if (!target) {
        set_last_error(ERROR_GEN_FAILURE);
        return 0;
      }
    }
  }
  auto* a = new user_apc{apc_node{nullptr, run_user_apc}, pfnAPC, dwData};
  if (!target->queue_apc(&a->node)) {
    delete a;
    set_last_error(ERROR_GEN_FAILURE);
    return 0;
  }
  return 1;
}
DWORD WINAPI QueueUserAPC(PAPCFUNC pfnAPC, HANDLE hThread, ULONG_PTR dwData) {
  OVL_TRACE_RETURN(apc, "QueueUserAPC", DWORD, QueueUserAPC_impl(pfnAPC, hThread, dwData),
                   .ptr("fn", reinterpret_cast<void*>(pfnAPC)).handle("thread", hThread).hex("data", dwData)
                   .ret_num(r, r == 0));
}

// _beginthreadex / _endthreadex / _beginthread / _endthread (MSVC CRT)
static uintptr_t _beginthreadex_impl(void* security, unsigned stack_size, unsigned(__stdcall* start)(void*),
                                     void* arglist, unsigned initflag, unsigned* thrdaddr) {
  if (!start) return 0;
  DWORD tid = 0;
  HANDLE h = create_thread(stack_size, reinterpret_cast<DWORD (*)(void*)>(start), arglist, initflag, &tid, false);
  if (thrdaddr) *thrdaddr = tid;
  return reinterpret_cast<uintptr_t>(h);
}
uintptr_t __cdecl _beginthreadex(void* security, unsigned stack_size, unsigned(__stdcall* start)(void*), void* arglist,
                                 unsigned initflag, unsigned* thrdaddr) {
  OVL_TRACE_RETURN(event, "_beginthreadex", uintptr_t,
                   _beginthreadex_impl(security, stack_size, start, arglist, initflag, thrdaddr),
                   .ptr("security", security).num("stack", stack_size).ptr("fn", reinterpret_cast<void*>(start))
                   .ptr("arg", arglist).hex("flags", initflag).out_u32("tid", thrdaddr, r != 0)
                   .ret_handle(reinterpret_cast<void*>(r)));
}

void __cdecl _endthreadex(unsigned retval) { ExitThread(retval); }

static uintptr_t _beginthread_impl(void(__cdecl* start)(void*), unsigned stack_size, void* arglist) {
  if (!start) return uintptr_t(-1);
  auto* a = new begin_thread_args{start, arglist};
  HANDLE h = create_thread(stack_size, begin_thread_trampoline, a, 0, nullptr, true);
  if (!h) {
    delete a;
    return uintptr_t(-1);
  }
  return reinterpret_cast<uintptr_t>(h);
}
uintptr_t __cdecl _beginthread(void(__cdecl* start)(void*), unsigned stack_size, void* arglist) {
  OVL_TRACE_RETURN(event, "_beginthread", uintptr_t, _beginthread_impl(start, stack_size, arglist),
                   .ptr("fn", reinterpret_cast<void*>(start)).num("stack", stack_size).ptr("arg", arglist)
                   .ret_handle(reinterpret_cast<void*>(r)));
}

void __cdecl _endthread(void) { ExitThread(0); }

}  // extern "C"
