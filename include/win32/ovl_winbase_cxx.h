/* ovl_winbase_cxx.h: C++-only overloads of winbase.h functions that accept a call 32-bit-era
 * Windows code makes and 64-bit Windows no longer compiles. winbase.h includes it at its end.
 *
 * GetQueuedCompletionStatus(port, &bytes, (LPDWORD)&key, &ov, ms): code written when
 * ULONG_PTR was 32 bits keeps its completion key in a DWORD and casts its address. MSVC x64
 * rejects that in C++ (LPDWORD does not convert to PULONG_PTR), and a C compiler that accepts
 * it lets Windows write 8 bytes into the 4-byte variable, smashing whatever follows it. This
 * overload takes the LPDWORD, receives the key into a real ULONG_PTR, and stores only its low
 * 32 bits, so nothing beyond the DWORD is written.
 *
 * Why the truncation is safe for the programs that do this: the key is whatever they passed to
 * CreateIoCompletionPort, and such programs pass a SOCKET, a small index or a DWORD, never a
 * pointer (a pointer in a DWORD was already truncated on Win64).
 * Here a SOCKET is a Linux file descriptor (a small int, below RLIMIT_NOFILE), so the low 32
 * bits hold the whole value. A key above 0xFFFFFFFF comes back truncated, exactly as the
 * program's own DWORD would truncate it.
 * C gets no overload (C has none): in C this call still writes a full ULONG_PTR, as on Windows.
 */
#ifndef OVL_WIN32_WINBASE_CXX_H
#define OVL_WIN32_WINBASE_CXX_H
#ifdef __cplusplus

inline BOOL GetQueuedCompletionStatus(HANDLE CompletionPort, LPDWORD lpNumberOfBytesTransferred,
                                      LPDWORD lpCompletionKey32, LPOVERLAPPED *lpOverlapped,
                                      DWORD dwMilliseconds)
{
    ULONG_PTR key = 0;
    /* A NULL key pointer goes through unchanged, so the real function reports it. */
    BOOL ok = GetQueuedCompletionStatus(CompletionPort, lpNumberOfBytesTransferred,
                                        lpCompletionKey32 ? &key : (PULONG_PTR)0, lpOverlapped,
                                        dwMilliseconds);
    if (lpCompletionKey32) *lpCompletionKey32 = (DWORD)key;
    return ok;
}

#endif /* __cplusplus */
#endif /* OVL_WIN32_WINBASE_CXX_H */
