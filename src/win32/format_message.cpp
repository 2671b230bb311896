// FormatMessageA/W: FROM_SYSTEM texts for Win32 and Winsock codes (the message table lives in
// src/sys/error_text.cpp), FROM_STRING, inserts (%1..%99 with optional !printf-format!,
// ARGUMENT_ARRAY or va_list), the escapes %0 %% %n %r %t %. %!, FORMAT_MESSAGE_MAX_WIDTH_MASK,
// IGNORE_INSERTS and ALLOCATE_BUFFER (LocalAlloc; free with LocalFree).
#include <windows.h>

#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <cwchar>
#include <string>

#include "sys/error_text.hpp"
#include "win32/win32_internal.hpp"

using ovl::win32::set_last_error;

namespace {

constexpr DWORD fm_allocate = 0x100, fm_ignore_inserts = 0x200, fm_from_string = 0x400, fm_from_hmodule = 0x800,
                fm_from_system = 0x1000, fm_argument_array = 0x2000, fm_width_mask = 0xFF;
constexpr DWORD error_mr_mid_not_found = 317;

template <class C>
struct text_traits;
template <>
struct text_traits<char> {
  static size_t len(const char* s) { return std::strlen(s); }
  static std::string from_narrow(const char* s) { return s; }
  static void print(std::string& out, const char* fmt, uintptr_t arg) {
    char buf[512];
    int n = std::snprintf(buf, sizeof buf, fmt, arg);
    if (n > 0) out.append(buf, size_t(n) < sizeof buf ? size_t(n) : sizeof buf - 1);
  }
  static void print_str(std::string& out, uintptr_t arg) {
    out += arg ? reinterpret_cast<const char*>(arg) : "(null)";
  }
};
template <>
struct text_traits<wchar_t> {
  static size_t len(const wchar_t* s) { return std::wcslen(s); }
  static std::wstring from_narrow(const char* s) { return std::wstring(s, s + std::strlen(s)); }
  static void print(std::wstring& out, const wchar_t* fmt, uintptr_t arg) {
    wchar_t buf[512];
    int n = std::swprintf(buf, 512, fmt, arg);
    if (n > 0) out.append(buf, size_t(n));
  }
  static void print_str(std::wstring& out, uintptr_t arg) {
    out += arg ? reinterpret_cast<const wchar_t*>(arg) : L"(null)";
  }
};

template <class C>
DWORD format_message(DWORD flags, const void* source, DWORD id, C* buffer, DWORD size, va_list* args) {
  using string = std::basic_string<C>;
  using tr = text_traits<C>;
  string text;
  if (flags & fm_from_string) {
    if (!source) {
      set_last_error(ERROR_INVALID_PARAMETER);
      return 0;
    }
    text = static_cast<const C*>(source);
  } else if (flags & (fm_from_system | fm_from_hmodule)) {
    const char* m = ovl::detail::system_message(id);
    if (!m) {
      set_last_error(error_mr_mid_not_found);
      return 0;
    }
    text = tr::from_narrow(m);
  } else {
    set_last_error(ERROR_INVALID_PARAMETER);
    return 0;
  }

  // Inserts: gather the arguments first (a va_list can only be walked forwards).
  uintptr_t argv[100] = {};
  if (!(flags & fm_ignore_inserts) && args) {
    int max = 0;
    for (size_t i = 0; i + 1 < text.size(); ++i) {
      if (text[i] == C('%') && text[i + 1] >= C('1') && text[i + 1] <= C('9')) {
        int n = text[i + 1] - C('0');
        if (i + 2 < text.size() && text[i + 2] >= C('0') && text[i + 2] <= C('9')) n = n * 10 + (text[i + 2] - C('0'));
        if (n > max) max = n;
        ++i;
      } else if (text[i] == C('%')) {
        ++i;
      }
    }
    if (flags & fm_argument_array) {
      const uintptr_t* a = reinterpret_cast<const uintptr_t*>(args);
      for (int i = 0; i < max; ++i) argv[i] = a[i];
    } else {
      va_list copy;
      va_copy(copy, *args);
      for (int i = 0; i < max; ++i) argv[i] = va_arg(copy, uintptr_t);
      va_end(copy);
    }
  }

  const bool ignore_breaks = (flags & fm_width_mask) == fm_width_mask;
  string out;
  for (size_t i = 0; i < text.size(); ++i) {
    C c = text[i];
    if (c == C('\r') || c == C('\n')) {
      if (c == C('\r') && i + 1 < text.size() && text[i + 1] == C('\n')) ++i;
      if (ignore_breaks) out += C(' ');
      else out += string{C('\r'), C('\n')};
      continue;
    }
    if (c != C('%') || i + 1 >= text.size()) {
      out += c;
      continue;
    }
    C e = text[++i];
    if (e == C('0')) break;  // end of message, no trailing newline
    if (e >= C('1') && e <= C('9')) {
      int n = e - C('0');
      if (i + 1 < text.size() && text[i + 1] >= C('0') && text[i + 1] <= C('9')) n = n * 10 + (text[++i] - C('0'));
      string fmt;
      if (i + 1 < text.size() && text[i + 1] == C('!')) {
        size_t end = text.find(C('!'), i + 2);
        if (end != string::npos) {
          fmt = text.substr(i + 2, end - i - 2);
          i = end;
        }
      }
      if ((flags & fm_ignore_inserts) || !args) {
        out += C('%');
        string num;
        if (n >= 10) num += C('0' + n / 10);
        num += C('0' + n % 10);
        out += num;
        if (!fmt.empty()) out += C('!') + fmt + C('!');
        continue;
      }
      if (fmt.empty() || fmt == string{C('s')}) {
        tr::print_str(out, argv[n - 1]);
      } else {
        string f{C('%')};
        f += fmt;
        tr::print(out, f.c_str(), argv[n - 1]);
      }
      continue;
    }
    if ((flags & fm_ignore_inserts) && e != C('n') && e != C('r') && e != C('t')) {
      // With IGNORE_INSERTS only %0 %n %r %t are escapes (Wine format_msg.c test_message_ignore_inserts).
      out += C('%');
      out += e;
      continue;
    }
    switch (e) {
      case C('n'): out += string{C('\r'), C('\n')}; break;
      case C('r'): out += C('\r'); break;
      case C('t'): out += C('\t'); break;
      case C('%'): out += C('%'); break;
      case C('.'): out += C('.'); break;
      case C('!'): out += C('!'); break;
      default: out += C('%'); out += e; break;
    }
  }

  DWORD len = DWORD(out.size());
  if (len == 0) {
    set_last_error(235);  // ERROR_NO_WORK_DONE: nothing to return (e.g. "%0...")
    return 0;
  }
  if (flags & fm_allocate) {
    DWORD cap = len + 1 > size ? len + 1 : size;
    auto* p = static_cast<C*>(LocalAlloc(0, cap * sizeof(C)));
    if (!p) {
      set_last_error(ERROR_NOT_ENOUGH_MEMORY);
      return 0;
    }
    std::memcpy(p, out.c_str(), (len + 1) * sizeof(C));
    *reinterpret_cast<C**>(buffer) = p;
    return len;
  }
  if (!buffer || len + 1 > size) {
    set_last_error(ERROR_INSUFFICIENT_BUFFER);
    return 0;
  }
  std::memcpy(buffer, out.c_str(), (len + 1) * sizeof(C));
  return len;
}

}  // namespace

extern "C" {

// FormatMessageA / FormatMessageW
// Differs from Windows: only English texts (the language ID is ignored); FROM_HMODULE with a
// module other than the system gives the system text; line wrapping at a width other than
// 0 or MAX_WIDTH_MASK is not applied.
DWORD WINAPI FormatMessageA(DWORD dwFlags, LPCVOID lpSource, DWORD dwMessageId, DWORD, LPSTR lpBuffer, DWORD nSize,
                            va_list* Arguments) {
  return format_message<char>(dwFlags, lpSource, dwMessageId, lpBuffer, nSize, Arguments);
}

DWORD WINAPI FormatMessageW(DWORD dwFlags, LPCVOID lpSource, DWORD dwMessageId, DWORD, LPWSTR lpBuffer, DWORD nSize,
                            va_list* Arguments) {
  return format_message<wchar_t>(dwFlags, lpSource, dwMessageId, lpBuffer, nSize, Arguments);
}

}  // extern "C"
