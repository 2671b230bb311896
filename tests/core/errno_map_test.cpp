// Tests for the one error table (src/sys/errno_map.*) and the message texts
// (src/sys/error_text.*): exact values for the mappings the veneer relies on, the unmapped
// defaults (and that they warn once), the consistency of the rows, and that every code a row
// can report has a Windows message text. Values are literal numbers on purpose: they are what
// Windows returns, not what our constants say.
#include "sys/errno_map.hpp"
#include "sys/error_text.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <netdb.h>
#include <string>

namespace {

using namespace ovl::detail;

struct errno_expect {
    int err;
    uint32_t ntstatus, win32, wsa;
};

TEST(ErrnoMap, ErrnoToAllThree) {
    const errno_expect cases[] = {
        {0, 0x00000000, 0, 0},
        {EAGAIN, 0xC00000A3, 21, 10035},
        {EWOULDBLOCK, 0xC00000A3, 21, 10035},
        {EINPROGRESS, 0xC00000A3, 21, 10035},  // non-blocking connect: WSAEWOULDBLOCK
        {EALREADY, 0xC000000D, 87, 10037},
        {ECONNRESET, 0xC000020D, 64, 10054},
        {EPIPE, 0xC000020D, 64, 10054},
        {ECONNABORTED, 0xC0000241, 1236, 10053},
        {ECONNREFUSED, 0xC0000236, 1225, 10061},
        {ENOTCONN, 0xC0000140, 59, 10057},
        {ESHUTDOWN, 0xC00000B0, 233, 10058},
        {EISCONN, 0xC000023B, 1230, 10056},
        {EBADF, 0xC0000008, 6, 10038},
        {ENOTSOCK, 0xC0000024, 6, 10038},
        {EFAULT, 0xC0000005, 998, 10014},
        {EINVAL, 0xC000000D, 87, 10022},
        {EMFILE, 0xC000011F, 4, 10024},
        {ENFILE, 0xC000011F, 4, 10024},
        {ENOBUFS, 0xC000009A, 1450, 10055},
        {ENOMEM, 0xC0000017, 8, 10055},
        {EADDRINUSE, 0xC0000043, 32, 10048},
        {EADDRNOTAVAIL, 0xC0000207, 1214, 10049},
        {ENODEV, 0xC0000207, 1214, 10049},
        {EAFNOSUPPORT, 0xC00000BB, 50, 10047},
        {EPROTONOSUPPORT, 0xC00000BB, 50, 10043},
        {EPROTOTYPE, 0xC00000BB, 50, 10041},
        {ESOCKTNOSUPPORT, 0xC00000BB, 50, 10044},
        {EOPNOTSUPP, 0xC00000BB, 50, 10045},
        {EPFNOSUPPORT, 0xC00000BB, 50, 10046},
        {EMSGSIZE, 0xC0000206, 1784, 10040},
        {ETIMEDOUT, 0xC00000B5, 121, 10060},
        {EHOSTUNREACH, 0xC000023D, 1232, 10065},
        {ENETUNREACH, 0xC000023C, 1231, 10051},
        {ENETDOWN, 0xC00000BF, 54, 10050},
        {ENETRESET, 0xC000020D, 64, 10052},
        {EHOSTDOWN, 0xC0000350, 1256, 10064},
        {EACCES, 0xC0000022, 5, 10013},
        {EPERM, 0xC0000022, 5, 10013},
        {EINTR, 0xC0000240, 1235, 10004},
        {EDESTADDRREQ, 0xC000000D, 87, 10039},
        {ENOPROTOOPT, 0xC000000D, 87, 10042},
        {ELOOP, 0xC000000D, 87, 10062},
        {ENAMETOOLONG, 0xC000000D, 87, 10063},
        {ETOOMANYREFS, 0xC000000D, 87, 10059},
        {ECANCELED, 0xC0000120, 995, 995},
        {ENOSYS, 0xC0000002, 1, 10045},
        {EPROTO, 0xC0000241, 1236, 10053},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(std::string("errno ") + std::to_string(c.err) + " " + std::strerror(c.err));
        EXPECT_EQ(ntstatus_from_errno(c.err), c.ntstatus);
        EXPECT_EQ(win32_from_errno(c.err), c.win32);
        EXPECT_EQ(wsa_from_errno(c.err), c.wsa);
    }
}

TEST(ErrnoMap, NegativeErrnoIsAccepted) {
    EXPECT_EQ(wsa_from_errno(-ECONNRESET), 10054u);
    EXPECT_EQ(ntstatus_from_errno(-EAGAIN), 0xC00000A3u);
}

struct status_expect {
    uint32_t st, win32, wsa;
};

TEST(ErrnoMap, StatusToWin32AndWsa) {
    const status_expect cases[] = {
        {0x00000000, 0, 0},              // STATUS_SUCCESS
        {0x00000102, 258, 258},          // STATUS_TIMEOUT
        {0x00000103, 997, 997},          // STATUS_PENDING
        {0x80000005, 234, 10040},        // STATUS_BUFFER_OVERFLOW
        {0xC0000001, 31, 10022},         // STATUS_UNSUCCESSFUL
        {0xC0000002, 1, 10045},          // STATUS_NOT_IMPLEMENTED
        {0xC0000005, 998, 10014},        // STATUS_ACCESS_VIOLATION
        {0xC0000008, 6, 10038},          // STATUS_INVALID_HANDLE
        {0xC000000D, 87, 10022},         // STATUS_INVALID_PARAMETER
        {0xC0000010, 1, 10022},          // STATUS_INVALID_DEVICE_REQUEST
        {0xC0000017, 8, 10055},          // STATUS_NO_MEMORY
        {0xC0000022, 5, 10013},          // STATUS_ACCESS_DENIED
        {0xC0000024, 6, 10038},          // STATUS_OBJECT_TYPE_MISMATCH
        {0xC0000043, 32, 10048},         // STATUS_SHARING_VIOLATION
        {0xC000009A, 1450, 10055},       // STATUS_INSUFFICIENT_RESOURCES
        {0xC00000A3, 21, 10035},         // STATUS_DEVICE_NOT_READY
        {0xC00000B0, 233, 10058},        // STATUS_PIPE_DISCONNECTED
        {0xC00000B5, 121, 10060},        // STATUS_IO_TIMEOUT
        {0xC00000BB, 50, 10045},         // STATUS_NOT_SUPPORTED
        {0xC00000BF, 54, 10050},         // STATUS_NETWORK_BUSY
        {0xC00000D8, 554, 10022},        // STATUS_CANT_WAIT
        {0xC00000E8, 1784, 10022},       // STATUS_INVALID_USER_BUFFER
        {0xC000011F, 4, 10022},          // STATUS_TOO_MANY_OPENED_FILES
        {0xC0000120, 995, 995},          // STATUS_CANCELLED
        {0xC000013B, 64, 10053},         // STATUS_LOCAL_DISCONNECT
        {0xC000013C, 64, 10054},         // STATUS_REMOTE_DISCONNECT
        {0xC0000140, 59, 10057},         // STATUS_INVALID_CONNECTION
        {0xC0000141, 59, 10049},         // STATUS_INVALID_ADDRESS
        {0xC0000206, 1784, 10040},       // STATUS_INVALID_BUFFER_SIZE
        {0xC0000207, 1214, 10049},       // STATUS_INVALID_ADDRESS_COMPONENT
        {0xC000020A, 52, 10048},         // STATUS_ADDRESS_ALREADY_EXISTS
        {0xC000020B, 64, 10022},         // STATUS_ADDRESS_CLOSED
        {0xC000020C, 64, 10054},         // STATUS_CONNECTION_DISCONNECTED
        {0xC000020D, 64, 10054},         // STATUS_CONNECTION_RESET
        {0xC0000225, 1168, 10022},       // STATUS_NOT_FOUND
        {0xC0000236, 1225, 10061},       // STATUS_CONNECTION_REFUSED
        {0xC0000237, 1226, 10101},       // STATUS_GRACEFUL_DISCONNECT
        {0xC0000238, 1227, 10022},       // STATUS_ADDRESS_ALREADY_ASSOCIATED
        {0xC000023B, 1230, 10056},       // STATUS_CONNECTION_ACTIVE
        {0xC000023C, 1231, 10051},       // STATUS_NETWORK_UNREACHABLE
        {0xC000023D, 1232, 10065},       // STATUS_HOST_UNREACHABLE
        {0xC000023E, 1233, 10051},       // STATUS_PROTOCOL_UNREACHABLE
        {0xC000023F, 1234, 10054},       // STATUS_PORT_UNREACHABLE
        {0xC0000240, 1235, 10004},       // STATUS_REQUEST_ABORTED
        {0xC0000241, 1236, 10053},       // STATUS_CONNECTION_ABORTED
        {0xC0000350, 1256, 10064},       // STATUS_HOST_DOWN
        {0xC000A012, 1232, 10054},       // STATUS_HOPLIMIT_EXCEEDED
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(testing::Message() << "status 0x" << std::hex << c.st);
        EXPECT_EQ(win32_from_ntstatus(c.st), c.win32);
        EXPECT_EQ(wsa_from_ntstatus(c.st), c.wsa);
    }
}

TEST(ErrnoMap, StatusFallbacksFollowWindows) {
    // RtlNtStatusToDosError: wrapped Win32 codes and customer codes pass through; 0xD... is 0xC...
    EXPECT_EQ(win32_from_ntstatus(0xC0070057), 87u);
    EXPECT_EQ(win32_from_ntstatus(0x80070005), 5u);
    EXPECT_EQ(win32_from_ntstatus(0xE0001234), 0xE0001234u);
    EXPECT_EQ(win32_from_ntstatus(0xD000020D), 64u);
    // ws2_32: only a wrapped ERROR_IO_INCOMPLETE passes through; other errors are WSAEINVAL.
    EXPECT_EQ(wsa_from_ntstatus(0x800703E4), 996u);
    EXPECT_EQ(wsa_from_ntstatus(0xC00703E4), 996u);
    EXPECT_EQ(wsa_from_ntstatus(0xC0070057), 10022u);
}

TEST(ErrnoMap, UnmappedErrnoUsesDefaultAndWarnsOnce) {
    testing::internal::CaptureStderr();
    EXPECT_EQ(ntstatus_from_errno(EIO), 0xC0000001u);
    EXPECT_EQ(win32_from_errno(EIO), 31u);
    EXPECT_EQ(wsa_from_errno(EIO), 10022u);
    const std::string err = testing::internal::GetCapturedStderr();
    const std::string needle = "overlapped: unmapped errno " + std::to_string(EIO);
    const auto first = err.find(needle);
    ASSERT_NE(first, std::string::npos) << err;
    EXPECT_EQ(err.find(needle, first + 1), std::string::npos) << "warned twice: " << err;

    // Out-of-range values do not crash and get the default.
    testing::internal::CaptureStderr();
    EXPECT_EQ(wsa_from_errno(100000), 10022u);
    testing::internal::GetCapturedStderr();
}

TEST(ErrnoMap, UnmappedStatusUsesDefault) {
    testing::internal::CaptureStderr();
    EXPECT_EQ(win32_from_ntstatus(0xC0000FFE), 317u);  // ERROR_MR_MID_NOT_FOUND
    EXPECT_EQ(wsa_from_ntstatus(0xC0000FFE), 10022u);  // WSAEINVAL
    const std::string err = testing::internal::GetCapturedStderr();
    EXPECT_NE(err.find("unmapped NTSTATUS 0xC0000FFE"), std::string::npos) << err;
}

TEST(ErrnoMap, Eai) {
    EXPECT_EQ(wsa_from_eai(0), 0u);
    EXPECT_EQ(wsa_from_eai(EAI_AGAIN), 11002u);
    EXPECT_EQ(wsa_from_eai(EAI_BADFLAGS), 10022u);
    EXPECT_EQ(wsa_from_eai(EAI_FAIL), 11003u);
    EXPECT_EQ(wsa_from_eai(EAI_FAMILY), 10047u);
    EXPECT_EQ(wsa_from_eai(EAI_MEMORY), 8u);
    EXPECT_EQ(wsa_from_eai(EAI_NONAME), 11001u);
    EXPECT_EQ(wsa_from_eai(EAI_SERVICE), 10109u);
    EXPECT_EQ(wsa_from_eai(EAI_SOCKTYPE), 10044u);
    EXPECT_EQ(wsa_from_eai(EAI_OVERFLOW), 10014u);
#ifdef EAI_NODATA
    EXPECT_EQ(wsa_from_eai(EAI_NODATA), 11004u);
#endif
#ifdef EAI_ADDRFAMILY
    EXPECT_EQ(wsa_from_eai(EAI_ADDRFAMILY), 11004u);
#endif
    errno = ECONNREFUSED;
    EXPECT_EQ(wsa_from_eai(EAI_SYSTEM), 10061u);

    testing::internal::CaptureStderr();
    EXPECT_EQ(wsa_from_eai(-12345), 11003u);
    EXPECT_NE(testing::internal::GetCapturedStderr().find("unmapped getaddrinfo error"), std::string::npos);
}

// Every errno row's Win32 column is what its NTSTATUS maps to, and its WSA column matches the
// overlapped mapping except for the errors Windows only ever reports synchronously.
TEST(ErrnoMap, RowsAreConsistent) {
    const int sync_only[] = {ENFILE, EMFILE, ENAMETOOLONG, ELOOP, EDESTADDRREQ, EPROTOTYPE,
                             ENOPROTOOPT, EPROTONOSUPPORT, ESOCKTNOSUPPORT, EPFNOSUPPORT,
                             EAFNOSUPPORT, ENETRESET, ETOOMANYREFS, EALREADY};
    for (const auto& r : errno_rows()) {
        SCOPED_TRACE(r.name);
        EXPECT_EQ(r.win32, win32_from_ntstatus(r.ntstatus));
        bool exception = false;
        for (int e : sync_only) exception |= (e == r.err);
        if (exception)
            EXPECT_NE(r.wsa, wsa_from_ntstatus(r.ntstatus)) << "no longer an exception: update the list";
        else
            EXPECT_EQ(r.wsa, wsa_from_ntstatus(r.ntstatus));
    }
}

bool ends_with_crlf(const char* s) {
    const std::size_t n = std::strlen(s);
    return n >= 3 && s[n - 3] == '.' && s[n - 2] == '\r' && s[n - 1] == '\n';
}

TEST(ErrorText, EveryReportedCodeHasAMessage) {
    auto check = [](uint32_t code, const char* from) {
        SCOPED_TRACE(testing::Message() << from << " -> " << code);
        const char* text = system_message(code);
        ASSERT_NE(text, nullptr);
        EXPECT_TRUE(ends_with_crlf(text)) << text;
        EXPECT_NE(system_code_name(code), nullptr);
    };
    for (const auto& r : errno_rows()) {
        check(r.win32, r.name);
        check(r.wsa, r.name);
    }
    for (const auto& r : status_rows()) {
        check(r.win32, r.name);
        check(r.wsa, r.name);
    }
    for (const auto& r : eai_rows()) check(r.wsa, r.name);
    check(unmapped_errno_win32, "default");
    check(unmapped_errno_wsa, "default");
    check(unmapped_status_win32, "default");
    check(unmapped_eai_wsa, "default");
    for (uint32_t c = 10004; c <= 11004; ++c) {
        if (system_message(c)) {
            EXPECT_TRUE(ends_with_crlf(system_message(c))) << c;
        }
    }
}

TEST(ErrorText, ExactWording) {
    EXPECT_STREQ(system_message(0), "The operation completed successfully.\r\n");
    EXPECT_STREQ(system_message(6), "The handle is invalid.\r\n");
    EXPECT_STREQ(system_message(64), "The specified network name is no longer available.\r\n");
    EXPECT_STREQ(system_message(87), "The parameter is incorrect.\r\n");
    EXPECT_STREQ(system_message(120), "This function is not supported on this system.\r\n");
    EXPECT_STREQ(system_message(258), "The wait operation timed out.\r\n");
    EXPECT_STREQ(system_message(995),
                 "The I/O operation has been aborted because of either a thread exit or an "
                 "application request.\r\n");
    EXPECT_STREQ(system_message(996), "Overlapped I/O event is not in a signaled state.\r\n");
    EXPECT_STREQ(system_message(997), "Overlapped I/O operation is in progress.\r\n");
    EXPECT_STREQ(system_message(1168), "Element not found.\r\n");
    EXPECT_STREQ(system_message(1236), "The network connection was aborted by the local system.\r\n");
    EXPECT_STREQ(system_message(735), "ERROR_ABANDONED_WAIT_0\r\n");
    EXPECT_STREQ(system_message(10035), "A non-blocking socket operation could not be completed immediately.\r\n");
    EXPECT_STREQ(system_message(10054), "An existing connection was forcibly closed by the remote host.\r\n");
    EXPECT_STREQ(system_message(10093), "Either the application has not called WSAStartup, or WSAStartup failed.\r\n");
    EXPECT_STREQ(system_code_name(10054), "WSAECONNRESET");
    EXPECT_STREQ(system_code_name(64), "ERROR_NETNAME_DELETED");
}

TEST(ErrorText, WinsockRangeIsComplete) {
    const uint32_t ranges[][2] = {{10004, 10004}, {10009, 10009}, {10013, 10014}, {10022, 10022},
                                  {10024, 10024}, {10035, 10071}, {10091, 10093}, {10101, 10112},
                                  {11001, 11004}};
    for (const auto& r : ranges)
        for (uint32_t c = r[0]; c <= r[1]; ++c) EXPECT_NE(system_message(c), nullptr) << c;
}

TEST(ErrorText, UnknownIsNull) {
    EXPECT_EQ(system_message(7777777), nullptr);
    EXPECT_EQ(system_message(10005), nullptr);
    EXPECT_EQ(system_code_name(7777777), nullptr);
}

}  // namespace
