// English message texts for the Win32 and WSA error codes overlapped reports, worded exactly
// as Windows 10/11's system message table gives them to FormatMessage(FORMAT_MESSAGE_FROM_SYSTEM)
// (each ends in ".\r\n", as Windows' texts do), plus each code's symbolic name. Used by the
// FormatMessage veneer, gai_strerror, diagnostics and docs/errors.md.
//
// Neutral header: standard library only.
#pragma once

#include <cstdint>

namespace ovl::detail {

// The system message for a Win32 / WSA code, or nullptr if we do not carry it.
// Texts with inserts (e.g. 317's %1, %2) are returned as FORMAT_MESSAGE_IGNORE_INSERTS gives them.
const char* system_message(uint32_t code) noexcept;

// The code's symbolic name ("WSAECONNRESET", "ERROR_NETNAME_DELETED"), or nullptr. Codes that
// Win32 and Winsock share (6, 8, 87, 995, 996, 997) are named by their Win32 name.
const char* system_code_name(uint32_t code) noexcept;

}  // namespace ovl::detail
