/* Winsock calls before WSAStartup fail with WSANOTINITIALISED (10093) and notify nothing.
 * This needs a process of its own: no WSAStartup may have run.
 *
 * Expected values: Microsoft's docs (every Winsock function lists WSANOTINITIALISED) and Wine
 * dlls/ws2_32/tests/sock.c test_WithoutWSAStartup (WSASocketA, gethostbyname).
 */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#include "ovl_test.h"

int main(void)
{
    WSAOVERLAPPED ov;
    WSABUF wb;
    char buf[8];
    DWORD bytes = 0xdeadbeef, flags = 0, cb;
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    SOCKET s;
    int r;
    BOOL b;

    wb.buf = buf;
    wb.len = sizeof(buf);
    memset(&ov, 0, sizeof(ov));
    ov.hEvent = ev;

    /* sock.c test_WithoutWSAStartup. */
    WSASetLastError(0xdeadbeef);
    s = WSASocketA(AF_INET, SOCK_STREAM, IPPROTO_TCP, NULL, 0, WSA_FLAG_OVERLAPPED);
    ok(s == INVALID_SOCKET, "WSASocketA before WSAStartup succeeded\n");
    ok(WSAGetLastError() == WSANOTINITIALISED, "WSASocketA: error %d\n", WSAGetLastError());
    WSASetLastError(0xdeadbeef);
    s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    ok(s == INVALID_SOCKET, "socket before WSAStartup succeeded\n");
    ok(WSAGetLastError() == WSANOTINITIALISED, "socket: error %d\n", WSAGetLastError());

    WSASetLastError(0xdeadbeef);
    r = WSARecv((SOCKET)3, &wb, 1, &bytes, &flags, &ov, NULL);
    ok(r == SOCKET_ERROR, "WSARecv returned %d\n", r);
    ok(WSAGetLastError() == WSANOTINITIALISED, "WSARecv: error %d\n", WSAGetLastError());
    WSASetLastError(0xdeadbeef);
    r = WSASend((SOCKET)3, &wb, 1, &bytes, 0, &ov, NULL);
    ok(r == SOCKET_ERROR, "WSASend returned %d\n", r);
    ok(WSAGetLastError() == WSANOTINITIALISED, "WSASend: error %d\n", WSAGetLastError());
    WSASetLastError(0xdeadbeef);
    b = WSAGetOverlappedResult((SOCKET)3, &ov, &cb, FALSE, &flags);
    ok(!b, "WSAGetOverlappedResult succeeded\n");
    ok(WSAGetLastError() == WSANOTINITIALISED, "WSAGetOverlappedResult: error %d\n", WSAGetLastError());
    WSASetLastError(0xdeadbeef);
    r = closesocket((SOCKET)3);
    ok(r == SOCKET_ERROR, "closesocket returned %d\n", r);
    ok(WSAGetLastError() == WSANOTINITIALISED, "closesocket: error %d\n", WSAGetLastError());
    WSASetLastError(0xdeadbeef);
    r = WSACleanup();
    ok(r == SOCKET_ERROR, "WSACleanup returned %d\n", r);
    ok(WSAGetLastError() == WSANOTINITIALISED, "WSACleanup: error %d\n", WSAGetLastError());

    ok(bytes == 0xdeadbeef, "bytes %u\n", bytes);
    ok(WaitForSingleObject(ev, 0) == WAIT_TIMEOUT, "a failed call signalled the event\n");
    CloseHandle(ev);
    return test_finish();
}
