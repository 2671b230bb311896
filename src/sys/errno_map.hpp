// The project's one error table: Linux errno -> NTSTATUS -> Win32 error -> WSA error, the
// NTSTATUS -> Win32 / WSA conversions Windows performs (RtlNtStatusToDosError, and ws2_32's
// status -> WSA mapping behind WSAGetOverlappedResult and completion routines), and
// getaddrinfo's EAI_* -> WSA. Nothing else in overlapped maps error codes; docs/errors.md is
// generated from these rows by tools/gen_errors_doc.cpp.
//
// Neutral header: standard library only, so both the win32 veneer and the Linux-side core
// can include it. Every function is thread-safe, allocation-free and never touches errno or
// the last error. An errno, status or EAI code that has no row is reported once on stderr and
// gets the documented default below (STYLE.md, "Errors").
#pragma once

#include <cstdint>
#include <span>

namespace ovl::detail {

// One Linux errno and what Windows reports for the same failure.
//   ntstatus: the value we store in OVERLAPPED.Internal (and complete operations with).
//   win32:    win32_from_ntstatus(ntstatus) -- GetOverlappedResult / GQCS / GetLastError.
//   wsa:      what a *synchronous* Winsock call reports with WSAGetLastError. This may differ
//             from wsa_from_ntstatus(ntstatus): Windows has no status that WSAGetOverlappedResult
//             turns into, e.g., WSAEALREADY or WSAEAFNOSUPPORT, because those errors only ever
//             come back synchronously.
struct errno_row {
    int err;
    uint32_t ntstatus;
    uint32_t win32;
    uint32_t wsa;
    const char* name;  // "ECONNRESET"
};

// One NTSTATUS and what Windows turns it into.
//   win32: RtlNtStatusToDosError(ntstatus).
//   wsa:   WSAGetOverlappedResult's error / a completion routine's dwError.
struct status_row {
    uint32_t ntstatus;
    uint32_t win32;
    uint32_t wsa;
    const char* name;  // "STATUS_CONNECTION_RESET"
};

// One getaddrinfo/getnameinfo EAI_* code (glibc value) and the WSA code Windows returns
// (Windows' own EAI_* constants are these WSA codes). wsa == 0 for EAI_SYSTEM, which is
// translated through wsa_from_errno(errno).
struct eai_row {
    int eai;
    uint32_t wsa;
    const char* name;  // "EAI_NONAME"
};

// Defaults for codes without a row.
inline constexpr uint32_t unmapped_errno_ntstatus = 0xC0000001u;  // STATUS_UNSUCCESSFUL
inline constexpr uint32_t unmapped_errno_win32 = 31u;             // ERROR_GEN_FAILURE
inline constexpr uint32_t unmapped_errno_wsa = 10022u;            // WSAEINVAL
inline constexpr uint32_t unmapped_status_win32 = 317u;           // ERROR_MR_MID_NOT_FOUND
inline constexpr uint32_t unmapped_status_wsa = 10022u;           // WSAEINVAL (Windows' own fallback)
inline constexpr uint32_t unmapped_eai_wsa = 11003u;              // WSANO_RECOVERY

// errno -> NTSTATUS for OVERLAPPED.Internal. e is a positive errno (a negative one is negated,
// so a -errno return can be passed straight in); 0 -> STATUS_SUCCESS.
uint32_t ntstatus_from_errno(int e) noexcept;
// errno -> Win32 error (== win32_from_ntstatus(ntstatus_from_errno(e))).
uint32_t win32_from_errno(int e) noexcept;
// errno -> WSA code a synchronous Winsock call reports.
uint32_t wsa_from_errno(int e) noexcept;

// NTSTATUS -> Win32 error, as RtlNtStatusToDosError: GetOverlappedResult, GQCS, GetLastError.
uint32_t win32_from_ntstatus(uint32_t st) noexcept;
// NTSTATUS -> WSA code, as WSAGetOverlappedResult and completion routines report it.
uint32_t wsa_from_ntstatus(uint32_t st) noexcept;

// getaddrinfo()/getnameinfo() return value -> WSA code. EAI_SYSTEM reads errno.
uint32_t wsa_from_eai(int eai) noexcept;

// The tables themselves, for tools/gen_errors_doc.cpp and the tests.
std::span<const errno_row> errno_rows() noexcept;    // ascending errno
std::span<const status_row> status_rows() noexcept;  // ascending NTSTATUS
std::span<const eai_row> eai_rows() noexcept;        // table order

}  // namespace ovl::detail
