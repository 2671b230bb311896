// Linux side of file handles (see file.hpp).
#include "core/file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace ovl::detail {

file_object::~file_object() { ::close(fd_); }

int file_open(const char* path, uint32_t access, uint32_t disposition, bool* existed) {
  int flags = O_CLOEXEC;
  if ((access & 3) == 3) flags |= O_RDWR;
  else if (access & 2) flags |= O_WRONLY;
  else flags |= O_RDONLY;
  struct stat st;
  *existed = ::stat(path, &st) == 0;
  switch (disposition) {
    case 1: flags |= O_CREAT | O_EXCL; break;   // CREATE_NEW
    case 2: flags |= O_CREAT | O_TRUNC; break;  // CREATE_ALWAYS
    case 3: break;                              // OPEN_EXISTING
    case 4: flags |= O_CREAT; break;            // OPEN_ALWAYS
    case 5: flags |= O_TRUNC; break;            // TRUNCATE_EXISTING
    default: return -EINVAL;
  }
  int fd = ::open(path, flags, 0666);
  return fd < 0 ? -errno : fd;
}

int64_t file_read(int fd, void* buf, uint64_t n, int64_t offset) {
  ssize_t r;
  do {
    r = offset >= 0 ? ::pread(fd, buf, n, offset) : ::read(fd, buf, n);
  } while (r < 0 && errno == EINTR);
  return r < 0 ? -errno : r;
}

int64_t file_write(int fd, const void* buf, uint64_t n, int64_t offset) {
  ssize_t r;
  do {
    r = offset >= 0 ? ::pwrite(fd, buf, n, offset) : ::write(fd, buf, n);
  } while (r < 0 && errno == EINTR);
  return r < 0 ? -errno : r;
}

int64_t file_size(int fd) {
  struct stat st;
  if (::fstat(fd, &st) < 0) return -errno;
  return st.st_size;
}

int64_t file_seek(int fd, int64_t off, int whence) {
  off_t r = ::lseek(fd, off, whence == 0 ? SEEK_SET : whence == 1 ? SEEK_CUR : SEEK_END);
  return r < 0 ? -errno : r;
}

}  // namespace ovl::detail
