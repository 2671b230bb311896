/* cp949_strings.h: string literals saved in CP949 (EUC-KR superset), the way Korean
 * Visual Studio sources are saved. This file is deliberately NOT UTF-8: do not re-encode it.
 * real_program.c sends the literal over a loopback socket and checks that the bytes are
 * exactly the CP949 bytes below (the compiler must pass them through untouched).
 * CP949 trail bytes never include 0x5C ('\\'), so no literal is cut short by an escape
 * (the classic Shift-JIS problem does not arise). */
#ifndef CP949_STRINGS_H
#define CP949_STRINGS_H

static const char greeting_cp949[] = "안녕하세요, 세계";
static const unsigned char greeting_cp949_bytes[] = {0xBE, 0xC8, 0xB3, 0xE7, 0xC7, 0xCF, 0xBC, 0xBC, 0xBF, 0xE4, 0x2C, 0x20, 0xBC, 0xBC, 0xB0, 0xE8};

#endif
