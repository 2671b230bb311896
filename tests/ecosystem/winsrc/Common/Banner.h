// Banner.h: includes "version.h", which is not in this directory but next to its includer.
#pragma once
#include "version.h"
#define BANNER_VERSION CLIENT_VERSION
