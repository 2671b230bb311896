// Linux baselines for the per-operation benchmarks in micro_win32.cpp.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <benchmark/benchmark.h>

namespace {

struct linux_pair {
  int a = -1, b = -1;
  linux_pair() {
    int l = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(l, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
    listen(l, 1);
    socklen_t len = sizeof sa;
    getsockname(l, reinterpret_cast<sockaddr*>(&sa), &len);
    a = socket(AF_INET, SOCK_STREAM, 0);
    connect(a, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
    b = accept(l, nullptr, nullptr);
    close(l);
    int one = 1;
    setsockopt(a, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  ~linux_pair() {
    close(a);
    close(b);
  }
};

// Plain Linux send() + recv() of 64 bytes: the cost floor the veneer is compared with.
void BM_linux_send_recv(benchmark::State& st) {
  linux_pair p;
  char buf[64] = {};
  for (auto _ : st) {
    send(p.a, buf, sizeof buf, 0);
    ssize_t got = 0;
    while (got < 64) got += recv(p.b, buf + got, size_t(64 - got), 0);
  }
}
BENCHMARK(BM_linux_send_recv);

// Plain recv() of 64 bytes already buffered (refilled outside the timing).
void BM_linux_recv_buffered(benchmark::State& st) {
  linux_pair p;
  constexpr int batch = 1000;
  static char big[64 * batch];
  char buf[64];
  int left = 0;
  for (auto _ : st) {
    if (left == 0) {
      st.PauseTiming();
      ssize_t sent = 0;
      while (sent < 64 * batch) sent += send(p.a, big + sent, size_t(64 * batch - sent), 0);
      usleep(1000);
      st.ResumeTiming();
      left = batch;
    }
    benchmark::DoNotOptimize(recv(p.b, buf, 64, 0));
    --left;
  }
}
BENCHMARK(BM_linux_recv_buffered);

}  // namespace
