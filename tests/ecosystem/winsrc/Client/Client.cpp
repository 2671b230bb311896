// Client.cpp: MSVC accepts void main; g++ does not.
#include <Windows.h>

void main()
{
    char buf[32];
    int n = _snprintf(buf, sizeof(buf), "%s-%d", "client", 42);
    printf("void main: %s (%d) %s\n", buf, n, _strnicmp("ABCdef", "abcXYZ", 3) == 0 ? "nicmp-ok" : "nicmp-bad");
}
