// Slot arrays and the process-wide HANDLE table (see handle_table.hpp).
#include "core/handle_table.hpp"

#include <mutex>
#include <vector>

namespace ovl::detail {

slot_array::slot* slot_array::find(uint32_t index, bool create) {
  if (index >= capacity) return nullptr;
  uint32_t c = index >> chunk_bits;
  slot* chunk = chunks_[c].load(std::memory_order_acquire);
  if (!chunk) {
    if (!create) return nullptr;
    slot* fresh = new slot[chunk_size];
    if (chunks_[c].compare_exchange_strong(chunk, fresh, std::memory_order_acq_rel)) {
      chunk = fresh;
    } else {
      delete[] fresh;  // another thread won; chunk holds its array
    }
  }
  return &chunk[index & (chunk_size - 1)];
}

bool slot_array::install(uint32_t index, kobject* obj) {
  slot* s = find(index, true);
  if (!s) return false;
  spin_guard g(s->lock);
  if (s->obj) return false;
  s->obj = obj;
  return true;
}

void slot_array::replace(uint32_t index, kobject* obj) {
  slot* s = find(index, true);
  if (!s) {
    if (obj) obj->release();
    return;
  }
  kobject* old;
  {
    spin_guard g(s->lock);
    old = s->obj;
    s->obj = obj;
  }
  if (old) old->release();
}

ref<kobject> slot_array::get(uint32_t index) {
  slot* s = find(index, false);
  if (!s) return nullptr;
  spin_guard g(s->lock);
  return ref<kobject>::share(s->obj);
}

ref<kobject> slot_array::remove(uint32_t index) {
  slot* s = find(index, false);
  if (!s) return nullptr;
  spin_guard g(s->lock);
  kobject* o = s->obj;
  s->obj = nullptr;
  return ref<kobject>::adopt(o);
}

namespace {

struct handle_table {
  slot_array slots;
  std::mutex free_lock;  // creation and close only; lookups never take it
  std::vector<uint32_t> free_list;
  uint32_t next = 1;  // index 0 unused so no handle equals handle_base
};

handle_table& table() {
  static handle_table* t = new handle_table;  // never destroyed: handles outlive static dtors
  return *t;
}

}  // namespace

uintptr_t handle_create(kobject* obj) {
  handle_table& t = table();
  uint32_t index;
  {
    std::lock_guard<std::mutex> g(t.free_lock);
    if (!t.free_list.empty()) {
      index = t.free_list.back();
      t.free_list.pop_back();
    } else if (t.next < slot_array::capacity) {
      index = t.next++;
    } else {
      obj->release();
      return 0;
    }
  }
  t.slots.replace(index, obj);
  return handle_base + 4ull * index;
}

ref<kobject> handle_get(uintptr_t h) {
  if (!is_table_handle(h)) return nullptr;
  return table().slots.get(uint32_t(((h & ~uintptr_t(3)) - handle_base) / 4));
}

ref<kobject> handle_close(uintptr_t h) {
  if (!is_table_handle(h)) return nullptr;
  handle_table& t = table();
  uint32_t index = uint32_t(((h & ~uintptr_t(3)) - handle_base) / 4);
  ref<kobject> o = t.slots.remove(index);
  if (o) {
    std::lock_guard<std::mutex> g(t.free_lock);
    t.free_list.push_back(index);
  }
  return o;
}

}  // namespace ovl::detail
