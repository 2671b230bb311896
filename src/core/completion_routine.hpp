// Completion routines for operations that finish inside the call without an io_op (WSAIoctl
// codes that complete at once): the routine is still an APC to the calling thread, as for
// WSARecv/WSASend (whose routines go through io_op::apc in socket_io.cpp). Neutral header.
#pragma once
#include <cstdint>

namespace ovl::detail {

struct overlapped_raw;

// Queues routine(wsa_error, bytes, ov, flags) to the calling thread; it runs in that thread's
// next alertable wait. `routine` is an LPWSAOVERLAPPED_COMPLETION_ROUTINE.
void queue_completion_routine(void* routine, overlapped_raw* ov, uint32_t wsa_error, uint32_t bytes,
                              uint32_t flags);

}  // namespace ovl::detail
