/* inaddr.h: struct in_addr (IN_ADDR) with Windows' S_un union and the s_addr,
 * s_net, s_host, ... accessor macros.
 *
 * glibc's <netinet/in.h> (whose in_addr has a plain s_addr member) is never
 * included by these headers; see docs/design.md, "The two header worlds".
 */
#ifndef OVL_WIN32_INADDR_H
#define OVL_WIN32_INADDR_H

#include "minwindef.h"

typedef struct in_addr {
    union {
        struct {
            UCHAR s_b1, s_b2, s_b3, s_b4;
        } S_un_b;
        struct {
            USHORT s_w1, s_w2;
        } S_un_w;
        ULONG S_addr;
    } S_un;
} IN_ADDR, *PIN_ADDR, *LPIN_ADDR;

#define s_addr S_un.S_addr
#define s_host S_un.S_un_b.s_b2
#define s_net S_un.S_un_b.s_b1
#define s_imp S_un.S_un_w.s_w2
#define s_impno S_un.S_un_b.s_b4
#define s_lh S_un.S_un_b.s_b3

OVL_STATIC_ASSERT(sizeof(IN_ADDR) == 4, "in_addr must be 4 bytes");

#endif /* OVL_WIN32_INADDR_H */
