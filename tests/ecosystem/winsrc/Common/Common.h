// Common.h: shared by the server and the client.
#pragma once
#pragma warning(disable : 4996)

#define APP_NAME "winsrc"
#define APP_VERSION 3

inline int AppVersion() { return APP_VERSION; }
