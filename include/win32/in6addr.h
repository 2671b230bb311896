/* in6addr.h: struct in6_addr (IN6_ADDR) in Windows' shape: a union u of
 * Byte[16] and Word[8], reached through the s6_addr / s6_bytes / s6_words
 * macros (Windows has no s6_addr32).
 */
#ifndef OVL_WIN32_IN6ADDR_H
#define OVL_WIN32_IN6ADDR_H

#include "minwindef.h"

typedef struct in6_addr {
    union {
        UCHAR Byte[16];
        USHORT Word[8];
    } u;
} IN6_ADDR, *PIN6_ADDR, *LPIN6_ADDR;

#define in_addr6 in6_addr
#define _S6_un u
#define _S6_u8 Byte
#define s6_addr _S6_un._S6_u8
#define s6_bytes u.Byte
#define s6_words u.Word

OVL_STATIC_ASSERT(sizeof(IN6_ADDR) == 16, "in6_addr must be 16 bytes");

#endif /* OVL_WIN32_IN6ADDR_H */
