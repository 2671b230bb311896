// real_program_cpp.cpp: real_program.c compiled as C++20 (the same source, unmodified; the
// C++-only part adds <algorithm>/<limits>/<string>/<vector> after <Windows.h>).
#include "real_program.c"
