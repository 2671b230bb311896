/* Legacy.c: a C program with void main(argc, argv). */
#include <windows.h>

void main(int argc, char *argv[])
{
    char upper[16];
    strcpy_s(upper, sizeof(upper), "legacy");
    printf("legacy C void main: %s argc=%d\n", _strupr(upper), argc);
}
