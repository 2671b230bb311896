// APC wake latency (model II): one thread queues an APC (QueueUserAPC) to another thread that
// sits in an alertable SleepEx(INFINITE); the APC answers with an APC back to the first thread,
// also waiting alertably. Each iteration is one round trip (two wake-ups); the counters report
// the one-way latency (round trip / 2): median and p99 in µs, from per-iteration samples. The
// Linux futex and condition-variable ping-pongs in micro_pingpong_linux.cpp are the baseline,
// measured the same way in the same run. Win32 headers only (see bench/CMakeLists.txt).
#include <windows.h>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <vector>

namespace {

struct apc_pair {
  HANDLE ponger = nullptr;
  HANDLE pinger = nullptr;  // the thread that runs the timed loop
  std::atomic<bool> stop{false};
  std::atomic<bool> got_pong{false};
};
apc_pair* g_pair = nullptr;

void CALLBACK pong_apc(ULONG_PTR) { g_pair->got_pong.store(true, std::memory_order_release); }
void CALLBACK ping_apc(ULONG_PTR) { QueueUserAPC(pong_apc, g_pair->pinger, 0); }
void CALLBACK stop_apc(ULONG_PTR) { g_pair->stop.store(true, std::memory_order_release); }

DWORD WINAPI ponger_proc(void*) {
  while (!g_pair->stop.load(std::memory_order_acquire)) SleepEx(INFINITE, TRUE);
  return 0;
}

DWORD WINAPI pinger_proc(void* arg);

struct run_args {
  benchmark::State* st;
};

void report(benchmark::State& st, std::vector<double>& ns) {
  if (ns.empty()) return;
  std::sort(ns.begin(), ns.end());
  st.counters["p50_us"] = ns[ns.size() / 2] / 2 / 1000.0;
  st.counters["p99_us"] = ns[std::min(ns.size() - 1, ns.size() * 99 / 100)] / 2 / 1000.0;
}

}  // namespace

// QueueUserAPC needs a thread handle, so the timed loop runs in a CreateThread thread (created
// suspended, so its handle is published before it runs).
void BM_apc_pingpong(benchmark::State& st) {
  apc_pair pair;
  g_pair = &pair;
  run_args a{&st};
  HANDLE t = CreateThread(nullptr, 0, pinger_proc, &a, CREATE_SUSPENDED, nullptr);
  pair.pinger = t;  // published before the thread runs
  ResumeThread(t);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  g_pair = nullptr;
}
BENCHMARK(BM_apc_pingpong)->UseRealTime()->Iterations(20000);

namespace {

DWORD WINAPI pinger_proc(void* arg) {
  benchmark::State& st = *static_cast<run_args*>(arg)->st;
  apc_pair& p = *g_pair;
  p.ponger = CreateThread(nullptr, 0, ponger_proc, nullptr, 0, nullptr);
  Sleep(10);
  std::vector<double> ns;
  ns.reserve(size_t(st.max_iterations));
  for (auto _ : st) {
    auto t0 = std::chrono::steady_clock::now();
    p.got_pong.store(false, std::memory_order_relaxed);
    QueueUserAPC(ping_apc, p.ponger, 0);
    while (!p.got_pong.load(std::memory_order_acquire)) SleepEx(INFINITE, TRUE);
    auto t1 = std::chrono::steady_clock::now();
    ns.push_back(double(std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count()));
  }
  QueueUserAPC(stop_apc, p.ponger, 0);
  WaitForSingleObject(p.ponger, INFINITE);
  CloseHandle(p.ponger);
  report(st, ns);
  return 0;
}

}  // namespace
