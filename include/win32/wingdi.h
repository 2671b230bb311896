/* wingdi.h: the few gdi32 names a headless window program touches: stock objects
 * (GetStockObject for WNDCLASS.hbrBackground), RGB, and TextOut/SetTextColor/
 * SetBkMode/DeleteObject/CreateSolidBrush, which draw nothing here.
 *
 * Differs from Windows: there is no display; every handle returned is a dummy
 * that is only good for passing back (see docs/models/async-select.md).
 */
#ifndef OVL_WIN32_WINGDI_H
#define OVL_WIN32_WINGDI_H
#define _WINGDI_ /* Windows' own guard name */

#include "windef.h"

#define WHITE_BRUSH 0
#define LTGRAY_BRUSH 1
#define GRAY_BRUSH 2
#define DKGRAY_BRUSH 3
#define BLACK_BRUSH 4
#define NULL_BRUSH 5
#define HOLLOW_BRUSH NULL_BRUSH
#define WHITE_PEN 6
#define BLACK_PEN 7
#define NULL_PEN 8
#define OEM_FIXED_FONT 10
#define ANSI_FIXED_FONT 11
#define ANSI_VAR_FONT 12
#define SYSTEM_FONT 13
#define DEVICE_DEFAULT_FONT 14
#define DEFAULT_PALETTE 15
#define SYSTEM_FIXED_FONT 16
#define DEFAULT_GUI_FONT 17
#define DC_BRUSH 18
#define DC_PEN 19

#define TRANSPARENT 1
#define OPAQUE 2

#define RGB(r, g, b) ((COLORREF)(((BYTE)(r) | ((WORD)((BYTE)(g)) << 8)) | (((DWORD)(BYTE)(b)) << 16)))
#define GetRValue(rgb) ((BYTE)(rgb))
#define GetGValue(rgb) ((BYTE)(((WORD)(rgb)) >> 8))
#define GetBValue(rgb) ((BYTE)((rgb) >> 16))

OVL_EXTERN_C_BEGIN
OVL_API HGDIOBJ WINAPI GetStockObject(int i);
OVL_API BOOL WINAPI DeleteObject(HGDIOBJ ho);
OVL_API HGDIOBJ WINAPI SelectObject(HDC hdc, HGDIOBJ h);
OVL_API HBRUSH WINAPI CreateSolidBrush(COLORREF color);
OVL_API COLORREF WINAPI SetTextColor(HDC hdc, COLORREF color);
OVL_API COLORREF WINAPI SetBkColor(HDC hdc, COLORREF color);
OVL_API int WINAPI SetBkMode(HDC hdc, int mode);
OVL_API BOOL WINAPI TextOutA(HDC hdc, int x, int y, LPCSTR lpString, int c);
OVL_API BOOL WINAPI TextOutW(HDC hdc, int x, int y, LPCWSTR lpString, int c);
OVL_EXTERN_C_END

#ifdef UNICODE
#define TextOut TextOutW
#else
#define TextOut TextOutA
#endif

#endif /* OVL_WIN32_WINGDI_H */
