// The handle table: HANDLE values for events, threads, ports and files, and the generic
// slot array that also backs the per-fd socket table. Lookups take a per-slot spinlock only
// long enough to add a reference, so closing a handle while another thread uses it is safe
// (the object lives until the last reference goes). Neutral header.
#pragma once
#include <atomic>
#include <cstdint>

#include "core/object.hpp"
#include "core/spinlock.hpp"

namespace ovl::detail {

// index → kobject*. Chunks are allocated on demand and never freed (type-stable slots).
class slot_array {
 public:
  static constexpr uint32_t chunk_bits = 12;
  static constexpr uint32_t chunk_size = 1u << chunk_bits;
  static constexpr uint32_t max_chunks = 1024;  // 4M slots
  static constexpr uint32_t capacity = chunk_size * max_chunks;

  slot_array() = default;
  slot_array(const slot_array&) = delete;
  slot_array& operator=(const slot_array&) = delete;

  // Installs obj (taking over one reference). Returns false if the slot is occupied or out of range.
  bool install(uint32_t index, kobject* obj);
  // Replaces whatever is there (the old object's table reference is released).
  void replace(uint32_t index, kobject* obj);
  ref<kobject> get(uint32_t index);
  // Detaches the object; the caller receives the table's reference (null if empty).
  ref<kobject> remove(uint32_t index);
  // Calls fn(index, object) for every occupied slot (fn must not touch this array).
  template <class F>
  void for_each(F&& fn) {
    for (uint32_t c = 0; c < max_chunks; ++c) {
      slot* chunk = chunks_[c].load(std::memory_order_acquire);
      if (!chunk) continue;
      for (uint32_t i = 0; i < chunk_size; ++i) {
        ref<kobject> o;
        {
          spin_guard g(chunk[i].lock);
          o = ref<kobject>::share(chunk[i].obj);
        }
        if (o) fn((c << chunk_bits) | i, o.get());
      }
    }
  }

 private:
  struct slot {
    spinlock lock;
    kobject* obj = nullptr;
  };
  slot* find(uint32_t index, bool create);
  std::atomic<slot*> chunks_[max_chunks] = {};
};

// ---- HANDLE values -------------------------------------------------------------------------
// Table handles are handle_base + 4*index, above every possible fd; smaller values are sockets.
constexpr uintptr_t handle_base = 0x40000000u;
// Windows ignores the low two bits of a handle value (Wine sync.c test_WaitForSingleObject).
inline bool is_table_handle(uintptr_t h) noexcept {
  h &= ~uintptr_t(3);
  return h >= handle_base && h < handle_base + 4ull * slot_array::capacity;
}

// Takes one reference to obj; returns the new HANDLE value, or 0 when the table is full.
uintptr_t handle_create(kobject* obj);
ref<kobject> handle_get(uintptr_t h);
// Detaches the handle; returns the table's reference (null if h was not a live handle).
ref<kobject> handle_close(uintptr_t h);

template <class T>
ref<T> handle_get_as(uintptr_t h, object_type t) {
  ref<kobject> o = handle_get(h);
  if (!o || o->type() != t) return nullptr;
  return ref<T>::adopt(static_cast<T*>(o.detach()));
}

}  // namespace ovl::detail
