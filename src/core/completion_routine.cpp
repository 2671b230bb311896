// queue_completion_routine: an APC node carrying a finished result (see completion_routine.hpp).
#include "core/completion_routine.hpp"

#include <cstddef>

#include "core/thread.hpp"

namespace ovl::detail {

namespace {

struct routine_apc {
  apc_node node;  // first: the APC callback gets &node
  void* routine;
  overlapped_raw* ov;
  uint32_t err, bytes, flags;
};

void run_routine_apc(apc_node* n, bool run) {
  auto* a = reinterpret_cast<routine_apc*>(n);
  using routine_t = void (*)(uint32_t, uint32_t, overlapped_raw*, uint32_t);
  routine_t fn = reinterpret_cast<routine_t>(a->routine);
  routine_apc copy = *a;
  delete a;  // before the call: the routine may issue more I/O and never come back here
  if (run) fn(copy.err, copy.bytes, copy.ov, copy.flags);
}

}  // namespace

void queue_completion_routine(void* routine, overlapped_raw* ov, uint32_t wsa_error, uint32_t bytes,
                              uint32_t flags) {
  auto* a = new routine_apc{apc_node{nullptr, run_routine_apc}, routine, ov, wsa_error, bytes, flags};
  // The calling thread is alive (it is here), so the queue accepts the node.
  if (!current_thread()->queue_apc(&a->node)) delete a;
}

}  // namespace ovl::detail
