/* Name resolution and address text: getaddrinfo (Windows ADDRINFOA layout, WSA error codes),
 * getnameinfo, gethostbyname, gethostname, getservbyname, getprotobyname, inet_addr,
 * inet_ntoa, inet_pton/inet_ntop round trips and WSAAddressToString/WSAStringToAddress.
 * Expectations from Microsoft's documentation and Wine dlls/ws2_32/tests/protocol.c.
 */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <stdio.h>

#include "ovl_test.h"

static void test_before_startup(void)
{
    ADDRINFOA *res = NULL;
    struct hostent *h;
    int r;

    poison_last_error();
    r = getaddrinfo("127.0.0.1", "80", NULL, &res);
    ok(r == WSANOTINITIALISED, "getaddrinfo returned %d\n", r);
    poison_last_error();
    h = gethostbyname("localhost");
    ok(h == NULL, "gethostbyname succeeded\n");
    ok_wsa_error(WSANOTINITIALISED);
    /* inet_addr needs no WSAStartup */
    ok(inet_addr("127.0.0.1") == htonl(INADDR_LOOPBACK), "inet_addr failed\n");
}

static void test_getaddrinfo(void)
{
    ADDRINFOA hints, *res = NULL;
    struct sockaddr_in *sin;
    struct sockaddr_in6 *sin6;
    int r;

    poison_last_error();
    r = getaddrinfo("127.0.0.1", "80", NULL, &res);
    ok(r == 0, "getaddrinfo returned %d\n", r);
    ok_wsa_error(0);
    if (res) {
        ok(res->ai_family == AF_INET, "family %d\n", res->ai_family);
        ok(res->ai_addrlen == sizeof(struct sockaddr_in), "addrlen %lu\n", (unsigned long)res->ai_addrlen);
        sin = (struct sockaddr_in *)res->ai_addr;
        ok(sin && sin->sin_family == AF_INET && sin->sin_port == htons(80) &&
               sin->sin_addr.s_addr == htonl(INADDR_LOOPBACK),
           "bad address\n");
        ok(res->ai_canonname == NULL, "canonname set\n");
        ok(res->ai_socktype == 0 && res->ai_protocol == 0, "socktype %d protocol %d\n", res->ai_socktype,
           res->ai_protocol);
        ok(res->ai_next == NULL, "more than one entry without hints\n");
        freeaddrinfo(res);
    }

    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_protocol = IPPROTO_TCP;
    res = NULL;
    r = getaddrinfo("127.0.0.1", "8080", &hints, &res);
    ok(r == 0 && res, "getaddrinfo with hints returned %d\n", r);
    if (res) {
        ok(res->ai_socktype == SOCK_STREAM && res->ai_protocol == IPPROTO_TCP, "socktype %d protocol %d\n",
           res->ai_socktype, res->ai_protocol);
        ok(((struct sockaddr_in *)res->ai_addr)->sin_port == htons(8080), "bad port\n");
        freeaddrinfo(res);
    }

    hints.ai_family = AF_INET6;
    hints.ai_flags = AI_NUMERICHOST;
    res = NULL;
    r = getaddrinfo("::1", "443", &hints, &res);
    ok(r == 0 && res, "getaddrinfo(::1) returned %d\n", r);
    if (res) {
        ok(res->ai_family == AF_INET6 && res->ai_addrlen == sizeof(struct sockaddr_in6), "family %d addrlen %lu\n",
           res->ai_family, (unsigned long)res->ai_addrlen);
        sin6 = (struct sockaddr_in6 *)res->ai_addr;
        ok(sin6->sin6_family == AF_INET6 && sin6->sin6_port == htons(443) && sin6->sin6_addr.s6_addr[15] == 1,
           "bad IPv6 address\n");
        freeaddrinfo(res);
    }

    /* errors come back as WSA codes and are also the last error */
    hints.ai_family = AF_INET;
    hints.ai_flags = AI_NUMERICHOST;
    res = (ADDRINFOA *)0xdeadbeef;
    poison_last_error();
    r = getaddrinfo("not-a-number", "80", &hints, &res);
    ok(r == WSAHOST_NOT_FOUND, "numeric-host failure returned %d\n", r);
    ok_wsa_error(WSAHOST_NOT_FOUND);
    ok(res == NULL, "result not cleared\n");

    poison_last_error();
    r = getaddrinfo("nonexistent.invalid", "80", NULL, &res);
    if (r == WSATRY_AGAIN) {
        skip("no resolver available\n");
    } else {
        ok(r == WSAHOST_NOT_FOUND, "bad name returned %d\n", r);
        ok_wsa_error(WSAHOST_NOT_FOUND);
    }

    r = getaddrinfo(NULL, NULL, NULL, &res);
    ok(r == WSAHOST_NOT_FOUND, "getaddrinfo(NULL, NULL) returned %d\n", r);

    memset(&hints, 0, sizeof(hints));
    hints.ai_family = 0xdead;
    r = getaddrinfo("127.0.0.1", "80", &hints, &res);
    ok(r == WSAEAFNOSUPPORT, "bad family returned %d\n", r);

    /* passive, no node: the wildcard address */
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_INET;
    hints.ai_flags = AI_PASSIVE;
    hints.ai_socktype = SOCK_STREAM;
    res = NULL;
    r = getaddrinfo(NULL, "1234", &hints, &res);
    ok(r == 0 && res, "passive getaddrinfo returned %d\n", r);
    if (res) {
        sin = (struct sockaddr_in *)res->ai_addr;
        ok(sin->sin_addr.s_addr == INADDR_ANY && sin->sin_port == htons(1234), "bad passive address\n");
        freeaddrinfo(res);
    }
}

static void test_getnameinfo(void)
{
    struct sockaddr_in a;
    char host[64], serv[32];
    int r;

    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_port = htons(80);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    r = getnameinfo((struct sockaddr *)&a, sizeof(a), host, sizeof(host), serv, sizeof(serv),
                    NI_NUMERICHOST | NI_NUMERICSERV);
    ok(r == 0, "getnameinfo returned %d\n", r);
    ok(!strcmp(host, "127.0.0.1") && !strcmp(serv, "80"), "got %s %s\n", host, serv);

    r = getnameinfo((struct sockaddr *)&a, sizeof(a) - 1, host, sizeof(host), NULL, 0, NI_NUMERICHOST);
    ok(r == WSAEFAULT, "short sockaddr returned %d\n", r);
}

static void test_inet(void)
{
    struct in_addr ia;
    struct in6_addr i6;
    char buf[64];
    const char *p;
    int r;

    ok(inet_addr("127.0.0.1") == htonl(0x7f000001), "dotted quad\n");
    ok(inet_addr("0x7f.1") == htonl(0x7f000001), "hex two-part form\n");
    ok(inet_addr("1.2.3") == htonl(0x01020003), "three-part form\n");
    ok(inet_addr("") == INADDR_NONE, "empty string\n");
    ok(inet_addr(NULL) == INADDR_NONE, "NULL\n");
    ok(inet_addr("1.2.3.256") == INADDR_NONE, "part out of range\n");
    ok(inet_addr("bogus") == INADDR_NONE, "garbage\n");

    ia.s_addr = htonl(0xc0a80001);
    ok(!strcmp(inet_ntoa(ia), "192.168.0.1"), "inet_ntoa gave %s\n", inet_ntoa(ia));

    /* inet_pton / inet_ntop round trips */
    r = inet_pton(AF_INET, "10.1.2.3", &ia);
    ok(r == 1 && ia.s_addr == htonl(0x0a010203), "inet_pton IPv4 returned %d\n", r);
    p = inet_ntop(AF_INET, &ia, buf, sizeof(buf));
    ok(p == buf && !strcmp(buf, "10.1.2.3"), "inet_ntop IPv4 gave %s\n", p ? p : "(null)");

    r = inet_pton(AF_INET6, "::1", &i6);
    ok(r == 1 && i6.s6_addr[15] == 1 && i6.s6_addr[0] == 0, "inet_pton ::1 returned %d\n", r);
    p = inet_ntop(AF_INET6, &i6, buf, sizeof(buf));
    ok(p && !strcmp(p, "::1"), "inet_ntop gave %s\n", p ? p : "(null)");

    r = inet_pton(AF_INET6, "2001:db8::8:800:200c:417a", &i6);
    ok(r == 1, "inet_pton returned %d\n", r);
    p = inet_ntop(AF_INET6, &i6, buf, sizeof(buf));
    ok(p && !strcmp(p, "2001:db8::8:800:200c:417a"), "inet_ntop gave %s\n", p ? p : "(null)");

    r = inet_pton(AF_INET, "1.2.3", &ia);
    ok(r == 0, "inet_pton of a short form returned %d\n", r);
    poison_last_error();
    r = inet_pton(0xdead, "1.2.3.4", &ia);
    ok(r == -1, "inet_pton with a bad family returned %d\n", r);
    ok_wsa_error(WSAEAFNOSUPPORT);

    poison_last_error();
    p = inet_ntop(AF_INET6, &i6, buf, 4);
    ok(p == NULL, "inet_ntop into a tiny buffer succeeded\n");
    ok_wsa_error(ERROR_INVALID_PARAMETER);
}

static void test_hosts(void)
{
    struct hostent *h;
    struct servent *se;
    struct protoent *pe;
    char name[256], tiny[1];
    int r, i, found = 0;

    h = gethostbyname("localhost");
    ok(h != NULL, "gethostbyname(localhost) failed: %d\n", WSAGetLastError());
    if (h) {
        ok(h->h_addrtype == AF_INET && h->h_length == 4, "type %d length %d\n", h->h_addrtype, h->h_length);
        for (i = 0; h->h_addr_list[i]; ++i)
            if (*(u_long *)h->h_addr_list[i] == htonl(INADDR_LOOPBACK)) found = 1;
        ok(found, "127.0.0.1 not listed\n");
    }
    h = gethostbyname("127.0.0.1");
    ok(h && h->h_length == 4 && *(u_long *)h->h_addr_list[0] == htonl(INADDR_LOOPBACK), "numeric name failed\n");

    r = gethostname(name, sizeof(name));
    ok(r == 0 && name[0], "gethostname returned %d\n", r);
    poison_last_error();
    r = gethostname(tiny, sizeof(tiny));
    ok(r == SOCKET_ERROR, "gethostname into a 1-byte buffer returned %d\n", r);
    ok_wsa_error(WSAEFAULT);

    se = getservbyname("http", "tcp");
    if (!se) {
        skip("no services database\n");
    } else {
        ok(se->s_port == htons(80) && !strcmp(se->s_proto, "tcp"), "http: port %d proto %s\n", ntohs(se->s_port),
           se->s_proto);
    }
    pe = getprotobyname("tcp");
    if (!pe) skip("no protocols database\n");
    else ok(pe->p_proto == IPPROTO_TCP, "tcp is protocol %d\n", pe->p_proto);
}

static void test_address_strings(void)
{
    struct sockaddr_in a;
    struct sockaddr_in6 a6;
    char buf[64];
    DWORD len;
    int alen, r;

    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(0x7f000001);
    a.sin_port = htons(8080);
    len = sizeof(buf);
    r = WSAAddressToStringA((struct sockaddr *)&a, sizeof(a), NULL, buf, &len);
    ok(r == 0 && !strcmp(buf, "127.0.0.1:8080") && len == 15, "got %d '%s' len %lu\n", r, buf, (unsigned long)len);

    len = 4;
    poison_last_error();
    r = WSAAddressToStringA((struct sockaddr *)&a, sizeof(a), NULL, buf, &len);
    ok(r == SOCKET_ERROR && len == 15, "short buffer: %d len %lu\n", r, (unsigned long)len);
    ok_wsa_error(WSAEFAULT);

    alen = sizeof(a6);
    r = WSAStringToAddressA((char *)"[::1]:443", AF_INET6, NULL, (struct sockaddr *)&a6, &alen);
    ok(r == 0 && alen == sizeof(a6) && a6.sin6_family == AF_INET6 && a6.sin6_port == htons(443), "parse failed\n");
    len = sizeof(buf);
    r = WSAAddressToStringA((struct sockaddr *)&a6, sizeof(a6), NULL, buf, &len);
    ok(r == 0 && !strcmp(buf, "[::1]:443"), "got '%s'\n", buf);

    alen = sizeof(a);
    r = WSAStringToAddressA((char *)"10.0.0.1:99", AF_INET, NULL, (struct sockaddr *)&a, &alen);
    ok(r == 0 && a.sin_addr.s_addr == htonl(0x0a000001) && a.sin_port == htons(99), "IPv4 parse failed\n");

    alen = sizeof(a);
    poison_last_error();
    r = WSAStringToAddressA((char *)"nonsense", AF_INET, NULL, (struct sockaddr *)&a, &alen);
    ok(r == SOCKET_ERROR, "bad string returned %d\n", r);
    ok_wsa_error(WSAEINVAL);
}

int main(void)
{
    WSADATA wsa;

    test_before_startup();
    ok(!WSAStartup(MAKEWORD(2, 2), &wsa), "WSAStartup failed\n");
    test_getaddrinfo();
    test_getnameinfo();
    test_inet();
    test_hosts();
    test_address_strings();
    WSACleanup();
    return test_finish();
}
