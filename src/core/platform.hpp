// Small Linux services the veneer needs but must not include Linux headers for: processor
// count, page size, clocks, starting a native thread, exiting the calling thread.
// Neutral header.
#pragma once
#include <cstddef>
#include <cstdint>

namespace ovl::detail {

uint32_t cpu_count();
uint32_t page_size();
uint64_t monotonic_ms();
uint64_t monotonic_ns_now();
void sleep_ms(uint32_t ms);
void yield_thread();
uint32_t process_id();

// Starts a detached native thread running entry(arg). Returns 0 or an errno value.
int start_native_thread(size_t stack_size, void (*entry)(void*), void* arg);
// Ends the calling native thread (unwinds its stack; thread_local destructors run).
[[noreturn]] void exit_native_thread();

}  // namespace ovl::detail
