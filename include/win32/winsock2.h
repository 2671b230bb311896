/* winsock2.h: Windows Sockets 2: SOCKET, WSADATA, the Windows fd_set and
 * select, socket options, network events, overlapped socket I/O, WSAPoll, the
 * protocol-info and QOS structures, and every ws2_32 function prototype.
 *
 * Linux coexistence (docs/design.md, "Symbol names"): glibc's <sys/select.h>,
 * <sys/types.h> and <unistd.h> are included first, so their include guards are
 * spent whichever order the program includes things in, and then the names they
 * give Linux meanings are taken over by macros:
 *   fd_set -> ovl_fd_set (count + SOCKET array, FD_SETSIZE 64 unless the program
 *             defined FD_SETSIZE before including this), FD_SET/FD_CLR/FD_ISSET/
 *             FD_ZERO with Windows semantics, select -> ovl_select,
 *   u_long -> ovl_u_long (32 bits, glibc's is 64), socklen_t -> ovl_socklen_t
 *             (int, glibc's is unsigned), gethostname -> ovl_gethostname
 *             (<unistd.h> declares it with a size_t length).
 * Every ws2_32 function whose name glibc also exports carries an asm label
 * (OVL_SYM), so the program links to ovl_ws_<name>. struct timeval is glibc's.
 * u_char, u_short and u_int are glibc's types (same sizes as Windows').
 * Like Windows' winsock2.h, this includes <windows.h>.
 * Differs from Windows: FD_SETSIZE defined by the program *after* glibc's
 * <sys/select.h> was included (e.g. via <stdlib.h>) and before this header is
 * taken for glibc's and replaced by 64; define it before any include.
 */
#ifndef OVL_WIN32_WINSOCK2_H
#define OVL_WIN32_WINSOCK2_H
#ifndef _WINSOCK2API_
#define _WINSOCK2API_
#endif
#ifndef _WINSOCKAPI_
#define _WINSOCKAPI_ /* winsock.h's guard: programs test it, windows.h honours it */
#endif

/* ---- spend glibc's include guards, keeping a program-defined FD_SETSIZE ---- */
#pragma push_macro("FD_SETSIZE")
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>
#include <sys/time.h>
#include <sys/select.h>
#include <unistd.h>
#pragma pop_macro("FD_SETSIZE")

#ifdef FD_SETSIZE
/* glibc defines FD_SETSIZE as __FD_SETSIZE: probe whether that is what we have. */
#pragma push_macro("__FD_SETSIZE")
#undef __FD_SETSIZE
#define __FD_SETSIZE (-1)
#if FD_SETSIZE == -1
#define OVL_FD_SETSIZE_FROM_GLIBC 1
#endif
#pragma pop_macro("__FD_SETSIZE")
#endif
#if !defined(FD_SETSIZE) || defined(OVL_FD_SETSIZE_FROM_GLIBC)
#undef FD_SETSIZE
#define FD_SETSIZE 64
#endif
#undef OVL_FD_SETSIZE_FROM_GLIBC

#include "windows.h"
#include "ws2def.h"
#include "ws2ipdef.h"
#include "inaddr.h"
#include "in6addr.h"

/* ---- BSD integer types ----------------------------------------------------- */
/* Redeclaring glibc's identical typedefs is valid C11 and C++ (needed when the
 * program builds with -std=c11, where glibc hides them). */
typedef unsigned char u_char;
typedef unsigned short u_short;
typedef unsigned int u_int;
typedef unsigned int ovl_u_long;
#define u_long ovl_u_long
typedef int ovl_socklen_t;
#define socklen_t ovl_socklen_t
typedef unsigned long long u_int64;

typedef UINT_PTR SOCKET;
#define INVALID_SOCKET ((SOCKET)(~0))
#define SOCKET_ERROR (-1)

/* ---- Windows fd_set -------------------------------------------------------- */
#undef FD_SET
#undef FD_CLR
#undef FD_ISSET
#undef FD_ZERO
#define fd_set ovl_fd_set
typedef struct ovl_fd_set {
    u_int fd_count;
    SOCKET fd_array[FD_SETSIZE];
} ovl_fd_set, *PFD_SET, *LPFD_SET;

#define OVL_FD_SET_CAPACITY(set) ((u_int)(sizeof((set)->fd_array) / sizeof((set)->fd_array[0])))
/* Add fd unless it is already present or the set is full. */
#define FD_SET(fd, set)                                                                    \
    do {                                                                                   \
        fd_set *ovl_fds_ = (fd_set *)(set);                                                \
        SOCKET ovl_fd_ = (SOCKET)(fd);                                                     \
        u_int ovl_i_ = 0;                                                                  \
        while (ovl_i_ < ovl_fds_->fd_count && ovl_fds_->fd_array[ovl_i_] != ovl_fd_)       \
            ovl_i_++;                                                                      \
        if (ovl_i_ == ovl_fds_->fd_count && ovl_fds_->fd_count < OVL_FD_SET_CAPACITY(ovl_fds_)) { \
            ovl_fds_->fd_array[ovl_i_] = ovl_fd_;                                          \
            ovl_fds_->fd_count++;                                                          \
        }                                                                                  \
    } while (0)
/* Remove fd, keeping the remaining entries in order. */
#define FD_CLR(fd, set)                                                                    \
    do {                                                                                   \
        fd_set *ovl_fds_ = (fd_set *)(set);                                                \
        SOCKET ovl_fd_ = (SOCKET)(fd);                                                     \
        u_int ovl_i_;                                                                      \
        for (ovl_i_ = 0; ovl_i_ < ovl_fds_->fd_count; ovl_i_++) {                          \
            if (ovl_fds_->fd_array[ovl_i_] == ovl_fd_) {                                   \
                for (; ovl_i_ + 1 < ovl_fds_->fd_count; ovl_i_++)                          \
                    ovl_fds_->fd_array[ovl_i_] = ovl_fds_->fd_array[ovl_i_ + 1];           \
                ovl_fds_->fd_count--;                                                      \
                break;                                                                     \
            }                                                                              \
        }                                                                                  \
    } while (0)
#define FD_ZERO(set) (((fd_set *)(set))->fd_count = 0)
#define FD_ISSET(fd, set) __WSAFDIsSet((SOCKET)(fd), (fd_set *)(set))

#define select ovl_select
#define gethostname ovl_gethostname

/* ---- struct timeval helpers (glibc's struct) -------------------------------- */
typedef struct timeval TIMEVAL, *PTIMEVAL, *LPTIMEVAL;
#ifndef timerisset
#define timerisset(tvp) ((tvp)->tv_sec || (tvp)->tv_usec)
#endif
#ifndef timerclear
#define timerclear(tvp) ((tvp)->tv_sec = (tvp)->tv_usec = 0)
#endif
#ifndef timercmp
#define timercmp(tvp, uvp, cmp) \
    ((tvp)->tv_sec cmp (uvp)->tv_sec || ((tvp)->tv_sec == (uvp)->tv_sec && (tvp)->tv_usec cmp (uvp)->tv_usec))
#endif

/* ---- ioctlsocket commands (32-bit values, as u_long is on Windows) ---------- */
#define _IO(x, y) ((u_long)(IOC_VOID | ((x) << 8) | (y)))
#define _IOR(x, y, t) ((u_long)(IOC_OUT | (((u_long)sizeof(t) & IOCPARM_MASK) << 16) | ((x) << 8) | (y)))
#define _IOW(x, y, t) ((u_long)(IOC_IN | (((u_long)sizeof(t) & IOCPARM_MASK) << 16) | ((x) << 8) | (y)))
#define FIONREAD _IOR('f', 127, u_long)
#define FIONBIO _IOW('f', 126, u_long)
#define FIOASYNC _IOW('f', 125, u_long)
#define SIOCSHIWAT _IOW('s', 0, u_long)
#define SIOCGHIWAT _IOR('s', 1, u_long)
#define SIOCSLOWAT _IOW('s', 2, u_long)
#define SIOCGLOWAT _IOR('s', 3, u_long)
#define SIOCATMARK _IOR('s', 7, u_long)
#define SIO_GET_INTERFACE_LIST _IOR('t', 127, u_long)
#define SIO_RCVALL _WSAIOW(IOC_VENDOR, 1)
#define SIO_RCVALL_MCAST _WSAIOW(IOC_VENDOR, 2)
#define SIO_RCVALL_IGMPMCAST _WSAIOW(IOC_VENDOR, 3)
#define SIO_KEEPALIVE_VALS _WSAIOW(IOC_VENDOR, 4)
#define SIO_ABSORB_RTRALERT _WSAIOW(IOC_VENDOR, 5)
#define SIO_UCAST_IF _WSAIOW(IOC_VENDOR, 6)
#define SIO_LIMIT_BROADCASTS _WSAIOW(IOC_VENDOR, 7)
#define SIO_INDEX_BIND _WSAIOW(IOC_VENDOR, 8)
#define SIO_INDEX_MCASTIF _WSAIOW(IOC_VENDOR, 9)
#define SIO_INDEX_ADD_MCAST _WSAIOW(IOC_VENDOR, 10)
#define SIO_INDEX_DEL_MCAST _WSAIOW(IOC_VENDOR, 11)
#define SIO_UDP_CONNRESET _WSAIOW(IOC_VENDOR, 12)
#define SIO_SOCKET_CLOSE_NOTIFY _WSAIOW(IOC_VENDOR, 13)
#define SIO_LOOPBACK_FAST_PATH _WSAIOW(IOC_VENDOR, 16)

/* ---- socket options -------------------------------------------------------- */
#define SO_DEBUG 0x0001
#define SO_ACCEPTCONN 0x0002
#define SO_REUSEADDR 0x0004
#define SO_KEEPALIVE 0x0008
#define SO_DONTROUTE 0x0010
#define SO_BROADCAST 0x0020
#define SO_USELOOPBACK 0x0040
#define SO_LINGER 0x0080
#define SO_OOBINLINE 0x0100
#define SO_DONTLINGER ((int)(~SO_LINGER))
#define SO_EXCLUSIVEADDRUSE ((int)(~SO_REUSEADDR))
#define SO_SNDBUF 0x1001
#define SO_RCVBUF 0x1002
#define SO_SNDLOWAT 0x1003
#define SO_RCVLOWAT 0x1004
#define SO_SNDTIMEO 0x1005
#define SO_RCVTIMEO 0x1006
#define SO_ERROR 0x1007
#define SO_TYPE 0x1008
#define SO_BSP_STATE 0x1009
#define SO_GROUP_ID 0x2001
#define SO_GROUP_PRIORITY 0x2002
#define SO_MAX_MSG_SIZE 0x2003
#define SO_PROTOCOL_INFOA 0x2004
#define SO_PROTOCOL_INFOW 0x2005
#define PVD_CONFIG 0x3001
#define SO_CONDITIONAL_ACCEPT 0x3002
#define SO_PAUSE_ACCEPT 0x3003
#define SO_COMPARTMENT_ID 0x3004
#define SO_RANDOMIZE_PORT 0x3005
#define SO_PORT_SCALABILITY 0x3006
#define SO_REUSE_UNICASTPORT 0x3007
#define SO_REUSE_MULTICASTPORT 0x3008
/* mswsock.h options, here because programs use them with only winsock2.h */
#define SO_CONNDATA 0x7000
#define SO_CONNOPT 0x7001
#define SO_DISCDATA 0x7002
#define SO_DISCOPT 0x7003
#define SO_CONNDATALEN 0x7004
#define SO_CONNOPTLEN 0x7005
#define SO_DISCDATALEN 0x7006
#define SO_DISCOPTLEN 0x7007
#define SO_OPENTYPE 0x7008
#define SO_SYNCHRONOUS_ALERT 0x10
#define SO_SYNCHRONOUS_NONALERT 0x20
#define SO_MAXDG 0x7009
#define SO_MAXPATHDG 0x700A
#define SO_UPDATE_ACCEPT_CONTEXT 0x700B
#define SO_CONNECT_TIME 0x700C
#define SO_UPDATE_CONNECT_CONTEXT 0x7010
#define TCP_NODELAY 0x0001
#define TCP_BSDURGENT 0x7000

#define SOMAXCONN 0x7fffffff
#define SOMAXCONN_HINT(b) (-(b))

#define SD_RECEIVE 0x00
#define SD_SEND 0x01
#define SD_BOTH 0x02

#define WSADESCRIPTION_LEN 256
#define WSASYS_STATUS_LEN 128
#define MAXGETHOSTSTRUCT 1024

/* ---- WSAStartup data (x64 member order) ------------------------------------ */
typedef struct WSAData {
    WORD wVersion;
    WORD wHighVersion;
    unsigned short iMaxSockets;
    unsigned short iMaxUdpDg;
    char *lpVendorInfo;
    char szDescription[WSADESCRIPTION_LEN + 1];
    char szSystemStatus[WSASYS_STATUS_LEN + 1];
} WSADATA, *LPWSADATA;

/* ---- database entries ------------------------------------------------------ */
struct hostent {
    char *h_name;
    char **h_aliases;
    short h_addrtype;
    short h_length;
    char **h_addr_list;
#define h_addr h_addr_list[0]
};
typedef struct hostent HOSTENT, *PHOSTENT, *LPHOSTENT;

struct netent {
    char *n_name;
    char **n_aliases;
    short n_addrtype;
    u_long n_net;
};

struct servent {
    char *s_name;
    char **s_aliases;
    char *s_proto;
    short s_port;
};
typedef struct servent SERVENT, *PSERVENT, *LPSERVENT;

struct protoent {
    char *p_name;
    char **p_aliases;
    short p_proto;
};
typedef struct protoent PROTOENT, *PPROTOENT, *LPPROTOENT;

struct linger {
    u_short l_onoff;
    u_short l_linger;
};
typedef struct linger LINGER, *PLINGER, *LPLINGER;

#define h_errno WSAGetLastError()
#define HOST_NOT_FOUND WSAHOST_NOT_FOUND
#define TRY_AGAIN WSATRY_AGAIN
#define NO_RECOVERY WSANO_RECOVERY
#define NO_DATA WSANO_DATA
#define NO_ADDRESS WSANO_ADDRESS

/* ---- network events (WSAEventSelect / WSAAsyncSelect) ---------------------- */
#define FD_READ_BIT 0
#define FD_READ (1 << FD_READ_BIT)
#define FD_WRITE_BIT 1
#define FD_WRITE (1 << FD_WRITE_BIT)
#define FD_OOB_BIT 2
#define FD_OOB (1 << FD_OOB_BIT)
#define FD_ACCEPT_BIT 3
#define FD_ACCEPT (1 << FD_ACCEPT_BIT)
#define FD_CONNECT_BIT 4
#define FD_CONNECT (1 << FD_CONNECT_BIT)
#define FD_CLOSE_BIT 5
#define FD_CLOSE (1 << FD_CLOSE_BIT)
#define FD_QOS_BIT 6
#define FD_QOS (1 << FD_QOS_BIT)
#define FD_GROUP_QOS_BIT 7
#define FD_GROUP_QOS (1 << FD_GROUP_QOS_BIT)
#define FD_ROUTING_INTERFACE_CHANGE_BIT 8
#define FD_ROUTING_INTERFACE_CHANGE (1 << FD_ROUTING_INTERFACE_CHANGE_BIT)
#define FD_ADDRESS_LIST_CHANGE_BIT 9
#define FD_ADDRESS_LIST_CHANGE (1 << FD_ADDRESS_LIST_CHANGE_BIT)
#define FD_MAX_EVENTS 10
#define FD_ALL_EVENTS ((1 << FD_MAX_EVENTS) - 1)

typedef struct _WSANETWORKEVENTS {
    LONG lNetworkEvents; /* long on Windows: 32 bits */
    int iErrorCode[FD_MAX_EVENTS];
} WSANETWORKEVENTS, *LPWSANETWORKEVENTS;

#define WSAMAKEASYNCREPLY(buflen, error) MAKELONG(buflen, error)
#define WSAMAKESELECTREPLY(event, error) MAKELONG(event, error)
#define WSAGETASYNCBUFLEN(lParam) LOWORD(lParam)
#define WSAGETASYNCERROR(lParam) HIWORD(lParam)
#define WSAGETSELECTEVENT(lParam) LOWORD(lParam)
#define WSAGETSELECTERROR(lParam) HIWORD(lParam)

/* ---- events and overlapped I/O --------------------------------------------- */
#define WSAEVENT HANDLE
#define LPWSAEVENT LPHANDLE
#define WSAOVERLAPPED OVERLAPPED
typedef struct _OVERLAPPED *LPWSAOVERLAPPED;

#define WSA_IO_PENDING (ERROR_IO_PENDING)
#define WSA_IO_INCOMPLETE (ERROR_IO_INCOMPLETE)
#define WSA_INVALID_HANDLE (ERROR_INVALID_HANDLE)
#define WSA_INVALID_PARAMETER (ERROR_INVALID_PARAMETER)
#define WSA_NOT_ENOUGH_MEMORY (ERROR_NOT_ENOUGH_MEMORY)
#define WSA_OPERATION_ABORTED (ERROR_OPERATION_ABORTED)
#define WSA_INVALID_EVENT ((WSAEVENT)NULL)
#define WSA_MAXIMUM_WAIT_EVENTS (MAXIMUM_WAIT_OBJECTS)
#define WSA_WAIT_FAILED (WAIT_FAILED)
#define WSA_WAIT_EVENT_0 (WAIT_OBJECT_0)
#define WSA_WAIT_IO_COMPLETION (WAIT_IO_COMPLETION)
#define WSA_WAIT_TIMEOUT (WAIT_TIMEOUT)
#define WSA_INFINITE (INFINITE)

typedef void(CALLBACK *LPWSAOVERLAPPED_COMPLETION_ROUTINE)(DWORD dwError, DWORD cbTransferred,
                                                            LPWSAOVERLAPPED lpOverlapped, DWORD dwFlags);

#define WSA_FLAG_OVERLAPPED 0x01
#define WSA_FLAG_MULTIPOINT_C_ROOT 0x02
#define WSA_FLAG_MULTIPOINT_C_LEAF 0x04
#define WSA_FLAG_MULTIPOINT_D_ROOT 0x08
#define WSA_FLAG_MULTIPOINT_D_LEAF 0x10
#define WSA_FLAG_ACCESS_SYSTEM_SECURITY 0x40
#define WSA_FLAG_NO_HANDLE_INHERIT 0x80
#define WSA_FLAG_REGISTERED_IO 0x100

/* ---- WSAPoll (Windows values, not Linux's) --------------------------------- */
#define POLLRDNORM 0x0100
#define POLLRDBAND 0x0200
#define POLLIN (POLLRDNORM | POLLRDBAND)
#define POLLPRI 0x0400
#define POLLWRNORM 0x0010
#define POLLOUT (POLLWRNORM)
#define POLLWRBAND 0x0020
#define POLLERR 0x0001
#define POLLHUP 0x0002
#define POLLNVAL 0x0004

typedef struct pollfd {
    SOCKET fd;
    SHORT events;
    SHORT revents;
} WSAPOLLFD, *PWSAPOLLFD, *LPWSAPOLLFD;

/* ---- protocol information ---------------------------------------------------- */
#define FROM_PROTOCOL_INFO (-1)
#define MAX_PROTOCOL_CHAIN 7
#define BASE_PROTOCOL 1
#define LAYERED_PROTOCOL 0
#define WSAPROTOCOL_LEN 255

typedef struct _WSAPROTOCOLCHAIN {
    int ChainLen;
    DWORD ChainEntries[MAX_PROTOCOL_CHAIN];
} WSAPROTOCOLCHAIN, *LPWSAPROTOCOLCHAIN;

typedef struct _WSAPROTOCOL_INFOA {
    DWORD dwServiceFlags1;
    DWORD dwServiceFlags2;
    DWORD dwServiceFlags3;
    DWORD dwServiceFlags4;
    DWORD dwProviderFlags;
    GUID ProviderId;
    DWORD dwCatalogEntryId;
    WSAPROTOCOLCHAIN ProtocolChain;
    int iVersion;
    int iAddressFamily;
    int iMaxSockAddr;
    int iMinSockAddr;
    int iSocketType;
    int iProtocol;
    int iProtocolMaxOffset;
    int iNetworkByteOrder;
    int iSecurityScheme;
    DWORD dwMessageSize;
    DWORD dwProviderReserved;
    CHAR szProtocol[WSAPROTOCOL_LEN + 1];
} WSAPROTOCOL_INFOA, *LPWSAPROTOCOL_INFOA;

typedef struct _WSAPROTOCOL_INFOW {
    DWORD dwServiceFlags1;
    DWORD dwServiceFlags2;
    DWORD dwServiceFlags3;
    DWORD dwServiceFlags4;
    DWORD dwProviderFlags;
    GUID ProviderId;
    DWORD dwCatalogEntryId;
    WSAPROTOCOLCHAIN ProtocolChain;
    int iVersion;
    int iAddressFamily;
    int iMaxSockAddr;
    int iMinSockAddr;
    int iSocketType;
    int iProtocol;
    int iProtocolMaxOffset;
    int iNetworkByteOrder;
    int iSecurityScheme;
    DWORD dwMessageSize;
    DWORD dwProviderReserved;
    WCHAR szProtocol[WSAPROTOCOL_LEN + 1];
} WSAPROTOCOL_INFOW, *LPWSAPROTOCOL_INFOW;

#ifdef UNICODE
typedef WSAPROTOCOL_INFOW WSAPROTOCOL_INFO;
typedef LPWSAPROTOCOL_INFOW LPWSAPROTOCOL_INFO;
#define SO_PROTOCOL_INFO SO_PROTOCOL_INFOW
#else
typedef WSAPROTOCOL_INFOA WSAPROTOCOL_INFO;
typedef LPWSAPROTOCOL_INFOA LPWSAPROTOCOL_INFO;
#define SO_PROTOCOL_INFO SO_PROTOCOL_INFOA
#endif

#define PFL_MULTIPLE_PROTO_ENTRIES 0x00000001
#define PFL_RECOMMENDED_PROTO_ENTRY 0x00000002
#define PFL_HIDDEN 0x00000004
#define PFL_MATCHES_PROTOCOL_ZERO 0x00000008
#define PFL_NETWORKDIRECT_PROVIDER 0x00000010
#define XP1_CONNECTIONLESS 0x00000001
#define XP1_GUARANTEED_DELIVERY 0x00000002
#define XP1_GUARANTEED_ORDER 0x00000004
#define XP1_MESSAGE_ORIENTED 0x00000008
#define XP1_PSEUDO_STREAM 0x00000010
#define XP1_GRACEFUL_CLOSE 0x00000020
#define XP1_EXPEDITED_DATA 0x00000040
#define XP1_CONNECT_DATA 0x00000080
#define XP1_DISCONNECT_DATA 0x00000100
#define XP1_SUPPORT_BROADCAST 0x00000200
#define XP1_SUPPORT_MULTIPOINT 0x00000400
#define XP1_MULTIPOINT_CONTROL_PLANE 0x00000800
#define XP1_MULTIPOINT_DATA_PLANE 0x00001000
#define XP1_QOS_SUPPORTED 0x00002000
#define XP1_INTERRUPT 0x00004000
#define XP1_UNI_SEND 0x00008000
#define XP1_UNI_RECV 0x00010000
#define XP1_IFS_HANDLES 0x00020000
#define XP1_PARTIAL_MESSAGE 0x00040000
#define XP1_SAN_SUPPORT_SDP 0x00080000
#define BIGENDIAN 0x0000
#define LITTLEENDIAN 0x0001
#define SECURITY_PROTOCOL_NONE 0x0000

/* ---- QOS (only as far as WSAConnect / WSAAccept need it) -------------------- */
typedef unsigned int GROUP;
#define SG_UNCONSTRAINED_GROUP 0x01
#define SG_CONSTRAINED_GROUP 0x02

typedef ULONG SERVICETYPE;
typedef struct _flowspec {
    ULONG TokenRate;
    ULONG TokenBucketSize;
    ULONG PeakBandwidth;
    ULONG Latency;
    ULONG DelayVariation;
    SERVICETYPE ServiceType;
    ULONG MaxSduSize;
    ULONG MinimumPolicedSize;
} FLOWSPEC, *PFLOWSPEC, *LPFLOWSPEC;

typedef struct _QualityOfService {
    FLOWSPEC SendingFlowspec;
    FLOWSPEC ReceivingFlowspec;
    WSABUF ProviderSpecific;
} QOS, *LPQOS;

#define CF_ACCEPT 0x0000
#define CF_REJECT 0x0001
#define CF_DEFER 0x0002

typedef int(CALLBACK *LPCONDITIONPROC)(LPWSABUF lpCallerId, LPWSABUF lpCallerData, LPQOS lpSQOS, LPQOS lpGQOS,
                                       LPWSABUF lpCalleeId, LPWSABUF lpCalleeData, GROUP *g,
                                       DWORD_PTR dwCallbackData);

/* ---- prototypes ------------------------------------------------------------ */
OVL_EXTERN_C_BEGIN

/* startup and errors */
OVL_API int WSAAPI WSAStartup(WORD wVersionRequested, LPWSADATA lpWSAData);
OVL_API int WSAAPI WSACleanup(void);
OVL_API int WSAAPI WSAGetLastError(void);
OVL_API void WSAAPI WSASetLastError(int iError);
OVL_API BOOL WSAAPI WSAIsBlocking(void);
OVL_API int WSAAPI WSACancelBlockingCall(void);

/* Berkeley-style calls (asm-labelled where glibc has the same name) */
OVL_API SOCKET WSAAPI socket(int af, int type, int protocol) OVL_SYM(socket);
OVL_API int WSAAPI bind(SOCKET s, const struct sockaddr *name, int namelen) OVL_SYM(bind);
OVL_API int WSAAPI listen(SOCKET s, int backlog) OVL_SYM(listen);
OVL_API SOCKET WSAAPI accept(SOCKET s, struct sockaddr *addr, int *addrlen) OVL_SYM(accept);
OVL_API int WSAAPI connect(SOCKET s, const struct sockaddr *name, int namelen) OVL_SYM(connect);
OVL_API int WSAAPI send(SOCKET s, const char *buf, int len, int flags) OVL_SYM(send);
OVL_API int WSAAPI recv(SOCKET s, char *buf, int len, int flags) OVL_SYM(recv);
OVL_API int WSAAPI sendto(SOCKET s, const char *buf, int len, int flags, const struct sockaddr *to, int tolen)
    OVL_SYM(sendto);
OVL_API int WSAAPI recvfrom(SOCKET s, char *buf, int len, int flags, struct sockaddr *from, int *fromlen)
    OVL_SYM(recvfrom);
OVL_API int WSAAPI shutdown(SOCKET s, int how) OVL_SYM(shutdown);
OVL_API int WSAAPI closesocket(SOCKET s);
OVL_API int WSAAPI getpeername(SOCKET s, struct sockaddr *name, int *namelen) OVL_SYM(getpeername);
OVL_API int WSAAPI getsockname(SOCKET s, struct sockaddr *name, int *namelen) OVL_SYM(getsockname);
OVL_API int WSAAPI setsockopt(SOCKET s, int level, int optname, const char *optval, int optlen)
    OVL_SYM(setsockopt);
OVL_API int WSAAPI getsockopt(SOCKET s, int level, int optname, char *optval, int *optlen) OVL_SYM(getsockopt);
/* cmd is a 32-bit code on Windows; implementations compare (u_long)cmd. */
OVL_API int WSAAPI ioctlsocket(SOCKET s, long cmd, u_long *argp);

/* select: ovl_select is reached through the select macro above */
OVL_API int WSAAPI ovl_select(int nfds, fd_set *readfds, fd_set *writefds, fd_set *exceptfds,
                              const struct timeval *timeout) OVL_SYM(select);
OVL_API int WSAAPI __WSAFDIsSet(SOCKET fd, fd_set *set);
OVL_API int WSAAPI WSAPoll(LPWSAPOLLFD fdArray, ULONG fds, INT timeout);

/* Winsock 2 sockets */
OVL_API SOCKET WSAAPI WSASocketA(int af, int type, int protocol, LPWSAPROTOCOL_INFOA lpProtocolInfo, GROUP g,
                                 DWORD dwFlags);
OVL_API SOCKET WSAAPI WSASocketW(int af, int type, int protocol, LPWSAPROTOCOL_INFOW lpProtocolInfo, GROUP g,
                                 DWORD dwFlags);
OVL_API SOCKET WSAAPI WSAAccept(SOCKET s, struct sockaddr *addr, LPINT addrlen, LPCONDITIONPROC lpfnCondition,
                                DWORD_PTR dwCallbackData);
OVL_API int WSAAPI WSAConnect(SOCKET s, const struct sockaddr *name, int namelen, LPWSABUF lpCallerData,
                              LPWSABUF lpCalleeData, LPQOS lpSQOS, LPQOS lpGQOS);
OVL_API int WSAAPI WSADuplicateSocketA(SOCKET s, DWORD dwProcessId, LPWSAPROTOCOL_INFOA lpProtocolInfo);
OVL_API int WSAAPI WSADuplicateSocketW(SOCKET s, DWORD dwProcessId, LPWSAPROTOCOL_INFOW lpProtocolInfo);

/* overlapped I/O */
OVL_API int WSAAPI WSASend(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount, LPDWORD lpNumberOfBytesSent,
                           DWORD dwFlags, LPWSAOVERLAPPED lpOverlapped,
                           LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine);
OVL_API int WSAAPI WSARecv(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount, LPDWORD lpNumberOfBytesRecvd,
                           LPDWORD lpFlags, LPWSAOVERLAPPED lpOverlapped,
                           LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine);
OVL_API int WSAAPI WSASendTo(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount, LPDWORD lpNumberOfBytesSent,
                             DWORD dwFlags, const struct sockaddr *lpTo, int iTolen, LPWSAOVERLAPPED lpOverlapped,
                             LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine);
OVL_API int WSAAPI WSARecvFrom(SOCKET s, LPWSABUF lpBuffers, DWORD dwBufferCount, LPDWORD lpNumberOfBytesRecvd,
                               LPDWORD lpFlags, struct sockaddr *lpFrom, LPINT lpFromlen,
                               LPWSAOVERLAPPED lpOverlapped, LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine);
OVL_API int WSAAPI WSARecvDisconnect(SOCKET s, LPWSABUF lpInboundDisconnectData);
OVL_API int WSAAPI WSASendDisconnect(SOCKET s, LPWSABUF lpOutboundDisconnectData);
OVL_API BOOL WSAAPI WSAGetOverlappedResult(SOCKET s, LPWSAOVERLAPPED lpOverlapped, LPDWORD lpcbTransfer, BOOL fWait,
                                           LPDWORD lpdwFlags);
OVL_API int WSAAPI WSAIoctl(SOCKET s, DWORD dwIoControlCode, LPVOID lpvInBuffer, DWORD cbInBuffer,
                            LPVOID lpvOutBuffer, DWORD cbOutBuffer, LPDWORD lpcbBytesReturned,
                            LPWSAOVERLAPPED lpOverlapped, LPWSAOVERLAPPED_COMPLETION_ROUTINE lpCompletionRoutine);

/* event objects and network events */
OVL_API WSAEVENT WSAAPI WSACreateEvent(void);
OVL_API BOOL WSAAPI WSACloseEvent(WSAEVENT hEvent);
OVL_API BOOL WSAAPI WSASetEvent(WSAEVENT hEvent);
OVL_API BOOL WSAAPI WSAResetEvent(WSAEVENT hEvent);
OVL_API DWORD WSAAPI WSAWaitForMultipleEvents(DWORD cEvents, const WSAEVENT *lphEvents, BOOL fWaitAll,
                                              DWORD dwTimeout, BOOL fAlertable);
OVL_API int WSAAPI WSAEventSelect(SOCKET s, WSAEVENT hEventObject, long lNetworkEvents);
OVL_API int WSAAPI WSAEnumNetworkEvents(SOCKET s, WSAEVENT hEventObject, LPWSANETWORKEVENTS lpNetworkEvents);
OVL_API int WSAAPI WSAAsyncSelect(SOCKET s, HWND hWnd, u_int wMsg, long lEvent);

/* byte order */
OVL_API int WSAAPI WSAHtons(SOCKET s, u_short hostshort, u_short *lpnetshort);
OVL_API int WSAAPI WSAHtonl(SOCKET s, u_long hostlong, u_long *lpnetlong);
OVL_API int WSAAPI WSANtohs(SOCKET s, u_short netshort, u_short *lphostshort);
OVL_API int WSAAPI WSANtohl(SOCKET s, u_long netlong, u_long *lphostlong);

/* address strings and protocol catalog */
OVL_API INT WSAAPI WSAAddressToStringA(LPSOCKADDR lpsaAddress, DWORD dwAddressLength,
                                       LPWSAPROTOCOL_INFOA lpProtocolInfo, LPSTR lpszAddressString,
                                       LPDWORD lpdwAddressStringLength);
OVL_API INT WSAAPI WSAAddressToStringW(LPSOCKADDR lpsaAddress, DWORD dwAddressLength,
                                       LPWSAPROTOCOL_INFOW lpProtocolInfo, LPWSTR lpszAddressString,
                                       LPDWORD lpdwAddressStringLength);
OVL_API INT WSAAPI WSAStringToAddressA(LPSTR AddressString, INT AddressFamily, LPWSAPROTOCOL_INFOA lpProtocolInfo,
                                       LPSOCKADDR lpAddress, LPINT lpAddressLength);
OVL_API INT WSAAPI WSAStringToAddressW(LPWSTR AddressString, INT AddressFamily, LPWSAPROTOCOL_INFOW lpProtocolInfo,
                                       LPSOCKADDR lpAddress, LPINT lpAddressLength);
OVL_API int WSAAPI WSAEnumProtocolsA(LPINT lpiProtocols, LPWSAPROTOCOL_INFOA lpProtocolBuffer,
                                     LPDWORD lpdwBufferLength);
OVL_API int WSAAPI WSAEnumProtocolsW(LPINT lpiProtocols, LPWSAPROTOCOL_INFOW lpProtocolBuffer,
                                     LPDWORD lpdwBufferLength);

/* IPv4 text addresses and the database functions */
OVL_API u_long WSAAPI inet_addr(const char *cp) OVL_SYM(inet_addr);
OVL_API char *WSAAPI inet_ntoa(struct in_addr in) OVL_SYM(inet_ntoa);
OVL_API struct hostent *WSAAPI gethostbyname(const char *name) OVL_SYM(gethostbyname);
OVL_API struct hostent *WSAAPI gethostbyaddr(const char *addr, int len, int type) OVL_SYM(gethostbyaddr);
/* ovl_gethostname is reached through the gethostname macro above */
OVL_API int WSAAPI ovl_gethostname(char *name, int namelen) OVL_SYM(gethostname);
OVL_API struct servent *WSAAPI getservbyname(const char *name, const char *proto) OVL_SYM(getservbyname);
OVL_API struct servent *WSAAPI getservbyport(int port, const char *proto) OVL_SYM(getservbyport);
OVL_API struct protoent *WSAAPI getprotobyname(const char *name) OVL_SYM(getprotobyname);
OVL_API struct protoent *WSAAPI getprotobynumber(int number) OVL_SYM(getprotobynumber);

/* Byte order conversion is inline (x86-64 and arm64 are little-endian): there is
 * no htons symbol to clash with glibc's. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
OVL_INLINE u_short htons(u_short hostshort) { return hostshort; }
OVL_INLINE u_short ntohs(u_short netshort) { return netshort; }
OVL_INLINE u_long htonl(u_long hostlong) { return hostlong; }
OVL_INLINE u_long ntohl(u_long netlong) { return netlong; }
OVL_INLINE unsigned long long htonll(unsigned long long value) { return value; }
OVL_INLINE unsigned long long ntohll(unsigned long long value) { return value; }
#else
OVL_INLINE u_short htons(u_short hostshort) { return __builtin_bswap16(hostshort); }
OVL_INLINE u_short ntohs(u_short netshort) { return __builtin_bswap16(netshort); }
OVL_INLINE u_long htonl(u_long hostlong) { return __builtin_bswap32(hostlong); }
OVL_INLINE u_long ntohl(u_long netlong) { return __builtin_bswap32(netlong); }
OVL_INLINE unsigned long long htonll(unsigned long long value) { return __builtin_bswap64(value); }
OVL_INLINE unsigned long long ntohll(unsigned long long value) { return __builtin_bswap64(value); }
#endif

OVL_EXTERN_C_END

#ifdef UNICODE
#define WSASocket WSASocketW
#define WSADuplicateSocket WSADuplicateSocketW
#define WSAAddressToString WSAAddressToStringW
#define WSAStringToAddress WSAStringToAddressW
#define WSAEnumProtocols WSAEnumProtocolsW
#else
#define WSASocket WSASocketA
#define WSADuplicateSocket WSADuplicateSocketA
#define WSAAddressToString WSAAddressToStringA
#define WSAStringToAddress WSAStringToAddressA
#define WSAEnumProtocols WSAEnumProtocolsA
#endif

OVL_STATIC_ASSERT(sizeof(u_long) == 4, "u_long must be 32 bits (Windows LLP64)");
OVL_STATIC_ASSERT(sizeof(SOCKET) == 8, "SOCKET must be 64 bits");
OVL_STATIC_ASSERT(sizeof(WSADATA) == 408, "WSADATA must be 408 bytes (x64)");
OVL_STATIC_ASSERT(offsetof(WSADATA, lpVendorInfo) == 8, "WSADATA x64 member order");
OVL_STATIC_ASSERT(sizeof(WSANETWORKEVENTS) == 44, "WSANETWORKEVENTS must be 44 bytes");
OVL_STATIC_ASSERT(sizeof(WSAPOLLFD) == 16, "WSAPOLLFD must be 16 bytes (x64)");
OVL_STATIC_ASSERT(sizeof(struct linger) == 4, "linger must be 4 bytes");
OVL_STATIC_ASSERT(sizeof(struct hostent) == 32, "hostent must be 32 bytes (x64)");
OVL_STATIC_ASSERT(sizeof(struct servent) == 32, "servent must be 32 bytes (x64)");
OVL_STATIC_ASSERT(sizeof(WSAPROTOCOL_INFOA) == 372, "WSAPROTOCOL_INFOA must be 372 bytes");
OVL_STATIC_ASSERT(sizeof(QOS) == 80, "QOS must be 80 bytes (x64)");

#endif /* OVL_WIN32_WINSOCK2_H */
