// Per-operation costs through the Win32 veneer (Google Benchmark). The Linux baselines live in
// micro_linux.cpp (a translation unit cannot include both header worlds).
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>

#include <benchmark/benchmark.h>

#include <cstring>

namespace {

struct win_pair {
  SOCKET a = INVALID_SOCKET, b = INVALID_SOCKET;
  win_pair() {
    WSADATA d;
    WSAStartup(MAKEWORD(2, 2), &d);
    SOCKET l = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(l, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
    listen(l, 1);
    int len = sizeof sa;
    getsockname(l, reinterpret_cast<sockaddr*>(&sa), &len);
    a = socket(AF_INET, SOCK_STREAM, 0);
    connect(a, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
    b = accept(l, nullptr, nullptr);
    closesocket(l);
    BOOL one = TRUE;
    setsockopt(a, IPPROTO_TCP, TCP_NODELAY, reinterpret_cast<char*>(&one), sizeof one);
  }
  ~win_pair() {
    closesocket(a);
    closesocket(b);
    WSACleanup();
  }
};

// send() then recv() of 64 bytes through the veneer (the synchronous baseline).
void BM_win32_send_recv(benchmark::State& st) {
  win_pair p;
  char buf[64] = {};
  for (auto _ : st) {
    send(p.a, buf, sizeof buf, 0);
    int got = 0;
    while (got < 64) got += recv(p.b, buf + got, 64 - got, 0);
  }
}
BENCHMARK(BM_win32_send_recv);

// send() then an overlapped WSARecv that completes immediately (data already buffered):
// returns 0, fills the OVERLAPPED and signals the event, as Windows does.
void BM_win32_send_WSARecv_immediate(benchmark::State& st) {
  win_pair p;
  char buf[64] = {};
  WSAEVENT ev = WSACreateEvent();
  for (auto _ : st) {
    send(p.a, buf, sizeof buf, 0);
    int got = 0;
    while (got < 64) {
      WSAOVERLAPPED ov{};
      ov.hEvent = ev;
      WSABUF wb{ULONG(64 - got), buf + got};
      DWORD n = 0, flags = 0;
      if (WSARecv(p.b, &wb, 1, &n, &flags, &ov, nullptr) == 0) {
        got += int(n);
      } else if (WSAGetLastError() == WSA_IO_PENDING) {
        WSAGetOverlappedResult(p.b, &ov, &n, TRUE, &flags);
        got += int(n);
      } else {
        st.SkipWithError("WSARecv failed");
        break;
      }
    }
  }
  WSACloseEvent(ev);
}
BENCHMARK(BM_win32_send_WSARecv_immediate);

// An overlapped WSASend that completes immediately, then recv() on the peer.
void BM_win32_WSASend_immediate_recv(benchmark::State& st) {
  win_pair p;
  char buf[64] = {};
  WSAEVENT ev = WSACreateEvent();
  for (auto _ : st) {
    WSAOVERLAPPED ov{};
    ov.hEvent = ev;
    WSABUF wb{64, buf};
    DWORD n = 0;
    if (WSASend(p.a, &wb, 1, &n, 0, &ov, nullptr) != 0 && WSAGetLastError() == WSA_IO_PENDING) {
      DWORD flags;
      WSAGetOverlappedResult(p.a, &ov, &n, TRUE, &flags);
    }
    int got = 0;
    while (got < 64) got += recv(p.b, buf + got, 64 - got, 0);
  }
  WSACloseEvent(ev);
}
BENCHMARK(BM_win32_WSASend_immediate_recv);

// recv() of 64 bytes already buffered (refilled 1000 messages at a time, outside the timing).
constexpr int batch = 1000;
void fill(SOCKET s, char* big) {
  int sent = 0;
  while (sent < 64 * batch) sent += send(s, big + sent, 64 * batch - sent, 0);
}

void BM_win32_recv_buffered(benchmark::State& st) {
  win_pair p;
  static char big[64 * batch];
  char buf[64];
  int left = 0;
  for (auto _ : st) {
    if (left == 0) {
      st.PauseTiming();
      fill(p.a, big);
      Sleep(1);
      st.ResumeTiming();
      left = batch;
    }
    benchmark::DoNotOptimize(recv(p.b, buf, 64, 0));
    --left;
  }
}
BENCHMARK(BM_win32_recv_buffered);

// The same with an overlapped WSARecv + event that completes immediately (the Windows fast path:
// returns 0, writes the OVERLAPPED, signals the event).
void BM_win32_WSARecv_immediate(benchmark::State& st) {
  win_pair p;
  static char big[64 * batch];
  char buf[64];
  WSAEVENT ev = WSACreateEvent();
  int left = 0;
  for (auto _ : st) {
    if (left == 0) {
      st.PauseTiming();
      fill(p.a, big);
      Sleep(1);
      st.ResumeTiming();
      left = batch;
    }
    WSAOVERLAPPED ov{};
    ov.hEvent = ev;
    WSABUF wb{64, buf};
    DWORD n = 0, flags = 0;
    if (WSARecv(p.b, &wb, 1, &n, &flags, &ov, nullptr) != 0) st.SkipWithError("WSARecv did not complete at once");
    --left;
  }
  WSACloseEvent(ev);
}
BENCHMARK(BM_win32_WSARecv_immediate);

// SetEvent on an event nobody waits on, and a wait on a signalled event (the floor of model I).
void BM_win32_SetEvent_WaitForSingleObject(benchmark::State& st) {
  HANDLE ev = CreateEventA(nullptr, FALSE, FALSE, nullptr);
  for (auto _ : st) {
    SetEvent(ev);
    WaitForSingleObject(ev, INFINITE);
  }
  CloseHandle(ev);
}
BENCHMARK(BM_win32_SetEvent_WaitForSingleObject);

}  // namespace
