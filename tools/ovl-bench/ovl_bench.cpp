// ovl-bench: TCP echo load generator for comparing echo servers (plain Linux, epoll).
//
// Every connection sends a stream of distinct pseudo-random messages (xorshift64*, seeded per
// (connection, message)), keeps --depth messages in flight, and verifies every echoed byte in
// stream order (TCP may split or merge; only the byte stream is compared). A mismatch, extra
// data, early EOF, reset or timeout is an error: it is printed and the exit status is 1.
// Latency = time the message's first byte was queued for sending -> time its last byte was
// echoed, recorded in a log-linear histogram (<= 0.8% bucket width, no allocation on the hot path).
//
//   ovl-bench --port P [--host 127.0.0.1] [--conns 1] [--size 64] [--depth 1]
//             [--seconds 10 | --messages M] [--warmup W] [--threads 1]
//             [--connect-timeout-ms 2000] [--connect-retries 5] [--churn] [--json] [--quiet]
//
// --seconds S   measure for S seconds after W seconds of warm-up (default W=1), then stop
//               issuing messages and drain the ones in flight.
// --messages M  each connection sends exactly M messages, verifies them and closes (warm-up
//               defaults to 0); --seconds then only bounds the run.
// --churn       connect-churn: each of --conns slots repeatedly connects, sends one message,
//               verifies the echo, closes; reports connections/s and per-cycle latency.
//               With --messages M each slot does M cycles.
// Hard stop at warmup + seconds + 5 s in every mode: anything still outstanding is an error.
// MB/s is echoed payload in 10^6 bytes per second. Exit status: 0 iff every byte verified.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cerrno>
#include <cinttypes>
#include <climits>
#include <cmath>
#include <csignal>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <memory>
#include <string>
#include <thread>
#include <vector>

static_assert(std::endian::native == std::endian::little, "payload layout assumes little endian");

namespace {

using u64 = std::uint64_t;
using u32 = std::uint32_t;

u64 now_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return u64(ts.tv_sec) * 1000000000u + u64(ts.tv_nsec);
}

// ---------------------------------------------------------------------------------------------
// Options

struct options {
  std::string host = "127.0.0.1";
  int port = 0;
  int conns = 1;
  size_t size = 64;
  int depth = 1;
  double seconds = 10;
  double warmup = -1;  // -1: default (1 s for --seconds runs, 0 for --messages runs)
  u64 messages = 0;    // 0: time-based run
  int threads = 1;
  int connect_timeout_ms = 2000;
  int connect_retries = 5;
  bool churn = false;
  bool json = false;
  bool quiet = false;
  u64 seed = 0x6f766c2d62656e63ull;  // "ovl-benc"
};

[[noreturn]] void usage(int code) {
  std::fprintf(code ? stderr : stdout,
               "usage: ovl-bench --port P [--host ADDR] [--conns N] [--size BYTES] [--depth D]\n"
               "                 [--seconds S | --messages M] [--warmup W] [--threads N]\n"
               "                 [--connect-timeout-ms MS] [--connect-retries N] [--seed N]\n"
               "                 [--churn] [--json] [--quiet]\n");
  std::exit(code);
}

options parse(int argc, char** argv) {
  options o;
  auto need = [&](int& i) -> const char* {
    if (i + 1 >= argc) {
      std::fprintf(stderr, "ovl-bench: %s needs a value\n", argv[i]);
      usage(2);
    }
    return argv[++i];
  };
  auto num = [&](int& i, double lo, double hi) -> double {
    const char* name = argv[i];
    const char* v = need(i);
    char* end = nullptr;
    errno = 0;
    double d = std::strtod(v, &end);
    if (errno || end == v || *end || !(d >= lo && d <= hi)) {
      std::fprintf(stderr, "ovl-bench: bad value for %s: '%s' (range %g..%g)\n", name, v, lo, hi);
      usage(2);
    }
    return d;
  };
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--host") o.host = need(i);
    else if (a == "--port") o.port = int(num(i, 1, 65535));
    else if (a == "--conns") o.conns = int(num(i, 1, 1000000));
    else if (a == "--size") o.size = size_t(num(i, 1, 1 << 30));
    else if (a == "--depth") o.depth = int(num(i, 1, 1 << 20));
    else if (a == "--seconds") o.seconds = num(i, 0.001, 86400);
    else if (a == "--warmup") o.warmup = num(i, 0, 86400);
    else if (a == "--messages") o.messages = u64(num(i, 1, 1e15));
    else if (a == "--threads") o.threads = int(num(i, 1, 256));
    else if (a == "--connect-timeout-ms") o.connect_timeout_ms = int(num(i, 1, 600000));
    else if (a == "--connect-retries") o.connect_retries = int(num(i, 0, 1000));
    else if (a == "--seed") o.seed = u64(num(i, 0, 1e18));
    else if (a == "--churn") o.churn = true;
    else if (a == "--json") o.json = true;
    else if (a == "--quiet") o.quiet = true;
    else if (a == "-h" || a == "--help") usage(0);
    else {
      std::fprintf(stderr, "ovl-bench: unknown option '%s'\n", a.c_str());
      usage(2);
    }
  }
  if (o.port == 0) {
    std::fprintf(stderr, "ovl-bench: --port is required\n");
    usage(2);
  }
  if (o.warmup < 0) o.warmup = o.messages ? 0 : 1;
  if (o.churn) o.depth = 1;
  return o;
}

// ---------------------------------------------------------------------------------------------
// Log-linear histogram (HdrHistogram-like): values < 256 exact, above that 128 sub-buckets per
// power of two, so a bucket is at most 1/128 (0.78%) of its value wide. Values in ns.

class histogram {
 public:
  static constexpr int sub_bits = 7;
  static constexpr u64 sub = u64(1) << sub_bits;
  static constexpr int max_msb = 41;  // clamp at ~2.2e12 ns (36 min)
  static constexpr size_t buckets = 2 * sub + (max_msb - sub_bits) * sub;

  void record(u64 v) {
    if (v > max_) max_ = v;
    if (v < min_) min_ = v;
    sum_ += v;
    ++count_;
    ++counts_[index(v)];
  }
  void merge(const histogram& h) {
    for (size_t i = 0; i < buckets; ++i) counts_[i] += h.counts_[i];
    max_ = std::max(max_, h.max_);
    min_ = std::min(min_, h.min_);
    sum_ += h.sum_;
    count_ += h.count_;
  }
  u64 count() const { return count_; }
  u64 max() const { return count_ ? max_ : 0; }
  double mean() const { return count_ ? double(sum_) / double(count_) : 0; }
  // Highest value equivalent to the bucket holding the p-th percentile, capped at max().
  u64 percentile(double p) const {
    if (!count_) return 0;
    u64 target = u64(std::ceil(p / 100.0 * double(count_)));
    if (target < 1) target = 1;
    u64 seen = 0;
    for (size_t i = 0; i < buckets; ++i) {
      seen += counts_[i];
      if (seen >= target) return std::min(highest(i), max_);
    }
    return max_;
  }

 private:
  static size_t index(u64 v) {
    if (v < 2 * sub) return size_t(v);
    int msb = 63 - std::countl_zero(v);
    if (msb > max_msb) return buckets - 1;
    int e = msb - sub_bits;  // >= 1
    u64 m = v >> e;          // [sub, 2*sub)
    return size_t(2 * sub + u64(e - 1) * sub + (m - sub));
  }
  static u64 highest(size_t i) {
    if (i < 2 * sub) return i;
    u64 k = i - 2 * sub;
    int e = int(k / sub) + 1;
    u64 m = k % sub + sub;
    return ((m + 1) << e) - 1;
  }

  u64 counts_[buckets] = {};
  u64 max_ = 0, min_ = ~u64(0), sum_ = 0, count_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Payload streams. Message (conn, seq) is the little-endian byte sequence of xorshift64* words
// from a state seeded by splitmix64(seed, conn, seq), truncated to --size. The sender and the
// verifier walk the same stream independently.

u64 splitmix64(u64 x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

struct payload_stream {
  u64 conn_seed = 0;
  size_t size = 0;
  u64 seq = 0;    // message index being walked
  size_t off = 0;  // byte offset in that message
  u64 state = 1;
  u64 word = 0;  // current word (valid when off % 8 != 0)

  void start(u64 s) {
    seq = s;
    off = 0;
    state = splitmix64(conn_seed ^ splitmix64(s));
    if (!state) state = 1;
  }
  u64 next_word() {
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 0x2545f4914f6cdd1dull;
  }
  // Emit up to n bytes of the current message. Returns the count; the caller moves to the next
  // message when off == size.
  size_t produce(unsigned char* dst, size_t n) {
    size_t todo = std::min(n, size - off);
    size_t i = 0;
    while (i < todo) {
      if ((off & 7) == 0) {
        word = next_word();
        if (todo - i >= 8) {
          std::memcpy(dst + i, &word, 8);
          i += 8;
          off += 8;
          continue;
        }
      }
      dst[i++] = (unsigned char)(word >> (8 * (off & 7)));
      ++off;
    }
    return todo;
  }
  // Check up to n bytes against the current message. Returns the count checked, or sets *bad to
  // the index of the first mismatching byte (and *expect to the expected value).
  size_t check(const unsigned char* src, size_t n, size_t* bad, unsigned* expect) {
    size_t todo = std::min(n, size - off);
    size_t i = 0;
    while (i < todo) {
      if ((off & 7) == 0) {
        word = next_word();
        if (todo - i >= 8) {
          u64 got;
          std::memcpy(&got, src + i, 8);
          if (got == word) {
            i += 8;
            off += 8;
            continue;
          }
        }
      }
      unsigned e = (unsigned char)(word >> (8 * (off & 7)));
      if (src[i] != e) {
        *bad = i;
        *expect = e;
        return i;
      }
      ++i;
      ++off;
    }
    return todo;
  }
};

// ---------------------------------------------------------------------------------------------
// Shared run state

std::atomic<bool> g_abort{false};
std::atomic<u64> g_errors{0};

void report_error(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
void report_error(const char* fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  std::vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  std::fprintf(stderr, "ovl-bench: error: %s\n", buf);
  g_errors.fetch_add(1, std::memory_order_relaxed);
  g_abort.store(true, std::memory_order_relaxed);
}

struct run_times {
  u64 t0 = 0;          // run start (after connecting)
  u64 measure_from = 0;  // t0 + warmup
  u64 measure_to = 0;    // t0 + warmup + seconds (time mode); ~0 otherwise
  u64 hard_stop = 0;     // t0 + warmup + seconds + 5 s
};

struct conn {
  int fd = -1;
  u32 id = 0;    // global connection number (error messages, payload seed)
  u32 slot = 0;  // index in the owning worker
  u32 gen = 0;  // churn: incremented per connection cycle; stale epoll events are ignored
  bool connecting = false;
  bool done = false;
  u64 limit = 0;  // messages this connection may start (churn: cycle + 1)
  payload_stream tx, rx;
  unsigned char* out = nullptr;  // unsent bytes [out_head, out_tail)
  size_t out_head = 0, out_tail = 0, out_cap = 0;
  u64* ts = nullptr;  // start time of in-flight messages, ring of depth
  u64 sent_bytes = 0, verified_bytes = 0;
  u64 cycle_start = 0;  // churn: connect() time
};

struct alignas(64) thread_stats {
  std::atomic<u64> completed{0};  // messages (or churn cycles) completed, for progress
  histogram hist;
  u64 measured = 0;
  u64 verified_bytes = 0;
  u64 last_completion = 0;
  u64 first_completion = 0;
};

// ---------------------------------------------------------------------------------------------
// Address

struct address {
  sockaddr_storage ss{};
  socklen_t len = 0;
  int family = AF_INET;
};

bool resolve(const std::string& host, int port, address& a) {
  sockaddr_in* v4 = reinterpret_cast<sockaddr_in*>(&a.ss);
  sockaddr_in6* v6 = reinterpret_cast<sockaddr_in6*>(&a.ss);
  std::string h = host;
  if (h.size() > 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  if (h == "localhost") h = "127.0.0.1";
  if (inet_pton(AF_INET, h.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(uint16_t(port));
    a.len = sizeof *v4;
    a.family = AF_INET;
    return true;
  }
  std::memset(&a.ss, 0, sizeof a.ss);
  if (inet_pton(AF_INET6, h.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(uint16_t(port));
    a.len = sizeof *v6;
    a.family = AF_INET6;
    return true;
  }
  return false;
}

int open_socket(const address& a) {
  int fd = socket(a.family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return -errno;
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

// ---------------------------------------------------------------------------------------------
// Worker: one epoll instance driving a subset of the connections.

constexpr size_t rbuf_size = 64 * 1024;

class worker {
 public:
  worker(const options& o, const run_times& t, const address& a, thread_stats& st)
      : o_(o), t_(t), addr_(a), st_(st), rbuf_(new unsigned char[rbuf_size]) {}

  void add(conn* c) { conns_.push_back(c); }
  void run();

 private:
  bool time_mode() const { return o_.messages == 0; }
  bool can_start(const conn& c) const {
    return !stopping_ && c.tx.seq < c.limit && c.tx.seq < c.rx.seq + u64(o_.depth);
  }
  bool drained(const conn& c) const {
    return c.tx.off == 0 && c.rx.seq == c.tx.seq && c.out_head == c.out_tail;
  }
  void fail(conn& c, const char* what, int err = 0);
  bool pump(conn& c, u64 now);
  bool on_bytes(conn& c, const unsigned char* p, size_t n, u64 now);
  void handle(conn& c, u32 events);
  void finish(conn& c);
  void complete_message(conn& c, u64 latency, u64 now);
  // churn
  bool churn_connect(conn& c);
  void churn_writable(conn& c);

  const options& o_;
  const run_times& t_;
  const address& addr_;
  thread_stats& st_;
  std::unique_ptr<unsigned char[]> rbuf_;
  std::vector<conn*> conns_;
  int ep_ = -1;
  size_t active_ = 0;
  bool stopping_ = false;
  u64 completed_ = 0;
};

void worker::fail(conn& c, const char* what, int err) {
  if (c.done) return;
  u64 outstanding = c.tx.seq - c.rx.seq + (c.tx.off ? 1 : 0);
  if (err)
    report_error("conn %u: %s: %s (message %" PRIu64 ", %" PRIu64 " bytes verified, %" PRIu64
                 " messages outstanding)",
                 c.id, what, std::strerror(err), c.rx.seq, c.verified_bytes, outstanding);
  else
    report_error("conn %u: %s (message %" PRIu64 ", %" PRIu64 " bytes verified, %" PRIu64
                 " messages outstanding)",
                 c.id, what, c.rx.seq, c.verified_bytes, outstanding);
  finish(c);
}

void worker::finish(conn& c) {
  if (c.done) return;
  c.done = true;
  if (c.fd >= 0) close(c.fd);
  c.fd = -1;
  --active_;
}

void worker::complete_message(conn& c, u64 latency, u64 now) {
  ++completed_;
  st_.completed.store(completed_, std::memory_order_relaxed);
  if (now >= t_.measure_from && now < t_.measure_to) {
    st_.hist.record(latency);
    ++st_.measured;
    if (!st_.first_completion) st_.first_completion = now;
    st_.last_completion = now;
  }
}

// Generate as much of the allowed stream as fits and write it. Returns false on error.
bool worker::pump(conn& c, u64 now) {
  for (;;) {
    while (c.out_tail < c.out_cap) {
      if (c.tx.off == 0) {
        if (!can_start(c)) break;
        c.ts[c.tx.seq % u64(o_.depth)] = now;
      }
      c.out_tail += c.tx.produce(c.out + c.out_tail, c.out_cap - c.out_tail);
      if (c.tx.off == c.tx.size) c.tx.start(c.tx.seq + 1);
    }
    if (c.out_head == c.out_tail) return true;
    ssize_t n = send(c.fd, c.out + c.out_head, c.out_tail - c.out_head, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EAGAIN) return true;
      if (errno == EINTR) continue;
      fail(c, "send failed", errno);
      return false;
    }
    c.sent_bytes += u64(n);
    c.out_head += size_t(n);
    if (c.out_head == c.out_tail) {
      c.out_head = c.out_tail = 0;
    } else {
      return true;  // partial write: wait for EPOLLOUT
    }
  }
}

bool worker::on_bytes(conn& c, const unsigned char* p, size_t n, u64 now) {
  // Bytes beyond what was sent are an error, but verify the legitimate prefix first so a
  // corrupted stream is reported as the mismatch it is.
  size_t extra = 0;
  if (c.verified_bytes + n > c.sent_bytes) {
    extra = size_t(c.verified_bytes + n - c.sent_bytes);
    n -= extra;
  }
  while (n) {
    size_t bad = SIZE_MAX;
    unsigned expect = 0;
    size_t k = c.rx.check(p, n, &bad, &expect);
    if (bad != SIZE_MAX) {
      c.verified_bytes += bad;
      char what[160];
      std::snprintf(what, sizeof what,
                    "echo mismatch at stream byte %" PRIu64 " (message offset %zu): expected "
                    "0x%02x, got 0x%02x",
                    c.verified_bytes, c.rx.off, expect, unsigned(p[bad]));
      fail(c, what);
      return false;
    }
    c.verified_bytes += k;
    st_.verified_bytes += k;
    p += k;
    n -= k;
    if (c.rx.off == c.rx.size) {
      u64 started = o_.churn ? c.cycle_start : c.ts[c.rx.seq % u64(o_.depth)];
      complete_message(c, now - started, now);
      c.rx.start(c.rx.seq + 1);
    }
  }
  if (extra) {
    char what[96];
    std::snprintf(what, sizeof what, "server echoed %zu byte(s) more than were sent to it", extra);
    fail(c, what);
    return false;
  }
  return true;
}

void worker::handle(conn& c, u32 events) {
  if (c.done) return;
  if (c.connecting) {
    churn_writable(c);
    return;
  }
  if (events & (EPOLLIN | EPOLLERR | EPOLLHUP | EPOLLRDHUP)) {
    bool hup = events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR);
    for (;;) {
      ssize_t n = recv(c.fd, rbuf_.get(), rbuf_size, 0);
      if (n > 0) {
        if (!on_bytes(c, rbuf_.get(), size_t(n), now_ns())) return;
        if (size_t(n) < rbuf_size && !hup) break;  // edge-triggered: a new arrival re-arms
        continue;
      }
      if (n == 0) {
        if (drained(c) && (c.rx.seq >= c.limit || stopping_)) break;
        fail(c, "unexpected EOF from server");
        return;
      }
      if (errno == EAGAIN) break;
      if (errno == EINTR) continue;
      fail(c, "recv failed", errno);
      return;
    }
  }
  if (!pump(c, now_ns())) return;
  if (drained(c) && (c.rx.seq >= c.limit || stopping_)) {
    if (o_.churn && !stopping_ && !g_abort.load(std::memory_order_relaxed) &&
        (o_.messages == 0 || c.limit < o_.messages)) {
      // next cycle on a fresh connection
      close(c.fd);
      c.fd = -1;
      churn_connect(c);
      return;
    }
    finish(c);
  }
}

bool worker::churn_connect(conn& c) {
  ++c.gen;
  c.cycle_start = now_ns();
  int fd = open_socket(addr_);
  if (fd < 0) {
    fail(c, "socket failed", -fd);
    return false;
  }
  c.fd = fd;
  c.connecting = true;
  c.out_head = c.out_tail = 0;
  c.sent_bytes = c.verified_bytes = 0;
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
  ev.data.u64 = (u64(c.gen) << 32) | c.slot;
  if (epoll_ctl(ep_, EPOLL_CTL_ADD, fd, &ev) < 0) {
    fail(c, "epoll_ctl failed", errno);
    return false;
  }
  if (connect(fd, reinterpret_cast<const sockaddr*>(&addr_.ss), addr_.len) < 0 &&
      errno != EINPROGRESS) {
    fail(c, "connect failed", errno);
    return false;
  }
  return true;
}

void worker::churn_writable(conn& c) {
  int err = 0;
  socklen_t len = sizeof err;
  if (getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0) err = errno;
  if (err) {
    fail(c, "connect failed", err);
    return;
  }
  // Still in progress? (EPOLLOUT not yet reported) — check with a zero-byte peer lookup.
  sockaddr_storage ss;
  socklen_t sl = sizeof ss;
  if (getpeername(c.fd, reinterpret_cast<sockaddr*>(&ss), &sl) < 0) return;
  c.connecting = false;
  c.limit = c.tx.seq + 1;
  handle(c, 0);
}

void worker::run() {
  ep_ = epoll_create1(EPOLL_CLOEXEC);
  if (ep_ < 0) {
    report_error("epoll_create1: %s", std::strerror(errno));
    return;
  }
  // epoll data: low 32 bits = index into conns_ (conn::slot), high 32 bits = churn generation.
  std::vector<conn*>& cs = conns_;
  active_ = cs.size();
  for (size_t i = 0; i < cs.size(); ++i) cs[i]->slot = u32(i);

  for (conn* c : cs) {
    if (o_.churn) {
      if (!churn_connect(*c)) continue;
    } else {
      epoll_event ev{};
      ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
      ev.data.u64 = c->slot;
      if (epoll_ctl(ep_, EPOLL_CTL_ADD, c->fd, &ev) < 0) {
        fail(*c, "epoll_ctl failed", errno);
        continue;
      }
      if (!pump(*c, now_ns())) continue;
    }
  }

  constexpr int max_events = 512;
  epoll_event evs[max_events];
  while (active_ > 0 && !g_abort.load(std::memory_order_relaxed)) {
    u64 now = now_ns();
    if (!stopping_ && now >= t_.measure_to) {
      stopping_ = true;
      for (conn* c : cs) {
        if (c->done) continue;
        if (c->connecting) {  // churn: abandon a connect that has not completed
          finish(*c);
          continue;
        }
        if (drained(*c)) finish(*c);
      }
      continue;
    }
    if (now >= t_.hard_stop) {
      u64 n = 0;
      for (conn* c : cs) {
        if (c->done) continue;
        if (n++ < 5) fail(*c, "timeout (hard stop reached)");
        else {
          g_errors.fetch_add(1, std::memory_order_relaxed);
          finish(*c);
        }
      }
      if (n > 5) std::fprintf(stderr, "ovl-bench: ... and %" PRIu64 " more timeouts\n", n - 5);
      break;
    }
    u64 next = std::min(stopping_ ? t_.hard_stop : t_.measure_to, t_.hard_stop);
    int timeout_ms = int(std::min<u64>((next - now) / 1000000 + 1, 100));
    int n = epoll_wait(ep_, evs, max_events, timeout_ms);
    if (n < 0) {
      if (errno == EINTR) continue;
      report_error("epoll_wait: %s", std::strerror(errno));
      break;
    }
    for (int i = 0; i < n; ++i) {
      u64 d = evs[i].data.u64;
      conn& c = *cs[u32(d)];
      if (o_.churn && u32(d >> 32) != c.gen) continue;  // event for a previous cycle's socket
      handle(c, evs[i].events);
    }
  }
  for (conn* c : cs)
    if (c->fd >= 0) {
      close(c->fd);
      c->fd = -1;
    }
  close(ep_);
}

// ---------------------------------------------------------------------------------------------
// Connect phase: all connections, non-blocking, bounded retries.

bool connect_all(const options& o, const address& a, std::vector<conn>& cs) {
  int ep = epoll_create1(EPOLL_CLOEXEC);
  if (ep < 0) {
    std::fprintf(stderr, "ovl-bench: epoll_create1: %s\n", std::strerror(errno));
    return false;
  }
  std::vector<size_t> todo(cs.size());
  for (size_t i = 0; i < cs.size(); ++i) todo[i] = i;
  int last_err = 0;
  for (int attempt = 0; attempt <= o.connect_retries && !todo.empty(); ++attempt) {
    if (attempt) usleep(useconds_t(std::min(50 * attempt, 500)) * 1000);
    std::vector<size_t> failed;
    size_t pending = 0;
    // Issue in batches so a small backlog is not overrun all at once.
    for (size_t b = 0; b < todo.size(); b += 256) {
      size_t e = std::min(todo.size(), b + 256);
      for (size_t k = b; k < e; ++k) {
        conn& c = cs[todo[k]];
        int fd = open_socket(a);
        if (fd < 0) {
          std::fprintf(stderr, "ovl-bench: socket: %s (raise ulimit -n?)\n", std::strerror(-fd));
          close(ep);
          return false;
        }
        c.fd = fd;
        if (connect(fd, reinterpret_cast<const sockaddr*>(&a.ss), a.len) == 0) continue;
        if (errno != EINPROGRESS) {
          last_err = errno;
          close(fd);
          c.fd = -1;
          failed.push_back(todo[k]);
          continue;
        }
        epoll_event ev{};
        ev.events = EPOLLOUT;
        ev.data.u64 = todo[k];
        epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
        ++pending;
      }
      u64 deadline = now_ns() + u64(o.connect_timeout_ms) * 1000000;
      epoll_event evs[256];
      while (pending) {
        u64 now = now_ns();
        if (now >= deadline) break;
        int n = epoll_wait(ep, evs, 256, int((deadline - now) / 1000000 + 1));
        if (n < 0 && errno == EINTR) continue;
        for (int i = 0; i < n; ++i) {
          conn& c = cs[evs[i].data.u64];
          epoll_ctl(ep, EPOLL_CTL_DEL, c.fd, nullptr);
          --pending;
          int err = 0;
          socklen_t len = sizeof err;
          getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len);
          if (err) {
            last_err = err;
            close(c.fd);
            c.fd = -1;
            failed.push_back(evs[i].data.u64);
          }
        }
      }
      if (pending) {  // timed out
        last_err = ETIMEDOUT;
        for (size_t k = b; k < e; ++k) {
          conn& c = cs[todo[k]];
          if (c.fd < 0) continue;
          int err = 0;
          socklen_t len = sizeof err;
          sockaddr_storage ss;
          socklen_t sl = sizeof ss;
          getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len);
          if (err || getpeername(c.fd, reinterpret_cast<sockaddr*>(&ss), &sl) < 0) {
            close(c.fd);
            c.fd = -1;
            failed.push_back(todo[k]);
          }
        }
        pending = 0;
      }
    }
    todo.swap(failed);
  }
  close(ep);
  if (!todo.empty()) {
    std::fprintf(stderr, "ovl-bench: error: %zu of %zu connections failed to connect: %s\n",
                 todo.size(), cs.size(), std::strerror(last_err));
    return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Output

std::string fmt_lat(u64 ns) {
  char b[32];
  double us = double(ns) / 1000.0;
  if (us < 1000) std::snprintf(b, sizeof b, "%.0fus", us);
  else if (us < 1e6) std::snprintf(b, sizeof b, "%.3gms", us / 1000);
  else std::snprintf(b, sizeof b, "%.3gs", us / 1e6);
  return b;
}

void raise_nofile(int conns) {
  rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return;
  rlim_t want = rlim_t(conns) + 64;
  if (rl.rlim_cur >= want) return;
  rl.rlim_cur = std::min(want, rl.rlim_max);
  setrlimit(RLIMIT_NOFILE, &rl);
}

}  // namespace

int main(int argc, char** argv) {
  options o = parse(argc, argv);
  std::signal(SIGPIPE, SIG_IGN);
  raise_nofile(o.conns);
  address addr;
  if (!resolve(o.host, o.port, addr)) {
    std::fprintf(stderr, "ovl-bench: --host must be a numeric IPv4/IPv6 address: '%s'\n",
                 o.host.c_str());
    return 2;
  }
  if (o.threads > o.conns) o.threads = o.conns;
  bool progress = !o.quiet && isatty(2);

  // Per-connection state and buffers, all allocated up front.
  std::vector<conn> cs(size_t(o.conns));
  size_t out_cap = size_t(std::min<u64>(u64(o.size) * u64(o.depth), 64 * 1024));
  std::unique_ptr<unsigned char[]> out_mem(new unsigned char[out_cap * cs.size()]);
  std::unique_ptr<u64[]> ts_mem(new u64[size_t(o.depth) * cs.size()]());
  for (size_t i = 0; i < cs.size(); ++i) {
    conn& c = cs[i];
    c.id = u32(i);
    u64 cseed = splitmix64(o.seed ^ splitmix64(i + 1));
    c.tx.conn_seed = c.rx.conn_seed = cseed;
    c.tx.size = c.rx.size = o.size;
    c.tx.start(0);
    c.rx.start(0);
    c.limit = o.churn ? 1 : (o.messages ? o.messages : ~u64(0));
    c.out = out_mem.get() + i * out_cap;
    c.out_cap = out_cap;
    c.ts = ts_mem.get() + i * size_t(o.depth);
  }

  if (!o.churn) {
    u64 c0 = now_ns();
    if (!connect_all(o, addr, cs)) return 1;
    if (!o.quiet)
      std::fprintf(stderr, "ovl-bench: %d connections established in %.1f ms\n", o.conns,
                   double(now_ns() - c0) / 1e6);
  }

  run_times t;
  t.t0 = now_ns();
  t.measure_from = t.t0 + u64(o.warmup * 1e9);
  t.measure_to = o.messages ? ~u64(0) : t.measure_from + u64(o.seconds * 1e9);
  t.hard_stop = t.measure_from + u64(o.seconds * 1e9) + 5000000000ull;

  std::vector<std::unique_ptr<thread_stats>> stats;
  std::vector<std::unique_ptr<worker>> workers;
  for (int i = 0; i < o.threads; ++i) {
    stats.push_back(std::make_unique<thread_stats>());
    workers.push_back(std::make_unique<worker>(o, t, addr, *stats.back()));
  }
  for (size_t i = 0; i < cs.size(); ++i) workers[i % size_t(o.threads)]->add(&cs[i]);
  std::atomic<int> running{o.threads};
  std::vector<std::thread> threads;
  for (auto& w : workers)
    threads.emplace_back([&w, &running] {
      w->run();
      running.fetch_sub(1);
    });

  u64 last_print = t.t0, last_count = 0;
  while (running.load() > 0) {
    usleep(50000);
    u64 now = now_ns();
    if (progress && now - last_print >= 1000000000ull) {
      u64 total = 0;
      for (auto& s : stats) total += s->completed.load(std::memory_order_relaxed);
      double rate = double(total - last_count) / (double(now - last_print) / 1e9);
      const char* phase = now < t.measure_from ? "warmup" : (now < t.measure_to ? "run" : "drain");
      std::fprintf(stderr, "\r[%5.1fs %-6s] %s=%.0f total=%" PRIu64 " errors=%" PRIu64 "   ",
                   double(now - t.t0) / 1e9, phase, o.churn ? "conns/s" : "msgs/s", rate, total,
                   g_errors.load());
      last_print = now;
      last_count = total;
    }
  }
  for (auto& th : threads) th.join();
  if (progress) std::fprintf(stderr, "\r%70s\r", "");

  histogram h;
  u64 measured = 0, verified = 0, first = ~u64(0), last = 0;
  for (auto& s : stats) {
    h.merge(s->hist);
    measured += s->measured;
    verified += s->verified_bytes;
    if (s->first_completion) first = std::min(first, s->first_completion);
    last = std::max(last, s->last_completion);
  }
  double secs;
  if (o.messages == 0 && !g_abort.load()) secs = o.seconds;
  else secs = last > t.measure_from ? double(last - t.measure_from) / 1e9 : 0;  // cut short
  double rate = secs > 0 ? double(measured) / secs : 0;
  double mbps = rate * double(o.size) / 1e6;
  u64 errors = g_errors.load();
  bool ok = errors == 0;
  if (o.json) {
    std::printf("{\"mode\":\"%s\",\"host\":\"%s\",\"port\":%d,\"conns\":%d,\"size\":%zu,"
                "\"depth\":%d,\"threads\":%d,\"seconds\":%.3f,\"warmup\":%.3f,"
                "\"messages_per_conn\":%" PRIu64 ",\"measured\":%" PRIu64 ",\"%s\":%.1f,"
                "\"mb_per_sec\":%.3f,\"p50_us\":%.1f,\"p99_us\":%.1f,\"p999_us\":%.1f,"
                "\"max_us\":%.1f,\"mean_us\":%.1f,\"errors\":%" PRIu64
                ",\"verified_bytes\":%" PRIu64 ",\"ok\":%s}\n",
                o.churn ? "churn" : "echo", o.host.c_str(), o.port, o.conns, o.size, o.depth,
                o.threads, secs, o.warmup, o.messages, measured,
                o.churn ? "conns_per_sec" : "msgs_per_sec", rate, o.churn ? 0.0 : mbps,
                double(h.percentile(50)) / 1e3, double(h.percentile(99)) / 1e3,
                double(h.percentile(99.9)) / 1e3, double(h.max()) / 1e3, h.mean() / 1e3, errors,
                verified, ok ? "true" : "false");
  } else if (o.churn) {
    std::printf("churn conns=%d size=%zu conns/s=%.0f p50=%s p99=%s p999=%s max=%s errors=%" PRIu64
                " verified=%" PRIu64 " bytes\n",
                o.conns, o.size, rate, fmt_lat(h.percentile(50)).c_str(),
                fmt_lat(h.percentile(99)).c_str(), fmt_lat(h.percentile(99.9)).c_str(),
                fmt_lat(h.max()).c_str(), errors, verified);
  } else {
    std::printf("conns=%d size=%zu depth=%d msgs/s=%.0f MB/s=%.1f p50=%s p99=%s p999=%s max=%s "
                "errors=%" PRIu64 " verified=%" PRIu64 " bytes\n",
                o.conns, o.size, o.depth, rate, mbps, fmt_lat(h.percentile(50)).c_str(),
                fmt_lat(h.percentile(99)).c_str(), fmt_lat(h.percentile(99.9)).c_str(),
                fmt_lat(h.max()).c_str(), errors, verified);
  }
  std::fflush(stdout);
  return ok ? 0 : 1;
}
