/* user32_edit_log.c: the way a GUI sample logs: an edit control filled with EM_SETSEL to the end +
 * EM_REPLACESEL, SetWindowText, and a listbox with LB_ADDSTRING. The text the controls hold is
 * checked here; the headless echo of that text on stdout (CRLF → LF, one write per change) is
 * checked by ctest's PASS_REGULAR_EXPRESSION (tests/win32/CMakeLists.txt). On Windows nothing is
 * echoed; only the in-process checks apply. */
#include <windows.h>

#include "ovl_test.h"

static void append(HWND edit, const char *text)
{
    int len = GetWindowTextLengthA(edit);
    SendMessageA(edit, EM_SETSEL, (WPARAM)len, (LPARAM)len);
    SendMessageA(edit, EM_REPLACESEL, FALSE, (LPARAM)text);
}

int main(void)
{
    char buf[256];
    HWND main_wnd, edit, list;
    WNDCLASSA wc;

    memset(&wc, 0, sizeof(wc));
    wc.lpfnWndProc = DefWindowProcA;
    wc.lpszClassName = "user32_edit_log";
    RegisterClassA(&wc);
    main_wnd = CreateWindowA("user32_edit_log", "log", WS_OVERLAPPEDWINDOW, CW_USEDEFAULT, CW_USEDEFAULT,
                             CW_USEDEFAULT, CW_USEDEFAULT, NULL, NULL, NULL, NULL);
    edit = CreateWindowA("EDIT", "", WS_CHILD | WS_VISIBLE | WS_VSCROLL | ES_MULTILINE | ES_AUTOVSCROLL | ES_READONLY,
                         0, 0, 300, 200, main_wnd, (HMENU)1, NULL, NULL);
    ok(edit != NULL, "edit control failed %u\n", (unsigned)GetLastError());
    if (!edit) return test_finish();

    append(edit, "log: server started\r\n");
    append(edit, "log: client connected\r\n");
    GetWindowTextA(edit, buf, sizeof(buf));
    ok(!strcmp(buf, "log: server started\r\nlog: client connected\r\n"), "edit holds \"%s\"\n", buf);

    /* SetWindowText that extends the text echoes only the new part */
    SetWindowTextA(edit, "log: server started\r\nlog: client connected\r\nlog: 5 bytes echoed\r\n");
    /* one that replaces it echoes the whole text as a line */
    SetWindowTextA(edit, "log: cleared");
    GetWindowTextA(edit, buf, sizeof(buf));
    ok(!strcmp(buf, "log: cleared"), "edit holds \"%s\"\n", buf);

    list = CreateWindowA("LISTBOX", NULL, WS_CHILD, 0, 0, 10, 10, main_wnd, (HMENU)2, NULL, NULL);
    ok(SendMessageA(list, LB_ADDSTRING, 0, (LPARAM) "list: item") == 0, "LB_ADDSTRING\n");
    DestroyWindow(main_wnd);
    return test_finish();
}
