/* ws2tcpip.h: the protocol-independent name and address functions
 * (getaddrinfo, getnameinfo, inet_pton, inet_ntop and their A/W forms),
 * gai_strerror, the EAI_* codes (which are WSA error codes on Windows), and
 * socklen_t.
 *
 * addrinfo and the AI_* / NI_* flags are in ws2def.h, sockaddr_in6, ip_mreq and
 * the IP/IPv6/TCP option names in ws2ipdef.h; both come through winsock2.h.
 * GetAddrInfoA, FreeAddrInfoA, GetNameInfoA, InetPtonA and InetNtopA are
 * macros for the lower-case functions, as in Windows. gai_strerror is a macro
 * for gai_strerrorA/W (functions here, inline in Windows' header).
 */
#ifndef OVL_WIN32_WS2TCPIP_H
#define OVL_WIN32_WS2TCPIP_H
#define _WS2TCPIP_H_ /* Windows' own guard name, which some programs test */

#include "winsock2.h"
#include "ws2ipdef.h"

#define EAI_AGAIN WSATRY_AGAIN
#define EAI_BADFLAGS WSAEINVAL
#define EAI_FAIL WSANO_RECOVERY
#define EAI_FAMILY WSAEAFNOSUPPORT
#define EAI_MEMORY WSA_NOT_ENOUGH_MEMORY
#define EAI_NOSECURENAME WSA_SECURE_HOST_NOT_FOUND
#define EAI_NONAME WSAHOST_NOT_FOUND
#define EAI_SERVICE WSATYPE_NOT_FOUND
#define EAI_SOCKTYPE WSAESOCKTNOSUPPORT
#define EAI_IPSECPOLICY WSA_IPSEC_NAME_POLICY_ERROR
#define EAI_NODATA EAI_NONAME

#define GAI_STRERROR_BUFFER_SIZE 1024

/* IPPROTO_UDP options. */
#define UDP_NOCHECKSUM 1
#define UDP_CHECKSUM_COVERAGE 20
#define UDP_SEND_MSG_SIZE 2
#define UDP_RECV_MAX_COALESCED_SIZE 3

OVL_EXTERN_C_BEGIN

OVL_API INT WSAAPI getaddrinfo(PCSTR pNodeName, PCSTR pServiceName, const ADDRINFOA *pHints,
                               PADDRINFOA *ppResult) OVL_SYM(getaddrinfo);
OVL_API INT WSAAPI GetAddrInfoW(PCWSTR pNodeName, PCWSTR pServiceName, const ADDRINFOW *pHints,
                                PADDRINFOW *ppResult);
OVL_API VOID WSAAPI freeaddrinfo(PADDRINFOA pAddrInfo) OVL_SYM(freeaddrinfo);
OVL_API VOID WSAAPI FreeAddrInfoW(PADDRINFOW pAddrInfo);
OVL_API INT WSAAPI getnameinfo(const SOCKADDR *pSockaddr, socklen_t SockaddrLength, PCHAR pNodeBuffer,
                               DWORD NodeBufferSize, PCHAR pServiceBuffer, DWORD ServiceBufferSize, INT Flags)
    OVL_SYM(getnameinfo);
OVL_API INT WSAAPI GetNameInfoW(const SOCKADDR *pSockaddr, socklen_t SockaddrLength, PWCHAR pNodeBuffer,
                                DWORD NodeBufferSize, PWCHAR pServiceBuffer, DWORD ServiceBufferSize, INT Flags);
OVL_API INT WSAAPI inet_pton(INT Family, PCSTR pszAddrString, PVOID pAddrBuf) OVL_SYM(inet_pton);
OVL_API INT WSAAPI InetPtonW(INT Family, PCWSTR pszAddrString, PVOID pAddrBuf);
OVL_API PCSTR WSAAPI inet_ntop(INT Family, const VOID *pAddr, PSTR pStringBuf, size_t StringBufSize)
    OVL_SYM(inet_ntop);
OVL_API PCWSTR WSAAPI InetNtopW(INT Family, const VOID *pAddr, PWSTR pStringBuf, size_t StringBufSize);
OVL_API char *WSAAPI gai_strerrorA(int ecode);
OVL_API WCHAR *WSAAPI gai_strerrorW(int ecode);

OVL_EXTERN_C_END

#define GetAddrInfoA getaddrinfo
#define FreeAddrInfoA freeaddrinfo
#define GetNameInfoA getnameinfo
#define InetPtonA inet_pton
#define InetNtopA inet_ntop
#ifdef UNICODE
#define GetAddrInfo GetAddrInfoW
#define FreeAddrInfo FreeAddrInfoW
#define GetNameInfo GetNameInfoW
#define InetPton InetPtonW
#define InetNtop InetNtopW
#define gai_strerror gai_strerrorW
#else
#define GetAddrInfo GetAddrInfoA
#define FreeAddrInfo FreeAddrInfoA
#define GetNameInfo GetNameInfoA
#define InetPton InetPtonA
#define InetNtop InetNtopA
#define gai_strerror gai_strerrorA
#endif

#endif /* OVL_WIN32_WS2TCPIP_H */
