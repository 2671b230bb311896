// Who polls the process's default engine: a thread blocked in a wait, or the I/O thread.
//
// On io_uring a request's completion work (task_work) runs on the thread that submitted it, and
// with either engine the thread that reaps a completion is the one that delivers it. A thread
// that waits for its own overlapped I/O (model I: events; model II: alertable waits) therefore
// wakes once if it reaps the engine itself, against two or three wake-ups when the I/O thread
// reaps and then wakes it. So a thread that sleeps in wait_objects takes the *lease* when it is
// free and polls the default engine instead of parking on its futex; the I/O thread only polls
// when no waiting thread has for a grace period (or when a thread that could not get the lease
// is left without a poller). Neutral header.
#pragma once
#include <atomic>
#include <cstdint>

namespace ovl::detail {

class engine;
class thread_ctx;

// The default engine once it exists (nullptr before the first socket: waits that never touch a
// socket do not create it).
engine* default_engine_if_started() noexcept;

// Sleeps until t's wait word (armed by the caller, t == the calling thread) is claimed, or until
// deadline_ns (0 = none; then the word is claimed with wake_timeout). Holding the lease, the
// thread polls the default engine instead of parking on its futex, so the completions it waits
// for are reaped and delivered on this thread; otherwise it parks as a listed waiter, and a
// wake_lease claim tells it that the lease is free (its caller re-examines and sleeps again).
void sleep_until_claimed(thread_ctx* t, uint64_t deadline_ns);

// The I/O thread's loop (never returns): polls e when no waiting thread holds the lease, and
// sweeps idle completion ports.
[[noreturn]] void lease_io_thread_loop(engine* e);

// Wakes a thread whose wait word was just claimed: a futex wake, or an engine wake when it
// polls an engine (futex_wake cannot reach a thread inside io_uring_enter/epoll_wait); nothing
// when it is the calling thread (it is awake, and its poll returns after the dispatch).
void wake_thread(thread_ctx* t) noexcept;

}  // namespace ovl::detail
