// Version.h: sits next to Client.cpp; Common/Banner.h includes it as "version.h" and MSVC finds it
// in the directory of the file that included Banner.h.
#pragma once
#define CLIENT_VERSION 5
