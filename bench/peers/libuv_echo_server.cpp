// libuv_echo_server: TCP echo server on libuv, the "libuv" peer for benchmarks.
//
//   libuv_echo_server [--port P] [--host ADDR]
//
// --port 0 (default) picks a free port. Once listening it prints "listening on PORT" to stdout
// and flushes. One uv_loop (epoll on Linux), one thread. Each connection reads into its own
// 64 KiB buffer; every read is echoed with uv_write from that buffer and reading stops
// (uv_read_stop) until the write has completed, so per-connection buffering is bounded by one
// read — the same flow control as the epoll and io_uring peers. TCP_NODELAY on accepted sockets.
// SIGINT/SIGTERM (uv_signal): every handle is closed, the loop drains, exit status 0.

#include <uv.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

constexpr std::size_t buf_size = 64 * 1024;

struct options {
  std::string host = "127.0.0.1";
  int port = 0;
};

[[noreturn]] void usage(int code) {
  std::fprintf(code ? stderr : stdout, "usage: libuv_echo_server [--port P] [--host ADDR]\n");
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
    else if (a == "-h" || a == "--help") usage(0);
    else usage(2);
  }
  if (o.port < 0 || o.port > 65535) usage(2);
  return o;
}

// One connection. handle must stay the first member: libuv callbacks get &handle back.
struct conn {
  uv_tcp_t handle;
  uv_write_t write_req;
  char buf[buf_size];
};

void on_close(uv_handle_t* h) { delete reinterpret_cast<conn*>(h); }

void close_conn(conn* c) {
  if (!uv_is_closing(reinterpret_cast<uv_handle_t*>(&c->handle)))
    uv_close(reinterpret_cast<uv_handle_t*>(&c->handle), on_close);
}

void on_alloc(uv_handle_t* h, std::size_t, uv_buf_t* b) {
  auto* c = reinterpret_cast<conn*>(h);
  *b = uv_buf_init(c->buf, buf_size);
}

void on_read(uv_stream_t* s, ssize_t n, const uv_buf_t*);

void on_write(uv_write_t* req, int status) {
  auto* c = static_cast<conn*>(req->data);
  if (status < 0 || uv_read_start(reinterpret_cast<uv_stream_t*>(&c->handle), on_alloc, on_read) < 0)
    close_conn(c);
}

void on_read(uv_stream_t* s, ssize_t n, const uv_buf_t*) {
  auto* c = reinterpret_cast<conn*>(s);
  if (n < 0) {  // UV_EOF or an error
    close_conn(c);
    return;
  }
  if (n == 0) return;  // EAGAIN
  uv_read_stop(s);     // the buffer is busy until the echo is written
  uv_buf_t out = uv_buf_init(c->buf, static_cast<unsigned>(n));
  c->write_req.data = c;
  if (uv_write(&c->write_req, s, &out, 1, on_write) < 0) close_conn(c);
}

void on_connection(uv_stream_t* server, int status) {
  if (status < 0) return;
  auto* c = new conn;
  uv_tcp_init(server->loop, &c->handle);
  c->handle.data = nullptr;  // marks a connection (see close_any)
  if (uv_accept(server, reinterpret_cast<uv_stream_t*>(&c->handle)) < 0) {
    close_conn(c);
    return;
  }
  uv_tcp_nodelay(&c->handle, 1);
  if (uv_read_start(reinterpret_cast<uv_stream_t*>(&c->handle), on_alloc, on_read) < 0)
    close_conn(c);
}

void close_any(uv_handle_t* h, void*) {
  if (uv_is_closing(h)) return;
  if (h->type == UV_TCP && h->data == nullptr) uv_close(h, on_close);  // a connection
  else uv_close(h, nullptr);                                            // listener, signals
}

void on_signal(uv_signal_t* sig, int) { uv_walk(sig->loop, close_any, nullptr); }

}  // namespace

int main(int argc, char** argv) {
  options o = parse(argc, argv);
  std::signal(SIGPIPE, SIG_IGN);
  uv_loop_t* loop = uv_default_loop();

  sockaddr_storage addr{};
  int r = uv_ip4_addr(o.host.c_str(), o.port, reinterpret_cast<sockaddr_in*>(&addr));
  if (r < 0) r = uv_ip6_addr(o.host.c_str(), o.port, reinterpret_cast<sockaddr_in6*>(&addr));
  if (r < 0) {
    std::fprintf(stderr, "libuv_echo_server: bad --host '%s'\n", o.host.c_str());
    return 2;
  }

  uv_tcp_t server;
  uv_tcp_init(loop, &server);
  server.data = &server;  // non-null: not a connection (see close_any)
  if ((r = uv_tcp_bind(&server, reinterpret_cast<sockaddr*>(&addr), 0)) < 0 ||
      (r = uv_listen(reinterpret_cast<uv_stream_t*>(&server), SOMAXCONN, on_connection)) < 0) {
    std::fprintf(stderr, "libuv_echo_server: %s\n", uv_strerror(r));
    return 1;
  }
  sockaddr_storage bound{};
  int len = sizeof bound;
  uv_tcp_getsockname(&server, reinterpret_cast<sockaddr*>(&bound), &len);
  int port = bound.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port)
                                          : ntohs(reinterpret_cast<sockaddr_in*>(&bound)->sin_port);

  uv_signal_t sigint, sigterm;
  uv_signal_init(loop, &sigint);
  uv_signal_init(loop, &sigterm);
  uv_signal_start(&sigint, on_signal, SIGINT);
  uv_signal_start(&sigterm, on_signal, SIGTERM);

  std::printf("listening on %d\n", port);
  std::fflush(stdout);
  uv_run(loop, UV_RUN_DEFAULT);
  uv_loop_close(loop);
  return 0;
}
