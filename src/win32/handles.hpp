// Resolving HANDLE values in the veneer: table handles (events, threads), sockets used as
// handles, and the pseudo-handles GetCurrentThread()/GetCurrentProcess(). Neutral header.
#pragma once
#include <cstdint>

#include "core/event.hpp"
#include "core/handle_table.hpp"
#include "core/wait.hpp"

namespace ovl::win32 {

constexpr uintptr_t pseudo_current_process = uintptr_t(-1);
constexpr uintptr_t pseudo_current_thread = uintptr_t(-2);

// The waitable object behind a handle (event, thread, socket), or null.
detail::ref<detail::waitable> waitable_from_handle(uintptr_t h);
detail::ref<detail::event_object> event_from_handle(uintptr_t h);

// The event handle an OVERLAPPED names: hEvent without its low bit (that bit only tells a
// completion port to skip the packet).
inline uintptr_t overlapped_event_handle(void* hEvent) { return reinterpret_cast<uintptr_t>(hEvent) & ~uintptr_t(1); }
// The event object an OVERLAPPED's hEvent names; *out stays null for NULL. False when hEvent
// is not an event (the call fails with WSA_INVALID_HANDLE).
bool overlapped_event(void* hEvent, detail::ref<detail::event_object>* out);

}  // namespace ovl::win32
