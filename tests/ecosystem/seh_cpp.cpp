// seh_cpp.cpp: structured exception handling in a C++ source written the MSVC way, built with
// ovl-c++ (tests/ecosystem/seh_test.sh builds it at -O0 and -O2 and compares what it prints
// with seh_cpp.expected). Lines marked "differs:" are where docs/porting.md says overlapped
// differs from Windows (compiled with /EHa there). With an argument it runs one fatal case.
#include <windows.h>

#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "seh_common.h"

namespace {

int dtors;
struct tracer {
    ~tracer() { ++dtors; }
};

void faults()
{
    __try {
        seh_write_null();
    }
    __except ([](DWORD code, EXCEPTION_POINTERS *ep) {
        seh_print_record("  filter", ep);
        return code == EXCEPTION_ACCESS_VIOLATION ? EXCEPTION_EXECUTE_HANDLER : EXCEPTION_CONTINUE_SEARCH;
    }(GetExceptionCode(), GetExceptionInformation())) {
        std::printf("write NULL: handler code=%08X\n", GetExceptionCode());
    }
    __try {
        std::printf("%d\n", seh_divide_by_zero());
    }
    __except (GetExceptionCode() == EXCEPTION_INT_DIVIDE_BY_ZERO) {
        std::printf("divide by zero: code=%08X\n", GetExceptionCode());
    }
    __try {
        __try {
            seh_read_bad();
        }
        __except (std::printf("inner filter: %08X -> EXCEPTION_CONTINUE_SEARCH\n", GetExceptionCode()),
                  EXCEPTION_CONTINUE_SEARCH) {
            std::printf("inner handler: not reached\n");
        }
    }
    __except (EXCEPTION_EXECUTE_HANDLER) {
        std::printf("outer handler: %08X\n", GetExceptionCode());
    }
}

// differs: Windows (/EHa) runs the destructor of t; a longjmp does not.
void destructors_skipped()
{
    dtors = 0;
    __try {
        tracer t;
        seh_write_null();
    }
    __except (EXCEPTION_EXECUTE_HANDLER) {
        std::printf("fault past a destructor: destructors run=%d\n", dtors);
    }
}

// A local assigned before the fault is seen by the handler (-fnon-call-exceptions).
void locals_in_handler()
{
    int stage = 0;
    __try {
        stage = 1;
        seh_write_null();
        stage = 2;
    }
    __except (EXCEPTION_EXECUTE_HANDLER) {
        std::printf("local in handler: stage=%d\n", stage);
    }
}

void cxx_exceptions()
{
    dtors = 0;
    __try {
        tracer t;
        throw std::runtime_error("boom");
    }
    __except (std::printf("filter sees C++ exception: %08X\n", GetExceptionCode()), EXCEPTION_EXECUTE_HANDLER) {
        std::printf("C++ exception handled by __except: %08X, destructors run=%d\n", GetExceptionCode(), dtors);
    }
    try {
        __try {
            throw std::runtime_error("passes");
        }
        __except (EXCEPTION_CONTINUE_SEARCH) {
            std::printf("not reached\n");
        }
    } catch (const std::exception &e) {
        std::printf("EXCEPTION_CONTINUE_SEARCH rethrows: catch got \"%s\"\n", e.what());
    }
    try {
        __try {
            throw 42;
        }
        __finally {
            std::printf("finally on throw: abnormal=%d\n", AbnormalTermination() ? 1 : 0);
        }
    } catch (int v) {
        std::printf("caught %d after the finally block\n", v);
    }
}

// differs: Windows runs the outer filter before the inner __finally block (two passes).
void finally_during_unwind()
{
    __try {
        __try {
            seh_divide_by_zero();
        }
        __finally {
            std::printf("inner finally: abnormal=%d\n", AbnormalTermination() ? 1 : 0);
        }
    }
    __except (std::printf("outer filter\n"), EXCEPTION_EXECUTE_HANDLER) {
        std::printf("outer handler: %08X\n", GetExceptionCode());
    }
}

class connection {
public:
    explicit connection(std::string name) : name_(std::move(name)) {}

    // return inside __try, from a member function: the block sees this and the return value
    // is taken first.
    int close_count(bool early)
    {
        std::string local = "x";
        __try {
            if (early)
                return closes_ + 100;
            local += "y";
        }
        __finally {
            ++closes_;
            std::printf("  %s finally: abnormal=%d local=%s\n", name_.c_str(), AbnormalTermination() ? 1 : 0,
                        local.c_str());
        }
        return closes_;
    }

private:
    std::string name_;
    int closes_ = 0;
};

void finally_paths()
{
    __try {
        std::printf("finally __leave: body\n");
        __leave;
    }
    __finally {
        std::printf("finally __leave: abnormal=%d\n", AbnormalTermination());
    }
    connection c("conn");
    int r = c.close_count(true);
    std::printf("finally return: %d\n", r);
    r = c.close_count(false);
    std::printf("finally no return: %d\n", r);
    for (int i = 0; i < 3; i++) {
        __try {
            if (i == 1)
                break;
        }
        __finally {
            std::printf("finally break: i=%d abnormal=%d\n", i, AbnormalTermination());
        }
    }
    __try {
        goto out;
    }
    __finally {
        std::printf("finally goto: abnormal=%d\n", AbnormalTermination());
    }
out:
    // The moved block keeps its line numbers.
    int base = __LINE__;
    int in_body = 0;
    __try {
        in_body = __LINE__ - base;
    }
    __finally {
        std::printf("lines: body +%d, finally +%d\n", in_body, __LINE__ - base);
    }
}

template <class T>
T guarded_divide(T a, T b)
{
    T r = T(-1);
    __try {
        r = a / b;
    }
    __except (EXCEPTION_EXECUTE_HANDLER) {
        std::printf("template: %08X\n", GetExceptionCode());
    }
    return r;
}

void lambdas_and_templates()
{
    auto in_lambda = [](int n) {
        int seen = 0;
        for (int i = 0; i < n; i++) {
            __try {
                seh_write_null();
            }
            __except (EXCEPTION_EXECUTE_HANDLER) {
                seen++;
            }
        }
        return seen;
    };
    std::printf("lambda: %d\n", in_lambda(3));
    __try {
        const char *raw = R"x( } __finally { )x";
        int big = 1'000'000;
        std::printf("raw string: %zu, digit separators: %d\n", std::strlen(raw), big);
    }
    __finally {
        std::printf("raw string: finally\n");
    }
    volatile int zero = 0;
    std::printf("template result: %d\n", guarded_divide<int>(7, zero));
}

void raise_exception()
{
    ULONG_PTR args[1] = {0x1234};
    __try {
        RaiseException(0xE0000010, 0, 1, args);
    }
    __except (seh_print_record("  raise filter", GetExceptionInformation()), EXCEPTION_EXECUTE_HANDLER) {
        std::printf("RaiseException: %08X\n", ::GetExceptionCode());
    }
}

DWORD WINAPI worker(LPVOID)
{
    std::vector<int> v(10, 1);
    int handled = 0;
    for (int i = 0; i < 200; i++) {
        __try {
            if (i % 2)
                seh_write_null();
            else
                seh_divide_by_zero();
        }
        __except (EXCEPTION_EXECUTE_HANDLER) {
            handled++;
        }
    }
    return DWORD(handled + v[0]);
}

void threads()
{
    HANDLE h[3];
    for (auto &x : h)
        x = CreateThread(nullptr, 0, worker, nullptr, 0, nullptr);
    WaitForMultipleObjects(3, h, TRUE, INFINITE);
    for (auto &x : h) {
        DWORD code = 0;
        GetExitCodeThread(x, &code);
        std::printf("thread: %u\n", unsigned(code));
        CloseHandle(x);
    }
}

int fatal(const char *which)
{
    if (!std::strcmp(which, "unhandled")) {
        __try {
            seh_write_null();
        }
        __except (EXCEPTION_CONTINUE_SEARCH) {
        }
    } else if (!std::strcmp(which, "cxx_continue_execution")) {
        __try {
            throw 1;
        }
        __except (EXCEPTION_CONTINUE_EXECUTION) {
        }
    } else {
        std::printf("unknown case %s\n", which);
        return 2;
    }
    std::printf("survived (wrong)\n");
    return 1;
}

}  // namespace

int main(int argc, char **argv)
{
    std::setvbuf(stdout, nullptr, _IONBF, 0);
    if (argc > 1)
        return fatal(argv[1]);
    faults();
    destructors_skipped();
    locals_in_handler();
    cxx_exceptions();
    finally_during_unwind();
    finally_paths();
    lambdas_and_templates();
    raise_exception();
    threads();
    std::printf("done\n");
    return 0;
}
