// CRITICAL_SECTION: a recursive lock laid out in Windows' 40-byte RTL_CRITICAL_SECTION.
// LockCount is the futex word (0 free, 1 held, 2 held with sleepers), OwningThread the owner's
// thread ID, RecursionCount the depth. SpinCount is honoured before sleeping.
#include <windows.h>

#include <atomic>

#include "core/completion_port.hpp"
#include "core/thread.hpp"
#include "sys/futex.hpp"

namespace {

std::atomic<uint32_t>* word(LPCRITICAL_SECTION cs) {
  static_assert(sizeof(cs->LockCount) == sizeof(std::atomic<uint32_t>));
  return reinterpret_cast<std::atomic<uint32_t>*>(&cs->LockCount);
}

uintptr_t owner(LPCRITICAL_SECTION cs) {
  return __atomic_load_n(reinterpret_cast<uintptr_t*>(&cs->OwningThread), __ATOMIC_RELAXED);
}
void set_owner(LPCRITICAL_SECTION cs, uintptr_t v) {
  __atomic_store_n(reinterpret_cast<uintptr_t*>(&cs->OwningThread), v, __ATOMIC_RELAXED);
}

bool try_acquire(std::atomic<uint32_t>* w) {
  uint32_t expect = 0;
  return w->compare_exchange_strong(expect, 1, std::memory_order_acquire);
}

void acquire(LPCRITICAL_SECTION cs) {
  std::atomic<uint32_t>* w = word(cs);
  if (try_acquire(w)) return;
  for (ULONG_PTR i = 0; i < cs->SpinCount; ++i) {
    if (w->load(std::memory_order_relaxed) == 0 && try_acquire(w)) return;
  }
  // Classic three-state futex mutex (Drepper, "Futexes Are Tricky").
  uint32_t c = w->exchange(2, std::memory_order_acquire);
  if (c == 0) return;
  // Windows sleeps on the section's event here: a completion port worker stops counting
  // against its port's concurrency while it sleeps (core/completion_port.hpp).
  ovl::detail::blocking_region blocked;
  while (c != 0) {
    ovl::detail::futex_wait(w, 2, UINT32_MAX);
    c = w->exchange(2, std::memory_order_acquire);
  }
}

}  // namespace

extern "C" {

void WINAPI InitializeCriticalSection(LPCRITICAL_SECTION cs) {
  cs->DebugInfo = nullptr;
  cs->LockCount = 0;
  cs->RecursionCount = 0;
  cs->OwningThread = nullptr;
  cs->LockSemaphore = nullptr;
  cs->SpinCount = 0;
}

BOOL WINAPI InitializeCriticalSectionAndSpinCount(LPCRITICAL_SECTION cs, DWORD spin) {
  InitializeCriticalSection(cs);
  cs->SpinCount = ovl::detail::current_thread() ? spin & 0x00FFFFFF : 0;
  return TRUE;
}

BOOL WINAPI InitializeCriticalSectionEx(LPCRITICAL_SECTION cs, DWORD spin, DWORD) {
  return InitializeCriticalSectionAndSpinCount(cs, spin);
}

DWORD WINAPI SetCriticalSectionSpinCount(LPCRITICAL_SECTION cs, DWORD spin) {
  DWORD old = DWORD(cs->SpinCount);
  cs->SpinCount = spin;
  return old;
}

void WINAPI EnterCriticalSection(LPCRITICAL_SECTION cs) {
  uintptr_t me = ovl::detail::current_tid();
  if (owner(cs) == me) {
    ++cs->RecursionCount;
    return;
  }
  acquire(cs);
  set_owner(cs, me);
  cs->RecursionCount = 1;
}

BOOL WINAPI TryEnterCriticalSection(LPCRITICAL_SECTION cs) {
  uintptr_t me = ovl::detail::current_tid();
  if (owner(cs) == me) {
    ++cs->RecursionCount;
    return TRUE;
  }
  if (!try_acquire(word(cs))) return FALSE;
  set_owner(cs, me);
  cs->RecursionCount = 1;
  return TRUE;
}

void WINAPI LeaveCriticalSection(LPCRITICAL_SECTION cs) {
  if (--cs->RecursionCount > 0) return;
  set_owner(cs, 0);
  std::atomic<uint32_t>* w = word(cs);
  if (w->exchange(0, std::memory_order_release) == 2) ovl::detail::futex_wake(w, 1);
}

void WINAPI DeleteCriticalSection(LPCRITICAL_SECTION cs) {
  cs->LockCount = 0;
  cs->RecursionCount = 0;
  cs->OwningThread = nullptr;
}

}  // extern "C"
