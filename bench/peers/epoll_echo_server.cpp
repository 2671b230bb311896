// epoll_echo_server: minimal raw-epoll TCP echo server, the "raw epoll" peer for benchmarks.
//
//   epoll_echo_server [--port P] [--host ADDR] [--threads N]
//
// --port 0 (default) picks a free port. Once listening it prints "listening on PORT" to stdout
// and flushes. Level-triggered, non-blocking: each readable event does one recv (64 KiB) and
// sends it straight back; what the socket does not take is kept and the connection stops
// reading (EPOLLOUT only) until it has been written, so per-connection buffering is bounded by
// one read. --threads N runs N event loops, each with its own SO_REUSEPORT listener on the same
// port. SIGINT/SIGTERM: every loop exits, all sockets are closed, exit status 0.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr size_t buf_size = 64 * 1024;

struct options {
  std::string host = "127.0.0.1";
  int port = 0;
  int threads = 1;
};

[[noreturn]] void usage(int code) {
  std::fprintf(code ? stderr : stdout,
               "usage: epoll_echo_server [--port P] [--host ADDR] [--threads N]\n");
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
    else if (a == "--threads") o.threads = std::atoi(val());
    else if (a == "-h" || a == "--help") usage(0);
    else usage(2);
  }
  if (o.port < 0 || o.port > 65535 || o.threads < 1 || o.threads > 256) usage(2);
  return o;
}

// Listener bound to host:port with SO_REUSEPORT; returns fd or -1 (message printed).
int make_listener(const options& o, int port) {
  sockaddr_storage ss{};
  socklen_t len;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&ss);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&ss);
  int family;
  if (inet_pton(AF_INET, o.host.c_str(), &v4->sin_addr) == 1) {
    family = v4->sin_family = AF_INET;
    v4->sin_port = htons(uint16_t(port));
    len = sizeof *v4;
  } else if (inet_pton(AF_INET6, o.host.c_str(), &v6->sin6_addr) == 1) {
    family = v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(uint16_t(port));
    len = sizeof *v6;
  } else {
    std::fprintf(stderr, "epoll_echo_server: bad --host '%s'\n", o.host.c_str());
    return -1;
  }
  int fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  int one = 1;
  if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
      setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) < 0 ||
      bind(fd, reinterpret_cast<sockaddr*>(&ss), len) < 0 || listen(fd, SOMAXCONN) < 0) {
    std::fprintf(stderr, "epoll_echo_server: listen on %s:%d: %s\n", o.host.c_str(), port,
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
  bool writing = false;  // interest is EPOLLOUT (pending bytes), not EPOLLIN
  size_t off = 0, len = 0;
  std::unique_ptr<char[]> pending;  // allocated on the first partial write
  conn* prev = nullptr;
  conn* next = nullptr;
};

class loop {
 public:
  loop(int listen_fd, int stop_fd) : lfd_(listen_fd), stop_fd_(stop_fd), buf_(new char[buf_size]) {}
  ~loop() {
    while (head_) drop(head_);
    if (ep_ >= 0) close(ep_);
    close(lfd_);
  }
  bool init();
  void run();

 private:
  void accept_all();
  void on_readable(conn* c);
  void on_writable(conn* c);
  void drop(conn* c);
  void set_interest(conn* c, bool writing);

  int lfd_, stop_fd_, ep_ = -1;
  std::unique_ptr<char[]> buf_;
  conn* head_ = nullptr;
  // data.ptr tags for the two non-connection fds
  char listener_tag_ = 0, stop_tag_ = 0;
};

bool loop::init() {
  ep_ = epoll_create1(EPOLL_CLOEXEC);
  if (ep_ < 0) return false;
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.ptr = &listener_tag_;
  if (epoll_ctl(ep_, EPOLL_CTL_ADD, lfd_, &ev) < 0) return false;
  ev.data.ptr = &stop_tag_;
  return epoll_ctl(ep_, EPOLL_CTL_ADD, stop_fd_, &ev) == 0;
}

void loop::run() {
  epoll_event evs[256];
  for (;;) {
    int n = epoll_wait(ep_, evs, 256, -1);
    if (n < 0) {
      if (errno == EINTR) continue;
      std::perror("epoll_wait");
      return;
    }
    for (int i = 0; i < n; ++i) {
      void* p = evs[i].data.ptr;
      if (p == &stop_tag_) return;
      if (p == &listener_tag_) {
        accept_all();
        continue;
      }
      conn* c = static_cast<conn*>(p);
      if (c->writing) on_writable(c);
      else on_readable(c);
    }
  }
}

void loop::accept_all() {
  for (int k = 0; k < 64; ++k) {
    int fd = accept4(lfd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if (errno != EAGAIN) {
        static bool warned = false;
        if (!warned) std::fprintf(stderr, "epoll_echo_server: accept: %s\n", std::strerror(errno));
        warned = true;
      }
      return;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    conn* c = new conn;
    c->fd = fd;
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP;
    ev.data.ptr = c;
    if (epoll_ctl(ep_, EPOLL_CTL_ADD, fd, &ev) < 0) {
      close(fd);
      delete c;
      continue;
    }
    c->next = head_;
    if (head_) head_->prev = c;
    head_ = c;
  }
}

void loop::set_interest(conn* c, bool writing) {
  c->writing = writing;
  epoll_event ev{};
  ev.events = writing ? EPOLLOUT : EPOLLIN | EPOLLRDHUP;
  ev.data.ptr = c;
  epoll_ctl(ep_, EPOLL_CTL_MOD, c->fd, &ev);
}

void loop::on_readable(conn* c) {
  ssize_t n;
  do n = recv(c->fd, buf_.get(), buf_size, 0);
  while (n < 0 && errno == EINTR);
  if (n < 0 && errno == EAGAIN) return;
  if (n <= 0) {  // EOF or error (reset, ...)
    drop(c);
    return;
  }
  ssize_t s;
  do s = send(c->fd, buf_.get(), size_t(n), MSG_NOSIGNAL);
  while (s < 0 && errno == EINTR);
  if (s < 0) {
    if (errno != EAGAIN) {
      drop(c);
      return;
    }
    s = 0;
  }
  if (s == n) return;
  if (!c->pending) c->pending.reset(new char[buf_size]);
  std::memcpy(c->pending.get(), buf_.get() + s, size_t(n - s));
  c->off = 0;
  c->len = size_t(n - s);
  set_interest(c, true);
}

void loop::on_writable(conn* c) {
  ssize_t s;
  do s = send(c->fd, c->pending.get() + c->off, c->len - c->off, MSG_NOSIGNAL);
  while (s < 0 && errno == EINTR);
  if (s < 0) {
    if (errno != EAGAIN) drop(c);
    return;
  }
  c->off += size_t(s);
  if (c->off == c->len) set_interest(c, false);
}

void loop::drop(conn* c) {
  close(c->fd);  // also removes it from the epoll set
  if (c->prev) c->prev->next = c->next;
  else head_ = c->next;
  if (c->next) c->next->prev = c->prev;
  delete c;
}

}  // namespace

int main(int argc, char** argv) {
  options o = parse(argc, argv);
  std::signal(SIGPIPE, SIG_IGN);
  // Block SIGINT/SIGTERM in every thread; the main thread takes them with sigwait.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);

  int stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (stop_fd < 0) {
    std::perror("eventfd");
    return 1;
  }
  std::vector<std::unique_ptr<loop>> loops;
  int port = o.port;
  for (int i = 0; i < o.threads; ++i) {
    int lfd = make_listener(o, port);
    if (lfd < 0) return 1;
    if (i == 0) port = bound_port(lfd);
    loops.push_back(std::make_unique<loop>(lfd, stop_fd));
    if (!loops.back()->init()) {
      std::perror("epoll");
      return 1;
    }
  }
  std::printf("listening on %d\n", port);
  std::fflush(stdout);

  std::vector<std::thread> threads;
  for (auto& l : loops) threads.emplace_back([&l] { l->run(); });
  int sig = 0;
  sigwait(&set, &sig);
  uint64_t one = 1;
  if (write(stop_fd, &one, sizeof one) < 0) std::perror("write(eventfd)");
  for (auto& t : threads) t.join();
  loops.clear();
  close(stop_fd);
  return 0;
}
