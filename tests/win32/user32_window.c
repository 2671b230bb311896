/* user32_window.c: classes and windows without a display. RegisterClass errors, the messages
 * CreateWindowEx sends (WM_NCCREATE then WM_CREATE with the CREATESTRUCT, then WM_SIZE/WM_MOVE),
 * WM_CREATE returning -1, DestroyWindow's WM_DESTROY/WM_NCDESTROY (children too), a destroyed
 * HWND rejected everywhere with ERROR_INVALID_WINDOW_HANDLE, the predefined "button" class as a
 * hidden window, edit control text (SetWindowText, EM_SETSEL + EM_REPLACESEL, EM_GETLINECOUNT),
 * GetDlgItem, GWLP_USERDATA / cbWndExtra / GWLP_WNDPROC subclassing, WM_CLOSE → DestroyWindow. */
#include <windows.h>

#include "ovl_test.h"

static UINT trail[32];
static int ntrail;
static void *create_param;
static HWND destroyed[8];
static int ndestroyed;

static LRESULT CALLBACK proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    switch (msg) {
    case WM_NCCREATE:
    case WM_CREATE: {
        CREATESTRUCTA *cs = (CREATESTRUCTA *)lp;
        if (ntrail < 32) trail[ntrail++] = msg;
        create_param = cs->lpCreateParams;
        ok(cs->lpszName && !strcmp(cs->lpszName, "title"), "CREATESTRUCT name %s\n", cs->lpszName);
        ok(cs->cx == 120 && cs->cy == 80, "CREATESTRUCT size %dx%d\n", cs->cx, cs->cy);
        if (msg == WM_CREATE && cs->lpCreateParams == (void *)-1) return -1;
        break;
    }
    case WM_SIZE:
    case WM_MOVE:
    case WM_CLOSE:
    case WM_NCDESTROY:
        if (ntrail < 32) trail[ntrail++] = msg;
        break;
    case WM_DESTROY:
        if (ntrail < 32) trail[ntrail++] = msg;
        if (ndestroyed < 8) destroyed[ndestroyed++] = hwnd;
        break;
    }
    return DefWindowProcA(hwnd, msg, wp, lp);
}

static void test_classes(void)
{
    WNDCLASSA wc;
    WNDCLASSEXA wcx;
    ATOM atom;

    memset(&wc, 0, sizeof(wc));
    wc.lpfnWndProc = proc;
    wc.cbWndExtra = 2 * sizeof(LONG_PTR);
    wc.hInstance = GetModuleHandleA(NULL);
    wc.hCursor = LoadCursorA(NULL, IDC_ARROW);
    wc.hIcon = LoadIconA(NULL, IDI_APPLICATION);
    wc.hbrBackground = (HBRUSH)GetStockObject(WHITE_BRUSH);
    wc.lpszClassName = "user32_window_class";
    ok(wc.hCursor != NULL && wc.hIcon != NULL && wc.hbrBackground != NULL, "dummy handles are NULL\n");
    atom = RegisterClassA(&wc);
    ok(atom != 0, "RegisterClass failed %u\n", (unsigned)GetLastError());
    poison_last_error();
    ok(RegisterClassA(&wc) == 0, "second RegisterClass succeeded\n");
    ok(GetLastError() == ERROR_CLASS_ALREADY_EXISTS, "error %u\n", (unsigned)GetLastError());

    memset(&wcx, 0, sizeof(wcx));
    wcx.cbSize = sizeof(wcx) - 1;
    wcx.lpfnWndProc = proc;
    wcx.lpszClassName = "user32_window_ex";
    poison_last_error();
    ok(RegisterClassExA(&wcx) == 0, "RegisterClassEx with a bad cbSize succeeded\n");
    ok(GetLastError() == ERROR_INVALID_PARAMETER, "error %u\n", (unsigned)GetLastError());
    wcx.cbSize = sizeof(wcx);
    ok(RegisterClassExA(&wcx) != 0, "RegisterClassEx failed %u\n", (unsigned)GetLastError());
    ok(UnregisterClassA("user32_window_ex", GetModuleHandleA(NULL)), "UnregisterClass failed\n");
    poison_last_error();
    ok(!UnregisterClassA("user32_window_ex", GetModuleHandleA(NULL)), "UnregisterClass twice succeeded\n");
    ok(GetLastError() == ERROR_CLASS_DOES_NOT_EXIST, "error %u\n", (unsigned)GetLastError());

    poison_last_error();
    ok(CreateWindowA("no_such_class", "x", 0, 0, 0, 1, 1, NULL, NULL, NULL, NULL) == NULL,
       "CreateWindow with an unknown class succeeded\n");
    ok(GetLastError() == ERROR_CANNOT_FIND_WND_CLASS, "error %u\n", (unsigned)GetLastError());
}

static void test_create_destroy(void)
{
    static const UINT expect_create[] = {WM_NCCREATE, WM_CREATE, WM_SIZE, WM_MOVE};
    static const UINT expect_destroy[] = {WM_DESTROY, WM_NCDESTROY};
    HWND hwnd;
    int i;
    char buf[32];
    LRESULT r;

    ntrail = 0;
    hwnd = CreateWindowExA(0, "user32_window_class", "title", WS_OVERLAPPEDWINDOW, 10, 20, 120, 80, NULL, NULL,
                           GetModuleHandleA(NULL), (LPVOID)0x1234);
    ok(hwnd != NULL, "CreateWindowEx failed %u\n", (unsigned)GetLastError());
    ok(create_param == (void *)0x1234, "lpCreateParams %p\n", create_param);
    ok(ntrail == 4, "%d messages during CreateWindow\n", ntrail);
    for (i = 0; i < 4 && i < ntrail; ++i)
        ok(trail[i] == expect_create[i], "creation message %d: %#x, expected %#x\n", i, trail[i], expect_create[i]);
    ok(IsWindow(hwnd), "IsWindow FALSE\n");
    ok(!IsWindowVisible(hwnd), "visible without WS_VISIBLE\n");
    ok(ShowWindow(hwnd, SW_SHOW) == FALSE, "ShowWindow: was visible\n");
    ok(ShowWindow(hwnd, SW_HIDE) != FALSE, "ShowWindow: was hidden\n");
    ok(UpdateWindow(hwnd), "UpdateWindow failed\n");
    ok(GetWindowTextA(hwnd, buf, sizeof(buf)) == 5 && !strcmp(buf, "title"), "text %s\n", buf);
    ok(GetWindowThreadProcessId(hwnd, NULL) == GetCurrentThreadId(), "window thread\n");

    /* user data and extra bytes */
    ok(SetWindowLongPtrA(hwnd, GWLP_USERDATA, (LONG_PTR)&ntrail) == 0, "old user data not 0\n");
    ok(GetWindowLongPtrA(hwnd, GWLP_USERDATA) == (LONG_PTR)&ntrail, "GWLP_USERDATA\n");
    SetWindowLongPtrA(hwnd, sizeof(LONG_PTR), 77);
    ok(GetWindowLongPtrA(hwnd, sizeof(LONG_PTR)) == 77, "cbWndExtra slot\n");
    poison_last_error();
    ok(GetWindowLongPtrA(hwnd, 2 * sizeof(LONG_PTR)) == 0 && GetLastError() == ERROR_INVALID_INDEX,
       "read past cbWndExtra: error %u\n", (unsigned)GetLastError());
    ok(GetWindowLongPtrA(hwnd, GWLP_WNDPROC) == (LONG_PTR)proc, "GWLP_WNDPROC\n");

    ntrail = 0;
    ok(DestroyWindow(hwnd), "DestroyWindow failed %u\n", (unsigned)GetLastError());
    ok(ntrail == 2, "%d messages during DestroyWindow\n", ntrail);
    for (i = 0; i < 2 && i < ntrail; ++i)
        ok(trail[i] == expect_destroy[i], "destroy message %d: %#x\n", i, trail[i]);

    /* the destroyed HWND is rejected everywhere, without crashing */
    ok(!IsWindow(hwnd), "IsWindow TRUE after DestroyWindow\n");
    poison_last_error();
    ok(!DestroyWindow(hwnd), "DestroyWindow twice succeeded\n");
    ok(GetLastError() == ERROR_INVALID_WINDOW_HANDLE, "DestroyWindow: error %u\n", (unsigned)GetLastError());
    poison_last_error();
    ok(!PostMessageA(hwnd, WM_USER, 0, 0), "PostMessage succeeded\n");
    ok(GetLastError() == ERROR_INVALID_WINDOW_HANDLE, "PostMessage: error %u\n", (unsigned)GetLastError());
    poison_last_error();
    r = SendMessageA(hwnd, WM_USER, 0, 0);
    ok(r == 0 && GetLastError() == ERROR_INVALID_WINDOW_HANDLE, "SendMessage: %ld error %u\n", (long)r,
       (unsigned)GetLastError());
    poison_last_error();
    ok(!SetWindowTextA(hwnd, "x"), "SetWindowText succeeded\n");
    ok(GetLastError() == ERROR_INVALID_WINDOW_HANDLE, "SetWindowText: error %u\n", (unsigned)GetLastError());
    poison_last_error();
    ok(GetWindowLongPtrA(hwnd, GWLP_USERDATA) == 0, "GetWindowLongPtr on a dead window\n");
    ok(GetLastError() == ERROR_INVALID_WINDOW_HANDLE, "GetWindowLongPtr: error %u\n", (unsigned)GetLastError());
    poison_last_error();
    ok(!ShowWindow(hwnd, SW_SHOW) && GetLastError() == ERROR_INVALID_WINDOW_HANDLE, "ShowWindow: error %u\n",
       (unsigned)GetLastError());
    poison_last_error();
    ok(!SetTimer(hwnd, 1, 100, NULL) && GetLastError() == ERROR_INVALID_WINDOW_HANDLE, "SetTimer: error %u\n",
       (unsigned)GetLastError());
    ok(!IsWindow(NULL), "IsWindow(NULL)\n");
    ok(!IsWindow((HWND)(ULONG_PTR)0xdeadbeef), "IsWindow(garbage)\n");

    /* WM_CREATE returning -1 fails the creation */
    ntrail = 0;
    poison_last_error();
    hwnd = CreateWindowA("user32_window_class", "title", 0, 0, 0, 120, 80, NULL, NULL, NULL, (LPVOID)-1);
    ok(hwnd == NULL, "CreateWindow succeeded though WM_CREATE returned -1\n");
    ok(ntrail >= 2 && trail[0] == WM_NCCREATE && trail[1] == WM_CREATE, "messages %#x %#x\n", trail[0], trail[1]);
}

static void test_children_and_close(void)
{
    HWND parent, child, edit;

    parent = CreateWindowA("user32_window_class", "title", WS_OVERLAPPEDWINDOW, 0, 0, 120, 80, NULL, NULL, NULL, NULL);
    child = CreateWindowA("user32_window_class", "title", WS_CHILD, 0, 0, 120, 80, parent, (HMENU)101, NULL, NULL);
    edit = CreateWindowA("edit", "", WS_CHILD | ES_MULTILINE | ES_READONLY, 0, 0, 10, 10, parent, (HMENU)102, NULL,
                         NULL);
    ok(parent && child && edit, "creation failed %u\n", (unsigned)GetLastError());
    ok(GetDlgItem(parent, 101) == child, "GetDlgItem(101)\n");
    ok(GetDlgItem(parent, 102) == edit, "GetDlgItem(102)\n");
    ok(GetDlgCtrlID(edit) == 102, "GetDlgCtrlID %d\n", GetDlgCtrlID(edit));
    ok(GetParent(child) == parent, "GetParent\n");
    poison_last_error();
    ok(GetDlgItem(parent, 999) == NULL && GetLastError() == ERROR_CONTROL_ID_NOT_FOUND, "GetDlgItem(999): %u\n",
       (unsigned)GetLastError());

    poison_last_error();
    ok(!UnregisterClassA("user32_window_class", NULL), "UnregisterClass with live windows\n");
    ok(GetLastError() == ERROR_CLASS_HAS_WINDOWS, "error %u\n", (unsigned)GetLastError());

    poison_last_error();
    ok(CreateWindowA("user32_window_class", "title", WS_CHILD, 0, 0, 120, 80, NULL, NULL, NULL, NULL) == NULL,
       "WS_CHILD without a parent succeeded\n");
    ok(GetLastError() == ERROR_TLW_WITH_WSCHILD, "error %u\n", (unsigned)GetLastError());

    /* WM_CLOSE through DefWindowProc destroys the window and its children, parent first */
    ndestroyed = 0;
    SendMessageA(parent, WM_CLOSE, 0, 0);
    ok(!IsWindow(parent) && !IsWindow(child) && !IsWindow(edit), "WM_CLOSE left windows alive\n");
    ok(ndestroyed == 2 && destroyed[0] == parent && destroyed[1] == child, "WM_DESTROY order: %d\n", ndestroyed);
}

static WNDPROC old_edit_proc;
static int subclass_calls;

static LRESULT CALLBACK edit_subclass(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    if (msg == EM_REPLACESEL) ++subclass_calls;
    return CallWindowProcA(old_edit_proc, hwnd, msg, wp, lp);
}

static void test_predefined(void)
{
    HWND button, edit, list;
    char buf[128];
    int len;

    button = CreateWindowA("BUTTON", "Press", WS_CHILD | BS_PUSHBUTTON, 0, 0, 10, 10, HWND_MESSAGE, (HMENU)1,
                           NULL, NULL);
    ok(button != NULL, "button window failed %u\n", (unsigned)GetLastError());
    ok(!IsWindowVisible(button), "button visible\n");
    GetClassNameA(button, buf, sizeof(buf));
    ok(!strcmp(buf, "Button"), "class name %s\n", buf);
    SendMessageA(button, BM_SETCHECK, BST_CHECKED, 0);
    ok(SendMessageA(button, BM_GETCHECK, 0, 0) == BST_CHECKED, "BM_GETCHECK\n");
    DestroyWindow(button);

    edit = CreateWindowExA(WS_EX_CLIENTEDGE, "edit", "", WS_OVERLAPPEDWINDOW | ES_MULTILINE, 0, 0, 100, 100, NULL,
                           NULL, NULL, NULL);
    ok(edit != NULL, "edit failed %u\n", (unsigned)GetLastError());
    ok(SetWindowTextA(edit, "first\r\n"), "SetWindowText failed\n");
    len = GetWindowTextLengthA(edit);
    ok(len == 7, "length %d\n", len);
    SendMessageA(edit, EM_SETSEL, len, len);
    SendMessageA(edit, EM_REPLACESEL, FALSE, (LPARAM) "second\r\n");
    GetWindowTextA(edit, buf, sizeof(buf));
    ok(!strcmp(buf, "first\r\nsecond\r\n"), "edit text \"%s\"\n", buf);
    ok(SendMessageA(edit, EM_GETLINECOUNT, 0, 0) == 3, "line count %d\n", (int)SendMessageA(edit, EM_GETLINECOUNT, 0, 0));

    /* replace a selection */
    SendMessageA(edit, EM_SETSEL, 0, 5);
    SendMessageA(edit, EM_REPLACESEL, FALSE, (LPARAM) "1st");
    GetWindowTextA(edit, buf, sizeof(buf));
    ok(!strcmp(buf, "1st\r\nsecond\r\n"), "edit text after replace \"%s\"\n", buf);

    /* subclassing through GWLP_WNDPROC */
    old_edit_proc = (WNDPROC)SetWindowLongPtrA(edit, GWLP_WNDPROC, (LONG_PTR)edit_subclass);
    ok(old_edit_proc != NULL, "old edit procedure NULL\n");
    len = GetWindowTextLengthA(edit);
    SendMessageA(edit, EM_SETSEL, len, len);
    SendMessageA(edit, EM_REPLACESEL, FALSE, (LPARAM) "third\r\n");
    ok(subclass_calls == 1, "subclass saw %d EM_REPLACESEL\n", subclass_calls);
    GetWindowTextA(edit, buf, sizeof(buf));
    ok(!strcmp(buf, "1st\r\nsecond\r\nthird\r\n"), "edit text after subclass \"%s\"\n", buf);
    DestroyWindow(edit);

    list = CreateWindowA("listbox", NULL, WS_CHILD, 0, 0, 10, 10, HWND_MESSAGE, NULL, NULL, NULL);
    ok(list != NULL, "listbox failed %u\n", (unsigned)GetLastError());
    ok(SendMessageA(list, LB_ADDSTRING, 0, (LPARAM) "a") == 0, "LB_ADDSTRING 0\n");
    ok(SendMessageA(list, LB_ADDSTRING, 0, (LPARAM) "bb") == 1, "LB_ADDSTRING 1\n");
    ok(SendMessageA(list, LB_GETCOUNT, 0, 0) == 2, "LB_GETCOUNT\n");
    ok(SendMessageA(list, LB_GETTEXTLEN, 1, 0) == 2, "LB_GETTEXTLEN\n");
    DestroyWindow(list);

    ok(CreateWindowA("static", "label", WS_CHILD, 0, 0, 10, 10, HWND_MESSAGE, NULL, NULL, NULL) != NULL,
       "static failed\n");
}

static void test_wide(void)
{
    WCHAR wbuf[32];
    char buf[32];
    HWND edit = CreateWindowW(L"edit", L"", ES_MULTILINE, 0, 0, 10, 10, HWND_MESSAGE, NULL, NULL, NULL);

    ok(edit != NULL, "CreateWindowW(edit) failed\n");
    SetWindowTextW(edit, L"wide \x00e9t\x00e9\r\n");
    ok(GetWindowTextW(edit, wbuf, 32) == 10 && !wcscmp(wbuf, L"wide \x00e9t\x00e9\r\n"), "GetWindowTextW\n");
    /* the A view of the same text is UTF-8 here (the ANSI code page on Windows) */
    ok(GetWindowTextA(edit, buf, sizeof(buf)) > 0, "GetWindowTextA\n");
    DestroyWindow(edit);
}

int main(void)
{
    test_classes();
    test_create_destroy();
    test_children_and_close();
    test_predefined();
    test_wide();
    return test_finish();
}
