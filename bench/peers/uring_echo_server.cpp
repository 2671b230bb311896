// uring_echo_server: minimal liburing TCP echo server, the "raw io_uring" peer for benchmarks.
//
//   uring_echo_server [--port P] [--host ADDR] [--entries N]
//
// --port 0 (default) picks a free port. Once listening it prints "listening on PORT" to stdout
// and flushes. One ring, one thread. Multishot accept (falls back to one-shot accept if the
// kernel refuses it); per connection exactly one operation is in flight: recv -> send (repeated
// until the whole chunk is written) -> recv. Completions are reaped in batches and new SQEs go
// in with the next io_uring_submit_and_wait. SIGINT/SIGTERM arrive through a signalfd read on
// the ring: the loop ends, sockets are closed, the ring is torn down, exit status 0.
// Uses only liburing 2.3 helpers.

#include <arpa/inet.h>
#include <liburing.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

constexpr unsigned buf_size = 64 * 1024;
constexpr uint64_t ud_accept = 1;
constexpr uint64_t ud_signal = 2;

struct options {
  std::string host = "127.0.0.1";
  int port = 0;
  unsigned entries = 4096;
};

[[noreturn]] void usage(int code) {
  std::fprintf(code ? stderr : stdout,
               "usage: uring_echo_server [--port P] [--host ADDR] [--entries N]\n");
  std::exit(code);
}

options parse(int argc, char** argv) {
  options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto val = [&]() -> const char* {
      if (i + 1 >= argc) usage(2);
      return argv[++i];
    };
    if (a == "--port") o.port = std::atoi(val());
    else if (a == "--host") o.host = val();
    else if (a == "--entries") o.entries = unsigned(std::atoi(val()));
    else if (a == "--threads") {  // accepted for CLI symmetry; this server is one ring, one thread
      if (std::atoi(val()) != 1) std::fprintf(stderr, "uring_echo_server: --threads ignored\n");
    } else if (a == "-h" || a == "--help") usage(0);
    else usage(2);
  }
  if (o.port < 0 || o.port > 65535 || o.entries < 8 || o.entries > 32768) usage(2);
  return o;
}

int make_listener(const options& o) {
  sockaddr_storage ss{};
  socklen_t len;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&ss);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&ss);
  int family;
  if (inet_pton(AF_INET, o.host.c_str(), &v4->sin_addr) == 1) {
    family = v4->sin_family = AF_INET;
    v4->sin_port = htons(uint16_t(o.port));
    len = sizeof *v4;
  } else if (inet_pton(AF_INET6, o.host.c_str(), &v6->sin6_addr) == 1) {
    family = v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(uint16_t(o.port));
    len = sizeof *v6;
  } else {
    std::fprintf(stderr, "uring_echo_server: bad --host '%s'\n", o.host.c_str());
    return -1;
  }
  int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
      bind(fd, reinterpret_cast<sockaddr*>(&ss), len) < 0 || listen(fd, SOMAXCONN) < 0) {
    std::fprintf(stderr, "uring_echo_server: listen on %s:%d: %s\n", o.host.c_str(), o.port,
                 std::strerror(errno));
    if (fd >= 0) close(fd);
    return -1;
  }
  return fd;
}

int bound_port(int fd) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len);
  if (ss.ss_family == AF_INET6) return ntohs(reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port);
  return ntohs(reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
}

struct conn {
  int fd = -1;
  bool sending = false;  // the one in-flight op is a send (else a recv)
  unsigned off = 0, len = 0;
  conn* prev = nullptr;  // live list, for teardown
  conn* next = nullptr;
  char buf[buf_size];
};

class server {
 public:
  server(io_uring& ring, int lfd, int sfd) : ring_(ring), lfd_(lfd), sfd_(sfd) {}
  ~server() {
    while (live_) release(live_);
    for (conn* c : free_) delete c;
  }
  void run();

 private:
  io_uring_sqe* sqe() {
    io_uring_sqe* s = io_uring_get_sqe(&ring_);
    while (!s) {  // SQ full: push what we have and retry
      io_uring_submit(&ring_);
      s = io_uring_get_sqe(&ring_);
    }
    return s;
  }
  void arm_accept() {
    io_uring_sqe* s = sqe();
    if (multishot_) io_uring_prep_multishot_accept(s, lfd_, nullptr, nullptr, 0);
    else io_uring_prep_accept(s, lfd_, nullptr, nullptr, 0);
    io_uring_sqe_set_data64(s, ud_accept);
  }
  void arm_recv(conn* c) {
    c->sending = false;
    io_uring_sqe* s = sqe();
    io_uring_prep_recv(s, c->fd, c->buf, buf_size, 0);
    io_uring_sqe_set_data(s, c);
  }
  void arm_send(conn* c) {
    c->sending = true;
    io_uring_sqe* s = sqe();
    io_uring_prep_send(s, c->fd, c->buf + c->off, c->len - c->off, MSG_NOSIGNAL);
    io_uring_sqe_set_data(s, c);
  }
  void on_accept(const io_uring_cqe* cqe);
  void on_conn(conn* c, int res);
  void release(conn* c) {
    close(c->fd);
    if (c->prev) c->prev->next = c->next;
    else live_ = c->next;
    if (c->next) c->next->prev = c->prev;
    free_.push_back(c);
  }

  io_uring& ring_;
  int lfd_, sfd_;
  bool multishot_ = true;
  bool stop_ = false;
  conn* live_ = nullptr;
  std::vector<conn*> free_;
  signalfd_siginfo si_{};
};

void server::on_accept(const io_uring_cqe* cqe) {
  bool more = cqe->flags & IORING_CQE_F_MORE;
  int res = cqe->res;
  if (res >= 0) {
    int one = 1;
    setsockopt(res, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    conn* c;
    if (free_.empty()) {
      c = new conn;
    } else {
      c = free_.back();
      free_.pop_back();
    }
    c->fd = res;
    c->prev = nullptr;
    c->next = live_;
    if (live_) live_->prev = c;
    live_ = c;
    arm_recv(c);
  } else if (res == -EINVAL && multishot_) {
    multishot_ = false;  // kernel without multishot accept
  } else if (res != -EINTR && res != -ECONNABORTED && res != -EAGAIN) {
    static bool warned = false;
    if (!warned) std::fprintf(stderr, "uring_echo_server: accept: %s\n", std::strerror(-res));
    warned = true;
  }
  if (!multishot_ || !more) arm_accept();
}

void server::on_conn(conn* c, int res) {
  if (res == -EINTR || res == -EAGAIN) {  // retry the same op
    if (c->sending) arm_send(c);
    else arm_recv(c);
    return;
  }
  if (res <= 0) {  // EOF, reset or other error: done with this connection
    release(c);
    return;
  }
  if (!c->sending) {
    c->off = 0;
    c->len = unsigned(res);
    arm_send(c);
    return;
  }
  c->off += unsigned(res);
  if (c->off < c->len) arm_send(c);
  else arm_recv(c);
}

void server::run() {
  arm_accept();
  io_uring_sqe* s = sqe();
  io_uring_prep_read(s, sfd_, &si_, sizeof si_, 0);
  io_uring_sqe_set_data64(s, ud_signal);
  while (!stop_) {
    int r = io_uring_submit_and_wait(&ring_, 1);
    if (r < 0 && r != -EINTR && r != -EAGAIN && r != -EBUSY) {
      std::fprintf(stderr, "uring_echo_server: io_uring_submit_and_wait: %s\n", std::strerror(-r));
      return;
    }
    unsigned head, n = 0;
    io_uring_cqe* cqe;
    io_uring_for_each_cqe(&ring_, head, cqe) {
      ++n;
      uint64_t ud = io_uring_cqe_get_data64(cqe);
      if (ud == ud_accept) on_accept(cqe);
      else if (ud == ud_signal) stop_ = true;
      else on_conn(static_cast<conn*>(io_uring_cqe_get_data(cqe)), cqe->res);
    }
    io_uring_cq_advance(&ring_, n);
  }
}

}  // namespace

int main(int argc, char** argv) {
  options o = parse(argc, argv);
  signal(SIGPIPE, SIG_IGN);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigprocmask(SIG_BLOCK, &set, nullptr);
  int sfd = signalfd(-1, &set, SFD_CLOEXEC);
  if (sfd < 0) {
    std::perror("signalfd");
    return 1;
  }
  int lfd = make_listener(o);
  if (lfd < 0) return 1;

  io_uring ring;
  io_uring_params p{};
  p.flags = IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN;
  p.flags |= IORING_SETUP_CQSIZE;
  p.cq_entries = o.entries * 4;
  int r = io_uring_queue_init_params(o.entries, &ring, &p);
  if (r == -EINVAL) {  // older kernel: plain ring
    io_uring_params q{};
    q.flags = IORING_SETUP_CQSIZE;
    q.cq_entries = o.entries * 4;
    r = io_uring_queue_init_params(o.entries, &ring, &q);
  }
  if (r < 0) {
    std::fprintf(stderr, "uring_echo_server: io_uring_queue_init: %s\n", std::strerror(-r));
    return 1;
  }

  std::printf("listening on %d\n", bound_port(lfd));
  std::fflush(stdout);
  {
    server srv(ring, lfd, sfd);
    srv.run();
    // Tear the ring down (cancelling and waiting for in-flight recvs) before the connection
    // buffers are freed by ~server.
    io_uring_queue_exit(&ring);
  }
  close(lfd);
  close(sfd);
  return 0;
}
