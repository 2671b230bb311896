/* ext_transmit.c: TransmitFile and TransmitPackets, fetched through
 * WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER) (TransmitFile also through the mswsock export),
 * over temporary files made with CreateFileA/WriteFile.
 *
 * Expectations come from Wine's dlls/ws2_32/tests/sock.c (test_TransmitFile) and Microsoft's
 * TransmitFile and TransmitPackets pages. Each test makes its own loopback pair and file.
 */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <mswsock.h>
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ovl_test.h"

static LPFN_TRANSMITFILE pTransmitFile;
static LPFN_TRANSMITPACKETS pTransmitPackets;

static void load_functions(void)
{
    GUID tf = WSAID_TRANSMITFILE, tp = WSAID_TRANSMITPACKETS;
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    DWORD size;
    int r = WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &tf, sizeof(tf), &pTransmitFile, sizeof(pTransmitFile),
                     &size, NULL, NULL);
    ok(!r && pTransmitFile, "TransmitFile: %d, error %d\n", r, WSAGetLastError());
    r = WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &tp, sizeof(tp), &pTransmitPackets, sizeof(pTransmitPackets),
                 &size, NULL, NULL);
    ok(!r && pTransmitPackets, "TransmitPackets: %d, error %d\n", r, WSAGetLastError());
    closesocket(s);
}

/* The byte at offset i of every test file. */
static unsigned char pattern(DWORD i) { return (unsigned char)((i * 7u + (i >> 11)) & 0xff); }

static char file_names[8][64];
static int file_count;

/* A temporary file of `size` pattern bytes, opened read/write; its pointer is at the end. */
static HANDLE make_file(DWORD size)
{
    char *name = file_names[file_count++];
    unsigned char chunk[4096];
    DWORD done = 0, n, written;
    HANDLE h;

    sprintf(name, "ext_transmit_%lu_%d.tmp", (unsigned long)GetCurrentProcessId(), file_count);
    h = CreateFileA(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    ok(h != INVALID_HANDLE_VALUE, "CreateFileA(%s): %lu\n", name, GetLastError());
    while (done < size) {
        n = size - done < sizeof(chunk) ? size - done : (DWORD)sizeof(chunk);
        for (written = 0; written < n; ++written) chunk[written] = pattern(done + written);
        ok(WriteFile(h, chunk, n, &written, NULL) && written == n, "WriteFile: %lu\n", GetLastError());
        done += n;
    }
    ok(GetFileSize(h, NULL) == size, "GetFileSize: %lu\n", GetFileSize(h, NULL));
    return h;
}

static void remove_files(void)
{
    int i;
    for (i = 0; i < file_count; ++i) remove(file_names[i]);
}

/* Reads exactly n bytes (blocking); returns how many came. */
static int recv_all(SOCKET s, char *buf, int n)
{
    int got = 0, r;
    while (got < n) {
        r = recv(s, buf + got, n - got, 0);
        if (r <= 0) break;
        got += r;
    }
    return got;
}

/* Reads n bytes and checks them against the file pattern from `offset`. */
#define check_file_bytes(s, offset, n) check_file_bytes_(__FILE__, __LINE__, s, offset, n)
static void check_file_bytes_(const char *file, int line, SOCKET s, DWORD offset, DWORD n)
{
    char buf[4096];
    DWORD done = 0, i;
    int bad = 0;
    while (done < n) {
        int want = n - done < sizeof(buf) ? (int)(n - done) : (int)sizeof(buf);
        int got = recv_all(s, buf, want);
        if (got != want) {
            ok_(file, line)(0, "file data: got %d of %d bytes at %lu\n", got, want, (unsigned long)done);
            return;
        }
        for (i = 0; i < (DWORD)got; ++i)
            if ((unsigned char)buf[i] != pattern(offset + done + i)) bad = 1;
        done += got;
    }
    ok_(file, line)(!bad, "file data differs\n");
}

#define check_bytes(s, data, n) check_bytes_(__FILE__, __LINE__, s, data, n)
static void check_bytes_(const char *file, int line, SOCKET s, const char *data, int n)
{
    char buf[256];
    int got = recv_all(s, buf, n);
    ok_(file, line)(got == n && !memcmp(buf, data, n), "got %d of %d bytes (%.*s)\n", got, n, got, buf);
}

/* Nothing more is waiting on a non-blocking-read check. */
static int nothing_pending(SOCKET s)
{
    u_long avail = 1;
    Sleep(50);
    ioctlsocket(s, FIONREAD, &avail);
    return avail == 0;
}

static char head[] = "hello world";
static char tail[] = "goodbye!!!";

/* test_TransmitFile: argument errors. */
static void test_transmit_args(void)
{
    HANDLE f = make_file(100);
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP), u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    BOOL r;

    poison_last_error();
    r = pTransmitFile(INVALID_SOCKET, f, 0, 0, NULL, NULL, 0);
    ok(!r, "got %d\n", r);
    ok_wsa_error(WSAENOTSOCK);
    poison_last_error();
    r = pTransmitFile(s, NULL, 0, 0, NULL, NULL, TF_REUSE_SOCKET);
    ok(!r, "got %d\n", r);
    ok_wsa_error(WSAENOTCONN);
    poison_last_error();
    r = pTransmitFile(u, NULL, 0, 0, NULL, NULL, 0);
    ok(!r, "got %d\n", r);
    ok_wsa_error(WSAENOTCONN);

    closesocket(s);
    closesocket(u);
    CloseHandle(f);
}

/* test_TransmitFile: without an OVERLAPPED it blocks and returns TRUE; nothing at all, head
 * and tail only, the file from its current position (Microsoft: "transmission starts at the
 * current byte offset in the file"), and all three in order. */
static void test_transmit_blocking(void)
{
    HANDLE f = make_file(1000);
    TRANSMIT_FILE_BUFFERS tb;
    SOCKET c, d;
    BOOL r;

    if (tcp_pair(&c, &d)) return;
    tb.Head = head;
    tb.HeadLength = sizeof(head);
    tb.Tail = tail;
    tb.TailLength = sizeof(tail);

    r = pTransmitFile(c, NULL, 0, 0, NULL, NULL, 0);
    ok(r, "nothing: error %d\n", WSAGetLastError());
    ok(nothing_pending(d), "data arrived\n");

    r = pTransmitFile(c, NULL, 0, 0, NULL, &tb, 0);
    ok(r, "head+tail: error %d\n", WSAGetLastError());
    check_bytes(d, head, sizeof(head));
    check_bytes(d, tail, sizeof(tail));

    SetFilePointer(f, 0, NULL, FILE_BEGIN);
    r = pTransmitFile(c, f, 0, 0, NULL, NULL, 0);
    ok(r, "file: error %d\n", WSAGetLastError());
    check_file_bytes(d, 0, 1000);

    SetFilePointer(f, 100, NULL, FILE_BEGIN);
    r = TransmitFile(c, f, 0, 0, NULL, &tb, 0); /* the mswsock export */
    ok(r, "head+file+tail: error %d\n", WSAGetLastError());
    check_bytes(d, head, sizeof(head));
    check_file_bytes(d, 100, 900);
    check_bytes(d, tail, sizeof(tail));
    ok(nothing_pending(d), "extra data arrived\n");

    closesocket(c);
    closesocket(d);
    CloseHandle(f);
}

/* test_TransmitFile "Test overlapped TransmitFile": an overlapped TransmitFile pends (even a
 * small one), the event is set, the byte count covers head + file + tail; OVERLAPPED.Offset
 * picks the file offset (the file pointer is ignored); nNumberOfBytesToWrite bounds it. */
static void test_transmit_overlapped(void)
{
    HANDLE f = make_file(5000);
    TRANSMIT_FILE_BUFFERS tb;
    WSAOVERLAPPED ov;
    DWORD sent, flags;
    SOCKET c, d;
    BOOL r;

    if (tcp_pair(&c, &d)) return;
    memset(&ov, 0, sizeof(ov));
    ov.hEvent = CreateEventA(NULL, FALSE, FALSE, NULL);
    tb.Head = head;
    tb.HeadLength = sizeof(head);
    tb.Tail = tail;
    tb.TailLength = sizeof(tail);

    /* The whole file, head and tail (nNumberOfBytesToWrite 0: to the end). */
    SetFilePointer(f, 1234, NULL, FILE_BEGIN);
    poison_last_error();
    r = pTransmitFile(c, f, 0, 0, &ov, &tb, 0);
    ok(!r, "got %d\n", r);
    ok_wsa_error(ERROR_IO_PENDING);
    ok(WaitForSingleObject(ov.hEvent, 5000) == WAIT_OBJECT_0, "not signalled\n");
    sent = 0xdeadbeef;
    ok(WSAGetOverlappedResult(c, &ov, &sent, FALSE, &flags), "WSAGetOverlappedResult: %d\n", WSAGetLastError());
    ok(sent == 5000 + sizeof(head) + sizeof(tail), "sent %lu\n", sent);
    check_bytes(d, head, sizeof(head));
    check_file_bytes(d, 0, 5000);
    check_bytes(d, tail, sizeof(tail));

    /* From Offset 10 to the end. */
    ov.Offset = 10;
    poison_last_error();
    r = pTransmitFile(c, f, 0, 0, &ov, NULL, 0);
    ok(!r, "got %d\n", r);
    ok_wsa_error(ERROR_IO_PENDING);
    ok(WaitForSingleObject(ov.hEvent, 5000) == WAIT_OBJECT_0, "not signalled\n");
    ok(WSAGetOverlappedResult(c, &ov, &sent, FALSE, &flags), "WSAGetOverlappedResult: %d\n", WSAGetLastError());
    ok(sent == 5000 - 10, "sent %lu\n", sent);
    check_file_bytes(d, 10, 5000 - 10);

    /* 50 bytes from Offset 4000. */
    ov.Offset = 4000;
    r = pTransmitFile(c, f, 50, 0, &ov, NULL, 0);
    ok(!r && WSAGetLastError() == ERROR_IO_PENDING, "got %d, error %d\n", r, WSAGetLastError());
    ok(WaitForSingleObject(ov.hEvent, 5000) == WAIT_OBJECT_0, "not signalled\n");
    ok(GetOverlappedResult((HANDLE)c, &ov, &sent, FALSE), "GetOverlappedResult: %lu\n", GetLastError());
    ok(sent == 50, "sent %lu\n", sent);
    check_file_bytes(d, 4000, 50);
    ok(nothing_pending(d), "extra data arrived\n");

    CloseHandle(ov.hEvent);
    closesocket(c);
    closesocket(d);
    CloseHandle(f);
}

struct reader {
    SOCKET s;
    DWORD offset, size;
    DWORD got;
    int bad;
    int eof_after; /* 1 if recv returned 0 right after the data */
};

static DWORD WINAPI reader_thread(LPVOID arg)
{
    struct reader *r = arg;
    static char buf[65536];
    DWORD i;
    int n;
    while (r->got < r->size) {
        int want = r->size - r->got < sizeof(buf) ? (int)(r->size - r->got) : (int)sizeof(buf);
        n = recv(r->s, buf, want, 0);
        if (n <= 0) break;
        for (i = 0; i < (DWORD)n; ++i)
            if ((unsigned char)buf[i] != pattern(r->offset + r->got + i)) r->bad = 1;
        r->got += n;
    }
    n = recv(r->s, buf, 1, 0);
    r->eof_after = n == 0;
    return 0;
}

/* A large file (8 MiB, far more than the socket buffers) through a completion port; the peer
 * reads and verifies every byte; TF_DISCONNECT: the peer sees EOF right after the data. */
static void test_transmit_large_iocp_disconnect(void)
{
    const DWORD size = 8u << 20;
    HANDLE f = make_file(size), port, th;
    struct reader rd;
    OVERLAPPED ov, *olp;
    DWORD bytes;
    ULONG_PTR key;
    SOCKET c, d;
    BOOL r;

    if (tcp_pair(&c, &d)) return;
    port = CreateIoCompletionPort((HANDLE)c, NULL, 9, 0);
    memset(&rd, 0, sizeof(rd));
    rd.s = d;
    rd.size = size;
    th = CreateThread(NULL, 0, reader_thread, &rd, 0, NULL);

    memset(&ov, 0, sizeof(ov));
    poison_last_error();
    r = pTransmitFile(c, f, 0, 0, &ov, NULL, TF_DISCONNECT);
    ok(!r, "got %d\n", r);
    ok_wsa_error(ERROR_IO_PENDING);
    bytes = 0;
    key = 0;
    olp = NULL;
    r = GetQueuedCompletionStatus(port, &bytes, &key, &olp, 30000);
    ok(r, "GQCS: %lu\n", GetLastError());
    ok(key == 9 && olp == &ov, "key %lu olp %p\n", (unsigned long)key, (void *)olp);
    ok(bytes == size, "bytes %lu\n", bytes);

    ok(WaitForSingleObject(th, 30000) == WAIT_OBJECT_0, "reader stuck\n");
    ok(rd.got == size, "peer read %lu of %lu\n", rd.got, size);
    ok(!rd.bad, "peer data differs\n");
    ok(rd.eof_after, "no EOF after TF_DISCONNECT\n");
    CloseHandle(th);

    CloseHandle(port);
    closesocket(c);
    closesocket(d);
    CloseHandle(f);
}

/* TF_DISCONNECT without an OVERLAPPED: blocks, TRUE, the peer gets the data then EOF. */
static void test_transmit_disconnect_blocking(void)
{
    HANDLE f = make_file(3000);
    char buf[8];
    SOCKET c, d;
    BOOL r;

    if (tcp_pair(&c, &d)) return;
    SetFilePointer(f, 0, NULL, FILE_BEGIN);
    r = pTransmitFile(c, f, 0, 0, NULL, NULL, TF_DISCONNECT);
    ok(r, "error %d\n", WSAGetLastError());
    check_file_bytes(d, 0, 3000);
    ok(recv(d, buf, sizeof(buf), 0) == 0, "no EOF after TF_DISCONNECT\n");

    closesocket(c);
    closesocket(d);
    CloseHandle(f);
}

/* TransmitPackets: memory and file elements mixed, in order; a file element with cLength 0
 * runs to the end of the file (Microsoft's TRANSMIT_PACKETS_ELEMENT page). */
static void test_transmit_packets(void)
{
    HANDLE f = make_file(20000);
    TRANSMIT_PACKETS_ELEMENT el[5];
    OVERLAPPED ov;
    DWORD bytes;
    SOCKET c, d;
    BOOL r;

    if (tcp_pair(&c, &d)) return;
    memset(el, 0, sizeof(el));
    el[0].dwElFlags = TP_ELEMENT_MEMORY;
    el[0].cLength = sizeof(head);
    el[0].pBuffer = head;
    el[1].dwElFlags = TP_ELEMENT_FILE;
    el[1].cLength = 7000;
    el[1].nFileOffset.QuadPart = 100;
    el[1].hFile = f;
    el[2].dwElFlags = TP_ELEMENT_MEMORY;
    el[2].cLength = 3;
    el[2].pBuffer = "mid";
    el[3].dwElFlags = TP_ELEMENT_FILE;
    el[3].cLength = 0;
    el[3].nFileOffset.QuadPart = 15000;
    el[3].hFile = f;
    el[4].dwElFlags = TP_ELEMENT_MEMORY;
    el[4].cLength = sizeof(tail);
    el[4].pBuffer = tail;

    memset(&ov, 0, sizeof(ov));
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    poison_last_error();
    r = pTransmitPackets(c, el, 5, 0, &ov, 0);
    ok(!r, "got %d\n", r);
    ok_wsa_error(ERROR_IO_PENDING);
    ok(WaitForSingleObject(ov.hEvent, 5000) == WAIT_OBJECT_0, "not signalled\n");
    ok(GetOverlappedResult((HANDLE)c, &ov, &bytes, FALSE), "GetOverlappedResult: %lu\n", GetLastError());
    ok(bytes == sizeof(head) + 7000 + 3 + 5000 + sizeof(tail), "bytes %lu\n", bytes);
    check_bytes(d, head, sizeof(head));
    check_file_bytes(d, 100, 7000);
    check_bytes(d, "mid", 3);
    check_file_bytes(d, 15000, 5000);
    check_bytes(d, tail, sizeof(tail));
    ok(nothing_pending(d), "extra data arrived\n");

    /* Blocking, no OVERLAPPED: TRUE when done. */
    r = pTransmitPackets(c, el, 3, 0, NULL, 0);
    ok(r, "blocking: error %d\n", WSAGetLastError());
    check_bytes(d, head, sizeof(head));
    check_file_bytes(d, 100, 7000);
    check_bytes(d, "mid", 3);

    CloseHandle(ov.hEvent);
    closesocket(c);
    closesocket(d);
    CloseHandle(f);
}

int main(void)
{
    WSADATA wsa;
    WSAStartup(MAKEWORD(2, 2), &wsa);
    load_functions();
    if (!pTransmitFile || !pTransmitPackets) return test_finish();

    test_transmit_args();
    test_transmit_blocking();
    test_transmit_overlapped();
    test_transmit_large_iocp_disconnect();
    test_transmit_disconnect_blocking();
    test_transmit_packets();

    remove_files();
    WSACleanup();
    return test_finish();
}
