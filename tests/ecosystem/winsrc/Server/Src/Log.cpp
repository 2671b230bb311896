// Log.cpp: no #include at all; MSVC's transitive includes made printf and strlen visible.
void LogLine(const char* text)
{
    printf("[log] %s (%d chars)\n", text, (int)strlen(text));
}
