// Baselines for the APC wake latency in micro_apc.cpp: two threads ping-pong through a futex
// word, and through a std::mutex + std::condition_variable pair. Each iteration is one round
// trip (two wake-ups of a sleeping thread); the counters report one-way latency (round trip
// / 2), median and p99 in µs. Linux headers only.
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace {

void report(benchmark::State& st, std::vector<double>& ns) {
  if (ns.empty()) return;
  std::sort(ns.begin(), ns.end());
  st.counters["p50_us"] = ns[ns.size() / 2] / 2 / 1000.0;
  st.counters["p99_us"] = ns[std::min(ns.size() - 1, ns.size() * 99 / 100)] / 2 / 1000.0;
}

long futex(std::atomic<uint32_t>* w, int op, uint32_t v) {
  return syscall(SYS_futex, reinterpret_cast<uint32_t*>(w), op | FUTEX_PRIVATE_FLAG, v, nullptr, nullptr, 0);
}

// word: 0 = ping's turn done / pong to answer is 1; the waiter sleeps while the word holds
// the value it does not want.
void wait_for(std::atomic<uint32_t>& w, uint32_t want) {
  uint32_t v;
  while ((v = w.load(std::memory_order_acquire)) != want) futex(&w, FUTEX_WAIT, v);
}
void set_and_wake(std::atomic<uint32_t>& w, uint32_t v) {
  w.store(v, std::memory_order_release);
  futex(&w, FUTEX_WAKE, 1);
}

}  // namespace

void BM_linux_futex_pingpong(benchmark::State& st) {
  std::atomic<uint32_t> word{0};  // 1: ping sent, 2: pong sent, 3: stop
  std::thread ponger([&] {
    for (;;) {
      uint32_t v;
      while ((v = word.load(std::memory_order_acquire)) != 1 && v != 3) futex(&word, FUTEX_WAIT, v);
      if (v == 3) return;
      set_and_wake(word, 2);
    }
  });
  std::vector<double> ns;
  ns.reserve(size_t(st.max_iterations));
  for (auto _ : st) {
    auto t0 = std::chrono::steady_clock::now();
    set_and_wake(word, 1);
    wait_for(word, 2);
    auto t1 = std::chrono::steady_clock::now();
    ns.push_back(double(std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count()));
  }
  set_and_wake(word, 3);
  ponger.join();
  report(st, ns);
}
BENCHMARK(BM_linux_futex_pingpong)->UseRealTime()->Iterations(20000);

void BM_linux_condvar_pingpong(benchmark::State& st) {
  std::mutex m;
  std::condition_variable cv_ping, cv_pong;
  int state = 0;  // 1: ping sent, 2: pong sent, 3: stop
  std::thread ponger([&] {
    std::unique_lock<std::mutex> g(m);
    for (;;) {
      cv_ping.wait(g, [&] { return state == 1 || state == 3; });
      if (state == 3) return;
      state = 2;
      cv_pong.notify_one();
    }
  });
  std::vector<double> ns;
  ns.reserve(size_t(st.max_iterations));
  for (auto _ : st) {
    auto t0 = std::chrono::steady_clock::now();
    {
      std::unique_lock<std::mutex> g(m);
      state = 1;
      cv_ping.notify_one();
      cv_pong.wait(g, [&] { return state == 2; });
    }
    auto t1 = std::chrono::steady_clock::now();
    ns.push_back(double(std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count()));
  }
  {
    std::lock_guard<std::mutex> g(m);
    state = 3;
  }
  cv_ping.notify_one();
  ponger.join();
  report(st, ns);
}
BENCHMARK(BM_linux_condvar_pingpong)->UseRealTime()->Iterations(20000);
