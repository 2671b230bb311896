// gqcs_lpdword.cpp: the 32-bit-era call GetQueuedCompletionStatus(port, &bytes, (LPDWORD)&key,
// &ov, ms) compiles in C++ (include/win32/ovl_winbase_cxx.h) and writes only the 4 bytes of the
// DWORD: the canary after it survives. Built through the CMake target overlapped::win32.
// If completion ports are not implemented yet, only the compile and link are checked.
#include <windows.h>
#include <stdio.h>

struct KeyAndCanary {
    DWORD key;
    DWORD canary;
};

int main()
{
    HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
    if (port == NULL) {
        printf("compiled and linked; CreateIoCompletionPort failed (%lu), run part skipped\n",
               (unsigned long)GetLastError());
        return 0;
    }
    if (!PostQueuedCompletionStatus(port, 5, (ULONG_PTR)0x1234, NULL)) {
        printf("FAIL: PostQueuedCompletionStatus: %lu\n", (unsigned long)GetLastError());
        return 1;
    }
    KeyAndCanary kc = {0, 0xC0FFEEu};
    DWORD bytes = 0;
    LPOVERLAPPED ov = (LPOVERLAPPED)1;
    BOOL ok = GetQueuedCompletionStatus(port, &bytes, (LPDWORD)&kc.key, &ov, 1000);
    int fail = 0;
    if (!ok) { printf("FAIL: GetQueuedCompletionStatus returned FALSE (%lu)\n", (unsigned long)GetLastError()); fail = 1; }
    if (kc.key != 0x1234) { printf("FAIL: key %#lx, expected 0x1234\n", (unsigned long)kc.key); fail = 1; }
    if (kc.canary != 0xC0FFEEu) { printf("FAIL: canary overwritten: %#lx\n", (unsigned long)kc.canary); fail = 1; }
    if (bytes != 5 || ov != NULL) { printf("FAIL: bytes %lu ov %p\n", (unsigned long)bytes, (void *)ov); fail = 1; }
    CloseHandle(port);
    if (!fail) printf("ok: key 0x1234 through LPDWORD, canary intact\n");
    return fail;
}
