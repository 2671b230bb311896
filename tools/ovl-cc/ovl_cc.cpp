// ovl-cc / ovl-c++: compiler drivers that build an unmodified Windows source against overlapped,
// in the spirit of Wine's winegcc. `ovl-c++ Server.cpp -o server` runs the system compiler
// (cc / c++, or $OVL_CC / $OVL_CXX) with:
//   - include/win32 on the include path, -Wno-unknown-pragmas (#pragma comment, #pragma warning),
//   - a forced-include prelude (ovl_prelude.h: the C headers MSVC includes transitively, and
//     the MSVC CRT names such as _stricmp and sprintf_s),
//   - an include map: a temp directory of forwarding headers, one per #include spelling in the
//     sources that Linux would not find but Windows would (backslashes, wrong letter case,
//     trailing spaces), put first on the include path,
//   - `-Dmain=ovl_user_main` for a source that defines `void main` (g++ rejects it; nothing is
//     rewritten),
//   - structured exception handling: a source that uses __try is compiled from a rewritten copy
//     (seh_rewrite.cpp; docs/porting.md, "Structured exception handling"), and
//   - liboverlapped_winmain.a + liboverlapped at the end of the link line, whatever
//     `#pragma comment(lib, ...)` asks for. The archive provides `main` only when the program has
//     none (WinMain, wWinMain, wmain, or a renamed void main); see winmain_shim.c.
// Every source is compiled separately (so one can get -Dmain=... and another not), then linked.
// What each quirk handling does and does not do: docs/install.md.
// The binary is built twice, as ovl-cc (C) and ovl-c++ (C++); OVL_CC_CXX selects the language.
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "seh_rewrite.hpp"

namespace fs = std::filesystem;

namespace {

bool verbose = false;

struct layout {
  fs::path win32_include;  // include/win32 (ovl_prelude.h lives here too)
  std::vector<fs::path> lib_dirs;  // liboverlapped and liboverlapped_winmain.a
};

// Installed: <prefix>/bin/ovl-cc with <prefix>/<includedir>/overlapped/win32 next to it.
// Otherwise the build tree, whose paths are compiled in.
layout find_layout() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path prefix = exe.parent_path();
    for (const auto& part : fs::path(OVL_CC_REL_BINDIR)) {
      (void)part;
      prefix = prefix.parent_path();
    }
    fs::path inc = prefix / OVL_CC_REL_INCLUDEDIR;
    if (fs::exists(inc / "windows.h")) return {inc, {prefix / OVL_CC_REL_LIBDIR}};
  }
  return {OVL_CC_BUILD_INCLUDEDIR, {OVL_CC_BUILD_LIBDIR, OVL_CC_BUILD_SHIMDIR}};
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

bool has_ext(const std::string& a, std::initializer_list<const char*> exts) {
  auto dot = a.rfind('.');
  if (dot == std::string::npos) return false;
  std::string e = a.substr(dot + 1);
  for (const char* x : exts)
    if (e == x) return true;
  return false;
}

bool is_source(const std::string& a) {
  if (a.empty() || a[0] == '-') return false;
  return has_ext(a, {"c", "cc", "cp", "cpp", "cxx", "c++", "C", "CC", "CPP", "CXX", "C++"});
}

// Options whose value is the next argument (so that value is never taken for a source).
bool takes_value(const std::string& a) {
  static const std::set<std::string> opts = {
      "-o", "-I", "-D", "-U", "-include", "-imacros", "-isystem", "-iquote", "-idirafter",
      "-x", "-MF", "-MT", "-MQ", "-L", "-l", "-Xlinker", "-Xpreprocessor", "-Xassembler",
      "-aux-info", "-u", "-T", "-z", "-isysroot", "--sysroot", "-iprefix", "-iwithprefix"};
  return opts.count(a) != 0;
}

std::string quote_for_log(const std::string& s) {
  if (!s.empty() && s.find_first_of(" \t\"'\\$`") == std::string::npos) return s;
  std::string r = "'";
  for (char c : s) r += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return r + "'";
}

int run(const std::vector<std::string>& cmd) {
  if (verbose) {
    std::string line;
    for (const auto& a : cmd) line += (line.empty() ? "" : " ") + quote_for_log(a);
    std::fprintf(stderr, "ovl-cc: %s\n", line.c_str());
  }
  std::vector<char*> argv;
  for (const auto& a : cmd) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) {
    std::perror("ovl-cc: fork");
    return 1;
  }
  if (pid == 0) {
    execvp(argv[0], argv.data());
    std::fprintf(stderr, "ovl-cc: cannot run %s: %s\n", argv[0], std::strerror(errno));
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

std::optional<std::string> read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Comments removed (string literals are not parsed: a "/*" inside one is rare in practice).
std::string strip_comments(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '/' && i + 1 < s.size() && s[i + 1] == '/') {
      while (i < s.size() && s[i] != '\n') ++i;
      out += '\n';
    } else if (s[i] == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      size_t e = s.find("*/", i + 2);
      for (size_t j = i; j < (e == std::string::npos ? s.size() : e); ++j)
        if (s[j] == '\n') out += '\n';
      out += ' ';
      if (e == std::string::npos) break;
      i = e + 1;
    } else {
      out += s[i];
    }
  }
  return out;
}

struct include_line {
  bool angle;
  std::string spelled;  // exactly as written between the delimiters
};

std::vector<include_line> scan_includes(const std::string& text) {
  static const std::regex re(R"(^[ \t]*#[ \t]*include[ \t]*([<"])([^>"\n]*)[>"])",
                             std::regex::multiline);
  std::vector<include_line> out;
  std::string t = strip_comments(text);
  for (std::sregex_iterator it(t.begin(), t.end(), re), end; it != end; ++it)
    out.push_back({(*it)[1] == "<", (*it)[2]});
  return out;
}

// Resolve a relative path the way Windows would: '\' and '/' both separate, each component
// matches case-insensitively, trailing spaces and dots of a component are dropped, and ".." is
// taken lexically.
std::optional<fs::path> resolve_ci(const fs::path& base, const std::string& spelled) {
  std::string norm = spelled;
  std::replace(norm.begin(), norm.end(), '\\', '/');
  if (norm.empty() || norm[0] == '/' || (norm.size() > 1 && norm[1] == ':')) return std::nullopt;
  fs::path cur = base;
  std::stringstream ss(norm);
  std::string comp;
  while (std::getline(ss, comp, '/')) {
    while (!comp.empty() && (comp.back() == ' ' || comp.back() == '.') && comp != "." && comp != "..")
      comp.pop_back();
    if (comp.empty() || comp == ".") continue;
    if (comp == "..") {
      cur = cur.parent_path();
      continue;
    }
    std::error_code ec;
    if (fs::exists(cur / comp, ec)) {
      cur /= comp;
      continue;
    }
    std::optional<fs::path> hit;
    std::string want = lower(comp);
    for (fs::directory_iterator it(cur, ec), end; !ec && it != end; it.increment(ec))
      if (lower(it->path().filename().string()) == want) {
        hit = it->path();
        break;
      }
    if (!hit) return std::nullopt;
    cur = *hit;
  }
  std::error_code ec;
  if (!fs::is_regular_file(cur, ec)) return std::nullopt;
  return cur;
}

// The include map: <tmp>/quote/u/u/... (deep enough for every leading "../" spelled with
// forward slashes) and <tmp>/angle, both on -I after the user's own -I directories (so a file
// that is found as written in one of those still wins, as it would on Windows) and before
// include/win32. Each entry is a forwarding header named
// exactly as the source spells the include, containing #include "<absolute path>"; a
// forwarding header rather than a symlink, so that the real file's own quoted includes are
// looked up next to the real file.
class include_map {
 public:
  include_map(fs::path root, fs::path win32, std::vector<fs::path> user_dirs)
      : root_(std::move(root)), win32_(std::move(win32)), user_dirs_(std::move(user_dirs)) {}

  // Each queued file carries the directories of the files that include it (innermost first):
  // MSVC looks for a quoted include there too, after the includer's own directory.
  void scan(const std::vector<fs::path>& sources) {
    struct item {
      fs::path file;
      std::vector<fs::path> parents;
    };
    std::deque<item> todo;
    for (const auto& s : sources) todo.push_back({fs::absolute(s).lexically_normal(), {}});
    std::set<std::pair<fs::path, std::vector<fs::path>>> seen;
    while (!todo.empty()) {
      item it = todo.front();
      todo.pop_front();
      if (!seen.insert({it.file, it.parents}).second || seen.size() > 20000) continue;
      auto text = read_file(it.file);
      if (!text) continue;
      std::vector<fs::path> chain{it.file.parent_path()};
      chain.insert(chain.end(), it.parents.begin(), it.parents.end());
      for (const auto& inc : scan_includes(*text)) {
        auto target = inc.angle ? resolve_angle(inc.spelled) : resolve_quoted(chain, inc.spelled);
        // Follow the program's own headers, not ours or the system's.
        if (target && !is_under(*target, win32_)) todo.push_back({*target, chain});
      }
    }
  }

  // Returns the compiler flags that put the map first; empty when no entry was needed.
  std::vector<std::string> flags() {
    std::vector<std::string> f;
    if (quote_entries_.empty() && angle_entries_.empty()) return f;
    fs::path qbase = root_ / "quote";
    for (int i = 0; i < max_up_; ++i) qbase /= "u";
    fs::create_directories(qbase);
    fs::create_directories(root_ / "angle");
    for (const auto& [spelled, target] : quote_entries_) write_entry(qbase, spelled, target);
    for (const auto& [spelled, target] : angle_entries_) write_entry(root_ / "angle", spelled, target);
    f = {"-I", qbase.string(), "-I", (root_ / "angle").string()};
    return f;
  }

 private:
  static bool is_under(const fs::path& p, const fs::path& dir) {
    auto rel = p.lexically_relative(dir);
    return !rel.empty() && *rel.begin() != "..";
  }

  static bool exists_exact(const fs::path& dir, const std::string& spelled) {
    std::error_code ec;
    return fs::is_regular_file(dir / spelled, ec);
  }

  std::optional<fs::path> resolve_quoted(const std::vector<fs::path>& chain, const std::string& spelled) {
    // GCC finds "..." as written in the includer's directory, then the -iquote/-I directories
    // (then ours, where the map goes after the user's -I). MSVC also looks in the directories
    // of the files that included the includer; GCC does not, so a hit there needs an entry.
    std::vector<fs::path> gcc_dirs{chain.front()};
    gcc_dirs.insert(gcc_dirs.end(), user_dirs_.begin(), user_dirs_.end());
    gcc_dirs.push_back(win32_);
    for (const auto& d : gcc_dirs)
      if (exists_exact(d, spelled)) return fs::absolute(d / spelled).lexically_normal();
    // Windows' order: the includer's directory, its includers' directories, then /I.
    std::vector<fs::path> dirs(chain);
    dirs.insert(dirs.end(), user_dirs_.begin(), user_dirs_.end());
    dirs.push_back(win32_);
    for (const auto& d : dirs)
      if (exists_exact(d, spelled)) {
        add(quote_entries_, spelled, "\"" + fs::absolute(d / spelled).lexically_normal().string() + "\"");
        return fs::absolute(d / spelled).lexically_normal();
      }
    for (const auto& d : dirs)
      if (auto hit = resolve_ci(d, spelled)) {
        add(quote_entries_, spelled, "\"" + fs::absolute(*hit).lexically_normal().string() + "\"");
        return fs::absolute(*hit).lexically_normal();
      }
    return std::nullopt;
  }

  std::optional<fs::path> resolve_angle(const std::string& spelled) {
    std::vector<fs::path> dirs(user_dirs_);
    dirs.push_back(win32_);
    for (const auto& d : dirs)
      if (exists_exact(d, spelled)) return fs::absolute(d / spelled).lexically_normal();
    for (const auto& d : dirs)
      if (auto hit = resolve_ci(d, spelled)) {
        add(angle_entries_, spelled, "\"" + fs::absolute(*hit).lexically_normal().string() + "\"");
        return fs::absolute(*hit).lexically_normal();
      }
    // A system header spelled with a trailing space or backslashes (<stdio.h >, <sys\types.h>):
    // forward to the cleaned-up spelling and let the compiler search as usual.
    std::string clean = trim(spelled);
    std::replace(clean.begin(), clean.end(), '\\', '/');
    if (clean != spelled && !clean.empty()) add(angle_entries_, spelled, "<" + clean + ">");
    return std::nullopt;
  }

  void add(std::map<std::string, std::string>& entries, const std::string& spelled, const std::string& target) {
    if (spelled.empty() || spelled[0] == '/' || spelled.find('\0') != std::string::npos) return;
    auto [it, inserted] = entries.emplace(spelled, target);
    if (!inserted && it->second != target)
      std::fprintf(stderr,
                   "ovl-cc: warning: #include \"%s\" means %s in one place and %s in another; using the first\n",
                   spelled.c_str(), it->second.c_str(), target.c_str());
    if (&entries == &quote_entries_) {
      // Leading "../" with forward slashes climbs out of the map directory: nest it deeper.
      int up = 0;
      std::stringstream ss(spelled);
      std::string comp;
      while (std::getline(ss, comp, '/') && comp == "..") ++up;
      max_up_ = std::max(max_up_, up);
    }
  }

  static void write_entry(const fs::path& base, const std::string& spelled, const std::string& target) {
    fs::path p = (base / spelled).lexically_normal();
    std::error_code ec;
    fs::create_directories(p.parent_path(), ec);
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << "/* ovl-cc include map: #include \"" << spelled << "\" resolved as Windows would. */\n"
        << "#include " << target << "\n";
    if (verbose) std::fprintf(stderr, "ovl-cc: include map: \"%s\" -> %s\n", spelled.c_str(), target.c_str());
  }

  fs::path root_, win32_;
  std::vector<fs::path> user_dirs_;
  std::map<std::string, std::string> quote_entries_, angle_entries_;
  int max_up_ = 0;
};

// Which entry point a source defines with a return type g++ rejects or the shim must know.
// Returns the -D flag to add for it (none for a normal int main).
std::vector<std::string> entry_point_flags(const fs::path& src) {
  auto text = read_file(src);
  if (!text) return {};
  std::string t = strip_comments(*text);
  static const std::regex void_main(R"(\b(void|VOID)\s+(__cdecl\s+|_cdecl\s+)?(main|_tmain)\s*\()");
  static const std::regex void_wmain(R"(\b(void|VOID)\s+(__cdecl\s+|_cdecl\s+)?wmain\s*\()");
  std::vector<std::string> f;
  if (std::regex_search(t, void_main)) f.push_back("-Dmain=ovl_user_main");
  if (std::regex_search(t, void_wmain)) f.push_back("-Dwmain=ovl_user_wmain");
  return f;
}

// The language a source is compiled in: the last -x before it, else the driver's (g++ compiles
// .c as C++), else its extension.
bool compiled_as_c(const fs::path& src, const std::vector<std::string>& user) {
  std::string x;
  for (size_t i = 0; i < user.size(); ++i) {
    if (user[i] == src.string()) break;
    if (user[i] == "-x" && i + 1 < user.size()) x = user[i + 1];
    else if (user[i].rfind("-x", 0) == 0 && user[i].size() > 2) x = user[i].substr(2);
  }
  if (!x.empty() && x != "none") return x == "c";
  if (OVL_CC_CXX) return false;
  return src.extension() == ".c";
}

struct seh_source {
  fs::path path;                   // the rewritten copy to compile instead, or empty
  std::vector<std::string> flags;  // go first on the compile command
  std::string error;
};

// A source with __try is compiled from a rewritten copy with the same file name in a directory
// of its own (so -c without -o, -MD and -S still name their outputs after the source). The
// copy says #line "<source>", so diagnostics, __FILE__ and debug info name the original; its
// quoted includes are looked up next to the original first (-iquote, searched before the
// user's -iquote and -I directories, as the including file's own directory is).
// -fno-delete-null-pointer-checks keeps a store through NULL a store (GCC would turn it into a
// trap, clang drop it), so it faults as EXCEPTION_ACCESS_VIOLATION. -fnon-call-exceptions
// treats every instruction that may fault as a possible throw point, as MSVC's /EHa does: GCC
// then keeps it inside its __try and, in C++, keeps the stores before it that the handler can
// see in order. C gets -fexceptions (which that needs) so that a C++ exception crossing a C
// __try also pops its frame.
seh_source rewrite_seh(const fs::path& src, const std::vector<std::string>& user, const layout& lay,
                       const fs::path& dir) {
  seh_source r;
  auto text = read_file(src);
  if (!text || !ovl_cc::seh_mentions(*text)) return r;
  const bool lang_c = compiled_as_c(src, user);
  ovl_cc::seh_result rw =
      ovl_cc::seh_rewrite(*text, src.string(), (lay.win32_include / "ovl_seh.h").string(), lang_c);
  for (const auto& w : rw.warnings) std::fprintf(stderr, "%s\n", w.c_str());
  if (!rw.changed) return r;
  std::error_code ec;
  fs::create_directories(dir, ec);
  r.path = dir / src.filename();
  std::ofstream out(r.path, std::ios::binary | std::ios::trunc);
  out << rw.text;
  out.close();
  if (!out) {
    r.error = "cannot write " + r.path.string();
    return r;
  }
  if (verbose)
    std::fprintf(stderr, "ovl-cc: %s: %d __try construct(s) rewritten into %s\n", src.c_str(), rw.constructs,
                 r.path.c_str());
  r.flags = {"-iquote", fs::absolute(src).parent_path().string(), "-fno-delete-null-pointer-checks",
             "-fnon-call-exceptions"};
  if (lang_c) r.flags.push_back("-fexceptions");
  return r;
}

// make-style dependency output (-MD/-MMD, -MF) written while compiling a rewritten copy names
// the copy, which is gone after the build: name the original instead.
void fix_depfile(const std::vector<std::string>& user, const fs::path& src, const fs::path& copy) {
  bool md = false;
  std::string mf, out;
  for (size_t i = 0; i < user.size(); ++i) {
    const std::string& a = user[i];
    if (a == "-MD" || a == "-MMD") md = true;
    else if (a == "-MF" && i + 1 < user.size()) mf = user[++i];
    else if (a.rfind("-MF", 0) == 0 && a.size() > 3) mf = a.substr(3);
    else if (a == "-o" && i + 1 < user.size()) out = user[++i];
  }
  if (mf.empty()) {
    if (!md) return;
    // GCC: the -o name with its suffix replaced by .d, else the source's base name + .d.
    mf = out.empty() ? src.stem().string() + ".d" : fs::path(out).replace_extension(".d").string();
  }
  auto text = read_file(mf);
  if (!text) return;
  auto escape = [](const std::string& p) {
    std::string e;
    for (char c : p) {
      if (c == ' ' || c == '#') e += '\\';
      if (c == '$') e += '$';
      e += c;
    }
    return e;
  };
  const std::string from = escape(copy.string()), to = escape(src.string());
  std::string t = *text;
  bool changed = false;
  for (size_t at = t.find(from); at != std::string::npos; at = t.find(from, at + to.size())) {
    t.replace(at, from.size(), to);
    changed = true;
  }
  if (!changed) return;
  std::ofstream o(mf, std::ios::binary | std::ios::trunc);
  o << t;
}

void usage() {
  std::printf(
      "usage: %s [compiler options] files...\n"
      "Compiles and links unmodified Windows (Winsock) sources against overlapped.\n"
      "All options go to the system compiler (%s, or $%s). Driver options:\n"
      "  --ovl-verbose         print each command and include-map entry (or OVL_CC_VERBOSE=1)\n"
      "  --ovl-keep-temps      keep the temp directory (objects, include map)\n"
      "  --ovl-static          link liboverlapped.a (and liburing) instead of liboverlapped.so\n"
      "  --ovl-win32-macros    also define _WIN32, _WIN64 and WIN32 (off by default: libstdc++'s\n"
      "                        <filesystem> and other Linux headers change meaning under _WIN32)\n"
      "  --ovl-no-prelude      do not force-include ovl_prelude.h\n"
      "  --ovl-no-include-map  do not generate the case/backslash include map\n"
      "  --ovl-no-seh          do not rewrite __try/__except/__finally/__leave\n"
      "  --ovl-print-cflags    print the include flags ovl-cc adds and exit\n"
      "  --ovl-print-libs      print the link flags ovl-cc adds and exit\n"
      "See docs/install.md.\n",
      OVL_CC_NAME, OVL_CC_CXX ? "c++" : "cc", OVL_CC_CXX ? "OVL_CXX" : "OVL_CC");
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> user;
  bool keep = false, static_link = false, win32_macros = false, prelude = true, use_map = true, seh = true;
  bool print_cflags = false, print_libs = false;
  if (const char* v = std::getenv("OVL_CC_VERBOSE")) verbose = *v && std::strcmp(v, "0") != 0;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--ovl-verbose") verbose = true;
    else if (a == "--ovl-keep-temps") keep = true;
    else if (a == "--ovl-static") static_link = true;
    else if (a == "--ovl-win32-macros") win32_macros = true;
    else if (a == "--ovl-no-prelude") prelude = false;
    else if (a == "--ovl-no-include-map") use_map = false;
    else if (a == "--ovl-no-seh") seh = false;
    else if (a == "--ovl-print-cflags") print_cflags = true;
    else if (a == "--ovl-print-libs") print_libs = true;
    else if (a == "--ovl-help" || (a == "--help" && argc == 2)) {
      usage();
      return 0;
    } else user.push_back(a);
  }

  const layout lay = find_layout();
  const char* env_cc = std::getenv(OVL_CC_CXX ? "OVL_CXX" : "OVL_CC");
  const std::string compiler = env_cc && *env_cc ? env_cc : (OVL_CC_CXX ? "c++" : "cc");

  // Classify the user's arguments.
  bool link = true;
  std::string output;
  std::vector<fs::path> sources, user_dirs;
  for (size_t i = 0; i < user.size(); ++i) {
    const std::string& a = user[i];
    if (a == "-c" || a == "-S" || a == "-E" || a == "-M" || a == "-MM" || a == "-fsyntax-only") link = false;
    if (takes_value(a) && i + 1 < user.size()) {
      if (a == "-o") output = user[i + 1];
      if (a == "-I" || a == "-iquote" || a == "-isystem" || a == "-idirafter") user_dirs.emplace_back(user[i + 1]);
      ++i;
      continue;
    }
    if (a.rfind("-I", 0) == 0 && a.size() > 2) user_dirs.emplace_back(a.substr(2));
    if (a.rfind("-iquote", 0) == 0 && a.size() > 7) user_dirs.emplace_back(a.substr(7));
    if (is_source(a)) sources.emplace_back(a);
  }

  // What ovl-cc adds.
  // Before the user's arguments: definitions and the prelude. After them: the include map and
  // include/win32 (so the user's -I directories are searched first, as /I dirs are on Windows)
  // and -Wno-unknown-pragmas (so a later -Wall does not turn it back on).
  std::vector<std::string> pre{"-DOVL_CC=1"};
  if (win32_macros) pre.insert(pre.end(), {"-D_WIN32", "-D_WIN64", "-DWIN32"});
  if (prelude) pre.insert(pre.end(), {"-include", (lay.win32_include / "ovl_prelude.h").string()});
  std::vector<std::string> post{"-I" + lay.win32_include.string(), "-Wno-unknown-pragmas"};
  std::vector<std::string> libs;
  for (const auto& d : lay.lib_dirs) libs.push_back("-L" + d.string());
  if (static_link) {
    libs.insert(libs.end(), {"-loverlapped_winmain", "-l:liboverlapped.a", "-luring", "-lpthread"});
  } else {
    // An rpath for a private prefix or the build tree; the system directories need none.
    const std::string so_dir = lay.lib_dirs.front().string();  // where liboverlapped.so is
    if (so_dir.rfind("/usr/lib", 0) != 0 && so_dir.rfind("/lib", 0) != 0) libs.push_back("-Wl,-rpath," + so_dir);
    libs.insert(libs.end(), {"-loverlapped_winmain", "-loverlapped"});
  }
  if (print_cflags || print_libs) {
    std::vector<std::string> v = libs;
    if (print_cflags) {
      v = pre;
      v.insert(v.end(), post.begin(), post.end());
    }
    std::string line;
    for (const auto& a : v) line += (line.empty() ? "" : " ") + quote_for_log(a);
    std::printf("%s\n", line.c_str());
    return 0;
  }
  if (user.empty()) {
    usage();
    return 1;
  }

  char tmpl_buf[4096];
  const char* tmpdir = std::getenv("TMPDIR");
  std::snprintf(tmpl_buf, sizeof tmpl_buf, "%s/ovl-cc.XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
  if (!mkdtemp(tmpl_buf)) {
    std::perror("ovl-cc: mkdtemp");
    return 1;
  }
  const fs::path tmp = tmpl_buf;
  struct cleanup {
    fs::path p;
    bool keep;
    ~cleanup() {
      std::error_code ec;
      if (keep) std::fprintf(stderr, "ovl-cc: kept %s\n", p.c_str());
      else fs::remove_all(p, ec);
    }
  } guard{tmp, keep};

  if (use_map) {
    include_map map(tmp / "map", lay.win32_include, user_dirs);
    map.scan(sources);
    auto mf = map.flags();
    post.insert(post.begin(), mf.begin(), mf.end());
  }

  // No sources: a plain link (or a query such as --version) with our libraries added.
  if (sources.empty()) {
    std::vector<std::string> cmd{compiler};
    cmd.insert(cmd.end(), user.begin(), user.end());
    if (link) cmd.insert(cmd.end(), libs.begin(), libs.end());
    return run(cmd);
  }

  // Compile each source on its own.
  std::map<std::string, std::string> object_of;
  int n = 0, n_seh = 0;
  for (const auto& src : sources) {
    std::vector<std::string> cmd{compiler};
    const seh_source rw = seh ? rewrite_seh(src, user, lay, tmp / "seh" / std::to_string(n_seh++)) : seh_source{};
    if (!rw.error.empty()) {
      std::fprintf(stderr, "ovl-cc: %s\n", rw.error.c_str());
      return 1;
    }
    cmd.insert(cmd.end(), rw.flags.begin(), rw.flags.end());
    cmd.insert(cmd.end(), pre.begin(), pre.end());
    auto ep = entry_point_flags(src);
    if (verbose && !ep.empty()) std::fprintf(stderr, "ovl-cc: %s defines void main: %s\n", src.c_str(), ep[0].c_str());
    cmd.insert(cmd.end(), ep.begin(), ep.end());
    for (size_t i = 0; i < user.size(); ++i) {
      const std::string& a = user[i];
      if (is_source(a)) continue;
      if (link) {  // compile-only step of a link: keep the link options for the link step
        if (a == "-o" || a == "-l" || a == "-L" || a == "-Xlinker" || a == "-u" || a == "-T") {
          ++i;
          continue;
        }
        if (a.rfind("-l", 0) == 0 || a.rfind("-L", 0) == 0 || a.rfind("-Wl,", 0) == 0) continue;
        if (a[0] != '-' && (i == 0 || !takes_value(user[i - 1]))) continue;  // objects, archives
      } else if (sources.size() > 1 && a == "-o") {  // one -o for several sources: like gcc, refuse
        std::fprintf(stderr, "ovl-cc: cannot specify -o with -c, -S or -E with multiple files\n");
        return 1;
      }
      if (takes_value(a) && i + 1 < user.size()) {
        cmd.push_back(a);
        cmd.push_back(user[++i]);
        continue;
      }
      cmd.push_back(a);
    }
    cmd.insert(cmd.end(), post.begin(), post.end());
    if (link) {
      std::string obj = (tmp / (std::to_string(n++) + "_" + src.stem().string() + ".o")).string();
      object_of[src.string()] = obj;
      cmd.insert(cmd.end(), {"-c", rw.path.empty() ? src.string() : rw.path.string(), "-o", obj});
    } else {
      cmd.push_back(rw.path.empty() ? src.string() : rw.path.string());
    }
    if (int rc = run(cmd); rc != 0) return rc;
    if (!rw.path.empty() && !link) fix_depfile(user, src, rw.path);
  }
  if (!link) return 0;

  // Link: the user's arguments in order, each source replaced by its object, then ours.
  std::vector<std::string> cmd{compiler};
  for (size_t i = 0; i < user.size(); ++i) {
    const std::string& a = user[i];
    if (takes_value(a) && i + 1 < user.size()) {
      cmd.push_back(a);
      cmd.push_back(user[++i]);
      continue;
    }
    cmd.push_back(is_source(a) ? object_of[a] : a);
  }
  cmd.insert(cmd.end(), libs.begin(), libs.end());
  return run(cmd);
}
