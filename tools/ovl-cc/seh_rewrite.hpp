// seh_rewrite: the source-to-source step of ovl-cc / ovl-c++ for structured exception handling.
// It turns each __try/__except and __try/__finally construct (and __leave, GetExceptionCode(),
// GetExceptionInformation(), AbnormalTermination() inside them) into plain C or C++ built on the
// macros of include/win32/ovl_seh.h. Everything else is copied byte for byte; comments, string
// and character literals, raw strings and preprocessor lines are never rewritten; line numbers
// stay those of the original file (#line where a __finally block moves). See seh_rewrite.cpp.
#pragma once

#include <string>
#include <vector>

namespace ovl_cc {

struct seh_result {
  bool changed = false;               // constructs were found and `text` is the rewritten file
  int constructs = 0;                 // how many
  std::string text;
  std::vector<std::string> warnings;  // "file:line: warning: ..."
};

// Cheap pre-check: could the source contain a construct at all?
bool seh_mentions(const std::string& source);

// file_name: what __FILE__ and diagnostics should say (the path as given to the driver).
// seh_header: the absolute path of ovl_seh.h, included first.
// lang_c: the file is compiled as C (lets a simple __finally stay in place; see the .cpp).
seh_result seh_rewrite(const std::string& source, const std::string& file_name, const std::string& seh_header,
                       bool lang_c);

}  // namespace ovl_cc
