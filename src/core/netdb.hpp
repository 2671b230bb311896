// Name resolution and address text conversion, core side: getaddrinfo/getnameinfo, the old
// gethostby*/getservby*/getprotoby* calls with Windows-layout result structures kept per
// thread, inet_addr/inet_ntoa/inet_pton/inet_ntop and the WSAAddressToString /
// WSAStringToAddress formats. Errors come back as WSA codes (the EAI_* and h_errno spaces
// are not errno), and nothing here touches the last error. Neutral header.
#pragma once
#include <cstddef>
#include <cstdint>

namespace ovl::detail {

// Windows' ADDRINFOA (64-bit): note ai_addrlen is a size_t and ai_canonname comes before
// ai_addr, unlike glibc's struct addrinfo. The veneer static_asserts the layout.
struct win_addrinfo {
  int ai_flags;
  int ai_family;
  int ai_socktype;
  int ai_protocol;
  size_t ai_addrlen;
  char* ai_canonname;
  void* ai_addr;
  win_addrinfo* ai_next;
};

// Windows hostent / servent (64-bit order) / protoent.
struct win_hostent {
  char* h_name;
  char** h_aliases;
  int16_t h_addrtype;
  int16_t h_length;
  char** h_addr_list;
};
struct win_servent {
  char* s_name;
  char** s_aliases;
  char* s_proto;
  int16_t s_port;
};
struct win_protoent {
  char* p_name;
  char** p_aliases;
  int16_t p_proto;
};

// Returns 0 or the WSA code (WSAHOST_NOT_FOUND, WSATYPE_NOT_FOUND, WSAEAFNOSUPPORT, ...).
// hints and the result use Windows flag and family values.
uint32_t netdb_getaddrinfo(const char* node, const char* service, const win_addrinfo* hints, win_addrinfo** res);
void netdb_freeaddrinfo(win_addrinfo* ai);
// Windows NI_* flags. host/serv may be null (with length 0).
uint32_t netdb_getnameinfo(const void* win_sa, int salen, char* host, uint32_t hostlen, char* serv,
                           uint32_t servlen, int win_flags);

// The per-thread result structures (valid until the thread's next call of the same family).
// On failure they return null and set *wsa_err.
win_hostent* netdb_gethostbyname(const char* name, uint32_t* wsa_err);
win_hostent* netdb_gethostbyaddr(const void* addr, int len, int win_type, uint32_t* wsa_err);
win_servent* netdb_getservbyname(const char* name, const char* proto, uint32_t* wsa_err);
win_servent* netdb_getservbyport(int port_net, const char* proto, uint32_t* wsa_err);
win_protoent* netdb_getprotobyname(const char* name, uint32_t* wsa_err);
win_protoent* netdb_getprotobynumber(int number, uint32_t* wsa_err);
// 0 or -errno (-EFAULT: the name plus its NUL does not fit).
int netdb_gethostname(char* name, int namelen);

// inet_addr: the a, a.b, a.b.c and a.b.c.d forms (each part decimal, octal or hex), ending at
// the string's end or a space. Returns the address in network order or INADDR_NONE.
uint32_t netdb_inet_addr(const char* s);
// inet_ntoa into a per-thread buffer.
char* netdb_inet_ntoa(uint32_t addr_net);
// inet_pton/inet_ntop with Windows family numbers: 1 / 0 / -1 with *wsa_err, buffer or null.
int netdb_inet_pton(int win_family, const char* src, void* dst, uint32_t* wsa_err);
const char* netdb_inet_ntop(int win_family, const void* src, char* dst, size_t size, uint32_t* wsa_err);
// WSAAddressToStringA: "a.b.c.d[:port]", "addr" / "[addr%scope]:port". *len in/out (chars
// including the NUL). Returns 0 or the WSA code (WSAEFAULT also reports the size needed).
uint32_t netdb_address_to_string(const void* win_sa, uint32_t salen, char* out, uint32_t* len);
// WSAStringToAddressA. *len in/out. Returns 0 or the WSA code.
uint32_t netdb_string_to_address(const char* str, int win_family, void* win_sa, int* len);

}  // namespace ovl::detail
