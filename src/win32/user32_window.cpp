// Headless user32, the window half: window classes (RegisterClass*, the predefined "button",
// "edit", "static", "listbox"), the window table, CreateWindowEx/DestroyWindow and the messages
// they send, window text and GetWindowLongPtr/SetWindowLongPtr, DefWindowProc, the builtin
// control procedures (an edit control keeps its text and echoes what is appended to stdout),
// and the do-nothing display calls (ShowWindow, UpdateWindow, MoveWindow, GDI stock objects).
// The message loop, PostMessage/SendMessage and timers are in user32_message.cpp.
#include <windows.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <cwctype>
#include <utility>
#include <map>

#include "core/platform.hpp"
#include "core/thread.hpp"
#include "win32/trace.hpp"
#include "win32/user32_internal.hpp"
#include "win32/win32_internal.hpp"

using ovl::win32::set_last_error;
namespace u = ovl::win32::user32;

namespace ovl::win32::user32 {

// ---- text conversion ----------------------------------------------------------------------

std::wstring a_to_w(const char* s, size_t n) {
  std::wstring out;
  if (!s) return out;
  if (n == size_t(-1)) n = std::strlen(s);
  const auto* p = reinterpret_cast<const unsigned char*>(s);
  size_t i = 0;
  while (i < n) {
    unsigned c = p[i];
    int len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    bool valid = len > 0 && i + len <= n;
    for (int k = 1; valid && k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) valid = false;
      else cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if (valid) {
      static const uint32_t min_cp[5] = {0, 0, 0x80, 0x800, 0x10000};
      valid = cp >= min_cp[len] && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
    }
    if (!valid) {  // not UTF-8: keep the byte (surrogate escape), so it comes back unchanged
      out.push_back(wchar_t(0xDC00 + c));
      ++i;
      continue;
    }
    out.push_back(wchar_t(cp));
    i += size_t(len);
  }
  return out;
}

std::string w_to_a(const std::wstring& w) {
  std::string out;
  out.reserve(w.size());
  for (wchar_t wc : w) {
    uint32_t c = uint32_t(wc);
    if (c >= 0xDC80 && c <= 0xDCFF) {
      out.push_back(char(c - 0xDC00));
    } else if (c < 0x80) {
      out.push_back(char(c));
    } else if (c < 0x800) {
      out.push_back(char(0xC0 | (c >> 6)));
      out.push_back(char(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
      out.push_back(char(0xE0 | (c >> 12)));
      out.push_back(char(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(char(0x80 | (c & 0x3F)));
    } else {
      out.push_back(char(0xF0 | ((c >> 18) & 0x07)));
      out.push_back(char(0x80 | ((c >> 12) & 0x3F)));
      out.push_back(char(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(char(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

namespace {

std::wstring text_arg(LPARAM lp, bool unicode) {
  if (!lp) return std::wstring();
  if (unicode) return std::wstring(reinterpret_cast<const wchar_t*>(lp));
  return a_to_w(reinterpret_cast<const char*>(lp));
}

// Copies text into a caller's buffer of `cap` characters (NUL included, truncating);
// returns the characters copied without the NUL.
LRESULT copy_out(const std::wstring& text, WPARAM cap, LPARAM buf, bool unicode) {
  if (!buf || cap == 0) return 0;
  if (unicode) {
    size_t n = std::min<size_t>(text.size(), cap - 1);
    std::wmemcpy(reinterpret_cast<wchar_t*>(buf), text.data(), n);
    reinterpret_cast<wchar_t*>(buf)[n] = 0;
    return LRESULT(n);
  }
  std::string a = w_to_a(text);
  size_t n = std::min<size_t>(a.size(), cap - 1);
  std::memcpy(reinterpret_cast<char*>(buf), a.data(), n);
  reinterpret_cast<char*>(buf)[n] = 0;
  return LRESULT(n);
}

LRESULT text_length(const std::wstring& text, bool unicode) {
  return unicode ? LRESULT(text.size()) : LRESULT(w_to_a(text).size());
}

std::mutex& log_lock() {
  static std::mutex* m = new std::mutex;
  return *m;
}

}  // namespace

void log_text(const std::wstring& text, bool ensure_newline) {
  std::string a = w_to_a(text);
  a.erase(std::remove(a.begin(), a.end(), '\r'), a.end());
  if (a.empty()) return;
  if (ensure_newline && a.back() != '\n') a.push_back('\n');
  std::lock_guard<std::mutex> g(log_lock());
  std::fwrite(a.data(), 1, a.size(), stdout);
  std::fflush(stdout);
}

// ---- the window table -----------------------------------------------------------------------

namespace {

constexpr uint32_t first_slot = 0x20;
constexpr uint32_t max_slots = 0xFFFF;

struct window_slot {
  uint16_t gen = 0;
  std::shared_ptr<window> w;
};

struct window_table {
  std::mutex lock;
  std::vector<window_slot> slots;  // index = slot - first_slot
  std::vector<uint32_t> free;
};

window_table& table() {
  static window_table* t = new window_table;  // never destroyed: windows outlive static dtors
  return *t;
}

bool split(HWND h, uint32_t* slot, uint16_t* gen) {
  uintptr_t v = reinterpret_cast<uintptr_t>(h);
  if (v >> 31) return false;
  *slot = uint32_t(v & 0xFFFF);
  *gen = uint16_t(v >> 16);
  return *slot >= first_slot && *gen != 0;
}

HWND table_insert(const std::shared_ptr<window>& w) {
  window_table& t = table();
  std::lock_guard<std::mutex> g(t.lock);
  uint32_t index;
  if (!t.free.empty()) {
    index = t.free.back();
    t.free.pop_back();
  } else {
    if (t.slots.size() >= max_slots - first_slot) return nullptr;
    index = uint32_t(t.slots.size());
    t.slots.emplace_back();
  }
  window_slot& s = t.slots[index];
  s.gen = uint16_t(s.gen % 0x7FFF + 1);
  s.w = w;
  return reinterpret_cast<HWND>(uintptr_t(s.gen) << 16 | (index + first_slot));
}

void table_remove(HWND h) {
  uint32_t slot;
  uint16_t gen;
  if (!split(h, &slot, &gen)) return;
  std::shared_ptr<window> dead;  // released outside the lock
  window_table& t = table();
  std::lock_guard<std::mutex> g(t.lock);
  uint32_t index = slot - first_slot;
  if (index >= t.slots.size() || t.slots[index].gen != gen) return;
  dead = std::move(t.slots[index].w);
  t.free.insert(t.free.begin(), index);  // FIFO reuse: a stale HWND stays stale for longer
}

template <class F>
std::vector<std::shared_ptr<window>> table_select(F&& pred) {
  std::vector<std::shared_ptr<window>> out;
  window_table& t = table();
  std::lock_guard<std::mutex> g(t.lock);
  for (auto& s : t.slots)
    if (s.w && s.w->state.load(std::memory_order_acquire) < 2 && pred(*s.w)) out.push_back(s.w);
  return out;
}

}  // namespace

window::~window() {
  if (queue) queue->release();
}

std::shared_ptr<window> window_get(HWND h) {
  uint32_t slot;
  uint16_t gen;
  if (!split(h, &slot, &gen)) return nullptr;
  window_table& t = table();
  std::lock_guard<std::mutex> g(t.lock);
  uint32_t index = slot - first_slot;
  if (index >= t.slots.size() || t.slots[index].gen != gen) return nullptr;
  const std::shared_ptr<window>& w = t.slots[index].w;
  if (!w || w->state.load(std::memory_order_acquire) >= 2) return nullptr;
  return w;
}

std::shared_ptr<window> window_get_or_fail(HWND h) {
  std::shared_ptr<window> w = window_get(h);
  if (!w) set_last_error(ERROR_INVALID_WINDOW_HANDLE);
  return w;
}

std::vector<std::shared_ptr<window>> window_children(HWND parent) {
  return table_select([parent](const window& w) { return w.parent == parent; });
}

std::vector<std::shared_ptr<window>> window_top_levels() {
  return table_select([](const window& w) { return w.parent == nullptr; });
}

// ---- classes --------------------------------------------------------------------------------

namespace {

struct class_registry {
  std::mutex lock;
  std::vector<std::shared_ptr<wnd_class>> classes;  // app classes first, then the system ones
  ATOM next_atom = 0xC000;
};

bool same_name(const std::wstring& a, const std::wstring& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::towlower(wint_t(a[i])) != std::towlower(wint_t(b[i]))) return false;
  return true;
}

LRESULT CALLBACK button_proc_a(HWND h, UINT m, WPARAM w, LPARAM l);
LRESULT CALLBACK button_proc_w(HWND h, UINT m, WPARAM w, LPARAM l);
LRESULT CALLBACK edit_proc_a(HWND h, UINT m, WPARAM w, LPARAM l);
LRESULT CALLBACK edit_proc_w(HWND h, UINT m, WPARAM w, LPARAM l);
LRESULT CALLBACK static_proc_a(HWND h, UINT m, WPARAM w, LPARAM l);
LRESULT CALLBACK static_proc_w(HWND h, UINT m, WPARAM w, LPARAM l);
LRESULT CALLBACK listbox_proc_a(HWND h, UINT m, WPARAM w, LPARAM l);
LRESULT CALLBACK listbox_proc_w(HWND h, UINT m, WPARAM w, LPARAM l);

class_registry& classes() {
  static class_registry* r = [] {
    auto* reg = new class_registry;
    struct sys {
      const wchar_t* name;
      builtin kind;
      WNDPROC proc;
    } const system[] = {{L"Button", builtin::button, button_proc_w},
                        {L"Edit", builtin::edit, edit_proc_w},
                        {L"Static", builtin::static_text, static_proc_w},
                        {L"ListBox", builtin::listbox, listbox_proc_w}};
    for (const sys& s : system) {
      auto c = std::make_shared<wnd_class>();
      c->name = s.name;
      c->atom = reg->next_atom++;
      c->proc = s.proc;
      c->unicode = true;
      c->style = CS_GLOBALCLASS | CS_DBLCLKS;
      c->kind = s.kind;
      reg->classes.push_back(std::move(c));
    }
    return reg;
  }();
  return *r;
}

// lpszClassName may be an atom (MAKEINTATOM) in its low word.
std::shared_ptr<wnd_class> find_class(const std::wstring* name, ATOM atom) {
  class_registry& r = classes();
  std::lock_guard<std::mutex> g(r.lock);
  for (auto& c : r.classes)
    if (name ? same_name(c->name, *name) : c->atom == atom) return c;
  return nullptr;
}

template <class CH>
bool is_atom(const CH* p) {
  return (reinterpret_cast<uintptr_t>(p) >> 16) == 0;
}

std::shared_ptr<wnd_class> find_class_a(LPCSTR name) {
  if (is_atom(name)) return find_class(nullptr, ATOM(reinterpret_cast<uintptr_t>(name)));
  std::wstring n = a_to_w(name);
  return find_class(&n, 0);
}

std::shared_ptr<wnd_class> find_class_w(LPCWSTR name) {
  if (is_atom(name)) return find_class(nullptr, ATOM(reinterpret_cast<uintptr_t>(name)));
  std::wstring n(name);
  return find_class(&n, 0);
}

ATOM register_class(const WNDCLASSEXW& wc, const std::wstring& name, bool unicode) {
  if (name.empty() || !wc.lpfnWndProc || wc.cbClsExtra < 0 || wc.cbWndExtra < 0) {
    set_last_error(ERROR_INVALID_PARAMETER);
    return 0;
  }
  class_registry& r = classes();
  std::lock_guard<std::mutex> g(r.lock);
  for (auto& c : r.classes) {
    // An application class may reuse a system class name (it then wins: searched first).
    if (c->kind == builtin::none && same_name(c->name, name)) {
      set_last_error(ERROR_CLASS_ALREADY_EXISTS);
      return 0;
    }
  }
  auto c = std::make_shared<wnd_class>();
  c->name = name;
  c->atom = r.next_atom++;
  c->proc = wc.lpfnWndProc;
  c->unicode = unicode;
  c->style = wc.style;
  c->cls_extra = wc.cbClsExtra;
  c->wnd_extra = wc.cbWndExtra;
  c->instance = wc.hInstance;
  c->icon = wc.hIcon;
  c->icon_small = wc.hIconSm;
  c->cursor = wc.hCursor;
  c->background = wc.hbrBackground;
  r.classes.insert(r.classes.begin(), c);
  return c->atom;
}

WNDCLASSEXW widen(const WNDCLASSEXA& a) {
  WNDCLASSEXW w{};
  w.cbSize = sizeof(w);
  w.style = a.style;
  w.lpfnWndProc = a.lpfnWndProc;
  w.cbClsExtra = a.cbClsExtra;
  w.cbWndExtra = a.cbWndExtra;
  w.hInstance = a.hInstance;
  w.hIcon = a.hIcon;
  w.hCursor = a.hCursor;
  w.hbrBackground = a.hbrBackground;
  w.hIconSm = a.hIconSm;
  return w;
}

// WNDCLASS(A/W) or WNDCLASSEX(A/W) -> the WNDCLASSEX of the same character width.
template <class EX, class WC>
EX to_ex(const WC& c) {
  EX e{};
  e.cbSize = sizeof(e);
  e.style = c.style;
  e.lpfnWndProc = c.lpfnWndProc;
  e.cbClsExtra = c.cbClsExtra;
  e.cbWndExtra = c.cbWndExtra;
  e.hInstance = c.hInstance;
  e.hIcon = c.hIcon;
  e.hCursor = c.hCursor;
  e.hbrBackground = c.hbrBackground;
  e.lpszMenuName = c.lpszMenuName;
  e.lpszClassName = c.lpszClassName;
  return e;
}

ATOM register_a(const WNDCLASSEXA& a) {
  if (!a.lpszClassName) {
    set_last_error(ERROR_INVALID_PARAMETER);
    return 0;
  }
  return register_class(widen(a), a_to_w(a.lpszClassName), false);
}

ATOM register_w(const WNDCLASSEXW& w) {
  if (!w.lpszClassName) {
    set_last_error(ERROR_INVALID_PARAMETER);
    return 0;
  }
  return register_class(w, std::wstring(w.lpszClassName), true);
}

BOOL unregister(const std::shared_ptr<wnd_class>& c) {
  if (!c || c->kind != builtin::none) {
    set_last_error(ERROR_CLASS_DOES_NOT_EXIST);
    return FALSE;
  }
  if (c->windows.load() != 0) {
    set_last_error(ERROR_CLASS_HAS_WINDOWS);
    return FALSE;
  }
  class_registry& r = classes();
  std::lock_guard<std::mutex> g(r.lock);
  r.classes.erase(std::remove(r.classes.begin(), r.classes.end(), c), r.classes.end());
  return TRUE;
}

}  // namespace

// ---- calling window procedures ---------------------------------------------------------------

builtin builtin_of(WNDPROC p) {
  if (p == edit_proc_a || p == edit_proc_w) return builtin::edit;
  if (p == button_proc_a || p == button_proc_w) return builtin::button;
  if (p == static_proc_a || p == static_proc_w) return builtin::static_text;
  if (p == listbox_proc_a || p == listbox_proc_w) return builtin::listbox;
  return builtin::none;
}

WNDPROC builtin_wndproc(builtin kind, bool unicode) {
  switch (kind) {
    case builtin::edit: return unicode ? edit_proc_w : edit_proc_a;
    case builtin::button: return unicode ? button_proc_w : button_proc_a;
    case builtin::static_text: return unicode ? static_proc_w : static_proc_a;
    case builtin::listbox: return unicode ? listbox_proc_w : listbox_proc_a;
    default: return nullptr;
  }
}

LRESULT call_window(window* w, UINT msg, WPARAM wp, LPARAM lp, bool caller_unicode) {
  WNDPROC proc = w->proc.load(std::memory_order_acquire);
  if (!proc) return 0;
  if (builtin kind = builtin_of(proc); kind != builtin::none)
    return builtin_wndproc(kind, caller_unicode)(w->hwnd, msg, wp, lp);
  const bool proc_unicode = w->proc_unicode.load(std::memory_order_relaxed);
  if (proc_unicode == caller_unicode) return proc(w->hwnd, msg, wp, lp);
  // Charset mismatch: convert the text messages (Windows does the same for these).
  switch (msg) {
    case WM_SETTEXT:
    case EM_REPLACESEL:
    case LB_ADDSTRING:
    case LB_INSERTSTRING: {
      if (!lp) break;
      std::wstring t = text_arg(lp, caller_unicode);
      if (proc_unicode) return proc(w->hwnd, msg, wp, reinterpret_cast<LPARAM>(t.c_str()));
      std::string a = w_to_a(t);
      return proc(w->hwnd, msg, wp, reinterpret_cast<LPARAM>(a.c_str()));
    }
    case WM_GETTEXT:
    case LB_GETTEXT: {
      if (!lp) break;
      size_t cap = msg == WM_GETTEXT ? size_t(wp) : 1024;  // LB_GETTEXT: the caller sized it via LB_GETTEXTLEN
      if (cap == 0) return 0;
      if (proc_unicode) {
        std::vector<wchar_t> buf(cap + 1, 0);
        WPARAM pw = msg == WM_GETTEXT ? WPARAM(cap) : wp;
        proc(w->hwnd, msg, pw, reinterpret_cast<LPARAM>(buf.data()));
        return copy_out(std::wstring(buf.data()), msg == WM_GETTEXT ? cap : size_t(-1) / 2, lp, caller_unicode);
      }
      std::vector<char> buf(cap * 4 + 1, 0);
      WPARAM pw = msg == WM_GETTEXT ? WPARAM(cap * 4) : wp;
      proc(w->hwnd, msg, pw, reinterpret_cast<LPARAM>(buf.data()));
      return copy_out(a_to_w(buf.data()), msg == WM_GETTEXT ? cap : size_t(-1) / 2, lp, caller_unicode);
    }
    default:
      break;
  }
  return proc(w->hwnd, msg, wp, lp);
}

// ---- DefWindowProc and the predefined controls ------------------------------------------------

namespace {

void set_text_locked(window& w, std::wstring text) { w.text = std::move(text); }

// An edit control's log echo: only what a SetWindowText adds to the end when the new text
// extends the old one, else the whole new text as a line.
void edit_set_text(window& w, std::wstring text) {
  std::wstring echo;
  bool line = false;
  {
    std::lock_guard<std::mutex> g(w.lock);
    if (!w.text.empty() && text.size() >= w.text.size() && text.compare(0, w.text.size(), w.text) == 0) {
      echo = text.substr(w.text.size());
    } else {
      echo = text;
      line = true;
    }
    w.text = std::move(text);
    w.sel_start = w.sel_end = 0;
  }
  log_text(echo, line);
}

size_t line_start(const std::wstring& t, size_t line) {
  size_t pos = 0;
  for (size_t l = 0; l < line; ++l) {
    size_t nl = t.find(L'\n', pos);
    if (nl == std::wstring::npos) return size_t(-1);
    pos = nl + 1;
  }
  return pos;
}

LRESULT edit_message(window& w, UINT msg, WPARAM wp, LPARAM lp, bool unicode, bool* handled) {
  *handled = true;
  switch (msg) {
    case WM_SETTEXT:
      edit_set_text(w, text_arg(lp, unicode));
      return TRUE;
    case EM_SETSEL: {
      std::lock_guard<std::mutex> g(w.lock);
      const size_t len = w.text.size();
      long start = long(int(wp)), end = long(int(lp));
      if (start == -1) {  // removes the selection; the caret stays
        w.sel_start = w.sel_end;
        return 0;
      }
      size_t s = start < 0 ? len : std::min<size_t>(size_t(start), len);
      size_t e = end < 0 ? len : std::min<size_t>(size_t(end), len);
      if (s > e) std::swap(s, e);
      w.sel_start = s;
      w.sel_end = e;
      return 0;
    }
    case EM_GETSEL: {
      std::lock_guard<std::mutex> g(w.lock);
      if (wp) *reinterpret_cast<DWORD*>(wp) = DWORD(w.sel_start);
      if (lp) *reinterpret_cast<DWORD*>(lp) = DWORD(w.sel_end);
      return LRESULT(MAKELONG(std::min<size_t>(w.sel_start, 0xFFFF), std::min<size_t>(w.sel_end, 0xFFFF)));
    }
    case EM_REPLACESEL: {
      std::wstring t = text_arg(lp, unicode);
      {
        std::lock_guard<std::mutex> g(w.lock);
        size_t s = std::min(w.sel_start, w.text.size()), e = std::min(w.sel_end, w.text.size());
        w.text.replace(s, e - s, t);
        w.sel_start = w.sel_end = s + t.size();
      }
      log_text(t, false);
      return 0;
    }
    case EM_GETLINECOUNT: {
      std::lock_guard<std::mutex> g(w.lock);
      return LRESULT(1 + std::count(w.text.begin(), w.text.end(), L'\n'));
    }
    case EM_LINEINDEX: {
      std::lock_guard<std::mutex> g(w.lock);
      size_t line = int(wp) < 0 ? size_t(std::count(w.text.begin(), w.text.begin() + std::min(w.sel_end, w.text.size()), L'\n'))
                                : size_t(wp);
      size_t pos = line_start(w.text, line);
      return pos == size_t(-1) ? -1 : LRESULT(pos);
    }
    case EM_LINEFROMCHAR: {
      std::lock_guard<std::mutex> g(w.lock);
      size_t at = int(wp) < 0 ? w.sel_end : size_t(wp);
      at = std::min(at, w.text.size());
      return LRESULT(std::count(w.text.begin(), w.text.begin() + at, L'\n'));
    }
    case EM_LINELENGTH: {
      std::lock_guard<std::mutex> g(w.lock);
      size_t at = std::min<size_t>(int(wp) < 0 ? w.sel_end : size_t(wp), w.text.size());
      size_t b = w.text.rfind(L'\n', at == 0 ? 0 : at - 1);
      b = (b == std::wstring::npos || (at == 0 && w.text.empty())) ? 0 : (w.text[b] == L'\n' && b < at ? b + 1 : 0);
      size_t e = w.text.find(L'\n', b);
      if (e == std::wstring::npos) e = w.text.size();
      if (e > b && w.text[e - 1] == L'\r') --e;
      return LRESULT(e - b);
    }
    case EM_GETLINE: {
      std::lock_guard<std::mutex> g(w.lock);
      size_t b = line_start(w.text, size_t(wp));
      if (b == size_t(-1) || !lp) return 0;
      size_t e = w.text.find(L'\n', b);
      if (e == std::wstring::npos) e = w.text.size();
      if (e > b && w.text[e - 1] == L'\r') --e;
      std::wstring line = w.text.substr(b, e - b);
      WORD cap = *reinterpret_cast<WORD*>(lp);  // the first WORD of the buffer is its size
      if (unicode) {
        size_t n = std::min<size_t>(line.size(), cap);
        std::wmemcpy(reinterpret_cast<wchar_t*>(lp), line.data(), n);
        return LRESULT(n);
      }
      std::string a = w_to_a(line);
      size_t n = std::min<size_t>(a.size(), cap);
      std::memcpy(reinterpret_cast<char*>(lp), a.data(), n);
      return LRESULT(n);
    }
    case EM_GETLIMITTEXT: return 30000;
    case EM_LIMITTEXT:
    case EM_SCROLL:
    case EM_SETMODIFY:
      return 0;
    case EM_GETMODIFY: return FALSE;
    case EM_CANUNDO: return FALSE;
    case EM_SCROLLCARET:
    case EM_LINESCROLL:
    case EM_SETREADONLY:
      return TRUE;
    default:
      *handled = false;
      return 0;
  }
}

LRESULT listbox_message(window& w, UINT msg, WPARAM wp, LPARAM lp, bool unicode, bool* handled) {
  *handled = true;
  switch (msg) {
    case LB_ADDSTRING:
    case LB_INSERTSTRING: {
      std::wstring t = text_arg(lp, unicode);
      LRESULT index;
      {
        std::lock_guard<std::mutex> g(w.lock);
        size_t at = msg == LB_ADDSTRING || int(wp) < 0 ? w.items.size() : size_t(wp);
        if (at > w.items.size()) return LB_ERR;
        w.items.insert(w.items.begin() + ptrdiff_t(at), t);
        index = LRESULT(at);
      }
      log_text(t, true);
      return index;
    }
    case LB_DELETESTRING: {
      std::lock_guard<std::mutex> g(w.lock);
      if (wp >= w.items.size()) return LB_ERR;
      w.items.erase(w.items.begin() + ptrdiff_t(wp));
      return LRESULT(w.items.size());
    }
    case LB_RESETCONTENT: {
      std::lock_guard<std::mutex> g(w.lock);
      w.items.clear();
      w.cur_sel = -1;
      return 0;
    }
    case LB_GETCOUNT: {
      std::lock_guard<std::mutex> g(w.lock);
      return LRESULT(w.items.size());
    }
    case LB_GETTEXTLEN: {
      std::lock_guard<std::mutex> g(w.lock);
      if (wp >= w.items.size()) return LB_ERR;
      return text_length(w.items[wp], unicode);
    }
    case LB_GETTEXT: {
      std::lock_guard<std::mutex> g(w.lock);
      if (wp >= w.items.size()) return LB_ERR;
      return copy_out(w.items[wp], size_t(-1) / 2, lp, unicode);  // the caller sized it (LB_GETTEXTLEN)
    }
    case LB_SETCURSEL: {
      std::lock_guard<std::mutex> g(w.lock);
      if (int(wp) < 0 || wp >= w.items.size()) {
        w.cur_sel = -1;
        return int(wp) < 0 ? 0 : LB_ERR;
      }
      w.cur_sel = int(wp);
      return LRESULT(wp);
    }
    case LB_GETCURSEL: {
      std::lock_guard<std::mutex> g(w.lock);
      return w.cur_sel;
    }
    case LB_SETTOPINDEX: return LB_OKAY;
    default:
      *handled = false;
      return 0;
  }
}

LRESULT button_message(window& w, UINT msg, WPARAM wp, LPARAM, bool* handled) {
  *handled = true;
  switch (msg) {
    case BM_GETCHECK: {
      std::lock_guard<std::mutex> g(w.lock);
      return w.check;
    }
    case BM_SETCHECK: {
      std::lock_guard<std::mutex> g(w.lock);
      w.check = int(wp);
      return 0;
    }
    case BM_GETSTATE: {
      std::lock_guard<std::mutex> g(w.lock);
      return w.check;
    }
    case BM_SETSTATE: return 0;
    case BM_CLICK:  // as if pressed: the parent gets WM_COMMAND(id, BN_CLICKED)
      if (w.parent && w.parent != HWND_MESSAGE)
        send_message(w.parent, WM_COMMAND, MAKEWPARAM(WORD(w.id.load()), BN_CLICKED), reinterpret_cast<LPARAM>(w.hwnd),
                     true);
      return 0;
    default:
      *handled = false;
      return 0;
  }
}

LRESULT builtin_dispatch(builtin kind, HWND h, UINT m, WPARAM wp, LPARAM lp, bool unicode) {
  std::shared_ptr<window> w = window_get(h);
  if (!w) return 0;
  return builtin_proc(w.get(), m, wp, lp, unicode);
}

LRESULT CALLBACK button_proc_a(HWND h, UINT m, WPARAM w, LPARAM l) { return builtin_dispatch(builtin::button, h, m, w, l, false); }
LRESULT CALLBACK button_proc_w(HWND h, UINT m, WPARAM w, LPARAM l) { return builtin_dispatch(builtin::button, h, m, w, l, true); }
LRESULT CALLBACK edit_proc_a(HWND h, UINT m, WPARAM w, LPARAM l) { return builtin_dispatch(builtin::edit, h, m, w, l, false); }
LRESULT CALLBACK edit_proc_w(HWND h, UINT m, WPARAM w, LPARAM l) { return builtin_dispatch(builtin::edit, h, m, w, l, true); }
LRESULT CALLBACK static_proc_a(HWND h, UINT m, WPARAM w, LPARAM l) { return builtin_dispatch(builtin::static_text, h, m, w, l, false); }
LRESULT CALLBACK static_proc_w(HWND h, UINT m, WPARAM w, LPARAM l) { return builtin_dispatch(builtin::static_text, h, m, w, l, true); }
LRESULT CALLBACK listbox_proc_a(HWND h, UINT m, WPARAM w, LPARAM l) { return builtin_dispatch(builtin::listbox, h, m, w, l, false); }
LRESULT CALLBACK listbox_proc_w(HWND h, UINT m, WPARAM w, LPARAM l) { return builtin_dispatch(builtin::listbox, h, m, w, l, true); }

}  // namespace

LRESULT builtin_proc(window* w, UINT msg, WPARAM wp, LPARAM lp, bool unicode) {
  bool handled = false;
  LRESULT r = 0;
  switch (w->cls->kind) {
    case builtin::edit: r = edit_message(*w, msg, wp, lp, unicode, &handled); break;
    case builtin::listbox: r = listbox_message(*w, msg, wp, lp, unicode, &handled); break;
    case builtin::button: r = button_message(*w, msg, wp, lp, &handled); break;
    default: break;
  }
  if (handled) return r;
  return default_proc(w->hwnd, msg, wp, lp, unicode);
}

LRESULT default_proc(HWND h, UINT msg, WPARAM wp, LPARAM lp, bool unicode) {
  std::shared_ptr<window> w = window_get(h);
  if (!w) return 0;
  switch (msg) {
    case WM_NCCREATE: return TRUE;
    case WM_CLOSE:
      DestroyWindow(h);
      return 0;
    case WM_SYSCOMMAND:
      if ((wp & 0xFFF0) == SC_CLOSE) send_message(h, WM_CLOSE, 0, 0, unicode);
      return 0;
    case WM_SETTEXT: {
      std::wstring t = text_arg(lp, unicode);
      std::lock_guard<std::mutex> g(w->lock);
      set_text_locked(*w, std::move(t));
      return TRUE;
    }
    case WM_GETTEXT: {
      std::lock_guard<std::mutex> g(w->lock);
      return copy_out(w->text, wp, lp, unicode);
    }
    case WM_GETTEXTLENGTH: {
      std::lock_guard<std::mutex> g(w->lock);
      return text_length(w->text, unicode);
    }
    case WM_QUERYENDSESSION: return TRUE;
    case WM_NCHITTEST: return 1;  // HTCLIENT
    case WM_ERASEBKGND: return 1;
    default: return 0;
  }
}

}  // namespace ovl::win32::user32

using namespace ovl::win32::user32;

// ---- CreateWindowEx / DestroyWindow ------------------------------------------------------------

namespace {

HWND create_window(DWORD ex_style, const std::shared_ptr<u::wnd_class>& cls, const std::wstring& title, DWORD style,
                   int x, int y, int cx, int cy, HWND parent, HMENU menu, HINSTANCE inst, LPVOID param,
                   bool caller_unicode) {
  if (!cls) {
    set_last_error(ERROR_CANNOT_FIND_WND_CLASS);
    return nullptr;
  }
  if (parent && parent != HWND_MESSAGE && !u::window_get(parent)) {
    set_last_error(ERROR_INVALID_WINDOW_HANDLE);
    return nullptr;
  }
  if ((style & WS_CHILD) && !parent) {
    set_last_error(ERROR_TLW_WITH_WSCHILD);
    return nullptr;
  }
  auto w = std::make_shared<window>();
  w->cls = cls;
  w->queue = ovl::detail::message_queue::current();
  w->queue->add_ref();
  w->tid = w->queue->tid();
  w->parent = parent;
  w->instance = inst;
  w->proc.store(cls->proc);
  w->proc_unicode.store(cls->unicode);
  w->style.store(LONG(style));
  w->ex_style.store(LONG(ex_style));
  if (style & WS_CHILD) w->id.store(reinterpret_cast<LONG_PTR>(menu));
  w->visible.store((style & WS_VISIBLE) != 0);
  w->extra.assign(size_t(cls->wnd_extra), 0);
  if (x == CW_USEDEFAULT) x = y = 0;
  if (cx == CW_USEDEFAULT) cx = cy = 0;  // nothing is shown: the size is what the program asked
  w->rect = RECT{x, y, x + cx, y + cy};
  HWND h = u::table_insert(w);
  if (!h) {
    set_last_error(ERROR_NOT_ENOUGH_MEMORY);
    return nullptr;
  }
  w->hwnd = h;
  cls->windows.fetch_add(1);

  // The text is the window's before WM_NCCREATE (Windows sets it in DefWindowProc's WM_NCCREATE);
  // an edit control echoes it.
  if (cls->kind == u::builtin::edit) {
    u::log_text(title, true);
  }
  {
    std::lock_guard<std::mutex> g(w->lock);
    w->text = title;
  }

  // CREATESTRUCT in the procedure's charset, names kept alive for the two messages.
  std::string title_a = u::w_to_a(title), class_a = u::w_to_a(cls->name);
  CREATESTRUCTA csa{param, inst, menu, parent == HWND_MESSAGE ? nullptr : parent, cy, cx, y, x, LONG(style),
                    title_a.c_str(), class_a.c_str(), ex_style};
  CREATESTRUCTW csw{param, inst, menu, parent == HWND_MESSAGE ? nullptr : parent, cy, cx, y, x, LONG(style),
                    title.c_str(), cls->name.c_str(), ex_style};
  const bool cs_unicode = w->proc_unicode.load() || u::builtin_of(w->proc.load()) != u::builtin::none;
  LPARAM cs = cs_unicode ? reinterpret_cast<LPARAM>(&csw) : reinterpret_cast<LPARAM>(&csa);
  (void)caller_unicode;

  if (!u::call_window(w.get(), WM_NCCREATE, 0, cs, cs_unicode)) {
    w->state.store(2);
    u::call_window(w.get(), WM_NCDESTROY, 0, 0, cs_unicode);
    w->queue->kill_window_timers(reinterpret_cast<uintptr_t>(h));
    u::table_remove(h);
    cls->windows.fetch_sub(1);
    return nullptr;
  }
  if (u::call_window(w.get(), WM_CREATE, 0, cs, cs_unicode) == -1) {
    DestroyWindow(h);
    return nullptr;
  }
  if (!u::window_get(h)) return nullptr;  // destroyed inside WM_CREATE
  u::call_window(w.get(), WM_SIZE, SIZE_RESTORED, MAKELPARAM(cx, cy), cs_unicode);
  u::call_window(w.get(), WM_MOVE, 0, MAKELPARAM(x, y), cs_unicode);
  return h;
}

}  // namespace

extern "C" {

// RegisterClassA / RegisterClassW / RegisterClassExA / RegisterClassExW
// Returns the class atom (0xC000 and up). Class names are process-wide and compared without
// case; an application class may reuse a predefined name ("edit") and then wins.
// Differs from Windows: hInstance does not scope the name; menus and icons are kept, never used.
// Test: tests/win32/user32_window.c.
static ATOM RegisterClassA_impl(const WNDCLASSA* wc) {
  if (!wc) {
    set_last_error(ERROR_NOACCESS);
    return 0;
  }
  return register_a(to_ex<WNDCLASSEXA>(*wc));
}
ATOM WINAPI RegisterClassA(const WNDCLASSA* wc) {
  OVL_TRACE_RETURN(user32, "RegisterClassA", ATOM, RegisterClassA_impl(wc),
                   .str("class", wc ? wc->lpszClassName : nullptr)
                   .ptr("proc", wc ? reinterpret_cast<void*>(wc->lpfnWndProc) : nullptr).ret_hex(r, r == 0));
}
static ATOM RegisterClassW_impl(const WNDCLASSW* wc) {
  if (!wc) {
    set_last_error(ERROR_NOACCESS);
    return 0;
  }
  return register_w(to_ex<WNDCLASSEXW>(*wc));
}
ATOM WINAPI RegisterClassW(const WNDCLASSW* wc) {
  OVL_TRACE_RETURN(user32, "RegisterClassW", ATOM, RegisterClassW_impl(wc),
                   .wstr("class", wc ? wc->lpszClassName : nullptr)
                   .ptr("proc", wc ? reinterpret_cast<void*>(wc->lpfnWndProc) : nullptr).ret_hex(r, r == 0));
}
static ATOM RegisterClassExA_impl(const WNDCLASSEXA* wc) {
  if (!wc) {
    set_last_error(ERROR_NOACCESS);
    return 0;
  }
  if (wc->cbSize != sizeof(WNDCLASSEXA)) {
    set_last_error(ERROR_INVALID_PARAMETER);
    return 0;
  }
  WNDCLASSEXA a = *wc;
  return register_a(a);
}
ATOM WINAPI RegisterClassExA(const WNDCLASSEXA* wc) {
  OVL_TRACE_RETURN(user32, "RegisterClassExA", ATOM, RegisterClassExA_impl(wc),
                   .str("class", wc ? wc->lpszClassName : nullptr)
                   .ptr("proc", wc ? reinterpret_cast<void*>(wc->lpfnWndProc) : nullptr).ret_hex(r, r == 0));
}
static ATOM RegisterClassExW_impl(const WNDCLASSEXW* wc) {
  if (!wc) {
    set_last_error(ERROR_NOACCESS);
    return 0;
  }
  if (wc->cbSize != sizeof(WNDCLASSEXW)) {
    set_last_error(ERROR_INVALID_PARAMETER);
    return 0;
  }
  return register_w(*wc);
}
ATOM WINAPI RegisterClassExW(const WNDCLASSEXW* wc) {
  OVL_TRACE_RETURN(user32, "RegisterClassExW", ATOM, RegisterClassExW_impl(wc),
                   .wstr("class", wc ? wc->lpszClassName : nullptr)
                   .ptr("proc", wc ? reinterpret_cast<void*>(wc->lpfnWndProc) : nullptr).ret_hex(r, r == 0));
}

// UnregisterClassA / UnregisterClassW: ERROR_CLASS_DOES_NOT_EXIST (also for the predefined
// classes), ERROR_CLASS_HAS_WINDOWS while a window of the class exists.
BOOL WINAPI UnregisterClassA(LPCSTR name, HINSTANCE) { return unregister(find_class_a(name)); }
BOOL WINAPI UnregisterClassW(LPCWSTR name, HINSTANCE) { return unregister(find_class_w(name)); }

BOOL WINAPI GetClassInfoA(HINSTANCE, LPCSTR name, LPWNDCLASSA out) {
  auto c = find_class_a(name);
  if (!c) {
    set_last_error(ERROR_CLASS_DOES_NOT_EXIST);
    return FALSE;
  }
  if (out) {
    *out = WNDCLASSA{c->style, c->kind != u::builtin::none ? u::builtin_wndproc(c->kind, false) : c->proc,
                     c->cls_extra, c->wnd_extra, c->instance, c->icon, c->cursor, c->background, nullptr, name};
  }
  return TRUE;
}
BOOL WINAPI GetClassInfoW(HINSTANCE, LPCWSTR name, LPWNDCLASSW out) {
  auto c = find_class_w(name);
  if (!c) {
    set_last_error(ERROR_CLASS_DOES_NOT_EXIST);
    return FALSE;
  }
  if (out) {
    *out = WNDCLASSW{c->style, c->proc, c->cls_extra, c->wnd_extra, c->instance, c->icon, c->cursor, c->background,
                     nullptr, name};
  }
  return TRUE;
}

int WINAPI GetClassNameA(HWND h, LPSTR buf, int n) {
  auto w = u::window_get_or_fail(h);
  if (!w || !buf || n <= 0) return 0;
  std::string a = u::w_to_a(w->cls->name);
  size_t k = a.copy(buf, size_t(n - 1));
  buf[k] = 0;
  return int(k);
}
int WINAPI GetClassNameW(HWND h, LPWSTR buf, int n) {
  auto w = u::window_get_or_fail(h);
  if (!w || !buf || n <= 0) return 0;
  size_t k = w->cls->name.copy(buf, size_t(n - 1));
  buf[k] = 0;
  return int(k);
}

// LoadCursorA/W, LoadIconA/W: a dummy non-null handle for any name (there are no resources).
// Differs from Windows: never fails, even for a resource the program does not have.
HCURSOR WINAPI LoadCursorA(HINSTANCE, LPCSTR name) {
  return reinterpret_cast<HCURSOR>(0x00010000u | (reinterpret_cast<uintptr_t>(name) & 0xFFFF));
}
HCURSOR WINAPI LoadCursorW(HINSTANCE, LPCWSTR name) {
  return reinterpret_cast<HCURSOR>(0x00010000u | (reinterpret_cast<uintptr_t>(name) & 0xFFFF));
}
HICON WINAPI LoadIconA(HINSTANCE, LPCSTR name) {
  return reinterpret_cast<HICON>(0x00020000u | (reinterpret_cast<uintptr_t>(name) & 0xFFFF));
}
HICON WINAPI LoadIconW(HINSTANCE, LPCWSTR name) {
  return reinterpret_cast<HICON>(0x00020000u | (reinterpret_cast<uintptr_t>(name) & 0xFFFF));
}
HCURSOR WINAPI SetCursor(HCURSOR) { return nullptr; }

// CreateWindowExA / CreateWindowExW (CreateWindowA/W are macros over them)
// Sends WM_NCCREATE, WM_CREATE, WM_SIZE and WM_MOVE synchronously, in that order; NULL if
// WM_NCCREATE returns FALSE or WM_CREATE returns -1. The window belongs to the calling
// thread's message queue. Errors: ERROR_CANNOT_FIND_WND_CLASS, ERROR_INVALID_WINDOW_HANDLE
// (parent), ERROR_TLW_WITH_WSCHILD (WS_CHILD without a parent).
// Differs from Windows: nothing is displayed (WS_VISIBLE only sets IsWindowVisible); no
// WM_GETMINMAXINFO/WM_NCCALCSIZE/WM_SHOWWINDOW/WM_PARENTNOTIFY; CW_USEDEFAULT gives 0.
// An edit control's initial text is echoed to stdout. Test: tests/win32/user32_window.c.
HWND WINAPI CreateWindowExA(DWORD ex_style, LPCSTR class_name, LPCSTR title, DWORD style, int x, int y, int cx, int cy,
                            HWND parent, HMENU menu, HINSTANCE inst, LPVOID param) {
  OVL_TRACE_RETURN(user32, "CreateWindowExA", HWND,
                   create_window(ex_style, find_class_a(class_name), a_to_w(title), style, x, y, cx, cy, parent, menu,
                                 inst, param, false),
                   .hex("exstyle", ex_style).str("class", class_name).str("title", title).hex("style", style)
                   .num("x", x).num("y", y).num("cx", cx).num("cy", cy).handle("parent", parent).handle("menu", menu)
                   .handle("inst", inst).ptr("param", param).ret_handle(r));
}
HWND WINAPI CreateWindowExW(DWORD ex_style, LPCWSTR class_name, LPCWSTR title, DWORD style, int x, int y, int cx,
                            int cy, HWND parent, HMENU menu, HINSTANCE inst, LPVOID param) {
  OVL_TRACE_RETURN(user32, "CreateWindowExW", HWND,
                   create_window(ex_style, find_class_w(class_name), title ? std::wstring(title) : std::wstring(),
                                 style, x, y, cx, cy, parent, menu, inst, param, true),
                   .hex("exstyle", ex_style).wstr("class", class_name).wstr("title", title).hex("style", style)
                   .num("x", x).num("y", y).num("cx", cx).num("cy", cy).handle("parent", parent).handle("menu", menu)
                   .handle("inst", inst).ptr("param", param).ret_handle(r));
}

// DestroyWindow
// Sends WM_DESTROY to the window, destroys its children (each gets WM_DESTROY and
// WM_NCDESTROY), then sends WM_NCDESTROY to it; kills its timers and drops its posted messages.
// The HWND is invalid afterwards (ERROR_INVALID_WINDOW_HANDLE everywhere).
// ERROR_ACCESS_DENIED from a thread that does not own the window, as on Windows.
// Test: tests/win32/user32_window.c.
static BOOL DestroyWindow_impl(HWND h) {
  auto w = u::window_get_or_fail(h);
  if (!w) return FALSE;
  if (w->tid != ovl::detail::current_tid()) {
    set_last_error(ERROR_ACCESS_DENIED);
    return FALSE;
  }
  int expect = 0;
  if (!w->state.compare_exchange_strong(expect, 1)) return TRUE;  // already being destroyed
  const bool uni = w->proc_unicode.load();
  u::call_window(w.get(), WM_DESTROY, 0, 0, uni);
  for (auto& child : u::window_children(h)) DestroyWindow(child->hwnd);
  u::call_window(w.get(), WM_NCDESTROY, 0, 0, uni);
  w->state.store(2, std::memory_order_release);
  w->queue->kill_window_timers(reinterpret_cast<uintptr_t>(h));
  w->queue->discard_window_messages(reinterpret_cast<uintptr_t>(h));
  w->cls->windows.fetch_sub(1);
  u::table_remove(h);
  return TRUE;
}
BOOL WINAPI DestroyWindow(HWND h) {
  OVL_TRACE_RETURN(user32, "DestroyWindow", BOOL, DestroyWindow_impl(h), .handle("hwnd", h).ret_bool(r));
}

// IsWindow: FALSE for NULL, a destroyed window, or a window whose thread has ended.
BOOL WINAPI IsWindow(HWND h) {
  auto w = u::window_get(h);
  return w && w->queue->alive();
}

BOOL WINAPI IsWindowVisible(HWND h) {
  auto w = u::window_get(h);
  return w && w->visible.load();
}

BOOL WINAPI IsWindowEnabled(HWND h) {
  auto w = u::window_get(h);
  return w && w->enabled.load();
}

// ShowWindow: returns whether the window was visible before; only records the new state.
// Differs from Windows: nothing is shown and no WM_SHOWWINDOW/WM_SIZE is sent.
static BOOL ShowWindow_impl(HWND h, int cmd) {
  auto w = u::window_get_or_fail(h);
  if (!w) return FALSE;
  return w->visible.exchange(cmd != SW_HIDE && cmd != SW_MINIMIZE && cmd != SW_FORCEMINIMIZE) ? TRUE : FALSE;
}
BOOL WINAPI ShowWindow(HWND h, int cmd) {
  OVL_TRACE_RETURN(user32, "ShowWindow", BOOL, ShowWindow_impl(h, cmd),
                   .handle("hwnd", h).num("cmd", cmd).ret_num(r, false));
}

// UpdateWindow: TRUE for a window. Differs from Windows: no WM_PAINT is ever sent.
BOOL WINAPI UpdateWindow(HWND h) {
  OVL_TRACE_RETURN(user32, "UpdateWindow", BOOL, u::window_get_or_fail(h) ? TRUE : FALSE,
                   .handle("hwnd", h).ret_bool(r));
}

BOOL WINAPI EnableWindow(HWND h, BOOL enable) {
  auto w = u::window_get_or_fail(h);
  if (!w) return FALSE;
  return w->enabled.exchange(enable != FALSE) ? FALSE : TRUE;  // nonzero if it was disabled
}

BOOL WINAPI InvalidateRect(HWND h, const RECT*, BOOL) { return !h || u::window_get_or_fail(h) ? TRUE : FALSE; }

BOOL WINAPI MoveWindow(HWND h, int x, int y, int cx, int cy, BOOL) {
  auto w = u::window_get_or_fail(h);
  if (!w) return FALSE;
  {
    std::lock_guard<std::mutex> g(w->lock);
    w->rect = RECT{x, y, x + cx, y + cy};
  }
  return TRUE;
}

BOOL WINAPI SetWindowPos(HWND h, HWND, int x, int y, int cx, int cy, UINT flags) {
  auto w = u::window_get_or_fail(h);
  if (!w) return FALSE;
  std::lock_guard<std::mutex> g(w->lock);
  RECT& r = w->rect;
  if (!(flags & SWP_NOMOVE)) r = RECT{x, y, x + (r.right - r.left), y + (r.bottom - r.top)};
  if (!(flags & SWP_NOSIZE)) r = RECT{r.left, r.top, r.left + cx, r.top + cy};
  if (flags & SWP_SHOWWINDOW) w->visible.store(true);
  if (flags & SWP_HIDEWINDOW) w->visible.store(false);
  return TRUE;
}

BOOL WINAPI GetClientRect(HWND h, LPRECT out) {
  auto w = u::window_get_or_fail(h);
  if (!w || !out) return FALSE;
  std::lock_guard<std::mutex> g(w->lock);
  *out = RECT{0, 0, w->rect.right - w->rect.left, w->rect.bottom - w->rect.top};
  return TRUE;
}

BOOL WINAPI GetWindowRect(HWND h, LPRECT out) {
  auto w = u::window_get_or_fail(h);
  if (!w || !out) return FALSE;
  std::lock_guard<std::mutex> g(w->lock);
  *out = w->rect;
  return TRUE;
}

// SetFocus/GetFocus/GetForegroundWindow/SetForegroundWindow: there is no input, so no focus
// and no foreground window (NULL), as for a process on a locked desktop.
HWND WINAPI SetFocus(HWND) { return nullptr; }
HWND WINAPI GetFocus(void) { return nullptr; }
HWND WINAPI GetForegroundWindow(void) { return nullptr; }
BOOL WINAPI SetForegroundWindow(HWND h) { return u::window_get(h) ? TRUE : FALSE; }
// A fixed value that is not a window of ours (IsWindow is FALSE for it).
HWND WINAPI GetDesktopWindow(void) { return reinterpret_cast<HWND>(uintptr_t(0x00010010)); }

HWND WINAPI GetParent(HWND h) {
  auto w = u::window_get_or_fail(h);
  if (!w || w->parent == HWND_MESSAGE) return nullptr;
  return w->parent;
}

// GetDlgItem: the child of hDlg with that control ID (the hMenu of CreateWindowEx).
HWND WINAPI GetDlgItem(HWND dlg, int id) {
  if (!u::window_get_or_fail(dlg)) return nullptr;
  for (auto& c : u::window_children(dlg))
    if (int(c->id.load()) == id) return c->hwnd;
  set_last_error(ERROR_CONTROL_ID_NOT_FOUND);
  return nullptr;
}

int WINAPI GetDlgCtrlID(HWND h) {
  auto w = u::window_get_or_fail(h);
  return w ? int(w->id.load()) : 0;
}

DWORD WINAPI GetWindowThreadProcessId(HWND h, LPDWORD pid) {
  auto w = u::window_get_or_fail(h);
  if (!w) return 0;
  if (pid) *pid = ovl::detail::process_id();
  return w->tid;
}

// SetWindowTextA/W, GetWindowTextA/W, GetWindowTextLengthA/W: WM_SETTEXT / WM_GETTEXT /
// WM_GETTEXTLENGTH sent to the window (cross-thread sends run on the window's thread).
// SetWindowText on an edit control echoes the text to stdout (see docs/models/async-select.md).
BOOL WINAPI SetWindowTextA(HWND h, LPCSTR s) {
  if (!u::window_get_or_fail(h)) return FALSE;
  return u::send_message(h, WM_SETTEXT, 0, reinterpret_cast<LPARAM>(s ? s : ""), false) ? TRUE : FALSE;
}
BOOL WINAPI SetWindowTextW(HWND h, LPCWSTR s) {
  if (!u::window_get_or_fail(h)) return FALSE;
  return u::send_message(h, WM_SETTEXT, 0, reinterpret_cast<LPARAM>(s ? s : L""), true) ? TRUE : FALSE;
}
int WINAPI GetWindowTextA(HWND h, LPSTR buf, int n) {
  if (!u::window_get_or_fail(h) || !buf || n <= 0) return 0;
  buf[0] = 0;
  return int(u::send_message(h, WM_GETTEXT, WPARAM(n), reinterpret_cast<LPARAM>(buf), false));
}
int WINAPI GetWindowTextW(HWND h, LPWSTR buf, int n) {
  if (!u::window_get_or_fail(h) || !buf || n <= 0) return 0;
  buf[0] = 0;
  return int(u::send_message(h, WM_GETTEXT, WPARAM(n), reinterpret_cast<LPARAM>(buf), true));
}
int WINAPI GetWindowTextLengthA(HWND h) {
  if (!u::window_get_or_fail(h)) return 0;
  return int(u::send_message(h, WM_GETTEXTLENGTH, 0, 0, false));
}
int WINAPI GetWindowTextLengthW(HWND h) {
  if (!u::window_get_or_fail(h)) return 0;
  return int(u::send_message(h, WM_GETTEXTLENGTH, 0, 0, true));
}

BOOL WINAPI SetDlgItemTextA(HWND dlg, int id, LPCSTR s) {
  HWND h = GetDlgItem(dlg, id);
  return h ? SetWindowTextA(h, s) : FALSE;
}
BOOL WINAPI SetDlgItemTextW(HWND dlg, int id, LPCWSTR s) {
  HWND h = GetDlgItem(dlg, id);
  return h ? SetWindowTextW(h, s) : FALSE;
}
UINT WINAPI GetDlgItemTextA(HWND dlg, int id, LPSTR buf, int n) {
  HWND h = GetDlgItem(dlg, id);
  if (!h) {
    if (buf && n > 0) buf[0] = 0;
    return 0;
  }
  return UINT(GetWindowTextA(h, buf, n));
}
UINT WINAPI GetDlgItemTextW(HWND dlg, int id, LPWSTR buf, int n) {
  HWND h = GetDlgItem(dlg, id);
  if (!h) {
    if (buf && n > 0) buf[0] = 0;
    return 0;
  }
  return UINT(GetWindowTextW(h, buf, n));
}
LRESULT WINAPI SendDlgItemMessageA(HWND dlg, int id, UINT msg, WPARAM wp, LPARAM lp) {
  HWND h = GetDlgItem(dlg, id);
  return h ? u::send_message(h, msg, wp, lp, false) : 0;
}
LRESULT WINAPI SendDlgItemMessageW(HWND dlg, int id, UINT msg, WPARAM wp, LPARAM lp) {
  HWND h = GetDlgItem(dlg, id);
  return h ? u::send_message(h, msg, wp, lp, true) : 0;
}

}  // extern "C"

// ---- GetWindowLongPtr / SetWindowLongPtr -----------------------------------------------------

namespace {

bool extra_range(window& w, int index, size_t size) {
  return index >= 0 && size_t(index) + size <= w.extra.size();
}

LONG_PTR get_long(HWND h, int index, bool unicode, size_t size) {
  auto w = u::window_get_or_fail(h);
  if (!w) return 0;
  switch (index) {
    case GWLP_WNDPROC: {
      if (size != sizeof(LONG_PTR)) break;
      WNDPROC p = w->proc.load();
      if (u::builtin k = u::builtin_of(p); k != u::builtin::none) p = u::builtin_wndproc(k, unicode);
      return reinterpret_cast<LONG_PTR>(p);
    }
    case GWLP_USERDATA: return size == sizeof(LONG) ? LONG(w->user_data.load()) : w->user_data.load();
    case GWLP_ID: return w->id.load();
    case GWL_STYLE: return w->style.load();
    case GWL_EXSTYLE: return w->ex_style.load();
    case GWLP_HINSTANCE:
      if (size != sizeof(LONG_PTR)) break;
      return reinterpret_cast<LONG_PTR>(w->instance);
    case GWLP_HWNDPARENT:
      if (size != sizeof(LONG_PTR)) break;
      return w->parent == HWND_MESSAGE ? 0 : reinterpret_cast<LONG_PTR>(w->parent);
    default: {
      std::lock_guard<std::mutex> g(w->lock);
      if (!extra_range(*w, index, size)) break;
      if (size == sizeof(LONG)) {
        LONG v;
        std::memcpy(&v, w->extra.data() + index, sizeof v);
        return v;
      }
      LONG_PTR v;
      std::memcpy(&v, w->extra.data() + index, sizeof v);
      return v;
    }
  }
  set_last_error(ERROR_INVALID_INDEX);
  return 0;
}

LONG_PTR set_long(HWND h, int index, LONG_PTR value, bool unicode, size_t size) {
  auto w = u::window_get_or_fail(h);
  if (!w) return 0;
  switch (index) {
    case GWLP_WNDPROC: {
      if (size != sizeof(LONG_PTR)) break;
      WNDPROC old = w->proc.load();
      if (u::builtin k = u::builtin_of(old); k != u::builtin::none) old = u::builtin_wndproc(k, unicode);
      w->proc_unicode.store(unicode);
      w->proc.store(reinterpret_cast<WNDPROC>(value));
      return reinterpret_cast<LONG_PTR>(old);
    }
    case GWLP_USERDATA: return w->user_data.exchange(value);
    case GWLP_ID: return w->id.exchange(value);
    case GWL_STYLE: return w->style.exchange(LONG(value));
    case GWL_EXSTYLE: return w->ex_style.exchange(LONG(value));
    case GWLP_HINSTANCE: {
      if (size != sizeof(LONG_PTR)) break;
      std::lock_guard<std::mutex> g(w->lock);
      return reinterpret_cast<LONG_PTR>(std::exchange(w->instance, reinterpret_cast<HINSTANCE>(value)));
    }
    default: {
      std::lock_guard<std::mutex> g(w->lock);
      if (!extra_range(*w, index, size)) break;
      if (size == sizeof(LONG)) {
        LONG old, v = LONG(value);
        std::memcpy(&old, w->extra.data() + index, sizeof old);
        std::memcpy(w->extra.data() + index, &v, sizeof v);
        return old;
      }
      LONG_PTR old;
      std::memcpy(&old, w->extra.data() + index, sizeof old);
      std::memcpy(w->extra.data() + index, &value, sizeof value);
      return old;
    }
  }
  set_last_error(ERROR_INVALID_INDEX);
  return 0;
}

}  // namespace

extern "C" {

// GetWindowLongPtrA/W, SetWindowLongPtrA/W, GetWindowLongA/W, SetWindowLongA/W
// GWLP_WNDPROC (subclassing: the old procedure is returned for CallWindowProc), GWLP_USERDATA,
// GWLP_ID, GWL_STYLE, GWL_EXSTYLE, GWLP_HINSTANCE, GWLP_HWNDPARENT (get only), and offsets into
// cbWndExtra. ERROR_INVALID_INDEX otherwise; the 32-bit forms refuse pointer indexes, as on
// 64-bit Windows. Setting GWL_STYLE records the bits only. Test: tests/win32/user32_window.c.
LONG_PTR WINAPI GetWindowLongPtrA(HWND h, int i) { return get_long(h, i, false, sizeof(LONG_PTR)); }
LONG_PTR WINAPI GetWindowLongPtrW(HWND h, int i) { return get_long(h, i, true, sizeof(LONG_PTR)); }
LONG_PTR WINAPI SetWindowLongPtrA(HWND h, int i, LONG_PTR v) { return set_long(h, i, v, false, sizeof(LONG_PTR)); }
LONG_PTR WINAPI SetWindowLongPtrW(HWND h, int i, LONG_PTR v) { return set_long(h, i, v, true, sizeof(LONG_PTR)); }
LONG WINAPI GetWindowLongA(HWND h, int i) { return LONG(get_long(h, i, false, sizeof(LONG))); }
LONG WINAPI GetWindowLongW(HWND h, int i) { return LONG(get_long(h, i, true, sizeof(LONG))); }
LONG WINAPI SetWindowLongA(HWND h, int i, LONG v) { return LONG(set_long(h, i, v, false, sizeof(LONG))); }
LONG WINAPI SetWindowLongW(HWND h, int i, LONG v) { return LONG(set_long(h, i, v, true, sizeof(LONG))); }

// DefWindowProcA / DefWindowProcW
// WM_NCCREATE → TRUE; WM_CLOSE → DestroyWindow; WM_SETTEXT/WM_GETTEXT/WM_GETTEXTLENGTH keep the
// window text; SC_CLOSE → WM_CLOSE; everything else 0. Differs from Windows: no painting,
// no non-client area, no keyboard or mouse handling.
LRESULT WINAPI DefWindowProcA(HWND h, UINT msg, WPARAM wp, LPARAM lp) { return u::default_proc(h, msg, wp, lp, false); }
LRESULT WINAPI DefWindowProcW(HWND h, UINT msg, WPARAM wp, LPARAM lp) { return u::default_proc(h, msg, wp, lp, true); }

// BeginPaint/EndPaint/GetDC/ReleaseDC: a dummy device context; nothing is drawn.
HDC WINAPI BeginPaint(HWND h, LPPAINTSTRUCT ps) {
  if (!u::window_get_or_fail(h)) return nullptr;
  if (ps) {
    std::memset(ps, 0, sizeof *ps);
    ps->hdc = reinterpret_cast<HDC>(uintptr_t(0x01010000));
    GetClientRect(h, &ps->rcPaint);
  }
  return reinterpret_cast<HDC>(uintptr_t(0x01010000));
}
BOOL WINAPI EndPaint(HWND, const PAINTSTRUCT*) { return TRUE; }
HDC WINAPI GetDC(HWND) { return reinterpret_cast<HDC>(uintptr_t(0x01010000)); }
int WINAPI ReleaseDC(HWND, HDC) { return 1; }

// MessageBeep: silent, succeeds.
BOOL WINAPI MessageBeep(UINT) { return TRUE; }

// ---- gdi32: stock objects and drawing that draws nothing ----
HGDIOBJ WINAPI GetStockObject(int i) {
  if (i < 0 || i > DC_PEN || i == 9) return nullptr;
  return reinterpret_cast<HGDIOBJ>(uintptr_t(0x01900000) + uintptr_t(i));
}
BOOL WINAPI DeleteObject(HGDIOBJ h) { return h ? TRUE : FALSE; }
HGDIOBJ WINAPI SelectObject(HDC, HGDIOBJ h) { return h; }
HBRUSH WINAPI CreateSolidBrush(COLORREF) { return reinterpret_cast<HBRUSH>(uintptr_t(0x01900100)); }
COLORREF WINAPI SetTextColor(HDC, COLORREF) { return 0; }
COLORREF WINAPI SetBkColor(HDC, COLORREF) { return RGB(255, 255, 255); }
int WINAPI SetBkMode(HDC, int) { return OPAQUE; }
BOOL WINAPI TextOutA(HDC, int, int, LPCSTR, int) { return TRUE; }
BOOL WINAPI TextOutW(HDC, int, int, LPCWSTR, int) { return TRUE; }

}  // extern "C"
