// Shared by the headless user32 files (user32_window.cpp: classes, windows, controls, text;
// user32_message.cpp: the message loop, posting, sending, timers; async_select.cpp): the
// window object and the window table, A/W text conversion, and the call into a window
// procedure. Win32-side header (includes <windows.h>); core is reached through
// core/message_queue.hpp only.
#pragma once
#include <windows.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/message_queue.hpp"

namespace ovl::win32::user32 {

enum class builtin : uint8_t { none, button, edit, static_text, listbox };

struct wnd_class {
  std::wstring name;
  ATOM atom = 0;
  WNDPROC proc = nullptr;
  bool unicode = false;  // registered with RegisterClass(Ex)W
  UINT style = 0;
  int cls_extra = 0;
  int wnd_extra = 0;
  HINSTANCE instance = nullptr;
  HICON icon = nullptr;
  HICON icon_small = nullptr;
  HCURSOR cursor = nullptr;
  HBRUSH background = nullptr;
  builtin kind = builtin::none;
  std::atomic<int> windows{0};  // live windows (UnregisterClass refuses while non-zero)
};

struct window {
  HWND hwnd = nullptr;
  std::shared_ptr<wnd_class> cls;
  detail::message_queue* queue = nullptr;  // the creating thread's queue (referenced)
  uint32_t tid = 0;
  HWND parent = nullptr;  // HWND_MESSAGE for a message-only window
  HINSTANCE instance = nullptr;
  std::atomic<WNDPROC> proc{nullptr};
  std::atomic<bool> proc_unicode{false};
  std::atomic<LONG_PTR> user_data{0};
  std::atomic<LONG_PTR> id{0};
  std::atomic<LONG> style{0};
  std::atomic<LONG> ex_style{0};
  std::atomic<int> state{0};  // 0 alive, 1 being destroyed (WM_DESTROY sent), 2 gone
  std::atomic<bool> visible{false};
  std::atomic<bool> enabled{true};

  std::mutex lock;  // everything below
  std::wstring text;
  std::vector<unsigned char> extra;  // cbWndExtra bytes
  RECT rect{};
  size_t sel_start = 0, sel_end = 0;  // edit
  int check = 0;                      // button
  int cur_sel = -1;                   // listbox
  std::vector<std::wstring> items;    // listbox

  ~window();
};

// The window table: HWND = generation << 16 | slot, so a destroyed HWND stays invalid
// (ERROR_INVALID_WINDOW_HANDLE) until its slot's generation wraps (32767 reuses).
std::shared_ptr<window> window_get(HWND h);  // null unless alive (state 0 or 1)
// Like window_get, and sets ERROR_INVALID_WINDOW_HANDLE when null.
std::shared_ptr<window> window_get_or_fail(HWND h);
std::vector<std::shared_ptr<window>> window_children(HWND parent);
std::vector<std::shared_ptr<window>> window_top_levels();

// Text: A strings are UTF-8; bytes that are not valid UTF-8 round-trip through U+DC80..U+DCFF.
std::wstring a_to_w(const char* s, size_t n = size_t(-1));
std::string w_to_a(const std::wstring& w);

// Calls the window's procedure on the calling thread with a message in the caller's charset
// (converting text messages when the procedure is of the other one).
LRESULT call_window(window* w, UINT msg, WPARAM wp, LPARAM lp, bool caller_unicode);
// SendMessage: direct call on the window's thread, a blocking cross-thread send otherwise.
LRESULT send_message(HWND h, UINT msg, WPARAM wp, LPARAM lp, bool caller_unicode);
// PostMessage to a window (any thread): false + ERROR_INVALID_WINDOW_HANDLE if it is gone.
bool post_message(HWND h, UINT msg, WPARAM wp, LPARAM lp);

// The builtin window procedure of a predefined class, in both charsets.
LRESULT builtin_proc(window* w, UINT msg, WPARAM wp, LPARAM lp, bool unicode);
// A predefined class's exported WNDPROC → its kind (none for anything else).
builtin builtin_of(WNDPROC p);
WNDPROC builtin_wndproc(builtin kind, bool unicode);
LRESULT default_proc(HWND h, UINT msg, WPARAM wp, LPARAM lp, bool unicode);

// Headless output of edit/listbox text (stdout, '\r' dropped, flushed).
void log_text(const std::wstring& text, bool ensure_newline);

}  // namespace ovl::win32::user32
