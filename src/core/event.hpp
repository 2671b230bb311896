// Event objects (CreateEvent / WSACreateEvent) and the thread object that CreateThread returns.
// Neutral header.
#pragma once
#include <atomic>
#include <cstdint>

#include "core/thread.hpp"
#include "core/wait.hpp"

namespace ovl::detail {

class event_object final : public waitable {
 public:
  event_object(bool manual_reset, bool initial) noexcept
      : waitable(object_type::event), manual_(manual_reset), signaled_(initial) {}

  void set() noexcept;
  void reset() noexcept;
  void pulse() noexcept;
  bool is_set() noexcept;

  bool signaled_locked() const noexcept override { return signaled_; }
  void consume_locked() noexcept override {
    if (!manual_) signaled_ = false;
  }

 private:
  bool manual_;
  bool signaled_;
};

// A thread made by CreateThread/_beginthreadex: signalled when the thread ends.
class thread_object final : public waitable {
 public:
  thread_object() noexcept : waitable(object_type::thread) {}
  ~thread_object() override;

  bool signaled_locked() const noexcept override { return finished_; }
  void finish(uint32_t code) noexcept;
  bool finished() noexcept;
  uint32_t exit_code() noexcept;

  // Set once the thread runs; the object keeps a reference (QueueUserAPC target).
  void attach(thread_ctx* t) noexcept;
  thread_ctx* ctx() noexcept;  // borrowed; valid while this object lives
  uint32_t tid() const noexcept { return tid_.load(std::memory_order_acquire); }
  void set_tid(uint32_t t) noexcept { tid_.store(t, std::memory_order_release); }

  // CREATE_SUSPENDED support: the thread waits on this before running its start routine.
  std::atomic<uint32_t> suspend_count{0};

 private:
  bool finished_ = false;
  uint32_t code_ = 259;  // STILL_ACTIVE
  thread_ctx* ctx_ = nullptr;
  std::atomic<uint32_t> tid_{0};
};

}  // namespace ovl::detail
