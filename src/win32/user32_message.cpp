// Headless user32, the message half: GetMessage/PeekMessage/WaitMessage, DispatchMessage,
// PostMessage/PostThreadMessage/SendMessage (cross-thread sends run on the window's thread),
// PostQuitMessage, SetTimer/KillTimer, CallWindowProc, RegisterWindowMessage. The queue itself
// (order, blocking, timers) is core/message_queue; windows and procedures are in
// user32_window.cpp.
#include <windows.h>

#include <map>
#include <mutex>
#include <string>

#include "core/message_queue.hpp"
#include "core/thread.hpp"
#include "win32/trace.hpp"
#include "win32/user32_internal.hpp"
#include "win32/win32_internal.hpp"

using ovl::detail::message_queue;
using ovl::detail::queued_message;
using ovl::win32::set_last_error;
using namespace ovl::win32::user32;

namespace ovl::win32::user32 {

namespace {

thread_local int tls_in_send = 0;
thread_local DWORD tls_msg_time = 0;

// Runs on the window's thread, from inside its GetMessage/PeekMessage/SendMessage.
intptr_t invoke_sent(detail::sent_message* s) {
  std::shared_ptr<window> w = window_get(reinterpret_cast<HWND>(s->msg.hwnd));
  if (!w) return 0;
  ++tls_in_send;
  LRESULT r = call_window(w.get(), s->msg.message, s->msg.wparam, s->msg.lparam, s->context != nullptr);
  --tls_in_send;
  return r;
}

}  // namespace

LRESULT send_message(HWND h, UINT msg, WPARAM wp, LPARAM lp, bool unicode) {
  std::shared_ptr<window> w = window_get_or_fail(h);
  if (!w) return 0;
  if (w->tid == detail::current_tid()) return call_window(w.get(), msg, wp, lp, unicode);
  detail::sent_message s;
  s.msg = queued_message{reinterpret_cast<uintptr_t>(h), msg, wp, lp, 0};
  s.invoke = invoke_sent;
  s.context = unicode ? &s : nullptr;  // non-null: the sender used the W function
  if (!w->queue->send(&s)) {
    set_last_error(ERROR_INVALID_WINDOW_HANDLE);  // the window's thread has ended
    return 0;
  }
  return s.result;
}

bool post_message(HWND h, UINT msg, WPARAM wp, LPARAM lp) {
  std::shared_ptr<window> w = window_get_or_fail(h);
  if (!w) return false;
  if (!w->queue->post(queued_message{reinterpret_cast<uintptr_t>(h), msg, wp, lp, 0})) {
    set_last_error(ERROR_INVALID_WINDOW_HANDLE);
    return false;
  }
  return true;
}

}  // namespace ovl::win32::user32

namespace {

// Messages whose parameters point into the sender's memory cannot be posted (Windows:
// ERROR_MESSAGE_SYNC_ONLY).
bool carries_pointer(UINT msg) {
  switch (msg) {
    case WM_CREATE:
    case WM_NCCREATE:
    case WM_SETTEXT:
    case WM_GETTEXT:
    case WM_GETMINMAXINFO:
    case WM_COPYDATA:
    case WM_NCCALCSIZE:
    case WM_WINDOWPOSCHANGING:
    case WM_WINDOWPOSCHANGED:
    case EM_REPLACESEL:
    case EM_GETLINE:
    case EM_GETSEL:
    case LB_ADDSTRING:
    case LB_INSERTSTRING:
    case LB_GETTEXT:
      return true;
    default:
      return false;
  }
}

// 1: a message, 0: none (PeekMessage), -1: bad window filter.
int fetch(LPMSG out, HWND h, UINT mn, UINT mx, bool remove, uint32_t timeout) {
  ovl::detail::message_filter f;
  if (h == reinterpret_cast<HWND>(intptr_t(-1))) {
    f.hwnd = ovl::detail::filter_thread_only;
  } else if (h) {
    std::shared_ptr<window> w = window_get(h);
    if (!w || w->tid != ovl::detail::current_tid()) {
      set_last_error(ERROR_INVALID_WINDOW_HANDLE);
      return -1;
    }
    f.hwnd = reinterpret_cast<uintptr_t>(h);
  }
  f.min = mn;
  f.max = mx;
  queued_message m;
  if (!message_queue::current()->get(&m, f, remove, timeout)) return 0;
  out->hwnd = reinterpret_cast<HWND>(m.hwnd);
  out->message = m.message;
  out->wParam = m.wparam;
  out->lParam = m.lparam;
  out->time = m.time;
  out->pt = POINT{0, 0};
  tls_msg_time = m.time;
  return 1;
}

BOOL get_message(LPMSG m, HWND h, UINT mn, UINT mx) {
  if (!m) {
    set_last_error(ERROR_NOACCESS);
    return -1;
  }
  int r = fetch(m, h, mn, mx, true, INFINITE);
  if (r < 0) return -1;
  return m->message != WM_QUIT;
}

BOOL peek_message(LPMSG m, HWND h, UINT mn, UINT mx, UINT flags) {
  if (!m) {
    set_last_error(ERROR_NOACCESS);
    return FALSE;
  }
  return fetch(m, h, mn, mx, (flags & PM_REMOVE) != 0, 0) > 0;
}

LRESULT dispatch(const MSG* m, bool unicode) {
  if (!m) {
    set_last_error(ERROR_INVALID_PARAMETER);
    return 0;
  }
  // WM_TIMER with a TIMERPROC: DispatchMessage calls it instead of the window procedure.
  if (m->message == WM_TIMER && m->lParam) {
    reinterpret_cast<TIMERPROC>(m->lParam)(m->hwnd, WM_TIMER, m->wParam, GetTickCount());
    return 0;
  }
  if (!m->hwnd) return 0;  // a thread message: nothing to dispatch to
  std::shared_ptr<window> w = window_get_or_fail(m->hwnd);
  if (!w) return 0;
  if (w->tid != ovl::detail::current_tid()) {
    set_last_error(ERROR_MESSAGE_SYNC_ONLY);
    return 0;
  }
  return call_window(w.get(), m->message, m->wParam, m->lParam, unicode);
}

BOOL post_thread_message(DWORD tid, UINT msg, WPARAM wp, LPARAM lp) {
  if (carries_pointer(msg)) {
    set_last_error(ERROR_MESSAGE_SYNC_ONLY);
    return FALSE;
  }
  message_queue* q = message_queue::find(tid);
  if (!q) {
    set_last_error(ERROR_INVALID_THREAD_ID);
    return FALSE;
  }
  bool ok = q->post(queued_message{0, msg, wp, lp, 0});
  q->release();
  if (!ok) set_last_error(ERROR_INVALID_THREAD_ID);
  return ok ? TRUE : FALSE;
}

BOOL post(HWND h, UINT msg, WPARAM wp, LPARAM lp) {
  if (!h) return post_thread_message(ovl::detail::current_tid(), msg, wp, lp);
  if (carries_pointer(msg)) {
    set_last_error(ERROR_MESSAGE_SYNC_ONLY);
    return FALSE;
  }
  if (h == HWND_BROADCAST) {
    for (auto& w : window_top_levels()) post_message(w->hwnd, msg, wp, lp);
    return TRUE;
  }
  return post_message(h, msg, wp, lp) ? TRUE : FALSE;
}

LRESULT send(HWND h, UINT msg, WPARAM wp, LPARAM lp, bool unicode) {
  if (h == HWND_BROADCAST) {
    for (auto& w : window_top_levels()) send_message(w->hwnd, msg, wp, lp, unicode);
    return 0;
  }
  return send_message(h, msg, wp, lp, unicode);
}

LRESULT call_proc(WNDPROC prev, HWND h, UINT msg, WPARAM wp, LPARAM lp, bool unicode) {
  if (!prev) return 0;
  if (builtin k = builtin_of(prev); k != builtin::none) return builtin_wndproc(k, unicode)(h, msg, wp, lp);
  return prev(h, msg, wp, lp);
}

struct message_names {
  std::mutex lock;
  std::map<std::wstring, UINT> ids;
  UINT next = 0xC100;
};

UINT register_message(std::wstring name) {
  if (name.empty()) {
    set_last_error(ERROR_INVALID_PARAMETER);
    return 0;
  }
  for (auto& c : name) c = wchar_t(towlower(wint_t(c)));
  static message_names* names = new message_names;
  std::lock_guard<std::mutex> g(names->lock);
  auto it = names->ids.find(name);
  if (it != names->ids.end()) return it->second;
  if (names->next > 0xFFFF) return 0;
  return names->ids[name] = names->next++;
}

}  // namespace

extern "C" {

// GetMessageA / GetMessageW
// Blocks until a message for the calling thread arrives: messages sent from other threads
// are run first (never returned), then posted messages in FIFO order, then WM_QUIT, then a due
// WM_TIMER. Returns 0 for WM_QUIT (wParam = PostQuitMessage's code), -1 for a window that is not
// the calling thread's (ERROR_INVALID_WINDOW_HANDLE). hWnd (HWND)-1: thread messages only.
// A post from another thread wakes the blocked thread at once (futex, no polling); a timer
// wakes it at its due time. Differs from Windows: no input, paint or hook messages exist;
// MSG.pt is always (0,0). Test: tests/win32/user32_message.c, user32_threads.c.
BOOL WINAPI GetMessageA(LPMSG m, HWND h, UINT mn, UINT mx) {
  OVL_TRACE_RETURN(user32, "GetMessageA", BOOL, get_message(m, h, mn, mx),
                   .msg("msg", m, r != -1).handle("hwnd", h).num("min", mn).num("max", mx).ret_num(r, r == -1));
}
BOOL WINAPI GetMessageW(LPMSG m, HWND h, UINT mn, UINT mx) {
  OVL_TRACE_RETURN(user32, "GetMessageW", BOOL, get_message(m, h, mn, mx),
                   .msg("msg", m, r != -1).handle("hwnd", h).num("min", mn).num("max", mx).ret_num(r, r == -1));
}

// PeekMessageA / PeekMessageW: as GetMessage without waiting; PM_NOREMOVE leaves the message.
BOOL WINAPI PeekMessageA(LPMSG m, HWND h, UINT mn, UINT mx, UINT flags) {
  OVL_TRACE_RETURN(user32, "PeekMessageA", BOOL, peek_message(m, h, mn, mx, flags),
                   .msg("msg", m, r).handle("hwnd", h).num("min", mn).num("max", mx).hex("flags", flags)
                   .ret_num(r, false));
}
BOOL WINAPI PeekMessageW(LPMSG m, HWND h, UINT mn, UINT mx, UINT flags) {
  OVL_TRACE_RETURN(user32, "PeekMessageW", BOOL, peek_message(m, h, mn, mx, flags),
                   .msg("msg", m, r).handle("hwnd", h).num("min", mn).num("max", mx).hex("flags", flags)
                   .ret_num(r, false));
}

// WaitMessage: returns once the queue has a message (or a sent message ran).
// Differs from Windows: messages already queued but not yet looked at also end the wait.
static BOOL WaitMessage_impl(void) {
  queued_message m;
  message_queue::current()->get(&m, ovl::detail::message_filter{}, false, INFINITE);
  return TRUE;
}
BOOL WINAPI WaitMessage(void) { OVL_TRACE_RETURN(user32, "WaitMessage", BOOL, WaitMessage_impl(), .ret_bool(r)); }

// TranslateMessage: there are no key messages to translate; FALSE.
BOOL WINAPI TranslateMessage(const MSG*) { return FALSE; }

// DispatchMessageA / DispatchMessageW: calls the window procedure (or the TIMERPROC of a
// WM_TIMER) and returns its result; 0 for a thread message or a destroyed window.
LRESULT WINAPI DispatchMessageA(const MSG* m) {
  OVL_TRACE_RETURN(user32, "DispatchMessageA", LRESULT, dispatch(m, false), .msg("msg", m, true).ret_num(r, false));
}
LRESULT WINAPI DispatchMessageW(const MSG* m) {
  OVL_TRACE_RETURN(user32, "DispatchMessageW", LRESULT, dispatch(m, true), .msg("msg", m, true).ret_num(r, false));
}

// IsDialogMessageA/W: no dialog navigation without a keyboard; FALSE (not processed).
BOOL WINAPI IsDialogMessageA(HWND, LPMSG) { return FALSE; }
BOOL WINAPI IsDialogMessageW(HWND, LPMSG) { return FALSE; }

// PostMessageA / PostMessageW
// Any thread: queues the message to the window's thread and wakes it. NULL hWnd posts a
// thread message to the calling thread; HWND_BROADCAST posts to every top-level window.
// FALSE + ERROR_INVALID_WINDOW_HANDLE for a destroyed window (or one whose thread ended),
// ERROR_MESSAGE_SYNC_ONLY for a message that carries a pointer (WM_SETTEXT, ...).
// Test: tests/win32/user32_message.c, user32_threads.c.
BOOL WINAPI PostMessageA(HWND h, UINT msg, WPARAM wp, LPARAM lp) {
  OVL_TRACE_RETURN(user32, "PostMessageA", BOOL, post(h, msg, wp, lp),
                   .handle("hwnd", h).message("msg", msg).hex("wParam", wp).hex("lParam", uint64_t(lp)).ret_bool(r));
}
BOOL WINAPI PostMessageW(HWND h, UINT msg, WPARAM wp, LPARAM lp) {
  OVL_TRACE_RETURN(user32, "PostMessageW", BOOL, post(h, msg, wp, lp),
                   .handle("hwnd", h).message("msg", msg).hex("wParam", wp).hex("lParam", uint64_t(lp)).ret_bool(r));
}

// PostThreadMessageA / PostThreadMessageW: ERROR_INVALID_THREAD_ID unless the thread has a
// message queue (it has one once it called any message function or created a window).
BOOL WINAPI PostThreadMessageA(DWORD tid, UINT msg, WPARAM wp, LPARAM lp) {
  OVL_TRACE_RETURN(user32, "PostThreadMessageA", BOOL, post_thread_message(tid, msg, wp, lp),
                   .num("tid", tid).message("msg", msg).hex("wParam", wp).hex("lParam", uint64_t(lp)).ret_bool(r));
}
BOOL WINAPI PostThreadMessageW(DWORD tid, UINT msg, WPARAM wp, LPARAM lp) {
  OVL_TRACE_RETURN(user32, "PostThreadMessageW", BOOL, post_thread_message(tid, msg, wp, lp),
                   .num("tid", tid).message("msg", msg).hex("wParam", wp).hex("lParam", uint64_t(lp)).ret_bool(r));
}

// SendMessageA / SendMessageW
// Same thread: calls the window procedure directly. Another thread: queues a sent message
// that the window's thread runs inside its next GetMessage/PeekMessage/SendMessage, and blocks
// until it returns, meanwhile running messages sent to the caller (no deadlock when two threads
// send to each other). 0 + ERROR_INVALID_WINDOW_HANDLE for a destroyed window or ended thread.
// Differs from Windows: no SendMessageTimeout/SendNotifyMessage. Test: user32_threads.c.
LRESULT WINAPI SendMessageA(HWND h, UINT msg, WPARAM wp, LPARAM lp) {
  OVL_TRACE_RETURN(user32, "SendMessageA", LRESULT, send(h, msg, wp, lp, false),
                   .handle("hwnd", h).message("msg", msg).hex("wParam", wp).hex("lParam", uint64_t(lp))
                   .ret_num(r, false));
}
LRESULT WINAPI SendMessageW(HWND h, UINT msg, WPARAM wp, LPARAM lp) {
  OVL_TRACE_RETURN(user32, "SendMessageW", LRESULT, send(h, msg, wp, lp, true),
                   .handle("hwnd", h).message("msg", msg).hex("wParam", wp).hex("lParam", uint64_t(lp))
                   .ret_num(r, false));
}

// PostQuitMessage: the calling thread's next GetMessage, once its posted messages are taken,
// returns 0 with WM_QUIT and wParam = nExitCode.
static VOID PostQuitMessage_impl(int code) { message_queue::current()->post_quit(code); }
VOID WINAPI PostQuitMessage(int code) {
  OVL_TRACE_VOID(user32, "PostQuitMessage", PostQuitMessage_impl(code), .num("code", code).ret_void());
}

LRESULT WINAPI CallWindowProcA(WNDPROC prev, HWND h, UINT msg, WPARAM wp, LPARAM lp) {
  return call_proc(prev, h, msg, wp, lp, false);
}
LRESULT WINAPI CallWindowProcW(WNDPROC prev, HWND h, UINT msg, WPARAM wp, LPARAM lp) {
  return call_proc(prev, h, msg, wp, lp, true);
}

// RegisterWindowMessageA/W: the same id (0xC100..0xFFFF) for the same name, case-insensitive.
UINT WINAPI RegisterWindowMessageA(LPCSTR name) {
  if (!name) {
    set_last_error(ERROR_INVALID_PARAMETER);
    return 0;
  }
  return register_message(a_to_w(name));
}
UINT WINAPI RegisterWindowMessageW(LPCWSTR name) {
  if (!name) {
    set_last_error(ERROR_INVALID_PARAMETER);
    return 0;
  }
  return register_message(name);
}

BOOL WINAPI InSendMessage(void) { return tls_in_send > 0; }
DWORD WINAPI GetMessageTime(void) { return tls_msg_time; }

// SetTimer
// A WM_TIMER (wParam = id, lParam = the TIMERPROC or 0) is generated on the owning thread's
// queue each time the period elapses, at lowest priority, never more than one pending per timer.
// uElapse is clamped to [USER_TIMER_MINIMUM, USER_TIMER_MAXIMUM]. hWnd NULL: a thread timer
// with a new id (unless nIDEvent names an existing one), returned. Same (hWnd, id) again
// resets the timer. Test: tests/win32/user32_timer.c.
static UINT_PTR SetTimer_impl(HWND h, UINT_PTR id, UINT elapse, TIMERPROC proc) {
  if (elapse < USER_TIMER_MINIMUM) elapse = USER_TIMER_MINIMUM;
  if (elapse > USER_TIMER_MAXIMUM) elapse = USER_TIMER_MAXIMUM;
  if (!h) return message_queue::current()->set_timer(0, id, elapse, reinterpret_cast<uintptr_t>(proc));
  std::shared_ptr<window> w = window_get_or_fail(h);
  if (!w) return 0;
  uintptr_t r = w->queue->set_timer(reinterpret_cast<uintptr_t>(h), id, elapse, reinterpret_cast<uintptr_t>(proc));
  return r ? r : 1;
}
UINT_PTR WINAPI SetTimer(HWND h, UINT_PTR id, UINT elapse, TIMERPROC proc) {
  OVL_TRACE_RETURN(user32, "SetTimer", UINT_PTR, SetTimer_impl(h, id, elapse, proc),
                   .handle("hwnd", h).hex("id", id).num("ms", elapse).ptr("proc", reinterpret_cast<void*>(proc))
                   .ret_hex(r, r == 0));
}

// KillTimer: stops the timer at once (no WM_TIMER for it is retrieved afterwards).
// FALSE for an unknown timer.
static BOOL KillTimer_impl(HWND h, UINT_PTR id) {
  if (!h) return message_queue::current()->kill_timer(0, id) ? TRUE : FALSE;
  std::shared_ptr<window> w = window_get_or_fail(h);
  if (!w) return FALSE;
  return w->queue->kill_timer(reinterpret_cast<uintptr_t>(h), id) ? TRUE : FALSE;
}
BOOL WINAPI KillTimer(HWND h, UINT_PTR id) {
  OVL_TRACE_RETURN(user32, "KillTimer", BOOL, KillTimer_impl(h, id), .handle("hwnd", h).hex("id", id).ret_bool(r));
}

}  // extern "C"
