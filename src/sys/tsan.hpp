// Happens-before annotations for ThreadSanitizer where ordering goes through the kernel
// (an op handed to io_uring on one thread and reaped from the CQ on another): TSan cannot see
// the kernel's ring accesses. No-ops in normal builds.
#pragma once

#if defined(__SANITIZE_THREAD__)
extern "C" void __tsan_acquire(void* addr);
extern "C" void __tsan_release(void* addr);
#define OVL_TSAN_RELEASE(p) __tsan_release(p)
#define OVL_TSAN_ACQUIRE(p) __tsan_acquire(p)
#else
#define OVL_TSAN_RELEASE(p) ((void)(p))
#define OVL_TSAN_ACQUIRE(p) ((void)(p))
#endif
