/* ws2ipdef.h: the IPv4/IPv6-specific definitions: sockaddr_in6 (28 bytes),
 * multicast request structs, packet-info structs, the IPPROTO_IP / IPPROTO_IPV6
 * / IPPROTO_TCP option names with Windows' numbers (IP_TTL 4, IPV6_V6ONLY 27,
 * TCP_KEEPIDLE 3, ...), INET(6)_ADDRSTRLEN, in6addr_any / in6addr_loopback and
 * the IN6_IS_ADDR_* tests.
 *
 * in6addr_any and in6addr_loopback carry an asm label (ovl_ws_in6addr_any) so
 * they never bind to glibc's objects of the same name.
 */
#ifndef OVL_WIN32_WS2IPDEF_H
#define OVL_WIN32_WS2IPDEF_H
#define _WS2IPDEF_ /* Windows' own guard name, which some programs test */

#include "ws2def.h"
#include "in6addr.h"

typedef struct sockaddr_in6 {
    ADDRESS_FAMILY sin6_family;
    USHORT sin6_port;
    ULONG sin6_flowinfo;
    IN6_ADDR sin6_addr;
    union {
        ULONG sin6_scope_id;
        SCOPE_ID sin6_scope_struct;
    } DUMMYUNIONNAME;
} SOCKADDR_IN6_LH, *PSOCKADDR_IN6_LH, *LPSOCKADDR_IN6_LH;
typedef SOCKADDR_IN6_LH SOCKADDR_IN6, *PSOCKADDR_IN6, *LPSOCKADDR_IN6;
typedef SOCKADDR_IN6_LH SOCKADDR_IN6_W2KSP1, *PSOCKADDR_IN6_W2KSP1, *LPSOCKADDR_IN6_W2KSP1;

typedef struct sockaddr_in6_pair {
    PSOCKADDR_IN6 SourceAddress;
    PSOCKADDR_IN6 DestinationAddress;
} SOCKADDR_IN6_PAIR, *PSOCKADDR_IN6_PAIR;

typedef union _SOCKADDR_INET {
    SOCKADDR_IN Ipv4;
    SOCKADDR_IN6 Ipv6;
    ADDRESS_FAMILY si_family;
} SOCKADDR_INET, *PSOCKADDR_INET;

typedef struct ip_mreq {
    IN_ADDR imr_multiaddr;
    IN_ADDR imr_interface;
} IP_MREQ, *PIP_MREQ;

typedef struct ip_mreq_source {
    IN_ADDR imr_multiaddr;
    IN_ADDR imr_sourceaddr;
    IN_ADDR imr_interface;
} IP_MREQ_SOURCE, *PIP_MREQ_SOURCE;

typedef struct ipv6_mreq {
    IN6_ADDR ipv6mr_multiaddr;
    ULONG ipv6mr_interface;
} IPV6_MREQ, *PIPV6_MREQ;

typedef struct in_pktinfo {
    IN_ADDR ipi_addr;
    ULONG ipi_ifindex;
} IN_PKTINFO, *PIN_PKTINFO;

typedef struct in6_pktinfo {
    IN6_ADDR ipi6_addr;
    ULONG ipi6_ifindex;
} IN6_PKTINFO, *PIN6_PKTINFO;

/* ---- IPPROTO_IP options ---------------------------------------------------- */
#define IP_OPTIONS 1
#define IP_HDRINCL 2
#define IP_TOS 3
#define IP_TTL 4
#define IP_MULTICAST_IF 9
#define IP_MULTICAST_TTL 10
#define IP_MULTICAST_LOOP 11
#define IP_ADD_MEMBERSHIP 12
#define IP_DROP_MEMBERSHIP 13
#define IP_DONTFRAGMENT 14
#define IP_ADD_SOURCE_MEMBERSHIP 15
#define IP_DROP_SOURCE_MEMBERSHIP 16
#define IP_BLOCK_SOURCE 17
#define IP_UNBLOCK_SOURCE 18
#define IP_PKTINFO 19
#define IP_HOPLIMIT 21
#define IP_RECVTTL 21
#define IP_RECEIVE_BROADCAST 22
#define IP_RECVIF 24
#define IP_RECVDSTADDR 25
#define IP_IFLIST 28
#define IP_ADD_IFLIST 29
#define IP_DEL_IFLIST 30
#define IP_UNICAST_IF 31
#define IP_RTHDR 32
#define IP_GET_IFLIST 33
#define IP_RECVRTHDR 38
#define IP_TCLASS 39
#define IP_RECVTCLASS 40
#define IP_RECVTOS 40
#define IP_ORIGINAL_ARRIVAL_IF 47
#define IP_ECN 50
#define IP_PKTINFO_EX 51
#define IP_WFP_REDIRECT_RECORDS 60
#define IP_WFP_REDIRECT_CONTEXT 70
#define IP_MTU_DISCOVER 71
#define IP_MTU 73
#define IP_NRT_INTERFACE 74
#define IP_RECVERR 75
#define IP_USER_MTU 76
#define IP_UNSPECIFIED_TYPE_OF_SERVICE (-1)
#define IP_DEFAULT_MULTICAST_TTL 1
#define IP_DEFAULT_MULTICAST_LOOP 1
#define IP_MAX_MEMBERSHIPS 20

/* ---- IPPROTO_IPV6 options -------------------------------------------------- */
#define IPV6_HOPOPTS 1
#define IPV6_HDRINCL 2
#define IPV6_UNICAST_HOPS 4
#define IPV6_MULTICAST_IF 9
#define IPV6_MULTICAST_HOPS 10
#define IPV6_MULTICAST_LOOP 11
#define IPV6_ADD_MEMBERSHIP 12
#define IPV6_JOIN_GROUP IPV6_ADD_MEMBERSHIP
#define IPV6_DROP_MEMBERSHIP 13
#define IPV6_LEAVE_GROUP IPV6_DROP_MEMBERSHIP
#define IPV6_DONTFRAG 14
#define IPV6_PKTINFO 19
#define IPV6_HOPLIMIT 21
#define IPV6_PROTECTION_LEVEL 23
#define IPV6_RECVIF 24
#define IPV6_RECVDSTADDR 25
#define IPV6_CHECKSUM 26
#define IPV6_V6ONLY 27
#define IPV6_IFLIST 28
#define IPV6_ADD_IFLIST 29
#define IPV6_DEL_IFLIST 30
#define IPV6_UNICAST_IF 31
#define IPV6_RTHDR 32
#define IPV6_GET_IFLIST 33
#define IPV6_RECVRTHDR 38
#define IPV6_TCLASS 39
#define IPV6_RECVTCLASS 40
#define IPV6_ECN 50
#define IPV6_PKTINFO_EX 51
#define IPV6_WFP_REDIRECT_RECORDS 60
#define IPV6_WFP_REDIRECT_CONTEXT 70
#define IPV6_MTU_DISCOVER 71
#define IPV6_MTU 72
#define IPV6_NRT_INTERFACE 74
#define IPV6_RECVERR 75
#define IPV6_USER_MTU 76

#define PROTECTION_LEVEL_UNRESTRICTED 10
#define PROTECTION_LEVEL_EDGERESTRICTED 20
#define PROTECTION_LEVEL_RESTRICTED 30
#define PROTECTION_LEVEL_DEFAULT ((UINT)-1)

/* ---- IPPROTO_TCP options (TCP_NODELAY is in winsock2.h) -------------------- */
#define TCP_EXPEDITED_1122 0x0002
#define TCP_KEEPALIVE 3
#define TCP_MAXSEG 4
#define TCP_MAXRT 5
#define TCP_STDURG 6
#define TCP_NOURG 7
#define TCP_ATMARK 8
#define TCP_NOSYNRETRIES 9
#define TCP_TIMESTAMPS 10
#define TCP_OFFLOAD_PREFERENCE 11
#define TCP_CONGESTION_ALGORITHM 12
#define TCP_DELAY_FIN_ACK 13
#define TCP_MAXRTMS 14
#define TCP_FASTOPEN 15
#define TCP_KEEPCNT 16
#define TCP_KEEPIDLE TCP_KEEPALIVE
#define TCP_KEEPINTVL 17
#define TCP_FAIL_CONNECT_ON_ICMP_ERROR 18
#define TCP_ICMP_ERROR_INFO 19
#define TCP_OFFLOAD_NO_PREFERENCE 0
#define TCP_OFFLOAD_NOT_PREFERRED 1
#define TCP_OFFLOAD_PREFERRED 2

#define INET_ADDRSTRLEN 22
#define INET6_ADDRSTRLEN 65

#define IN6ADDR_ANY_INIT {{{0}}}
#define IN6ADDR_LOOPBACK_INIT {{{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}}}

OVL_EXTERN_C_BEGIN
OVL_API extern const struct in6_addr in6addr_any OVL_SYM(in6addr_any);
OVL_API extern const struct in6_addr in6addr_loopback OVL_SYM(in6addr_loopback);

OVL_INLINE BOOLEAN IN6_IS_ADDR_UNSPECIFIED(const IN6_ADDR *a)
{
    return (BOOLEAN)(a->s6_words[0] == 0 && a->s6_words[1] == 0 && a->s6_words[2] == 0 && a->s6_words[3] == 0 &&
                     a->s6_words[4] == 0 && a->s6_words[5] == 0 && a->s6_words[6] == 0 && a->s6_words[7] == 0);
}
OVL_INLINE BOOLEAN IN6_IS_ADDR_LOOPBACK(const IN6_ADDR *a)
{
    return (BOOLEAN)(a->s6_words[0] == 0 && a->s6_words[1] == 0 && a->s6_words[2] == 0 && a->s6_words[3] == 0 &&
                     a->s6_words[4] == 0 && a->s6_words[5] == 0 && a->s6_words[6] == 0 &&
                     a->s6_bytes[14] == 0 && a->s6_bytes[15] == 1);
}
OVL_INLINE BOOLEAN IN6_IS_ADDR_MULTICAST(const IN6_ADDR *a) { return (BOOLEAN)(a->s6_bytes[0] == 0xff); }
OVL_INLINE BOOLEAN IN6_IS_ADDR_LINKLOCAL(const IN6_ADDR *a)
{
    return (BOOLEAN)(a->s6_bytes[0] == 0xfe && (a->s6_bytes[1] & 0xc0) == 0x80);
}
OVL_INLINE BOOLEAN IN6_IS_ADDR_SITELOCAL(const IN6_ADDR *a)
{
    return (BOOLEAN)(a->s6_bytes[0] == 0xfe && (a->s6_bytes[1] & 0xc0) == 0xc0);
}
OVL_INLINE BOOLEAN IN6_IS_ADDR_V4MAPPED(const IN6_ADDR *a)
{
    return (BOOLEAN)(a->s6_words[0] == 0 && a->s6_words[1] == 0 && a->s6_words[2] == 0 && a->s6_words[3] == 0 &&
                     a->s6_words[4] == 0 && a->s6_words[5] == 0xffff);
}
OVL_INLINE BOOLEAN IN6_IS_ADDR_V4COMPAT(const IN6_ADDR *a)
{
    return (BOOLEAN)(a->s6_words[0] == 0 && a->s6_words[1] == 0 && a->s6_words[2] == 0 && a->s6_words[3] == 0 &&
                     a->s6_words[4] == 0 && a->s6_words[5] == 0 &&
                     !(a->s6_words[6] == 0 && a->s6_bytes[14] == 0 && (a->s6_bytes[15] == 0 || a->s6_bytes[15] == 1)));
}
OVL_INLINE BOOLEAN IN6_ADDR_EQUAL(const IN6_ADDR *x, const IN6_ADDR *y)
{
    return (BOOLEAN)(memcmp(x, y, sizeof(IN6_ADDR)) == 0);
}
#define IN6_ARE_ADDR_EQUAL IN6_ADDR_EQUAL
OVL_EXTERN_C_END

#define SS_PORT(ssp) (((PSOCKADDR_IN)(ssp))->sin_port)

OVL_STATIC_ASSERT(sizeof(SOCKADDR_IN6) == 28, "sockaddr_in6 must be 28 bytes");
OVL_STATIC_ASSERT(sizeof(IPV6_MREQ) == 20, "ipv6_mreq must be 20 bytes");

#endif /* OVL_WIN32_WS2IPDEF_H */
