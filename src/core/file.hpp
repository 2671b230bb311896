// File handles (CreateFile/ReadFile/WriteFile, and the file parts of TransmitFile and
// TransmitPackets). A file_object owns a Linux fd. Neutral header.
#pragma once
#include <cstdint>

#include "core/object.hpp"

namespace ovl::detail {

class file_object final : public kobject {
 public:
  explicit file_object(int fd) noexcept : kobject(object_type::file), fd_(fd) {}
  ~file_object() override;
  int fd() const noexcept { return fd_; }

 private:
  int fd_;
};

// access: bit 0 read, bit 1 write. disposition: Windows CREATE_NEW(1) .. TRUNCATE_EXISTING(5).
// Returns the fd or -errno. *existed is set when the file was already there.
int file_open(const char* path, uint32_t access, uint32_t disposition, bool* existed);
// pread/pwrite when offset >= 0, read/write at the file position otherwise. Bytes or -errno.
int64_t file_read(int fd, void* buf, uint64_t n, int64_t offset);
int64_t file_write(int fd, const void* buf, uint64_t n, int64_t offset);
int64_t file_size(int fd);
// lseek; whence 0/1/2 as FILE_BEGIN/CURRENT/END. New position or -errno.
int64_t file_seek(int fd, int64_t off, int whence);

}  // namespace ovl::detail
