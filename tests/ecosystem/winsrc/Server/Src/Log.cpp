// Log.cpp: no #include at all; MSVC's transitive includes made printf and strlen visible.
// A bad pointer must not take the server down: __except needs no header when the filter is 1.
void LogLine(const char* text)
{
    __try {
        printf("[log] %s (%d chars)\n", text, (int)strlen(text));
    }
    __except (1) {
        printf("[log] unreadable text\n");
    }
}
