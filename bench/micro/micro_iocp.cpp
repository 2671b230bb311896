// Completion-port costs (Google Benchmark): PostQueuedCompletionStatus → GetQueuedCompletionStatus
// on one thread (queue + dequeue, no wake-up), and between two threads (each side blocks in GQCS
// and is released by the other's post: the wake-up cost of the port).
#include <windows.h>

#include <benchmark/benchmark.h>

#include <atomic>

namespace {

// One thread: post a packet, then take it.
void BM_iocp_post_get_same_thread(benchmark::State& st) {
  HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, nullptr, 0, 1);
  OVERLAPPED ov{};
  for (auto _ : st) {
    PostQueuedCompletionStatus(port, 1, 42, &ov);
    DWORD bytes;
    ULONG_PTR key;
    LPOVERLAPPED got;
    GetQueuedCompletionStatus(port, &bytes, &key, &got, INFINITE);
    benchmark::DoNotOptimize(got);
  }
  CloseHandle(port);
}
BENCHMARK(BM_iocp_post_get_same_thread);

// Two threads ping-pong through two ports; time per round trip (two wake-ups).
struct pingpong {
  HANDLE a = CreateIoCompletionPort(INVALID_HANDLE_VALUE, nullptr, 0, 1);
  HANDLE b = CreateIoCompletionPort(INVALID_HANDLE_VALUE, nullptr, 0, 1);
};

DWORD WINAPI echo_thread(LPVOID p) {
  auto* pp = static_cast<pingpong*>(p);
  for (;;) {
    DWORD bytes;
    ULONG_PTR key;
    LPOVERLAPPED ov;
    if (!GetQueuedCompletionStatus(pp->a, &bytes, &key, &ov, INFINITE)) return 0;
    if (key == 0) return 0;  // stop
    PostQueuedCompletionStatus(pp->b, bytes, key, ov);
  }
}

void BM_iocp_post_get_round_trip(benchmark::State& st) {
  pingpong pp;
  HANDLE t = CreateThread(nullptr, 0, echo_thread, &pp, 0, nullptr);
  for (auto _ : st) {
    PostQueuedCompletionStatus(pp.a, 1, 1, nullptr);
    DWORD bytes;
    ULONG_PTR key;
    LPOVERLAPPED ov;
    GetQueuedCompletionStatus(pp.b, &bytes, &key, &ov, INFINITE);
  }
  PostQueuedCompletionStatus(pp.a, 0, 0, nullptr);
  WaitForSingleObject(t, INFINITE);
  CloseHandle(t);
  CloseHandle(pp.a);
  CloseHandle(pp.b);
}
BENCHMARK(BM_iocp_post_get_round_trip)->UseRealTime();

}  // namespace
