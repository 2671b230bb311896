/* guiddef.h: GUID (16 bytes, Windows layout), its pointer/reference typedefs,
 * IsEqualGUID and DEFINE_GUID.
 *
 * As in Windows, REFGUID is a const reference in C++ and a const pointer in C,
 * so IsEqualGUID takes references in C++ and pointers in C.
 */
#ifndef OVL_WIN32_GUIDDEF_H
#define OVL_WIN32_GUIDDEF_H

#include <string.h>
#include "ovl_abi.h"

#ifndef GUID_DEFINED
#define GUID_DEFINED
typedef struct _GUID {
    unsigned int Data1; /* unsigned long on Windows: 32 bits */
    unsigned short Data2;
    unsigned short Data3;
    unsigned char Data4[8];
} GUID;
#endif

typedef GUID *LPGUID, *PGUID;
typedef const GUID *LPCGUID, *PCGUID;
typedef GUID IID, *LPIID;
typedef GUID CLSID, *LPCLSID;
typedef GUID FMTID, *LPFMTID;

#ifdef __cplusplus
#define REFGUID const GUID &
#define REFIID const IID &
#define REFCLSID const IID &
#define REFFMTID const IID &
inline int IsEqualGUID(REFGUID a, REFGUID b) { return memcmp(&a, &b, sizeof(GUID)) == 0; }
inline bool operator==(REFGUID a, REFGUID b) { return IsEqualGUID(a, b) != 0; }
inline bool operator!=(REFGUID a, REFGUID b) { return !(a == b); }
#else
#define REFGUID const GUID *
#define REFIID const IID *
#define REFCLSID const IID *
#define REFFMTID const IID *
#define IsEqualGUID(a, b) (!memcmp((a), (b), sizeof(GUID)))
#endif
#define IsEqualIID(a, b) IsEqualGUID(a, b)
#define IsEqualCLSID(a, b) IsEqualGUID(a, b)
#define InlineIsEqualGUID(a, b) IsEqualGUID(a, b)

/* DEFINE_GUID declares the GUID; with INITGUID defined it also defines it
 * (weak, so several translation units may do so). */
#ifdef __cplusplus
#define OVL_GUID_EXTERN extern "C"
#else
#define OVL_GUID_EXTERN extern
#endif
#ifdef INITGUID
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
    OVL_GUID_EXTERN const GUID name __attribute__((__weak__));     \
    OVL_GUID_EXTERN const GUID name __attribute__((__weak__)) = {l, w1, w2, {b1, b2, b3, b4, b5, b6, b7, b8}}
#else
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) OVL_GUID_EXTERN const GUID name
#endif

OVL_STATIC_ASSERT(sizeof(GUID) == 16, "GUID must be 16 bytes");

#endif /* OVL_WIN32_GUIDDEF_H */
