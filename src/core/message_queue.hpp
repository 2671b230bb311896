// The per-thread message queue behind user32's GetMessage/PeekMessage/PostMessage/SendMessage
// and SetTimer. Each thread that touches the message API gets one (created on first use, as
// Windows creates a thread's queue on its first user32 call); windows belong to the queue of
// the thread that created them. Neutral header: the win32 veneer (src/win32/user32_*.cpp)
// includes it and gives the queue Windows values for message numbers and handles.
//
// Retrieval order follows Windows: messages sent from other threads are run first (never
// returned), then posted messages in FIFO order, then WM_QUIT (from post_quit), then WM_TIMER
// for a due timer (low priority; one message per expiry however late, like Windows).
//
// Blocking: the owner parks on its thread_ctx wait_word; post/send/quit CAS the word to
// wake_message only while the owner sits in a message wait (a flag read under the queue lock),
// so a post never disturbs an unrelated WaitForSingleObject of the same thread. A timer wait is
// the futex deadline: nothing polls.
#pragma once
#include <atomic>
#include <cstdint>
#include <deque>
#include <vector>

#include "core/spinlock.hpp"

namespace ovl::detail {

class thread_ctx;
class message_queue;

// Windows' message numbers the queue itself generates.
constexpr uint32_t msg_quit = 0x0012;   // WM_QUIT
constexpr uint32_t msg_timer = 0x0113;  // WM_TIMER

struct queued_message {
  uintptr_t hwnd = 0;
  uint32_t message = 0;
  uintptr_t wparam = 0;
  intptr_t lparam = 0;
  uint32_t time = 0;  // GetTickCount clock (ms)
};

// A message sent from another thread. The sender owns it (usually on its stack) and blocks in
// message_queue::send until the receiver ran `invoke` on its own thread (or the receiver's
// thread ended: delivered stays false and result 0).
struct sent_message {
  queued_message msg;
  intptr_t (*invoke)(sent_message* self) = nullptr;  // runs on the receiving thread
  void* context = nullptr;                           // the veneer's (e.g. A/W of the caller)
  intptr_t result = 0;
  bool delivered = false;
  // Internal: set (release) once result is final; the sender's queue, referenced until woken.
  std::atomic<uint32_t> done{0};
  message_queue* reply_to = nullptr;
  sent_message* next = nullptr;
};

// What GetMessage/PeekMessage may return. hwnd: 0 = any window of the thread or a thread
// message; filter_thread_only = only messages with hwnd 0; else exactly that window.
// min == max == 0: every message. WM_QUIT matches every filter (as on Windows).
constexpr uintptr_t filter_thread_only = uintptr_t(-1);
struct message_filter {
  uintptr_t hwnd = 0;
  uint32_t min = 0;
  uint32_t max = 0;
};

class message_queue {
 public:
  // The calling thread's queue, created on first use (never null).
  static message_queue* current();
  // The queue of thread `tid` with a new reference, or null if it has none or has ended.
  static message_queue* find(uint32_t tid);

  void add_ref() noexcept { refs_.fetch_add(1, std::memory_order_relaxed); }
  void release() noexcept;
  uint32_t tid() const noexcept { return tid_; }
  bool alive() noexcept;

  // Any thread. Appends to the posted FIFO and wakes the owner. False once the owner ended.
  bool post(const queued_message& m);
  // Owner thread: the next retrieval after the posted messages is WM_QUIT with wParam = code.
  void post_quit(int32_t code);
  // Another thread: queues s and blocks until the owner ran it, meanwhile running messages
  // sent to the caller's own queue (so two threads sending to each other do not deadlock).
  // False (s not run) if the owner has ended.
  bool send(sent_message* s);

  // Owner thread: runs pending sent messages, then takes the next message matching f (see the
  // order above); remove=false leaves it queued (PeekMessage PM_NOREMOVE). Waits up to
  // timeout_ms (0xFFFFFFFF = forever). False on timeout.
  bool get(queued_message* out, const message_filter& f, bool remove, uint32_t timeout_ms);
  // Owner thread: runs the sent messages queued so far. Returns how many ran.
  int run_sent();
  // Owner thread: blocks until something new arrives (WaitMessage), or the timeout.
  bool wait_new(uint32_t timeout_ms);

  // Timers (WM_TIMER). hwnd 0 with an id that is not an existing thread timer allocates a new
  // id, as SetTimer(NULL, ...) does. Re-setting an existing (hwnd, id) replaces it.
  // Returns the id.
  uintptr_t set_timer(uintptr_t hwnd, uintptr_t id, uint32_t period_ms, uintptr_t proc);
  bool kill_timer(uintptr_t hwnd, uintptr_t id);
  void kill_window_timers(uintptr_t hwnd);
  // Drops queued posted messages for hwnd (a destroyed window).
  void discard_window_messages(uintptr_t hwnd);

  // Thread exit (called from thread_ctx::on_exit): the queue dies, senders are released.
  void shut_down();

 private:
  explicit message_queue(thread_ctx* owner);
  ~message_queue();
  struct timer {
    uintptr_t hwnd;
    uintptr_t id;
    uint32_t period_ms;
    uint64_t due_ns;
    uintptr_t proc;
  };
  bool take_locked(queued_message* out, const message_filter& f, bool remove, uint64_t now, uint64_t* next_due);
  void wake_locked() noexcept;
  // Parks the owner until the sequence moves past `seen`, a sent message arrives, `*flag`
  // becomes non-zero, or the deadline (0 = none). Returns false on deadline.
  bool park(uint64_t seen, uint64_t deadline_ns, const std::atomic<uint32_t>* flag);

  std::atomic<int32_t> refs_{1};
  thread_ctx* owner_;  // referenced
  uint32_t tid_;
  spinlock lock_;
  bool dead_ = false;
  bool waiting_ = false;  // the owner is parked in park()
  uint64_t seq_ = 0;      // bumped on every post / quit / timer change
  std::deque<queued_message> posted_;
  sent_message* sent_head_ = nullptr;
  sent_message* sent_tail_ = nullptr;
  bool quit_ = false;
  int32_t quit_code_ = 0;
  std::vector<timer> timers_;
};

// thread_ctx::on_exit calls this: shuts the thread's queue down and drops the reference.
void message_queue_thread_exit_hook(thread_ctx* t);

}  // namespace ovl::detail
