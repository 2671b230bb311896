// seh_rewrite: MSVC's structured exception handling keywords rewritten into C / C++ that GCC and
// clang compile, on top of include/win32/ovl_seh.h and src/win32/seh.cpp. Why a rewrite and
// what the result can and cannot do: docs/porting.md, "Structured exception handling".
//
// The file is lexed (comments, string/char literals with prefixes, raw strings, pp-numbers with
// digit separators, line splices, preprocessor lines as single tokens), then each construct is
// matched on the tokens: `__try {...} __except (...) {...}` or `__try {...} __finally {...}`.
// Braces are matched in the first compiled-looking branch of each #if group inside the
// construct (the second branch of `#if 0`), as editors do; a construct whose parts sit in
// different branches (`#ifdef _MSC_VER` around the `__try {` only) is left alone with a warning.
// Shapes (N numbers the construct; the macros are in ovl_seh.h):
//
//   __try B __except (F) H   ->  { OVL_SEH_EXCEPT_BEGIN(N) if (OVL_SEH_SETJMP(N) == 0) {
//                                  OVL_SEH_TRY { B ovl_seh_leave_N: ; } OVL_SEH_CATCH(N) }
//                                  else OVL_SEH_XLABEL(N) if (OVL_SEH_DECIDE(N) (F))) H }
//   __try B __finally F, C, B without return/goto/break/continue (any C compiler):
//                             ->  { OVL_SEH_FIN_INLINE_BEGIN(N) if (OVL_SEH_SETJMP(N) == 0) {
//                                  B ovl_seh_leave_N: OVL_SEH_NORMAL(N); } else
//                                  OVL_SEH_FIN_INLINE_SAVE(N); if (OVL_SEH_FIN_INLINE_RUN(N)) F
//                                  OVL_SEH_FIN_INLINE_END(N) }
//   __try B __finally F, otherwise (C: GCC nested function; C++: lambda + destructor):
//                             ->  { OVL_SEH_FIN_BEGIN(N) F OVL_SEH_FIN_END(N)
//                                  if (OVL_SEH_SETJMP(N) == 0) { B ovl_seh_leave_N:
//                                  OVL_SEH_NORMAL(N); } else OVL_SEH_FIN_UNWIND(N) }
//
// F moves in front of B in the last shape; #line directives keep every line's number. Inside
// B, `__leave` becomes `goto ovl_seh_leave_N`; in F (the filter) and H, GetExceptionCode() /
// _exception_code() become the frame's code, in the filter GetExceptionInformation() /
// _exception_info() the current exception's pointers, in F AbnormalTermination() /
// _abnormal_termination() the frame's flag. Everything else is copied unchanged, and no
// newline is added or removed outside a moved block, so the columns of the rest of a line
// shift but the lines do not.
#include "seh_rewrite.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace ovl_cc {
namespace {

enum class tk { ident, number, literal, punct, directive };
enum class dk { none, if_, elif, else_, endif, other };

struct token {
  tk kind;
  size_t b, e;  // [b, e) in the source
  dk dir = dk::none;
  bool zero = false;  // #if 0 / #elif 0
};

bool ident_start(unsigned char c) { return std::isalpha(c) || c == '_' || c == '$' || c >= 0x80; }
bool ident_char(unsigned char c) { return std::isalnum(c) || c == '_' || c == '$' || c >= 0x80; }

class lexer {
 public:
  lexer(const std::string& s, size_t start) : s_(s), n_(s.size()), start_(start) {}

  std::vector<token> run() {
    std::vector<token> out;
    bool bol = true;  // only white space (and comments) so far on this line
    size_t i = start_;
    while (i < n_) {
      char c = s_[i];
      if (c == '\n') {
        bol = true;
        ++i;
        continue;
      }
      if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
        ++i;
        continue;
      }
      if (size_t k = splice(i)) {
        i += k;
        continue;
      }
      if (c == '/' && at(i + 1) == '/') {
        i = line_comment_end(i);
        continue;
      }
      if (c == '/' && at(i + 1) == '*') {
        i = block_comment_end(i);
        continue;
      }
      if (c == '#' && bol) {
        out.push_back(directive(i));
        i = out.back().e;
        bol = false;
        continue;
      }
      bol = false;
      size_t b = i;
      if (ident_start(static_cast<unsigned char>(c))) {
        while (i < n_ && ident_char(static_cast<unsigned char>(s_[i]))) ++i;
        std::string w = s_.substr(b, i - b);
        bool raw_prefix = w == "R" || w == "LR" || w == "uR" || w == "UR" || w == "u8R";
        bool prefix = w == "L" || w == "u" || w == "U" || w == "u8";
        if (raw_prefix && at(i) == '"') {
          i = raw_string_end(i);
          out.push_back({tk::literal, b, i});
        } else if (prefix && (at(i) == '"' || at(i) == '\'')) {
          i = quoted_end(i);
          out.push_back({tk::literal, b, i});
        } else {
          out.push_back({tk::ident, b, i});
        }
        continue;
      }
      if (std::isdigit(static_cast<unsigned char>(c)) || (c == '.' && std::isdigit(static_cast<unsigned char>(at(i + 1))))) {
        ++i;
        while (i < n_) {
          char d = s_[i];
          if ((d == '+' || d == '-') && std::strchr("eEpP", s_[i - 1])) ++i;
          else if (ident_char(static_cast<unsigned char>(d)) || d == '.') ++i;
          else if (d == '\'' && ident_char(static_cast<unsigned char>(at(i + 1)))) i += 2;  // 1'000'000
          else break;
        }
        out.push_back({tk::number, b, i});
        continue;
      }
      if (c == '"' || c == '\'') {
        i = quoted_end(i);
        out.push_back({tk::literal, b, i});
        continue;
      }
      out.push_back({tk::punct, b, i + 1});
      ++i;
    }
    return out;
  }

 private:
  char at(size_t i) const { return i < n_ ? s_[i] : '\0'; }

  // A backslash-newline: its length, or 0.
  size_t splice(size_t i) const {
    if (s_[i] != '\\') return 0;
    if (at(i + 1) == '\n') return 2;
    if (at(i + 1) == '\r' && at(i + 2) == '\n') return 3;
    return 0;
  }

  size_t line_comment_end(size_t i) const {  // up to (not including) the newline
    while (i < n_ && s_[i] != '\n') {
      if (size_t k = splice(i)) i += k;
      else ++i;
    }
    return i;
  }

  size_t block_comment_end(size_t i) const {
    size_t e = s_.find("*/", i + 2);
    return e == std::string::npos ? n_ : e + 2;
  }

  size_t quoted_end(size_t i) const {  // i at the opening quote
    char q = s_[i++];
    while (i < n_ && s_[i] != q && s_[i] != '\n') {
      if (s_[i] == '\\' && i + 1 < n_) {
        if (size_t k = splice(i)) i += k;
        else i += 2;
      } else {
        ++i;
      }
    }
    return i < n_ && s_[i] == q ? i + 1 : i;
  }

  size_t raw_string_end(size_t i) const {  // i at the quote of R"delim( ... )delim"
    size_t open = s_.find('(', i + 1);
    if (open == std::string::npos || open - i - 1 > 16) return quoted_end(i);
    std::string close = ")" + s_.substr(i + 1, open - i - 1) + "\"";
    size_t e = s_.find(close, open + 1);
    return e == std::string::npos ? n_ : e + close.size();
  }

  token directive(size_t i) const {
    token t{tk::directive, i, i};
    size_t j = i + 1;
    auto skip_blank = [&] {
      for (;;) {
        if (j < n_ && (s_[j] == ' ' || s_[j] == '\t')) ++j;
        else if (size_t k = j < n_ ? splice(j) : 0) j += k;
        else if (at(j) == '/' && at(j + 1) == '*') j = block_comment_end(j);
        else break;
      }
    };
    skip_blank();
    size_t nb = j;
    while (j < n_ && ident_char(static_cast<unsigned char>(s_[j]))) ++j;
    std::string name = s_.substr(nb, j - nb);
    if (name == "if" || name == "ifdef" || name == "ifndef") t.dir = dk::if_;
    else if (name == "elif" || name == "elifdef" || name == "elifndef") t.dir = dk::elif;
    else if (name == "else") t.dir = dk::else_;
    else if (name == "endif") t.dir = dk::endif;
    else t.dir = dk::other;
    if (name == "if" || name == "elif") {
      skip_blank();
      if (at(j) == '0') {
        size_t k = j + 1;
        while (k < n_ && (s_[k] == ' ' || s_[k] == '\t' || s_[k] == '\r')) ++k;
        t.zero = k >= n_ || s_[k] == '\n' || (s_[k] == '/' && (at(k + 1) == '/' || at(k + 1) == '*'));
      }
    }
    // To the end of the logical line: splices continue it, a block comment may span lines.
    while (j < n_ && s_[j] != '\n') {
      if (size_t k = splice(j)) j += k;
      else if (s_[j] == '/' && at(j + 1) == '*') j = block_comment_end(j);
      else if (s_[j] == '/' && at(j + 1) == '/') j = line_comment_end(j);
      else if (s_[j] == '"' || s_[j] == '\'') j = quoted_end(j);
      else ++j;
    }
    t.e = j;
    return t;
  }

  const std::string& s_;
  size_t n_;
  size_t start_;
};

// Output with the original line numbers: source text is copied where the output already is on
// its line; otherwise a #line directive (or a few newlines) gets there first.
class emitter {
 public:
  emitter(const std::string& s, const std::string& file) : s_(s) {
    line_starts_.push_back(0);
    for (size_t i = 0; i < s.size(); ++i)
      if (s[i] == '\n') line_starts_.push_back(i + 1);
    file_lit_ = "\"";
    for (char c : file) {
      if (c == '\\' || c == '"') file_lit_ += '\\';
      file_lit_ += c;
    }
    file_lit_ += "\"";
  }

  int line_of(size_t off) const {
    return int(std::upper_bound(line_starts_.begin(), line_starts_.end(), off) - line_starts_.begin());
  }

  void start(const std::string& header) {
    // -Wclobbered (in -Wextra) names the locals a longjmp may leave stale. In C that is the
    // real hazard of a local assigned in a __try block and read in the handler (make it
    // volatile; docs/porting.md), so it stays on. C++ is compiled with -fnon-call-exceptions,
    // which keeps those locals right in practice, and the warning would only be noise there.
    out_ = "#include \"" + header + "\"\n"
           "#if defined(__cplusplus) && defined(__GNUC__) && !defined(__clang__)\n"
           "#pragma GCC diagnostic ignored \"-Wclobbered\"\n#endif\n"
           "#line 1 " + file_lit_ + "\n";
    presumed_ = 1;
  }

  void src(size_t b, size_t e) {
    if (b >= e) return;
    int l = line_of(b);
    if (l != presumed_) sync(l, b);
    out_.append(s_, b, e - b);
    presumed_ += int(std::count(s_.begin() + long(b), s_.begin() + long(e), '\n'));
  }

  void gen(const std::string& g) { out_ += g; }

  // Drops [b, e) but keeps its newlines, so what follows stays on its line.
  void skip(size_t b, size_t e) {
    for (size_t i = b; i < e; ++i)
      if (s_[i] == '\n') {
        out_ += '\n';
        ++presumed_;
      }
  }

  std::string take() { return std::move(out_); }

 private:
  void sync(int l, size_t b) {
    if (l > presumed_ && l - presumed_ <= 3) {
      out_.append(size_t(l - presumed_), '\n');
    } else {
      if (!out_.empty() && out_.back() != '\n') out_ += '\n';
      out_ += "#line " + std::to_string(l) + " " + file_lit_ + "\n";
    }
    presumed_ = l;
    // Same indentation as in the original, so diagnostics' columns mostly match.
    for (size_t i = line_starts_[size_t(l - 1)]; i < b; ++i) out_ += (s_[i] == '\t' ? '\t' : ' ');
  }

  const std::string& s_;
  std::vector<size_t> line_starts_;
  std::string file_lit_;
  std::string out_;
  int presumed_ = 1;
};

struct construct {
  size_t kw_try, body_open, body_close, kw2;  // token indices
  bool is_finally;
  size_t filt_open = 0, filt_close = 0;  // __except ( ... )
  size_t blk_open = 0, blk_close = 0;    // handler or finally block
};

// Which construct each special name refers to (-1: none; -2: one that cannot be reached from
// here, such as the __try around a __finally block that runs as a separate function).
struct context {
  int leave = -1;
  int code = -1;
  int info = -1;
  int fin = -1;
};

// A UTF-8 byte order mark is only allowed first in a file: the rewrite drops it.
size_t bom(const std::string& s) { return s.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0; }

class rewriter {
 public:
  rewriter(const std::string& s, const std::string& file, bool lang_c)
      : s_(s), file_(file), lang_c_(lang_c), toks_(lexer(s, bom(s)).run()), em_(s, file) {}

  seh_result run(const std::string& header) {
    seh_result r;
    bool any = false;
    for (const auto& t : toks_)
      if (t.kind == tk::ident && word(t) == "__try") any = true;
    if (!any) return r;
    em_.start(header);
    emit(0, toks_.size(), bom(s_), s_.size(), context{});
    r.constructs = count_;
    r.changed = count_ > 0;
    r.text = em_.take();
    r.warnings = std::move(warnings_);
    return r;
  }

 private:
  std::string word(const token& t) const { return s_.substr(t.b, t.e - t.b); }
  bool is_punct(size_t i, char c) const {
    return i < toks_.size() && toks_[i].kind == tk::punct && s_[toks_[i].b] == c;
  }
  bool is_ident(size_t i, const char* w) const {
    return i < toks_.size() && toks_[i].kind == tk::ident && word(toks_[i]) == w;
  }

  void warn(size_t tok, const std::string& msg) {
    warnings_.push_back(file_ + ":" + std::to_string(em_.line_of(toks_[tok].b)) + ": warning: " + msg);
  }

  // The token that closes the bracket at `open`, counting only the first compiled-looking
  // branch of each #if group that opens inside; npos if it is not there, or only across an
  // #else/#endif of a group that encloses `open`.
  size_t match(size_t open, char oc, char cc) const {
    struct group {
      bool parent, counting, taken;
    };
    std::vector<group> st;
    auto counting = [&] { return st.empty() || st.back().counting; };
    int depth = 0;
    for (size_t j = open; j < toks_.size(); ++j) {
      const token& t = toks_[j];
      if (t.kind == tk::directive) {
        switch (t.dir) {
          case dk::if_: {
            bool p = counting();
            st.push_back({p, p && !t.zero, !t.zero});
            break;
          }
          case dk::elif:
          case dk::else_: {
            if (st.empty()) return std::string::npos;
            group& g = st.back();
            bool take = !g.taken && !(t.dir == dk::elif && t.zero);
            g.counting = g.parent && take;
            g.taken = g.taken || take;
            break;
          }
          case dk::endif:
            if (st.empty()) return std::string::npos;
            st.pop_back();
            break;
          default:
            break;
        }
        continue;
      }
      if (!counting() || t.kind != tk::punct) continue;
      char c = s_[t.b];
      if (c == oc) ++depth;
      else if (c == cc && --depth == 0) return j;
    }
    return std::string::npos;
  }

  bool parse(size_t i, construct& k, std::string& why) const {
    k.kw_try = i;
    k.body_open = i + 1;
    if (!is_punct(k.body_open, '{')) {
      why = "'{' does not follow __try";
      return false;
    }
    k.body_close = match(k.body_open, '{', '}');
    if (k.body_close == std::string::npos) {
      why = "its block does not close in the same #if branch";
      return false;
    }
    k.kw2 = k.body_close + 1;
    if (is_ident(k.kw2, "__except")) {
      k.is_finally = false;
      k.filt_open = k.kw2 + 1;
      if (!is_punct(k.filt_open, '(')) {
        why = "'(' does not follow __except";
        return false;
      }
      k.filt_close = match(k.filt_open, '(', ')');
      if (k.filt_close == std::string::npos) {
        why = "the __except filter does not close";
        return false;
      }
      k.blk_open = k.filt_close + 1;
    } else if (is_ident(k.kw2, "__finally")) {
      k.is_finally = true;
      k.blk_open = k.kw2 + 1;
    } else {
      why = "neither __except nor __finally follows its block in the same #if branch";
      return false;
    }
    if (!is_punct(k.blk_open, '{')) {
      why = k.is_finally ? "'{' does not follow __finally" : "'{' does not follow the __except filter";
      return false;
    }
    k.blk_close = match(k.blk_open, '{', '}');
    if (k.blk_close == std::string::npos) {
      why = "its handler block does not close in the same #if branch";
      return false;
    }
    return true;
  }

  bool has_word(size_t from, size_t to, std::initializer_list<const char*> words) const {
    for (size_t j = from; j < to; ++j)
      if (toks_[j].kind == tk::ident)
        for (const char* w : words)
          if (word(toks_[j]) == w) return true;
    return false;
  }

  bool call_parens(size_t i) const { return is_punct(i + 1, '(') && is_punct(i + 2, ')'); }

  // Where a name to be replaced starts: C++ sources often write ::GetExceptionCode().
  size_t name_start(size_t i) const {
    if (i >= 2 && is_punct(i - 1, ':') && is_punct(i - 2, ':') && toks_[i - 1].b == toks_[i - 2].e)
      return toks_[i - 2].b;
    return toks_[i].b;
  }

  // Emits the source [b, e), which holds tokens [ti, tj), rewriting what it contains.
  void emit(size_t ti, size_t tj, size_t b, size_t e, const context& c) {
    size_t pos = b;
    for (size_t i = ti; i < tj; ++i) {
      const token& t = toks_[i];
      if (t.kind != tk::ident) continue;
      std::string w = word(t);
      if (w == "__try") {
        construct k;
        std::string why;
        if (!parse(i, k, why)) {
          warn(i, "this __try is not rewritten (" + why + "); it will not compile where the compiler sees it");
          continue;
        }
        em_.src(pos, t.b);
        emit_construct(k, c);
        pos = toks_[k.blk_close].e;
        i = k.blk_close;
      } else if (w == "__leave") {
        if (c.leave == -2) {
          warn(i, "__leave inside this __finally block cannot leave the enclosing __try (the block "
                  "runs as a separate function here)");
          continue;
        }
        if (c.leave < 0) continue;  // not in a __try block: the compiler reports it
        em_.src(pos, t.b);
        em_.gen("goto ovl_seh_leave_" + std::to_string(c.leave));
        leave_used_[size_t(c.leave)] = true;
        pos = t.e;
      } else if ((w == "GetExceptionCode" || w == "_exception_code") && c.code >= 0 && call_parens(i)) {
        em_.src(pos, name_start(i));
        em_.gen("OVL_SEH_CODE(" + std::to_string(c.code) + ")");
        pos = toks_[i + 2].e;
        i += 2;
      } else if ((w == "GetExceptionInformation" || w == "_exception_info") && c.info >= 0 && call_parens(i)) {
        em_.src(pos, name_start(i));
        std::string v = "OVL_SEH_INFO(" + std::to_string(c.info) + ")";
        em_.gen(w == "_exception_info" ? "((void *)" + v + ")" : v);
        pos = toks_[i + 2].e;
        i += 2;
      } else if ((w == "AbnormalTermination" || w == "_abnormal_termination") && c.fin >= 0 && call_parens(i)) {
        em_.src(pos, name_start(i));
        em_.gen("OVL_SEH_ABNORMAL(" + std::to_string(c.fin) + ")");
        pos = toks_[i + 2].e;
        i += 2;
      }
    }
    em_.src(pos, e);
  }

  void emit_block(size_t open, size_t close, const context& c) {
    emit(open, close + 1, toks_[open].b, toks_[close].e, c);
  }

  void emit_construct(const construct& k, const context& c) {
    const int n = ++count_;
    leave_used_.resize(size_t(n) + 1, false);
    const std::string N = std::to_string(n);
    const auto& T = toks_;
    context body = c;
    body.leave = n;
    body.info = -1;
    auto leave_label = [&](const std::string& then) {
      return leave_used_[size_t(n)] ? " ovl_seh_leave_" + N + ": " + then : " " + then;
    };

    if (!k.is_finally) {
      em_.gen("{ OVL_SEH_EXCEPT_BEGIN(" + N + ") if (OVL_SEH_SETJMP(" + N + ") == 0) { OVL_SEH_TRY { ");
      em_.src(T[k.kw_try].e, T[k.body_open].b);
      emit_block(k.body_open, k.body_close, body);
      em_.gen(leave_label(";") + " } OVL_SEH_CATCH(" + N + ") }");
      em_.src(T[k.body_close].e, T[k.kw2].b);
      em_.gen("else OVL_SEH_XLABEL(" + N + ") if (OVL_SEH_DECIDE(" + N + ")");
      em_.src(T[k.kw2].e, T[k.filt_open].b);
      context filt = c;
      filt.code = filt.info = n;
      emit_block(k.filt_open, k.filt_close, filt);
      em_.gen("))");
      em_.src(T[k.filt_close].e, T[k.blk_open].b);
      context handler = c;
      handler.code = n;
      handler.info = -1;
      emit_block(k.blk_open, k.blk_close, handler);
      em_.gen(" }");
      return;
    }

    context fin = c;
    fin.fin = n;
    fin.info = -1;
    const bool escapes = has_word(k.body_open, k.body_close, {"return", "goto", "break", "continue"});
    if (lang_c_ && !escapes) {
      // The block stays where it is and runs after the __try block on every path it has.
      em_.gen("{ OVL_SEH_FIN_INLINE_BEGIN(" + N + ") if (OVL_SEH_SETJMP(" + N + ") == 0) { ");
      em_.src(T[k.kw_try].e, T[k.body_open].b);
      emit_block(k.body_open, k.body_close, body);
      em_.gen(leave_label("OVL_SEH_NORMAL(" + N + ");") + " } else OVL_SEH_FIN_INLINE_SAVE(" + N + ");");
      em_.src(T[k.body_close].e, T[k.kw2].b);
      em_.gen("if (OVL_SEH_FIN_INLINE_RUN(" + N + "))");
      em_.src(T[k.kw2].e, T[k.blk_open].b);
      emit_block(k.blk_open, k.blk_close, fin);
      em_.gen(" OVL_SEH_FIN_INLINE_END(" + N + ") }");
      return;
    }

    // The block moves in front of the __try block, as a function that scope exit calls.
    if (has_word(k.blk_open, k.blk_close, {"return"}))
      warn(k.kw2, "return inside this __finally block ends only the block here (it runs as a separate "
                  "function); MSVC would return from the function");
    fin.leave = -2;
    em_.gen("{ OVL_SEH_FIN_BEGIN(" + N + ") ");
    emit_block(k.blk_open, k.blk_close, fin);
    em_.gen(" OVL_SEH_FIN_END(" + N + ") if (OVL_SEH_SETJMP(" + N + ") == 0) { ");
    em_.src(T[k.kw_try].e, T[k.body_open].b);
    emit_block(k.body_open, k.body_close, body);
    em_.gen(leave_label("OVL_SEH_NORMAL(" + N + ");") + " } else OVL_SEH_FIN_UNWIND(" + N + ") }");
    em_.skip(T[k.body_close].e, T[k.blk_close].e);
  }

  const std::string& s_;
  std::string file_;
  bool lang_c_;
  std::vector<token> toks_;
  emitter em_;
  int count_ = 0;
  std::vector<bool> leave_used_{false};
  std::vector<std::string> warnings_;
};

}  // namespace

bool seh_mentions(const std::string& source) { return source.find("__try") != std::string::npos; }

seh_result seh_rewrite(const std::string& source, const std::string& file_name, const std::string& seh_header,
                       bool lang_c) {
  return rewriter(source, file_name, lang_c).run(seh_header);
}

}  // namespace ovl_cc
