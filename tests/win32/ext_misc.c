/* ext_misc.c: WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER) for every WSAID_* GUID and its
 * argument errors; WSARecvMsg/WSASendMsg on UDP with a name; DisconnectEx, with and without
 * TF_REUSE_SOCKET (the socket then used again for ConnectEx and for AcceptEx).
 *
 * Expectations come from Wine's dlls/ws2_32/tests/sock.c (test_WSASendMsg, test_DisconnectEx,
 * test_shutdown_completion_port, test_connect; a todo_wine check holds the Windows value) and
 * Microsoft's WSAIoctl, WSARecvMsg and DisconnectEx pages.
 */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <mswsock.h>
#include <windows.h>
#include <stdio.h>
#include <string.h>

#include "ovl_test.h"

#define ADDR_LEN (sizeof(struct sockaddr_in) + 16)

static void *get_ext(SOCKET s, GUID guid)
{
    void *fn = NULL;
    DWORD size = 0;
    WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &guid, sizeof(guid), &fn, sizeof(fn), &size, NULL, NULL);
    return fn;
}

static int same_addr(const struct sockaddr_in *a, const struct sockaddr_in *b)
{
    return a->sin_family == b->sin_family && a->sin_port == b->sin_port && a->sin_addr.s_addr == b->sin_addr.s_addr;
}

static SOCKET make_listener(struct sockaddr_in *addr)
{
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    int len = sizeof(*addr);
    memset(addr, 0, sizeof(*addr));
    addr->sin_family = AF_INET;
    addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ok(!bind(s, (struct sockaddr *)addr, sizeof(*addr)), "bind: %d\n", WSAGetLastError());
    ok(!getsockname(s, (struct sockaddr *)addr, &len), "getsockname: %d\n", WSAGetLastError());
    ok(!listen(s, 5), "listen: %d\n", WSAGetLastError());
    return s;
}

/* WSAIoctl: every extension GUID gives a pointer and sizeof(void *) bytes (test_connect checks
 * bytesReturned == sizeof(pConnectEx)); on UDP sockets too. */
static void test_extension_pointers(void)
{
    static const GUID guids[8] = {WSAID_ACCEPTEX,       WSAID_GETACCEPTEXSOCKADDRS, WSAID_CONNECTEX,
                                  WSAID_DISCONNECTEX,   WSAID_TRANSMITFILE,         WSAID_TRANSMITPACKETS,
                                  WSAID_WSARECVMSG,     WSAID_WSASENDMSG};
    static const char *names[8] = {"AcceptEx",     "GetAcceptExSockaddrs", "ConnectEx",  "DisconnectEx",
                                   "TransmitFile", "TransmitPackets",      "WSARecvMsg", "WSASendMsg"};
    SOCKET s[2];
    int i, k, r;

    s[0] = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    s[1] = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    for (k = 0; k < 2; ++k)
        for (i = 0; i < 8; ++i) {
            GUID g = guids[i];
            void *fn = NULL;
            DWORD size = 0xdeadbeef;
            poison_last_error();
            r = WSAIoctl(s[k], SIO_GET_EXTENSION_FUNCTION_POINTER, &g, sizeof(g), &fn, sizeof(fn), &size, NULL, NULL);
            ok(r == 0, "%s (%s): %d, error %d\n", names[i], k ? "udp" : "tcp", r, WSAGetLastError());
            ok(fn != NULL, "%s: NULL pointer\n", names[i]);
            ok(size == sizeof(fn), "%s: size %lu\n", names[i], size);
        }
    closesocket(s[0]);
    closesocket(s[1]);
}

/* WSAIoctl page: an unknown GUID -> WSAEINVAL ("a specified input parameter is not acceptable");
 * buffers missing or too small -> WSAEFAULT ("cbInBuffer or cbOutBuffer is too small"). */
static void test_extension_errors(void)
{
    GUID unknown = {0x12345678, 0x1234, 0x5678, {1, 2, 3, 4, 5, 6, 7, 8}};
    GUID acceptex = WSAID_ACCEPTEX;
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    void *fn;
    DWORD size;
    int r;

    fn = (void *)0xdeadbeef;
    poison_last_error();
    r = WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &unknown, sizeof(unknown), &fn, sizeof(fn), &size, NULL,
                 NULL);
    ok(r == SOCKET_ERROR, "unknown GUID: %d\n", r);
    ok_wsa_error(WSAEINVAL);

    poison_last_error();
    r = WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &acceptex, sizeof(acceptex) - 1, &fn, sizeof(fn), &size,
                 NULL, NULL);
    ok(r == SOCKET_ERROR, "short GUID: %d\n", r);
    ok_wsa_error(WSAEFAULT);

    poison_last_error();
    r = WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, NULL, sizeof(acceptex), &fn, sizeof(fn), &size, NULL, NULL);
    ok(r == SOCKET_ERROR, "NULL GUID: %d\n", r);
    ok_wsa_error(WSAEFAULT);

    poison_last_error();
    r = WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &acceptex, sizeof(acceptex), &fn, sizeof(fn) - 1, &size,
                 NULL, NULL);
    ok(r == SOCKET_ERROR, "short output: %d\n", r);
    ok_wsa_error(WSAEFAULT);

    poison_last_error();
    r = WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &acceptex, sizeof(acceptex), NULL, sizeof(fn), &size, NULL,
                 NULL);
    ok(r == SOCKET_ERROR, "NULL output: %d\n", r);
    ok_wsa_error(WSAEFAULT);

    poison_last_error();
    r = WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &acceptex, sizeof(acceptex), &fn, sizeof(fn), NULL, NULL,
                 NULL);
    ok(r == SOCKET_ERROR, "NULL lpcbBytesReturned: %d\n", r);
    ok_wsa_error(WSAEFAULT);

    poison_last_error();
    r = WSAIoctl(INVALID_SOCKET, SIO_GET_EXTENSION_FUNCTION_POINTER, &acceptex, sizeof(acceptex), &fn, sizeof(fn),
                 &size, NULL, NULL);
    ok(r == SOCKET_ERROR, "INVALID_SOCKET: %d\n", r);
    ok_wsa_error(WSAENOTSOCK);

    closesocket(s);
}

/* test_WSASendMsg: argument errors, and a send with a name from an unbound UDP socket (which
 * binds it); WSARecvMsg reports the sender's address and its length. */
static void test_wsamsg_udp(void)
{
    GUID gs = WSAID_WSASENDMSG, gr = WSAID_WSARECVMSG;
    SOCKET snd = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP), rcv = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP), tcp;
    LPFN_WSASENDMSG pWSASendMsg = (LPFN_WSASENDMSG)get_ext(snd, gs);
    LPFN_WSARECVMSG pWSARecvMsg = (LPFN_WSARECVMSG)get_ext(rcv, gr);
    struct sockaddr_in raddr, saddr, from;
    char data[] = "hello world", buf[64];
    WSABUF sb[2], rb;
    WSAMSG sm, rm;
    WSAOVERLAPPED ov;
    DWORD bytes, flags;
    int len, r;

    if (!pWSASendMsg || !pWSARecvMsg) {
        ok(0, "no WSASendMsg/WSARecvMsg\n");
        return;
    }
    memset(&raddr, 0, sizeof(raddr));
    raddr.sin_family = AF_INET;
    raddr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ok(!bind(rcv, (struct sockaddr *)&raddr, sizeof(raddr)), "bind: %d\n", WSAGetLastError());
    len = sizeof(raddr);
    ok(!getsockname(rcv, (struct sockaddr *)&raddr, &len), "getsockname: %d\n", WSAGetLastError());

    sb[0].buf = data;
    sb[0].len = sizeof(data);
    sb[1].buf = data;
    sb[1].len = 5;
    memset(&sm, 0, sizeof(sm));
    sm.name = (struct sockaddr *)&raddr;
    sm.namelen = sizeof(raddr);
    sm.lpBuffers = sb;
    sm.dwBufferCount = 1;

    poison_last_error();
    r = pWSASendMsg(INVALID_SOCKET, &sm, 0, &bytes, NULL, NULL);
    ok(r == SOCKET_ERROR, "got %d\n", r);
    ok_wsa_error(WSAENOTSOCK);
    poison_last_error();
    r = pWSASendMsg(snd, NULL, 0, &bytes, NULL, NULL);
    ok(r == SOCKET_ERROR, "got %d\n", r);
    ok_wsa_error(WSAEFAULT);
    /* No byte count and no OVERLAPPED -> WSAEFAULT. */
    poison_last_error();
    r = pWSASendMsg(snd, &sm, 0, NULL, NULL, NULL);
    ok(r == SOCKET_ERROR, "got %d\n", r);
    ok_wsa_error(WSAEFAULT);

    /* A pending WSARecvMsg with an event, then a send from the unbound socket. */
    memset(&rm, 0, sizeof(rm));
    memset(&from, 0xcc, sizeof(from));
    rb.buf = buf;
    rb.len = sizeof(buf);
    rm.name = (struct sockaddr *)&from;
    rm.namelen = sizeof(from);
    rm.lpBuffers = &rb;
    rm.dwBufferCount = 1;
    memset(&ov, 0, sizeof(ov));
    ov.hEvent = WSACreateEvent();
    poison_last_error();
    r = pWSARecvMsg(rcv, &rm, NULL, &ov, NULL);
    ok(r == SOCKET_ERROR, "got %d\n", r);
    ok_wsa_error(WSA_IO_PENDING);

    bytes = 0xdeadbeef;
    r = pWSASendMsg(snd, &sm, 0, &bytes, NULL, NULL);
    ok(!r, "WSASendMsg: %d\n", WSAGetLastError());
    ok(bytes == sizeof(data), "sent %lu\n", bytes);
    len = sizeof(saddr);
    ok(!getsockname(snd, (struct sockaddr *)&saddr, &len), "the send did not bind: %d\n", WSAGetLastError());
    ok(saddr.sin_addr.s_addr == htonl(INADDR_ANY) && saddr.sin_port, "sender bound to %08lx:%u\n",
       (unsigned long)ntohl(saddr.sin_addr.s_addr), ntohs(saddr.sin_port));

    ok(WSAWaitForMultipleEvents(1, &ov.hEvent, FALSE, 2000, FALSE) == WSA_WAIT_EVENT_0, "not signalled\n");
    ok(WSAGetOverlappedResult(rcv, &ov, &bytes, FALSE, &flags), "WSAGetOverlappedResult: %d\n",
       WSAGetLastError());
    ok(bytes == sizeof(data) && !memcmp(buf, data, sizeof(data)), "received %lu\n", bytes);
    ok(rm.namelen == sizeof(struct sockaddr_in), "namelen %d\n", rm.namelen);
    ok(from.sin_family == AF_INET && from.sin_port == saddr.sin_port &&
           from.sin_addr.s_addr == htonl(INADDR_LOOPBACK),
       "from %08lx:%u\n", (unsigned long)ntohl(from.sin_addr.s_addr), ntohs(from.sin_port));

    /* Two buffers gather into one datagram; a synchronous WSARecvMsg gets it with the name. */
    sm.dwBufferCount = 2;
    r = pWSASendMsg(snd, &sm, 0, &bytes, NULL, NULL);
    ok(!r, "WSASendMsg: %d\n", WSAGetLastError());
    ok(bytes == sizeof(data) + 5, "sent %lu\n", bytes);
    memset(&from, 0xcc, sizeof(from));
    rm.namelen = sizeof(from);
    rm.dwFlags = 0;
    bytes = 0xdeadbeef;
    r = pWSARecvMsg(rcv, &rm, &bytes, NULL, NULL);
    ok(!r, "WSARecvMsg: %d\n", WSAGetLastError());
    ok(bytes == sizeof(data) + 5, "received %lu\n", bytes);
    ok(!memcmp(buf, data, sizeof(data)) && !memcmp(buf + sizeof(data), data, 5), "data differs\n");
    ok(rm.namelen == sizeof(struct sockaddr_in) && from.sin_port == saddr.sin_port, "name %d\n", rm.namelen);
    ok(rm.dwFlags == 0, "dwFlags %#lx\n", rm.dwFlags);

    /* test_WSASendMsg (todo_wine): stream sockets are not supported -> WSAEINVAL. */
    tcp = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    sm.dwBufferCount = 1;
    poison_last_error();
    r = pWSASendMsg(tcp, &sm, 0, &bytes, NULL, NULL);
    ok(r == SOCKET_ERROR, "got %d\n", r);
    ok_wsa_error(WSAEINVAL);
    closesocket(tcp);

    WSACloseEvent(ov.hEvent);
    closesocket(snd);
    closesocket(rcv);
}

/* test_DisconnectEx. */
static void test_disconnectex(void)
{
    struct sockaddr_in addr, name, cname;
    SOCKET listener = make_listener(&addr), client = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP), server;
    GUID g = WSAID_DISCONNECTEX;
    LPFN_DISCONNECTEX pDisconnectEx = (LPFN_DISCONNECTEX)get_ext(client, g);
    OVERLAPPED ov;
    char buf[8];
    DWORD size;
    int len, n;
    BOOL r;

    memset(&ov, 0, sizeof(ov));
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);

    poison_last_error();
    r = pDisconnectEx(INVALID_SOCKET, &ov, 0, 0);
    ok(!r, "got %d\n", r);
    ok_wsa_error(WSAENOTSOCK);
    poison_last_error();
    r = pDisconnectEx(client, &ov, 0, 0);
    ok(!r, "got %d\n", r);
    ok_wsa_error(WSAENOTCONN);

    ok(!connect(client, (struct sockaddr *)&addr, sizeof(addr)), "connect: %d\n", WSAGetLastError());
    server = accept(listener, NULL, NULL);
    /* Microsoft's DisconnectEx page: a nonzero reserved value -> WSAEINVAL. */
    poison_last_error();
    r = pDisconnectEx(client, &ov, 0, 1);
    ok(!r, "got %d\n", r);
    ok_wsa_error(WSAEINVAL);

    poison_last_error();
    r = pDisconnectEx(client, &ov, 0, 0);
    ok(!r, "got %d\n", r);
    ok_wsa_error(ERROR_IO_PENDING);
    ok(WaitForSingleObject(ov.hEvent, 1000) == WAIT_OBJECT_0, "not signalled\n");
    size = 0xdeadbeef;
    ok(GetOverlappedResult((HANDLE)client, &ov, &size, FALSE), "GetOverlappedResult: %lu\n", GetLastError());
    ok(!size, "size %lu\n", size);

    /* Half-closed: connect -> WSAEISCONN, send -> WSAESHUTDOWN, receiving still works. */
    poison_last_error();
    ok(connect(client, (struct sockaddr *)&addr, sizeof(addr)) == SOCKET_ERROR, "connect succeeded\n");
    ok_wsa_error(WSAEISCONN);
    poison_last_error();
    ok(send(client, "test", 5, 0) == SOCKET_ERROR, "send succeeded\n");
    ok_wsa_error(WSAESHUTDOWN);
    ok(recv(server, buf, sizeof(buf), 0) == 0, "server did not see EOF\n");
    ok(send(server, "test", 5, 0) == 5, "server send: %d\n", WSAGetLastError());
    n = recv(client, buf, sizeof(buf), 0);
    ok(n == 5 && !strcmp(buf, "test"), "client recv: %d\n", n);
    len = sizeof(name);
    ok(!getpeername(client, (struct sockaddr *)&name, &len) && same_addr(&name, &addr), "getpeername: %d\n",
       WSAGetLastError());
    len = sizeof(cname);
    ok(!getsockname(client, (struct sockaddr *)&cname, &len), "getsockname: %d\n", WSAGetLastError());
    len = sizeof(name);
    ok(!getpeername(server, (struct sockaddr *)&name, &len) && same_addr(&name, &cname), "server getpeername\n");
    closesocket(client);
    closesocket(server);

    /* The synchronous case: TRUE, twice. */
    client = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    ok(!connect(client, (struct sockaddr *)&addr, sizeof(addr)), "connect: %d\n", WSAGetLastError());
    server = accept(listener, NULL, NULL);
    poison_last_error();
    ok(pDisconnectEx(client, NULL, 0, 0), "DisconnectEx(NULL): %d\n", WSAGetLastError());
    ok(pDisconnectEx(client, NULL, 0, 0), "second DisconnectEx(NULL): %d\n", WSAGetLastError());
    ok(recv(server, buf, sizeof(buf), 0) == 0, "server did not see EOF\n");
    closesocket(client);
    closesocket(server);

    CloseHandle(ov.hEvent);
    closesocket(listener);
}

/* test_shutdown_completion_port: DisconnectEx with an OVERLAPPED queues a packet; with
 * NULL it queues none. */
static void test_disconnectex_iocp(void)
{
    struct sockaddr_in addr;
    SOCKET listener = make_listener(&addr), client, server;
    GUID g = WSAID_DISCONNECTEX;
    LPFN_DISCONNECTEX pDisconnectEx;
    OVERLAPPED ov, *olp;
    ULONG_PTR key;
    DWORD size;
    HANDLE port;
    BOOL r;

    client = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    pDisconnectEx = (LPFN_DISCONNECTEX)get_ext(client, g);
    port = CreateIoCompletionPort((HANDLE)client, NULL, 5, 0);
    ok(!connect(client, (struct sockaddr *)&addr, sizeof(addr)), "connect: %d\n", WSAGetLastError());
    server = accept(listener, NULL, NULL);
    memset(&ov, 0, sizeof(ov));
    r = pDisconnectEx(client, &ov, 0, 0);
    ok(!r && GetLastError() == ERROR_IO_PENDING, "DisconnectEx: %d, error %lu\n", r, GetLastError());
    size = 0xdeadbeef;
    olp = NULL;
    r = GetQueuedCompletionStatus(port, &size, &key, &olp, 1000);
    ok(r, "GQCS: %lu\n", GetLastError());
    ok(key == 5 && !size && olp == &ov, "key %lu size %lu olp %p\n", (unsigned long)key, size, (void *)olp);
    closesocket(server);
    closesocket(client);
    CloseHandle(port);

    client = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    port = CreateIoCompletionPort((HANDLE)client, NULL, 5, 0);
    ok(!connect(client, (struct sockaddr *)&addr, sizeof(addr)), "connect: %d\n", WSAGetLastError());
    server = accept(listener, NULL, NULL);
    ok(pDisconnectEx(client, NULL, 0, 0), "DisconnectEx(NULL): %d\n", WSAGetLastError());
    olp = (OVERLAPPED *)0xdeadbeef;
    r = GetQueuedCompletionStatus(port, &size, &key, &olp, 0);
    ok(!r && GetLastError() == WAIT_TIMEOUT && !olp, "a packet for DisconnectEx(NULL): %d %lu\n", r,
       GetLastError());
    closesocket(server);
    closesocket(client);
    CloseHandle(port);
    closesocket(listener);
}

/* DisconnectEx(TF_REUSE_SOCKET) leaves a socket that ConnectEx and AcceptEx take again
 * (Microsoft's DisconnectEx page). Whether the reused socket keeps its local address is not
 * documented, so the test binds it again and does not judge that bind. */
static void test_disconnectex_reuse(void)
{
    struct sockaddr_in addr, local, peer, *la, *ra;
    SOCKET listener = make_listener(&addr), c, a, x;
    GUID gd = WSAID_DISCONNECTEX, gc = WSAID_CONNECTEX, ga = WSAID_ACCEPTEX, gs = WSAID_GETACCEPTEXSOCKADDRS;
    LPFN_DISCONNECTEX pDisconnectEx = (LPFN_DISCONNECTEX)get_ext(listener, gd);
    LPFN_CONNECTEX pConnectEx = (LPFN_CONNECTEX)get_ext(listener, gc);
    LPFN_ACCEPTEX pAcceptEx = (LPFN_ACCEPTEX)get_ext(listener, ga);
    LPFN_GETACCEPTEXSOCKADDRS pGetAcceptExSockaddrs = (LPFN_GETACCEPTEXSOCKADDRS)get_ext(listener, gs);
    char buf[2 * ADDR_LEN + 8];
    OVERLAPPED ov;
    DWORD bytes;
    int round, n, llen, rlen, len;
    BOOL r;

    memset(&ov, 0, sizeof(ov));
    ov.hEvent = CreateEventA(NULL, TRUE, FALSE, NULL);
    memset(&local, 0, sizeof(local));
    local.sin_family = AF_INET;
    local.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

    /* ConnectEx, DisconnectEx(TF_REUSE_SOCKET), ConnectEx again on the same SOCKET. */
    c = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    ok(!bind(c, (struct sockaddr *)&local, sizeof(local)), "bind: %d\n", WSAGetLastError());
    for (round = 0; round < 2; ++round) {
        ResetEvent(ov.hEvent);
        r = pConnectEx(c, (struct sockaddr *)&addr, sizeof(addr), (void *)"ab", 2, &bytes, &ov);
        ok(!r && WSAGetLastError() == ERROR_IO_PENDING, "round %d: ConnectEx %d, error %d\n", round, r,
           WSAGetLastError());
        ok(WaitForSingleObject(ov.hEvent, 5000) == WAIT_OBJECT_0, "round %d: not connected\n", round);
        ok(GetOverlappedResult((HANDLE)c, &ov, &bytes, FALSE) && bytes == 2, "round %d: %lu, bytes %lu\n", round,
           GetLastError(), bytes);
        a = accept(listener, NULL, NULL);
        ok(a != INVALID_SOCKET, "accept: %d\n", WSAGetLastError());
        n = recv(a, buf, sizeof(buf), 0);
        ok(n == 2 && !memcmp(buf, "ab", 2), "round %d: peer got %d\n", round, n);

        ResetEvent(ov.hEvent);
        r = pDisconnectEx(c, &ov, TF_REUSE_SOCKET, 0);
        ok(!r && WSAGetLastError() == ERROR_IO_PENDING, "round %d: DisconnectEx %d, error %d\n", round, r,
           WSAGetLastError());
        ok(WaitForSingleObject(ov.hEvent, 5000) == WAIT_OBJECT_0, "round %d: not disconnected\n", round);
        ok(GetOverlappedResult((HANDLE)c, &ov, &bytes, FALSE), "round %d: %lu\n", round, GetLastError());
        ok(recv(a, buf, sizeof(buf), 0) == 0, "round %d: peer did not see EOF\n", round);
        closesocket(a);
        bind(c, (struct sockaddr *)&local, sizeof(local)); /* not judged, see above */
    }
    closesocket(c);

    /* AcceptEx, DisconnectEx(TF_REUSE_SOCKET) on the accepted socket, AcceptEx into it again. */
    a = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    for (round = 0; round < 2; ++round) {
        ResetEvent(ov.hEvent);
        r = pAcceptEx(listener, a, buf, 0, ADDR_LEN, ADDR_LEN, &bytes, &ov);
        ok(!r && WSAGetLastError() == ERROR_IO_PENDING, "round %d: AcceptEx %d, error %d\n", round, r,
           WSAGetLastError());
        x = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        ok(!connect(x, (struct sockaddr *)&addr, sizeof(addr)), "connect: %d\n", WSAGetLastError());
        len = sizeof(peer);
        getsockname(x, (struct sockaddr *)&peer, &len);
        ok(WaitForSingleObject(ov.hEvent, 5000) == WAIT_OBJECT_0, "round %d: not accepted\n", round);
        ok(GetOverlappedResult((HANDLE)listener, &ov, &bytes, FALSE), "round %d: %lu\n", round, GetLastError());
        pGetAcceptExSockaddrs(buf, 0, ADDR_LEN, ADDR_LEN, (struct sockaddr **)&la, &llen, (struct sockaddr **)&ra,
                              &rlen);
        ok(rlen == sizeof(struct sockaddr_in) && same_addr(ra, &peer), "round %d: remote address differs\n", round);
        ok(!setsockopt(a, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, (char *)&listener, sizeof(listener)),
           "SO_UPDATE_ACCEPT_CONTEXT: %d\n", WSAGetLastError());
        ok(send(x, "hi", 2, 0) == 2, "send: %d\n", WSAGetLastError());
        n = recv(a, buf, sizeof(buf), 0);
        ok(n == 2 && !memcmp(buf, "hi", 2), "round %d: accepted socket got %d\n", round, n);

        ResetEvent(ov.hEvent);
        r = pDisconnectEx(a, &ov, TF_REUSE_SOCKET, 0);
        ok(!r && WSAGetLastError() == ERROR_IO_PENDING, "round %d: DisconnectEx %d, error %d\n", round, r,
           WSAGetLastError());
        ok(WaitForSingleObject(ov.hEvent, 5000) == WAIT_OBJECT_0, "round %d: not disconnected\n", round);
        ok(recv(x, buf, sizeof(buf), 0) == 0, "round %d: peer did not see EOF\n", round);
        closesocket(x);
    }
    closesocket(a);

    CloseHandle(ov.hEvent);
    closesocket(listener);
}

int main(void)
{
    WSADATA wsa;
    WSAStartup(MAKEWORD(2, 2), &wsa);

    test_extension_pointers();
    test_extension_errors();
    test_wsamsg_udp();
    test_disconnectex();
    test_disconnectex_iocp();
    test_disconnectex_reuse();

    WSACleanup();
    return test_finish();
}
