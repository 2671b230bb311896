/* winmain_basic.c: a program whose entry point is WinMain links (against liboverlapped_winmain,
 * which supplies main) and runs: hInstance is GetModuleHandle(NULL), hPrevInstance NULL,
 * nShowCmd SW_SHOWDEFAULT, lpCmdLine the arguments after the program name. It then runs the
 * textbook loop: a hidden window, a posted WM_CLOSE, DefWindowProc destroys the window,
 * WM_DESTROY posts the quit, and WinMain returns msg.wParam as the exit code.
 * ctest runs it without arguments and with: "two words" plain (see CMakeLists.txt). */
#include <windows.h>

#include "ovl_test.h"

static LRESULT CALLBACK WndProc(HWND hwnd, UINT msg, WPARAM wParam, LPARAM lParam)
{
    switch (msg) {
    case WM_DESTROY:
        PostQuitMessage(0);
        return 0;
    }
    return DefWindowProc(hwnd, msg, wParam, lParam);
}

int WINAPI WinMain(HINSTANCE hInstance, HINSTANCE hPrevInstance, LPSTR lpCmdLine, int nCmdShow)
{
    WNDCLASS wc;
    HWND hwnd;
    MSG msg;
    int loops = 0;

    ok(hInstance == GetModuleHandle(NULL), "hInstance %p\n", (void *)hInstance);
    ok(hPrevInstance == NULL, "hPrevInstance %p\n", (void *)hPrevInstance);
    ok(nCmdShow == SW_SHOWDEFAULT || nCmdShow == SW_SHOWNORMAL, "nCmdShow %d\n", nCmdShow);
    ok(lpCmdLine != NULL && (!strcmp(lpCmdLine, "") || !strcmp(lpCmdLine, "\"two words\" plain")),
       "lpCmdLine [%s]\n", lpCmdLine ? lpCmdLine : "(null)");
    trace("lpCmdLine [%s]\n", lpCmdLine);

    ZeroMemory(&wc, sizeof(wc));
    wc.lpfnWndProc = WndProc;
    wc.hInstance = hInstance;
    wc.hCursor = LoadCursor(NULL, IDC_ARROW);
    wc.hbrBackground = (HBRUSH)(COLOR_WINDOW + 1);
    wc.lpszClassName = TEXT("WinMainBasic");
    ok(RegisterClass(&wc) != 0, "RegisterClass failed %u\n", (unsigned)GetLastError());
    hwnd = CreateWindow(TEXT("WinMainBasic"), TEXT("WinMain"), WS_OVERLAPPEDWINDOW, CW_USEDEFAULT, CW_USEDEFAULT,
                        CW_USEDEFAULT, CW_USEDEFAULT, NULL, NULL, hInstance, NULL);
    ok(hwnd != NULL, "CreateWindow failed %u\n", (unsigned)GetLastError());
    if (!hwnd) return test_finish();
    ShowWindow(hwnd, SW_HIDE);
    UpdateWindow(hwnd);
    PostMessage(hwnd, WM_CLOSE, 0, 0);

    while (GetMessage(&msg, NULL, 0, 0) > 0) {
        TranslateMessage(&msg);
        DispatchMessage(&msg);
        ++loops;
    }
    ok(msg.message == WM_QUIT && msg.wParam == 0, "loop ended with %#x %d\n", msg.message, (int)msg.wParam);
    ok(loops >= 1, "%d messages dispatched\n", loops);
    ok(!IsWindow(hwnd), "window alive after WM_CLOSE\n");
    return test_finish();
}
