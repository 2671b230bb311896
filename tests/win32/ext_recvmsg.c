/* ext_recvmsg.c: WSARecvMsg control data on UDP sockets (IP_PKTINFO, IPV6_PKTINFO, IP_TTL,
 * IP_TOS, IPV6_HOPLIMIT, IPV6_TCLASS) in Windows' WSACMSGHDR layout, walked with
 * WSA_CMSG_FIRSTHDR/NXTHDR/DATA; a control buffer too small (MSG_CTRUNC, WSAEMSGSIZE); the
 * receive completing at once, pending with an event, with a completion routine and through a
 * completion port; WSASendMsg with IP_PKTINFO choosing the source address.
 *
 * Expectations come from Wine's dlls/ws2_32/tests/sock.c (test_ip_pktinfo, test_ipv4_cmsg,
 * test_ipv6_cmsg; a todo_wine check holds the Windows value) and Microsoft's WSARecvMsg,
 * WSASendMsg and IPPROTO_IP socket options pages.
 */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <mswsock.h>
#include <windows.h>
#include <stdio.h>
#include <string.h>

#include "ovl_test.h"

#define STATUS_BUFFER_OVERFLOW_ 0x80000005u

static LPFN_WSARECVMSG pWSARecvMsg;
static LPFN_WSASENDMSG pWSASendMsg;

static void load_functions(void)
{
    GUID gr = WSAID_WSARECVMSG, gs = WSAID_WSASENDMSG;
    SOCKET s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    DWORD size;
    WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &gr, sizeof(gr), &pWSARecvMsg, sizeof(pWSARecvMsg), &size, NULL,
             NULL);
    WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, &gs, sizeof(gs), &pWSASendMsg, sizeof(pWSASendMsg), &size, NULL,
             NULL);
    closesocket(s);
}

/* A UDP socket bound to addr (port 0) with option `opt` of `level` on; *bound gets the address. */
static SOCKET bound_udp(ULONG addr, int level, int opt, struct sockaddr_in *bound)
{
    SOCKET s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    DWORD on = 1;
    int len = sizeof(*bound);
    memset(bound, 0, sizeof(*bound));
    bound->sin_family = AF_INET;
    bound->sin_addr.s_addr = addr;
    ok(!bind(s, (struct sockaddr *)bound, sizeof(*bound)), "bind: %d\n", WSAGetLastError());
    ok(!getsockname(s, (struct sockaddr *)bound, &len), "getsockname: %d\n", WSAGetLastError());
    if (opt) ok(!setsockopt(s, level, opt, (const char *)&on, sizeof(on)), "setsockopt %d: %d\n", opt, WSAGetLastError());
    return s;
}

static void send_to_loopback(SOCKET s, const struct sockaddr_in *port_of, const char *data, int len)
{
    struct sockaddr_in to = *port_of;
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ok(sendto(s, data, len, 0, (struct sockaddr *)&to, sizeof(to)) == len, "sendto: %d\n", WSAGetLastError());
}

/* Checks that the WSAMSG holds exactly one IP_PKTINFO naming 127.0.0.1. */
#define check_pktinfo(m) check_pktinfo_(__FILE__, __LINE__, (m))
static void check_pktinfo_(const char *file, int line, WSAMSG *m)
{
    WSACMSGHDR *c = WSA_CMSG_FIRSTHDR(m);
    IN_PKTINFO pi;
    ok_(file, line)(m->Control.len == WSA_CMSG_SPACE(sizeof(IN_PKTINFO)), "Control.len %lu\n", m->Control.len);
    ok_(file, line)(c != NULL, "no control message\n");
    if (!c) return;
    ok_(file, line)(c->cmsg_level == IPPROTO_IP, "level %d\n", c->cmsg_level);
    ok_(file, line)(c->cmsg_type == IP_PKTINFO, "type %d\n", c->cmsg_type);
    ok_(file, line)(c->cmsg_len == WSA_CMSG_LEN(sizeof(IN_PKTINFO)), "cmsg_len %lu\n", (unsigned long)c->cmsg_len);
    memcpy(&pi, WSA_CMSG_DATA(c), sizeof(pi));
    ok_(file, line)(pi.ipi_addr.s_addr == htonl(INADDR_LOOPBACK), "ipi_addr %08lx\n",
                    (unsigned long)ntohl(pi.ipi_addr.s_addr));
    ok_(file, line)(pi.ipi_ifindex != 0, "ipi_ifindex 0\n");
    ok_(file, line)(WSA_CMSG_NXTHDR(m, c) == NULL, "a second control message\n");
}

static void init_msg(WSAMSG *m, WSABUF *data, char *buf, ULONG len, struct sockaddr_in *from, char *ctl, ULONG ctllen)
{
    memset(m, 0, sizeof(*m));
    data->buf = buf;
    data->len = len;
    m->name = (struct sockaddr *)from;
    m->namelen = from ? sizeof(*from) : 0;
    m->lpBuffers = data;
    m->dwBufferCount = 1;
    m->Control.buf = ctl;
    m->Control.len = ctllen;
}

/* Synchronous WSARecvMsg: no control data without the option; IP_PKTINFO with it (bound to
 * INADDR_ANY, the datagram's destination is 127.0.0.1); a one-byte control buffer gives
 * WSAEMSGSIZE and MSG_CTRUNC with the data received (test_ip_pktinfo; dwSize is todo_wine). */
static void test_pktinfo_sync(void)
{
    struct sockaddr_in raddr, saddr, from;
    SOCKET rcv = bound_udp(htonl(INADDR_ANY), 0, 0, &raddr), snd = bound_udp(htonl(INADDR_LOOPBACK), 0, 0, &saddr);
    char buf[16], ctl[512], msg[] = "HELLO";
    DWORD on = 0, bytes;
    int len, r;
    WSABUF data;
    WSAMSG m;

    send_to_loopback(snd, &raddr, msg, sizeof(msg));
    init_msg(&m, &data, buf, sizeof(buf), &from, NULL, 0);
    bytes = 0xdeadbeef;
    poison_last_error();
    r = pWSARecvMsg(rcv, &m, &bytes, NULL, NULL);
    ok(r == 0, "no option, no control buffer: %d, error %d\n", r, WSAGetLastError());
    ok(bytes == sizeof(msg), "bytes %lu\n", bytes);
    ok(m.Control.len == 0 && m.dwFlags == 0, "Control.len %lu dwFlags %#lx\n", m.Control.len, m.dwFlags);

    /* Without the option, a control buffer stays empty. */
    send_to_loopback(snd, &raddr, msg, sizeof(msg));
    init_msg(&m, &data, buf, sizeof(buf), &from, ctl, sizeof(ctl));
    r = pWSARecvMsg(rcv, &m, &bytes, NULL, NULL);
    ok(r == 0, "no option: %d, error %d\n", r, WSAGetLastError());
    ok(m.Control.len == 0, "Control.len %lu\n", m.Control.len);

    on = 1;
    ok(!setsockopt(rcv, IPPROTO_IP, IP_PKTINFO, (const char *)&on, sizeof(on)), "IP_PKTINFO: %d\n", WSAGetLastError());
    on = 0;
    len = sizeof(on);
    ok(!getsockopt(rcv, IPPROTO_IP, IP_PKTINFO, (char *)&on, &len) && on == 1, "getsockopt IP_PKTINFO %lu\n", on);

    send_to_loopback(snd, &raddr, msg, sizeof(msg));
    init_msg(&m, &data, buf, sizeof(buf), &from, ctl, sizeof(ctl));
    memset(ctl, 0xcc, sizeof(ctl));
    bytes = 0xdeadbeef;
    poison_last_error();
    r = pWSARecvMsg(rcv, &m, &bytes, NULL, NULL);
    ok(r == 0, "WSARecvMsg: %d, error %d\n", r, WSAGetLastError());
    ok(bytes == sizeof(msg) && !memcmp(buf, msg, sizeof(msg)), "bytes %lu\n", bytes);
    ok(m.dwFlags == 0, "dwFlags %#lx\n", m.dwFlags);
    ok(from.sin_port == saddr.sin_port, "from port %u\n", ntohs(from.sin_port));
    check_pktinfo(&m);

    /* Control buffer too small. */
    send_to_loopback(snd, &raddr, msg, sizeof(msg));
    init_msg(&m, &data, buf, sizeof(buf), &from, ctl, 1);
    memset(buf, 0, sizeof(buf));
    bytes = 0xdeadbeef;
    poison_last_error();
    r = pWSARecvMsg(rcv, &m, &bytes, NULL, NULL);
    ok(r == SOCKET_ERROR, "short control: %d\n", r);
    ok_wsa_error(WSAEMSGSIZE);
    ok(m.dwFlags == MSG_CTRUNC, "dwFlags %#lx\n", m.dwFlags);
    ok(bytes == sizeof(msg) && !memcmp(buf, msg, sizeof(msg)), "bytes %lu\n", bytes);
    ok(m.Control.len == 0, "Control.len %lu\n", m.Control.len);

    closesocket(rcv);
    closesocket(snd);
}

/* Overlapped with an event: the receive pends, Control.len is untouched until it completes;
 * then the data, IP_PKTINFO and Control.len; OVERLAPPED.Offset is left alone. A short control
 * buffer completes with STATUS_BUFFER_OVERFLOW, the byte count, and MSG_CTRUNC in the WSAMSG
 * (test_ip_pktinfo). */
static void test_pktinfo_pending_event(void)
{
    struct sockaddr_in raddr, saddr, from;
    SOCKET rcv = WSASocketW(AF_INET, SOCK_DGRAM, IPPROTO_UDP, NULL, 0, WSA_FLAG_OVERLAPPED), snd;
    char buf[16], ctl[512], msg[] = "HELLO";
    DWORD on = 1, bytes, flags;
    WSAOVERLAPPED ov;
    int len = sizeof(raddr), r;
    WSABUF data;
    WSAMSG m;

    memset(&raddr, 0, sizeof(raddr));
    raddr.sin_family = AF_INET;
    ok(!bind(rcv, (struct sockaddr *)&raddr, sizeof(raddr)), "bind: %d\n", WSAGetLastError());
    ok(!getsockname(rcv, (struct sockaddr *)&raddr, &len), "getsockname: %d\n", WSAGetLastError());
    ok(!setsockopt(rcv, IPPROTO_IP, IP_PKTINFO, (const char *)&on, sizeof(on)), "IP_PKTINFO: %d\n", WSAGetLastError());
    snd = bound_udp(htonl(INADDR_LOOPBACK), 0, 0, &saddr);

    memset(&ov, 0, sizeof(ov));
    ov.hEvent = WSACreateEvent();
    init_msg(&m, &data, buf, sizeof(buf), &from, ctl, sizeof(ctl));
    ov.Offset = 0xdead3;
    ov.OffsetHigh = 0xdead4;
    poison_last_error();
    r = pWSARecvMsg(rcv, &m, NULL, &ov, NULL);
    ok(r == SOCKET_ERROR, "got %d\n", r);
    ok_wsa_error(WSA_IO_PENDING);
#ifndef __SANITIZE_THREAD__
    /* TSan cannot see that the library's write at completion comes after the datagram is sent
       (the order runs through the kernel), so it would report this read as a race. */
    ok(m.Control.len == sizeof(ctl), "Control.len %lu while pending\n", m.Control.len);
#endif
    send_to_loopback(snd, &raddr, msg, sizeof(msg));
    ok(WaitForSingleObject(ov.hEvent, 5000) == WAIT_OBJECT_0, "not signalled\n");
    bytes = 0;
    ok(WSAGetOverlappedResult(rcv, &ov, &bytes, FALSE, &flags), "WSAGetOverlappedResult: %d\n", WSAGetLastError());
    ok(bytes == sizeof(msg) && !memcmp(buf, msg, sizeof(msg)), "bytes %lu\n", bytes);
    ok(ov.Offset == 0xdead3 && ov.OffsetHigh == 0xdead4, "Offset %#lx %#lx\n", ov.Offset, ov.OffsetHigh);
    ok(m.dwFlags == 0, "dwFlags %#lx\n", m.dwFlags);
    check_pktinfo(&m);

    /* Short control buffer, pending. */
    WSAResetEvent(ov.hEvent);
    init_msg(&m, &data, buf, sizeof(buf), &from, ctl, 1);
    ov.Internal = 0xdead1;
    ov.InternalHigh = 0xdead2;
    ov.Offset = 0xdead3;
    ov.OffsetHigh = 0xdead4;
    poison_last_error();
    r = pWSARecvMsg(rcv, &m, NULL, &ov, NULL);
    ok(r == SOCKET_ERROR, "got %d\n", r);
    ok_wsa_error(WSA_IO_PENDING);
    send_to_loopback(snd, &raddr, msg, sizeof(msg));
    ok(WaitForSingleObject(ov.hEvent, 5000) == WAIT_OBJECT_0, "not signalled\n");
    ok((DWORD)OV_LOAD(ov.Internal) == STATUS_BUFFER_OVERFLOW_, "Internal %#lx\n", (unsigned long)ov.Internal);
    ok(ov.InternalHigh == sizeof(msg), "InternalHigh %lu\n", (unsigned long)ov.InternalHigh);
    ok(ov.Offset == 0xdead3 && ov.OffsetHigh == 0xdead4, "Offset %#lx %#lx\n", ov.Offset, ov.OffsetHigh);
    bytes = 0;
    poison_last_error();
    ok(!WSAGetOverlappedResult(rcv, &ov, &bytes, FALSE, &flags), "WSAGetOverlappedResult succeeded\n");
    ok_wsa_error(WSAEMSGSIZE);
    ok(bytes == sizeof(msg), "bytes %lu\n", bytes);
    ok(m.dwFlags == MSG_CTRUNC, "dwFlags %#lx\n", m.dwFlags);

    WSACloseEvent(ov.hEvent);
    closesocket(rcv);
    closesocket(snd);
}

static unsigned routine_calls;
static DWORD routine_err, routine_bytes, routine_flags;
static void CALLBACK pktinfo_routine(DWORD err, DWORD bytes, LPWSAOVERLAPPED ov, DWORD flags)
{
    (void)ov;
    ++routine_calls;
    routine_err = err;
    routine_bytes = bytes;
    routine_flags = flags;
}

/* A completion routine: the flags argument is 0 even with MSG_CTRUNC in the WSAMSG, the error
 * WSAEMSGSIZE (test_ip_pktinfo's ip_pktinfo_apc); and a full one with IP_PKTINFO. */
static void test_pktinfo_routine(void)
{
    struct sockaddr_in raddr, saddr, from;
    SOCKET rcv = bound_udp(htonl(INADDR_LOOPBACK), IPPROTO_IP, IP_PKTINFO, &raddr);
    SOCKET snd = bound_udp(htonl(INADDR_LOOPBACK), 0, 0, &saddr);
    char buf[16], ctl[512], msg[] = "HELLO";
    WSAOVERLAPPED ov;
    WSABUF data;
    WSAMSG m;
    int r, i;

    for (i = 0; i < 2; ++i) {
        memset(&ov, 0, sizeof(ov));
        init_msg(&m, &data, buf, sizeof(buf), &from, ctl, i == 0 ? 1 : sizeof(ctl));
        routine_calls = 0;
        poison_last_error();
        r = pWSARecvMsg(rcv, &m, NULL, &ov, pktinfo_routine);
        ok(r == SOCKET_ERROR, "got %d\n", r);
        ok_wsa_error(WSA_IO_PENDING);
        send_to_loopback(snd, &raddr, msg, sizeof(msg));
        r = SleepEx(5000, TRUE);
        ok(r == WAIT_IO_COMPLETION, "SleepEx %d\n", r);
        ok(routine_calls == 1, "routine ran %u times\n", routine_calls);
        ok(routine_err == (i == 0 ? WSAEMSGSIZE : 0), "error %lu\n", routine_err);
        ok(routine_bytes == sizeof(msg), "bytes %lu\n", routine_bytes);
        ok(routine_flags == 0, "flags %#lx\n", routine_flags);
        ok(m.dwFlags == (i == 0 ? MSG_CTRUNC : 0), "dwFlags %#lx\n", m.dwFlags);
        if (i == 1) check_pktinfo(&m);
    }
    closesocket(rcv);
    closesocket(snd);
}

/* Through a completion port: a receive that completes at once (the datagram is already
 * there: 0 and the byte count) and one that pends; both queue a packet and fill the WSAMSG. */
static void test_pktinfo_iocp(void)
{
    struct sockaddr_in raddr, saddr, from;
    SOCKET rcv = bound_udp(htonl(INADDR_LOOPBACK), IPPROTO_IP, IP_PKTINFO, &raddr);
    SOCKET snd = bound_udp(htonl(INADDR_LOOPBACK), 0, 0, &saddr);
    HANDLE port = CreateIoCompletionPort((HANDLE)rcv, NULL, 42, 0);
    char buf[16], ctl[512], msg[] = "HELLO";
    WSAOVERLAPPED ov, *got;
    ULONG_PTR key;
    DWORD bytes;
    WSABUF data;
    WSAMSG m;
    int r;

    ok(port != NULL, "CreateIoCompletionPort: %lu\n", GetLastError());
    send_to_loopback(snd, &raddr, msg, sizeof(msg));
    memset(&ov, 0, sizeof(ov));
    init_msg(&m, &data, buf, sizeof(buf), &from, ctl, sizeof(ctl));
    bytes = 0xdeadbeef;
    r = pWSARecvMsg(rcv, &m, &bytes, &ov, NULL);
    ok(r == 0, "immediate: %d, error %d\n", r, WSAGetLastError());
    ok(bytes == sizeof(msg), "bytes %lu\n", bytes);
    check_pktinfo(&m);
    got = NULL;
    ok(GetQueuedCompletionStatus(port, &bytes, &key, (LPOVERLAPPED *)&got, 5000), "GQCS: %lu\n", GetLastError());
    ok(got == &ov && key == 42 && bytes == sizeof(msg), "packet %p key %lu bytes %lu\n", (void *)got,
       (unsigned long)key, bytes);

    memset(&ov, 0, sizeof(ov));
    init_msg(&m, &data, buf, sizeof(buf), &from, ctl, sizeof(ctl));
    poison_last_error();
    r = pWSARecvMsg(rcv, &m, NULL, &ov, NULL);
    ok(r == SOCKET_ERROR, "got %d\n", r);
    ok_wsa_error(WSA_IO_PENDING);
    send_to_loopback(snd, &raddr, msg, sizeof(msg));
    got = NULL;
    ok(GetQueuedCompletionStatus(port, &bytes, &key, (LPOVERLAPPED *)&got, 5000), "GQCS: %lu\n", GetLastError());
    ok(got == &ov && key == 42 && bytes == sizeof(msg), "packet %p key %lu bytes %lu\n", (void *)got,
       (unsigned long)key, bytes);
    ok(m.dwFlags == 0, "dwFlags %#lx\n", m.dwFlags);
    check_pktinfo(&m);

    closesocket(rcv);
    closesocket(snd);
    CloseHandle(port);
}

/* Finds the control message of level/type in m, or NULL. */
static WSACMSGHDR *find_cmsg(WSAMSG *m, int level, int type)
{
    WSACMSGHDR *c;
    for (c = WSA_CMSG_FIRSTHDR(m); c; c = WSA_CMSG_NXTHDR(m, c))
        if (c->cmsg_level == level && c->cmsg_type == type) return c;
    return NULL;
}

/* IP_RECVTTL and IP_RECVTOS: INT data (test_ipv4_cmsg); with IP_PKTINFO, three messages. */
static void test_ttl_tos(void)
{
    struct sockaddr_in raddr, saddr, from;
    SOCKET rcv = bound_udp(htonl(INADDR_LOOPBACK), IPPROTO_IP, IP_RECVTTL, &raddr);
    SOCKET snd = bound_udp(htonl(INADDR_LOOPBACK), 0, 0, &saddr);
    char buf[16], ctl[512], msg[] = "HELLO";
    DWORD on = 1, bytes;
    WSACMSGHDR *c;
    WSABUF data;
    WSAMSG m;
    INT v;

    send_to_loopback(snd, &raddr, msg, sizeof(msg));
    init_msg(&m, &data, buf, sizeof(buf), &from, ctl, sizeof(ctl));
    ok(!pWSARecvMsg(rcv, &m, &bytes, NULL, NULL), "WSARecvMsg: %d\n", WSAGetLastError());
    c = WSA_CMSG_FIRSTHDR(&m);
    ok(c && c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TTL, "first message %d/%d\n", c ? c->cmsg_level : -1,
       c ? c->cmsg_type : -1);
    if (c) {
        ok(c->cmsg_len == sizeof(*c) + sizeof(INT), "cmsg_len %lu\n", (unsigned long)c->cmsg_len);
        memcpy(&v, WSA_CMSG_DATA(c), sizeof(v));
        ok(v >= 32, "TTL %d\n", v);
    }
    ok(m.Control.len == WSA_CMSG_SPACE(sizeof(INT)), "Control.len %lu\n", m.Control.len);

    ok(!setsockopt(rcv, IPPROTO_IP, IP_RECVTOS, (const char *)&on, sizeof(on)), "IP_RECVTOS: %d\n", WSAGetLastError());
    ok(!setsockopt(rcv, IPPROTO_IP, IP_PKTINFO, (const char *)&on, sizeof(on)), "IP_PKTINFO: %d\n", WSAGetLastError());
    send_to_loopback(snd, &raddr, msg, sizeof(msg));
    init_msg(&m, &data, buf, sizeof(buf), &from, ctl, sizeof(ctl));
    ok(!pWSARecvMsg(rcv, &m, &bytes, NULL, NULL), "WSARecvMsg: %d\n", WSAGetLastError());
    ok(m.Control.len == 2 * WSA_CMSG_SPACE(sizeof(INT)) + WSA_CMSG_SPACE(sizeof(IN_PKTINFO)), "Control.len %lu\n",
       m.Control.len);
    c = find_cmsg(&m, IPPROTO_IP, IP_TOS);
    ok(c != NULL, "no IP_TOS\n");
    if (c) {
        ok(c->cmsg_len == sizeof(*c) + sizeof(INT), "cmsg_len %lu\n", (unsigned long)c->cmsg_len);
        memcpy(&v, WSA_CMSG_DATA(c), sizeof(v));
        ok(v == 0, "TOS %d\n", v);
    }
    ok(find_cmsg(&m, IPPROTO_IP, IP_TTL) != NULL, "no IP_TTL\n");
    ok(find_cmsg(&m, IPPROTO_IP, IP_PKTINFO) != NULL, "no IP_PKTINFO\n");

    closesocket(rcv);
    closesocket(snd);
}

/* IPv6: IPV6_PKTINFO gives IN6_PKTINFO (::1), IPV6_HOPLIMIT and IPV6_TCLASS an INT
 * (test_ipv6_cmsg); synchronous and pending. */
static void test_ipv6(void)
{
    struct sockaddr_in6 raddr, from;
    SOCKET rcv = WSASocketW(AF_INET6, SOCK_DGRAM, IPPROTO_UDP, NULL, 0, WSA_FLAG_OVERLAPPED);
    SOCKET snd = socket(AF_INET6, SOCK_DGRAM, IPPROTO_UDP);
    char buf[16], ctl[512], msg[] = "HELLO";
    DWORD on = 1, bytes, flags;
    WSAOVERLAPPED ov;
    IN6_PKTINFO pi;
    WSACMSGHDR *c;
    int len = sizeof(raddr), r, i;
    WSABUF data;
    WSAMSG m;
    INT v;

    memset(&raddr, 0, sizeof(raddr));
    raddr.sin6_family = AF_INET6;
    raddr.sin6_addr = in6addr_loopback;
    if (bind(rcv, (struct sockaddr *)&raddr, sizeof(raddr))) {
        skip("no IPv6 loopback (error %d)\n", WSAGetLastError());
        closesocket(rcv);
        closesocket(snd);
        return;
    }
    ok(!getsockname(rcv, (struct sockaddr *)&raddr, &len), "getsockname: %d\n", WSAGetLastError());
    ok(!setsockopt(rcv, IPPROTO_IPV6, IPV6_PKTINFO, (const char *)&on, sizeof(on)), "IPV6_PKTINFO: %d\n",
       WSAGetLastError());
    on = 0;
    len = sizeof(on);
    ok(!getsockopt(rcv, IPPROTO_IPV6, IPV6_PKTINFO, (char *)&on, &len) && on == 1, "getsockopt %lu\n", on);

    memset(&ov, 0, sizeof(ov));
    ov.hEvent = WSACreateEvent();
    for (i = 0; i < 2; ++i) {
        init_msg(&m, &data, buf, sizeof(buf), NULL, ctl, sizeof(ctl));
        m.name = (struct sockaddr *)&from;
        m.namelen = sizeof(from);
        if (i == 0) {
            ok(sendto(snd, msg, sizeof(msg), 0, (struct sockaddr *)&raddr, sizeof(raddr)) == sizeof(msg), "sendto: %d\n",
               WSAGetLastError());
            r = pWSARecvMsg(rcv, &m, &bytes, NULL, NULL);
            ok(r == 0, "WSARecvMsg: %d, error %d\n", r, WSAGetLastError());
        } else {
            poison_last_error();
            r = pWSARecvMsg(rcv, &m, NULL, &ov, NULL);
            ok(r == SOCKET_ERROR, "got %d\n", r);
            ok_wsa_error(WSA_IO_PENDING);
            ok(sendto(snd, msg, sizeof(msg), 0, (struct sockaddr *)&raddr, sizeof(raddr)) == sizeof(msg), "sendto: %d\n",
               WSAGetLastError());
            ok(WaitForSingleObject(ov.hEvent, 5000) == WAIT_OBJECT_0, "not signalled\n");
            ok(WSAGetOverlappedResult(rcv, &ov, &bytes, FALSE, &flags), "WSAGetOverlappedResult: %d\n",
               WSAGetLastError());
        }
        ok(bytes == sizeof(msg), "bytes %lu\n", bytes);
        ok(m.Control.len == WSA_CMSG_SPACE(sizeof(IN6_PKTINFO)), "Control.len %lu\n", m.Control.len);
        c = WSA_CMSG_FIRSTHDR(&m);
        ok(c && c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO, "message %d/%d\n",
           c ? c->cmsg_level : -1, c ? c->cmsg_type : -1);
        if (c) {
            ok(c->cmsg_len == sizeof(*c) + sizeof(IN6_PKTINFO), "cmsg_len %lu\n", (unsigned long)c->cmsg_len);
            memcpy(&pi, WSA_CMSG_DATA(c), sizeof(pi));
            ok(!memcmp(&pi.ipi6_addr, &in6addr_loopback, sizeof(pi.ipi6_addr)), "not ::1\n");
            ok(pi.ipi6_ifindex != 0, "ipi6_ifindex 0\n");
            ok(WSA_CMSG_NXTHDR(&m, c) == NULL, "a second message\n");
        }
    }

    on = 0;
    ok(!setsockopt(rcv, IPPROTO_IPV6, IPV6_PKTINFO, (const char *)&on, sizeof(on)), "IPV6_PKTINFO off: %d\n",
       WSAGetLastError());
    on = 1;
    ok(!setsockopt(rcv, IPPROTO_IPV6, IPV6_HOPLIMIT, (const char *)&on, sizeof(on)), "IPV6_HOPLIMIT: %d\n",
       WSAGetLastError());
    ok(!setsockopt(rcv, IPPROTO_IPV6, IPV6_RECVTCLASS, (const char *)&on, sizeof(on)), "IPV6_RECVTCLASS: %d\n",
       WSAGetLastError());
    ok(sendto(snd, msg, sizeof(msg), 0, (struct sockaddr *)&raddr, sizeof(raddr)) == sizeof(msg), "sendto: %d\n",
       WSAGetLastError());
    init_msg(&m, &data, buf, sizeof(buf), NULL, ctl, sizeof(ctl));
    ok(!pWSARecvMsg(rcv, &m, &bytes, NULL, NULL), "WSARecvMsg: %d\n", WSAGetLastError());
    ok(m.Control.len == 2 * WSA_CMSG_SPACE(sizeof(INT)), "Control.len %lu\n", m.Control.len);
    c = find_cmsg(&m, IPPROTO_IPV6, IPV6_HOPLIMIT);
    ok(c != NULL, "no IPV6_HOPLIMIT\n");
    if (c) {
        memcpy(&v, WSA_CMSG_DATA(c), sizeof(v));
        ok(c->cmsg_len == sizeof(*c) + sizeof(INT) && v >= 32, "cmsg_len %lu hop limit %d\n",
           (unsigned long)c->cmsg_len, v);
    }
    c = find_cmsg(&m, IPPROTO_IPV6, IPV6_TCLASS);
    ok(c != NULL, "no IPV6_TCLASS\n");
    if (c) {
        memcpy(&v, WSA_CMSG_DATA(c), sizeof(v));
        ok(c->cmsg_len == sizeof(*c) + sizeof(INT) && v == 0, "cmsg_len %lu tclass %d\n", (unsigned long)c->cmsg_len, v);
    }

    WSACloseEvent(ov.hEvent);
    closesocket(rcv);
    closesocket(snd);
}

/* WSASendMsg with IP_PKTINFO: ipi_addr is the source address (the whole of 127/8 is local on
 * Windows and Linux); synchronous and overlapped. The receiver's name is the chosen source. */
static void test_sendmsg_pktinfo(void)
{
    struct sockaddr_in raddr, from, to;
    SOCKET rcv = bound_udp(htonl(INADDR_ANY), IPPROTO_IP, IP_PKTINFO, &raddr);
    SOCKET snd = WSASocketW(AF_INET, SOCK_DGRAM, IPPROTO_UDP, NULL, 0, WSA_FLAG_OVERLAPPED);
    char buf[16], rctl[512], sctl[WSA_CMSG_SPACE(sizeof(IN_PKTINFO))], msg[] = "HELLO";
    WSACMSGHDR *c = (WSACMSGHDR *)sctl;
    WSAOVERLAPPED ov;
    IN_PKTINFO pi;
    DWORD bytes, flags;
    WSABUF sdata, data;
    WSAMSG sm, m;
    int r, i;

    to = raddr;
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    memset(sctl, 0, sizeof(sctl));
    c->cmsg_len = WSA_CMSG_LEN(sizeof(IN_PKTINFO));
    c->cmsg_level = IPPROTO_IP;
    c->cmsg_type = IP_PKTINFO;
    memset(&pi, 0, sizeof(pi));
    pi.ipi_addr.s_addr = htonl(0x7f000002);  /* 127.0.0.2 */
    memcpy(WSA_CMSG_DATA(c), &pi, sizeof(pi));
    sdata.buf = msg;
    sdata.len = sizeof(msg);
    memset(&sm, 0, sizeof(sm));
    sm.name = (struct sockaddr *)&to;
    sm.namelen = sizeof(to);
    sm.lpBuffers = &sdata;
    sm.dwBufferCount = 1;
    sm.Control.buf = sctl;
    sm.Control.len = sizeof(sctl);

    memset(&ov, 0, sizeof(ov));
    ov.hEvent = WSACreateEvent();
    for (i = 0; i < 2; ++i) {
        bytes = 0xdeadbeef;
        poison_last_error();
        r = pWSASendMsg(snd, &sm, 0, &bytes, i ? &ov : NULL, NULL);
        ok(r == 0, "WSASendMsg (%s): %d, error %d\n", i ? "overlapped" : "sync", r, WSAGetLastError());
        ok(bytes == sizeof(msg), "bytes %lu\n", bytes);
        if (i) {
            ok(WaitForSingleObject(ov.hEvent, 5000) == WAIT_OBJECT_0, "not signalled\n");
            ok(WSAGetOverlappedResult(snd, &ov, &bytes, FALSE, &flags) && bytes == sizeof(msg), "bytes %lu\n", bytes);
        }
        init_msg(&m, &data, buf, sizeof(buf), &from, rctl, sizeof(rctl));
        ok(!pWSARecvMsg(rcv, &m, &bytes, NULL, NULL), "WSARecvMsg: %d\n", WSAGetLastError());
        ok(bytes == sizeof(msg), "received %lu\n", bytes);
        ok(from.sin_addr.s_addr == htonl(0x7f000002), "source %08lx\n", (unsigned long)ntohl(from.sin_addr.s_addr));
        check_pktinfo(&m);
    }

    WSACloseEvent(ov.hEvent);
    closesocket(rcv);
    closesocket(snd);
}

int main(void)
{
    WSADATA wsa;
    WSAStartup(MAKEWORD(2, 2), &wsa);
    load_functions();
    if (!pWSARecvMsg || !pWSASendMsg) {
        ok(0, "no WSARecvMsg/WSASendMsg\n");
        return test_finish();
    }
    test_pktinfo_sync();
    test_pktinfo_pending_event();
    test_pktinfo_routine();
    test_pktinfo_iocp();
    test_ttl_tos();
    test_ipv6();
    test_sendmsg_pktinfo();
    WSACleanup();
    return test_finish();
}
