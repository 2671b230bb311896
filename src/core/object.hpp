// kobject: the base of every object a HANDLE or SOCKET can name (events, threads, sockets,
// later completion ports), with an intrusive reference count, and ref<T>, the owning pointer.
// Neutral header (standard library only): the win32 veneer includes it.
#pragma once
#include <atomic>
#include <cstdint>
#include <utility>

namespace ovl::detail {

enum class object_type : uint8_t { event, thread, socket, port, file };

class kobject {
 public:
  explicit kobject(object_type t) noexcept : type_(t) {}
  virtual ~kobject() = default;
  kobject(const kobject&) = delete;
  kobject& operator=(const kobject&) = delete;

  object_type type() const noexcept { return type_; }
  void add_ref() noexcept { refs_.fetch_add(1, std::memory_order_relaxed); }
  // Takes a reference unless the object is already being destroyed (registries of raw pointers).
  bool try_add_ref() noexcept {
    int32_t r = refs_.load(std::memory_order_relaxed);
    while (r > 0)
      if (refs_.compare_exchange_weak(r, r + 1, std::memory_order_acq_rel)) return true;
    return false;
  }
  void release() noexcept {
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }

 private:
  std::atomic<int32_t> refs_{1};
  object_type type_;
};

// Owning reference. ref<T>::adopt takes over a reference the caller already holds.
template <class T>
class ref {
 public:
  ref() noexcept = default;
  ref(std::nullptr_t) noexcept {}
  static ref adopt(T* p) noexcept { ref r; r.p_ = p; return r; }
  static ref share(T* p) noexcept { if (p) p->add_ref(); return adopt(p); }
  ref(const ref& o) noexcept : p_(o.p_) { if (p_) p_->add_ref(); }
  ref(ref&& o) noexcept : p_(std::exchange(o.p_, nullptr)) {}
  template <class U>
  ref(ref<U>&& o) noexcept : p_(o.detach()) {}
  ref& operator=(ref o) noexcept { std::swap(p_, o.p_); return *this; }
  ~ref() { if (p_) p_->release(); }

  T* get() const noexcept { return p_; }
  T* operator->() const noexcept { return p_; }
  T& operator*() const noexcept { return *p_; }
  explicit operator bool() const noexcept { return p_ != nullptr; }
  T* detach() noexcept { return std::exchange(p_, nullptr); }

 private:
  T* p_ = nullptr;
};

}  // namespace ovl::detail
