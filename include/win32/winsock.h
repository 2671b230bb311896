/* winsock.h: Windows Sockets 1.1. Provided as winsock2.h, which is a superset
 * with the same values for everything winsock.h declares except the IP_*
 * multicast option numbers, where the Winsock 2 values (ws2ipdef.h) are the
 * ones modern Windows uses.
 */
#ifndef OVL_WIN32_WINSOCK_H
#define OVL_WIN32_WINSOCK_H
#include "winsock2.h"
#endif
