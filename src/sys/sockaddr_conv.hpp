// Windows <-> Linux socket address conversion (AF_INET6 is 23 on Windows, 10 on Linux; the
// structures themselves have the same layout). Neutral header: buffers are void*.
#pragma once
#include <cstdint>

namespace ovl::detail {

constexpr int win_af_unspec = 0, win_af_unix = 1, win_af_inet = 2, win_af_inet6 = 23;

int af_from_win(int win_af);  // -1 if unknown
int af_to_win(int linux_af);  // -1 if unknown

// Converts a Windows sockaddr of winlen bytes to Linux form in lin (>= 128 bytes).
// Returns the Linux length, or -EFAULT (too short / null), -EAFNOSUPPORT (unknown family).
int sockaddr_from_win(const void* win, int winlen, void* lin);
// Converts a Linux sockaddr to Windows form. *winlen is the buffer size on entry and the size
// of the address on return. Returns 0, or -EFAULT when the buffer is too small (nothing written).
int sockaddr_to_win(const void* lin, uint32_t linlen, void* win, int* winlen);
// Size a Windows sockaddr of this Linux address needs.
int sockaddr_win_size(const void* lin);

}  // namespace ovl::detail
