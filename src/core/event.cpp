// Event and thread objects (see event.hpp).
#include "core/event.hpp"

namespace ovl::detail {

void event_object::set() noexcept {
  spin_guard g(lock_);
  signaled_ = true;
  wake_waiters_locked();
}

void event_object::reset() noexcept {
  spin_guard g(lock_);
  signaled_ = false;
}

void event_object::pulse() noexcept {
  spin_guard g(lock_);
  signaled_ = true;
  wake_waiters_locked();
  signaled_ = false;
}

bool event_object::is_set() noexcept {
  spin_guard g(lock_);
  return signaled_;
}

thread_object::~thread_object() {
  if (ctx_) ctx_->release();
}

void thread_object::finish(uint32_t code) noexcept {
  spin_guard g(lock_);
  code_ = code;
  finished_ = true;
  wake_waiters_locked();
}

bool thread_object::finished() noexcept {
  spin_guard g(lock_);
  return finished_;
}

uint32_t thread_object::exit_code() noexcept {
  spin_guard g(lock_);
  return code_;
}

void thread_object::attach(thread_ctx* t) noexcept {
  t->add_ref();
  spin_guard g(lock_);
  ctx_ = t;
}

thread_ctx* thread_object::ctx() noexcept {
  spin_guard g(lock_);
  return ctx_;
}

}  // namespace ovl::detail
