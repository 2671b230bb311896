// asio_echo_server: TCP echo server on standalone Asio, the "Asio" peer for benchmarks.
//
//   asio_echo_server [--port P] [--host ADDR]
//
// --port 0 (default) picks a free port. Once listening it prints "listening on PORT" to stdout
// and flushes. One io_context run by one thread (what a ported single-loop server would use).
// Per connection exactly one operation is in flight: async_read_some (64 KiB buffer) ->
// async_write of exactly what was read -> async_read_some, the textbook Asio echo loop.
// TCP_NODELAY on accepted sockets, as the other peers do.
//
// Built twice by bench/CMakeLists.txt: asio_echo_server uses Asio's default reactor on Linux
// (epoll); asio_uring_echo_server is the same source with ASIO_HAS_IO_URING and
// ASIO_DISABLE_EPOLL, which makes io_uring Asio's reactor for sockets too (Asio >= 1.21).
// SIGINT/SIGTERM: the io_context stops, sockets are closed, exit status 0.

#include <asio.hpp>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

namespace {

constexpr std::size_t buf_size = 64 * 1024;

struct options {
  std::string host = "127.0.0.1";
  int port = 0;
};

[[noreturn]] void usage(int code) {
  std::fprintf(code ? stderr : stdout, "usage: asio_echo_server [--port P] [--host ADDR]\n");
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

// One connection: owns its socket and buffer; kept alive by the handlers' shared_ptr copies.
class session : public std::enable_shared_from_this<session> {
 public:
  explicit session(asio::ip::tcp::socket s) : socket_(std::move(s)) {}

  void start() { read(); }

 private:
  void read() {
    socket_.async_read_some(asio::buffer(buf_.get(), buf_size),
                            [self = shared_from_this()](std::error_code ec, std::size_t n) {
                              if (!ec) self->write(n);
                            });
  }

  void write(std::size_t n) {
    asio::async_write(socket_, asio::buffer(buf_.get(), n),
                      [self = shared_from_this()](std::error_code ec, std::size_t) {
                        if (!ec) self->read();
                      });
  }

  asio::ip::tcp::socket socket_;
  std::unique_ptr<char[]> buf_{new char[buf_size]};
};

void do_accept(asio::ip::tcp::acceptor& acceptor) {
  acceptor.async_accept([&acceptor](std::error_code ec, asio::ip::tcp::socket s) {
    if (!ec) {
      std::error_code ignored;
      s.set_option(asio::ip::tcp::no_delay(true), ignored);
      std::make_shared<session>(std::move(s))->start();
    } else if (ec == asio::error::operation_aborted) {
      return;  // acceptor closed on shutdown
    }
    // Other errors (EMFILE, ECONNABORTED) are transient: keep accepting.
    do_accept(acceptor);
  });
}

}  // namespace

int main(int argc, char** argv) {
  options o = parse(argc, argv);
  std::signal(SIGPIPE, SIG_IGN);
  try {
    asio::io_context io(1);
    asio::ip::tcp::endpoint ep(asio::ip::make_address(o.host), static_cast<unsigned short>(o.port));
    asio::ip::tcp::acceptor acceptor(io);
    acceptor.open(ep.protocol());
    acceptor.set_option(asio::ip::tcp::acceptor::reuse_address(true));
    acceptor.bind(ep);
    acceptor.listen(asio::socket_base::max_listen_connections);

    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](std::error_code, int) { io.stop(); });

    do_accept(acceptor);
    std::printf("listening on %u\n", unsigned(acceptor.local_endpoint().port()));
    std::fflush(stdout);
    io.run();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "asio_echo_server: %s\n", e.what());
    return 1;
  }
  return 0;
}
