/* specstrings.h: Windows' older name for the SAL annotation header; see sal.h. */
#ifndef OVL_WIN32_SPECSTRINGS_H
#define OVL_WIN32_SPECSTRINGS_H
#include "sal.h"
#endif
