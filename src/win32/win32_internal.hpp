// Shared helpers of the win32 veneer (neutral: no Windows or Linux headers).
#pragma once
#include <cstdint>

namespace ovl::win32 {

bool ws_initialised();                 // WSAStartup has been called (and not fully cleaned up)
void set_last_error(uint32_t code);    // the per-thread GetLastError/WSAGetLastError slot
uint32_t last_error();

// Maps a negative errno from core to the WSA code and stores it; returns the WSA code.
uint32_t set_wsa_error_from_errno(int neg_errno);

// WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER): the function for a WSAID_* GUID, or null
// (win32/mswsock.cpp).
void* extension_function(const void* guid);

// WSARecvMsg / WSASendMsg (win32/mswsock.cpp) run on WSARecvFrom / WSASendTo's path in
// win32/overlapped.cpp with the WSAMSG's Control buffer and dwFlags. msg is an LPWSAMSG, ov an
// LPWSAOVERLAPPED, routine an LPWSAOVERLAPPED_COMPLETION_ROUTINE; the result is WSARecvFrom's.
int recv_msg(uintptr_t s, void* msg, uint32_t* bytes, void* ov, void* routine);
int send_msg(uintptr_t s, void* msg, uint32_t flags, uint32_t* bytes, void* ov, void* routine);

}  // namespace ovl::win32
