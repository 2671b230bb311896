// MessageBoxA/W for console programs: the box is printed to stderr instead of shown, and the
// call returns as if the first button had been pressed (IDOK, or IDYES/IDABORT/IDRETRY/IDCANCEL
// for the other button sets), so error paths in sample code run through.
#include <windows.h>

#include <cstdio>

namespace {

int first_button(UINT type) {
  switch (type & 0xF) {
    case 1: return 1;  // MB_OKCANCEL → IDOK
    case 2: return 3;  // MB_ABORTRETRYIGNORE → IDABORT
    case 3: return 6;  // MB_YESNOCANCEL → IDYES
    case 4: return 6;  // MB_YESNO → IDYES
    case 5: return 4;  // MB_RETRYCANCEL → IDRETRY
    case 6: return 2;  // MB_CANCELTRYCONTINUE → IDCANCEL
    default: return 1; // MB_OK → IDOK
  }
}

}  // namespace

extern "C" {

// MessageBoxA / MessageBoxW
// Differs from Windows: nothing is displayed and nothing blocks; the text goes to stderr.
int WINAPI MessageBoxA(HWND, LPCSTR text, LPCSTR caption, UINT type) {
  std::fprintf(stderr, "[MessageBox] %s: %s\n", caption ? caption : "Error", text ? text : "");
  std::fflush(stderr);
  return first_button(type);
}

int WINAPI MessageBoxW(HWND, LPCWSTR text, LPCWSTR caption, UINT type) {
  std::fprintf(stderr, "[MessageBox] %ls: %ls\n", caption ? caption : L"Error", text ? text : L"");
  std::fflush(stderr);
  return first_button(type);
}

}  // extern "C"
