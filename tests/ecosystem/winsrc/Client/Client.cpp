// Client.cpp: MSVC accepts void main; g++ does not.
#include <Windows.h>
#include "..\Common\Banner.h"

void main()
{
    char buf[32];
    int n = _snprintf(buf, sizeof(buf), "%s-%d", "client", 42);
    printf("void main: %s (%d) %s v%d\n", buf, n, _strnicmp("ABCdef", "abcXYZ", 3) == 0 ? "nicmp-ok" : "nicmp-bad", BANNER_VERSION);
}
