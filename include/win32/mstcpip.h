/* mstcpip.h: TCP/IP-specific ioctl structures: tcp_keepalive for
 * SIO_KEEPALIVE_VALS and the SIO_RCVALL modes. The SIO_* codes themselves are
 * in winsock2.h.
 */
#ifndef OVL_WIN32_MSTCPIP_H
#define OVL_WIN32_MSTCPIP_H
#define _MSTCPIP_ /* Windows' own guard name, which some programs test */

#include "winsock2.h"

struct tcp_keepalive {
    ULONG onoff;
    ULONG keepalivetime;     /* milliseconds of idle before the first probe */
    ULONG keepaliveinterval; /* milliseconds between probes */
};

typedef enum {
    RCVALL_OFF = 0,
    RCVALL_ON = 1,
    RCVALL_SOCKETLEVELONLY = 2,
    RCVALL_IPLEVEL = 3
} RCVALL_VALUE, *PRCVALL_VALUE;

#endif /* OVL_WIN32_MSTCPIP_H */
