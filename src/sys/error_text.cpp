// Message texts and names for the Win32 and WSA codes overlapped can report (see
// error_text.hpp). One sorted constexpr table, binary-searched.
//
// Wording: Microsoft's "System Error Codes" and "Windows Sockets Error Codes" reference pages
// and the MessageText blocks of the current SDK winerror.h, which are generated from the same
// message table FormatMessage reads. Where older SDKs differ (8: "Not enough storage ...",
// 1231-1233: "The remote network is not reachable by the transport.", 1225: "The remote
// system refused ..."), the Windows 10/11 wording is used. 735's text really is its own name.
// 10107 follows most SDK copies ("A system call has failed."); one newer copy reads "A system
// call that should never fail has failed." -- to be checked on Windows.
#include "sys/error_text.hpp"

#include <algorithm>
#include <iterator>

namespace ovl::detail {
namespace {

struct text_row {
    uint32_t code;
    const char* name;
    const char* text;
};

constexpr text_row k_text[] = {
    // ---- Win32 -----------------------------------------------------------------------------
    {0, "ERROR_SUCCESS", "The operation completed successfully.\r\n"},
    {1, "ERROR_INVALID_FUNCTION", "Incorrect function.\r\n"},
    {2, "ERROR_FILE_NOT_FOUND", "The system cannot find the file specified.\r\n"},
    {3, "ERROR_PATH_NOT_FOUND", "The system cannot find the path specified.\r\n"},
    {4, "ERROR_TOO_MANY_OPEN_FILES", "The system cannot open the file.\r\n"},
    {5, "ERROR_ACCESS_DENIED", "Access is denied.\r\n"},
    {6, "ERROR_INVALID_HANDLE", "The handle is invalid.\r\n"},  // also WSA_INVALID_HANDLE
    {8, "ERROR_NOT_ENOUGH_MEMORY",  // also WSA_NOT_ENOUGH_MEMORY
     "Not enough memory resources are available to process this command.\r\n"},
    {21, "ERROR_NOT_READY", "The device is not ready.\r\n"},
    {31, "ERROR_GEN_FAILURE", "A device attached to the system is not functioning.\r\n"},
    {32, "ERROR_SHARING_VIOLATION",
     "The process cannot access the file because it is being used by another process.\r\n"},
    {50, "ERROR_NOT_SUPPORTED", "The request is not supported.\r\n"},
    {51, "ERROR_REM_NOT_LIST",
     "Windows cannot find the network path. Verify that the network path is correct and the "
     "destination computer is not busy or turned off. If Windows still cannot find the network "
     "path, contact your network administrator.\r\n"},
    {52, "ERROR_DUP_NAME",
     "You were not connected because a duplicate name exists on the network. If joining a "
     "domain, go to System in Control Panel to change the computer name and try again. If "
     "joining a workgroup, choose another workgroup name.\r\n"},
    {53, "ERROR_BAD_NETPATH", "The network path was not found.\r\n"},
    {54, "ERROR_NETWORK_BUSY", "The network is busy.\r\n"},
    {58, "ERROR_BAD_NET_RESP", "The specified server cannot perform the requested operation.\r\n"},
    {59, "ERROR_UNEXP_NET_ERR", "An unexpected network error occurred.\r\n"},
    {64, "ERROR_NETNAME_DELETED", "The specified network name is no longer available.\r\n"},
    {68, "ERROR_TOO_MANY_NAMES",
     "The name limit for the local computer network adapter card was exceeded.\r\n"},
    {71, "ERROR_REQ_NOT_ACCEP",
     "No more connections can be made to this remote computer at this time because there are "
     "already as many connections as the computer can accept.\r\n"},
    {87, "ERROR_INVALID_PARAMETER", "The parameter is incorrect.\r\n"},  // also WSA_INVALID_PARAMETER
    {120, "ERROR_CALL_NOT_IMPLEMENTED", "This function is not supported on this system.\r\n"},
    {121, "ERROR_SEM_TIMEOUT", "The semaphore timeout period has expired.\r\n"},
    {122, "ERROR_INSUFFICIENT_BUFFER", "The data area passed to a system call is too small.\r\n"},
    {170, "ERROR_BUSY", "The requested resource is in use.\r\n"},
    {233, "ERROR_PIPE_NOT_CONNECTED", "No process is on the other end of the pipe.\r\n"},
    {234, "ERROR_MORE_DATA", "More data is available.\r\n"},
    {258, "WAIT_TIMEOUT", "The wait operation timed out.\r\n"},
    {317, "ERROR_MR_MID_NOT_FOUND",
     "The system cannot find message text for message number 0x%1 in the message file for "
     "%2.\r\n"},
    {487, "ERROR_INVALID_ADDRESS", "Attempt to access invalid address.\r\n"},
    {554, "ERROR_CANT_WAIT",
     "Used to indicate that an operation cannot continue without blocking for I/O.\r\n"},
    {735, "ERROR_ABANDONED_WAIT_0", "ERROR_ABANDONED_WAIT_0\r\n"},
    {995, "ERROR_OPERATION_ABORTED",  // also WSA_OPERATION_ABORTED
     "The I/O operation has been aborted because of either a thread exit or an application "
     "request.\r\n"},
    {996, "ERROR_IO_INCOMPLETE", "Overlapped I/O event is not in a signaled state.\r\n"},  // WSA_IO_INCOMPLETE
    {997, "ERROR_IO_PENDING", "Overlapped I/O operation is in progress.\r\n"},  // WSA_IO_PENDING
    {998, "ERROR_NOACCESS", "Invalid access to memory location.\r\n"},
    {1168, "ERROR_NOT_FOUND", "Element not found.\r\n"},
    {1214, "ERROR_INVALID_NETNAME", "The format of the specified network name is invalid.\r\n"},
    {1225, "ERROR_CONNECTION_REFUSED", "The remote computer refused the network connection.\r\n"},
    {1226, "ERROR_GRACEFUL_DISCONNECT", "The network connection was gracefully closed.\r\n"},
    {1227, "ERROR_ADDRESS_ALREADY_ASSOCIATED",
     "The network transport endpoint already has an address associated with it.\r\n"},
    {1228, "ERROR_ADDRESS_NOT_ASSOCIATED",
     "An address has not yet been associated with the network endpoint.\r\n"},
    {1229, "ERROR_CONNECTION_INVALID",
     "An operation was attempted on a nonexistent network connection.\r\n"},
    {1230, "ERROR_CONNECTION_ACTIVE",
     "An invalid operation was attempted on an active network connection.\r\n"},
    {1231, "ERROR_NETWORK_UNREACHABLE",
     "The network location cannot be reached. For information about network troubleshooting, "
     "see Windows Help.\r\n"},
    {1232, "ERROR_HOST_UNREACHABLE",
     "The network location cannot be reached. For information about network troubleshooting, "
     "see Windows Help.\r\n"},
    {1233, "ERROR_PROTOCOL_UNREACHABLE",
     "The network location cannot be reached. For information about network troubleshooting, "
     "see Windows Help.\r\n"},
    {1234, "ERROR_PORT_UNREACHABLE",
     "No service is operating at the destination network endpoint on the remote system.\r\n"},
    {1235, "ERROR_REQUEST_ABORTED", "The request was aborted.\r\n"},
    {1236, "ERROR_CONNECTION_ABORTED", "The network connection was aborted by the local system.\r\n"},
    {1256, "ERROR_HOST_DOWN",
     "The remote system is not available. For information about network troubleshooting, see "
     "Windows Help.\r\n"},
    {1450, "ERROR_NO_SYSTEM_RESOURCES",
     "Insufficient system resources exist to complete the requested service.\r\n"},
    {1453, "ERROR_WORKING_SET_QUOTA", "Insufficient quota to complete the requested service.\r\n"},
    {1454, "ERROR_PAGEFILE_QUOTA", "Insufficient quota to complete the requested service.\r\n"},
    {1455, "ERROR_COMMITMENT_LIMIT", "The paging file is too small for this operation to complete.\r\n"},
    {1784, "ERROR_INVALID_USER_BUFFER",
     "The supplied user buffer is not valid for the requested operation.\r\n"},
    {1816, "ERROR_NOT_ENOUGH_QUOTA", "Not enough quota is available to process this command.\r\n"},

    // ---- Winsock ---------------------------------------------------------------------------
    {10004, "WSAEINTR", "A blocking operation was interrupted by a call to WSACancelBlockingCall.\r\n"},
    {10009, "WSAEBADF", "The file handle supplied is not valid.\r\n"},
    {10013, "WSAEACCES",
     "An attempt was made to access a socket in a way forbidden by its access permissions.\r\n"},
    {10014, "WSAEFAULT",
     "The system detected an invalid pointer address in attempting to use a pointer argument in "
     "a call.\r\n"},
    {10022, "WSAEINVAL", "An invalid argument was supplied.\r\n"},
    {10024, "WSAEMFILE", "Too many open sockets.\r\n"},
    {10035, "WSAEWOULDBLOCK", "A non-blocking socket operation could not be completed immediately.\r\n"},
    {10036, "WSAEINPROGRESS", "A blocking operation is currently executing.\r\n"},
    {10037, "WSAEALREADY",
     "An operation was attempted on a non-blocking socket that already had an operation in "
     "progress.\r\n"},
    {10038, "WSAENOTSOCK", "An operation was attempted on something that is not a socket.\r\n"},
    {10039, "WSAEDESTADDRREQ", "A required address was omitted from an operation on a socket.\r\n"},
    {10040, "WSAEMSGSIZE",
     "A message sent on a datagram socket was larger than the internal message buffer or some "
     "other network limit, or the buffer used to receive a datagram into was smaller than the "
     "datagram itself.\r\n"},
    {10041, "WSAEPROTOTYPE",
     "A protocol was specified in the socket function call that does not support the semantics "
     "of the socket type requested.\r\n"},
    {10042, "WSAENOPROTOOPT",
     "An unknown, invalid, or unsupported option or level was specified in a getsockopt or "
     "setsockopt call.\r\n"},
    {10043, "WSAEPROTONOSUPPORT",
     "The requested protocol has not been configured into the system, or no implementation for "
     "it exists.\r\n"},
    {10044, "WSAESOCKTNOSUPPORT",
     "The support for the specified socket type does not exist in this address family.\r\n"},
    {10045, "WSAEOPNOTSUPP",
     "The attempted operation is not supported for the type of object referenced.\r\n"},
    {10046, "WSAEPFNOSUPPORT",
     "The protocol family has not been configured into the system or no implementation for it "
     "exists.\r\n"},
    {10047, "WSAEAFNOSUPPORT", "An address incompatible with the requested protocol was used.\r\n"},
    {10048, "WSAEADDRINUSE",
     "Only one usage of each socket address (protocol/network address/port) is normally "
     "permitted.\r\n"},
    {10049, "WSAEADDRNOTAVAIL", "The requested address is not valid in its context.\r\n"},
    {10050, "WSAENETDOWN", "A socket operation encountered a dead network.\r\n"},
    {10051, "WSAENETUNREACH", "A socket operation was attempted to an unreachable network.\r\n"},
    {10052, "WSAENETRESET",
     "The connection has been broken due to keep-alive activity detecting a failure while the "
     "operation was in progress.\r\n"},
    {10053, "WSAECONNABORTED",
     "An established connection was aborted by the software in your host machine.\r\n"},
    {10054, "WSAECONNRESET", "An existing connection was forcibly closed by the remote host.\r\n"},
    {10055, "WSAENOBUFS",
     "An operation on a socket could not be performed because the system lacked sufficient "
     "buffer space or because a queue was full.\r\n"},
    {10056, "WSAEISCONN", "A connect request was made on an already connected socket.\r\n"},
    {10057, "WSAENOTCONN",
     "A request to send or receive data was disallowed because the socket is not connected and "
     "(when sending on a datagram socket using a sendto call) no address was supplied.\r\n"},
    {10058, "WSAESHUTDOWN",
     "A request to send or receive data was disallowed because the socket had already been shut "
     "down in that direction with a previous shutdown call.\r\n"},
    {10059, "WSAETOOMANYREFS", "Too many references to some kernel object.\r\n"},
    {10060, "WSAETIMEDOUT",
     "A connection attempt failed because the connected party did not properly respond after a "
     "period of time, or established connection failed because connected host has failed to "
     "respond.\r\n"},
    {10061, "WSAECONNREFUSED",
     "No connection could be made because the target machine actively refused it.\r\n"},
    {10062, "WSAELOOP", "Cannot translate name.\r\n"},
    {10063, "WSAENAMETOOLONG", "Name component or name was too long.\r\n"},
    {10064, "WSAEHOSTDOWN", "A socket operation failed because the destination host was down.\r\n"},
    {10065, "WSAEHOSTUNREACH", "A socket operation was attempted to an unreachable host.\r\n"},
    {10066, "WSAENOTEMPTY", "Cannot remove a directory that is not empty.\r\n"},
    {10067, "WSAEPROCLIM",
     "A Windows Sockets implementation may have a limit on the number of applications that may "
     "use it simultaneously.\r\n"},
    {10068, "WSAEUSERS", "Ran out of quota.\r\n"},
    {10069, "WSAEDQUOT", "Ran out of disk quota.\r\n"},
    {10070, "WSAESTALE", "File handle reference is no longer available.\r\n"},
    {10071, "WSAEREMOTE", "Item is not available locally.\r\n"},
    {10091, "WSASYSNOTREADY",
     "WSAStartup cannot function at this time because the underlying system it uses to provide "
     "network services is currently unavailable.\r\n"},
    {10092, "WSAVERNOTSUPPORTED", "The Windows Sockets version requested is not supported.\r\n"},
    {10093, "WSANOTINITIALISED", "Either the application has not called WSAStartup, or WSAStartup failed.\r\n"},
    {10101, "WSAEDISCON",
     "Returned by WSARecv or WSARecvFrom to indicate the remote party has initiated a graceful "
     "shutdown sequence.\r\n"},
    {10102, "WSAENOMORE", "No more results can be returned by WSALookupServiceNext.\r\n"},
    {10103, "WSAECANCELLED",
     "A call to WSALookupServiceEnd was made while this call was still processing. The call has "
     "been canceled.\r\n"},
    {10104, "WSAEINVALIDPROCTABLE", "The procedure call table is invalid.\r\n"},
    {10105, "WSAEINVALIDPROVIDER", "The requested service provider is invalid.\r\n"},
    {10106, "WSAEPROVIDERFAILEDINIT", "The requested service provider could not be loaded or initialized.\r\n"},
    {10107, "WSASYSCALLFAILURE", "A system call has failed.\r\n"},
    {10108, "WSASERVICE_NOT_FOUND",
     "No such service is known. The service cannot be found in the specified name space.\r\n"},
    {10109, "WSATYPE_NOT_FOUND", "The specified class was not found.\r\n"},
    {10110, "WSA_E_NO_MORE", "No more results can be returned by WSALookupServiceNext.\r\n"},
    {10111, "WSA_E_CANCELLED",
     "A call to WSALookupServiceEnd was made while this call was still processing. The call has "
     "been canceled.\r\n"},
    {10112, "WSAEREFUSED", "A database query failed because it was actively refused.\r\n"},
    {11001, "WSAHOST_NOT_FOUND", "No such host is known.\r\n"},
    {11002, "WSATRY_AGAIN",
     "This is usually a temporary error during hostname resolution and means that the local "
     "server did not receive a response from an authoritative server.\r\n"},
    {11003, "WSANO_RECOVERY", "A non-recoverable error occurred during a database lookup.\r\n"},
    {11004, "WSANO_DATA", "The requested name is valid, but no data of the requested type was found.\r\n"},
    {11005, "WSA_QOS_RECEIVERS", "At least one reserve has arrived.\r\n"},
    {11006, "WSA_QOS_SENDERS", "At least one path has arrived.\r\n"},
    {11007, "WSA_QOS_NO_SENDERS", "There are no senders.\r\n"},
    {11008, "WSA_QOS_NO_RECEIVERS", "There are no receivers.\r\n"},
    {11009, "WSA_QOS_REQUEST_CONFIRMED", "Reserve has been confirmed.\r\n"},
    {11010, "WSA_QOS_ADMISSION_FAILURE", "Error due to lack of resources.\r\n"},
    {11011, "WSA_QOS_POLICY_FAILURE", "Rejected for administrative reasons - bad credentials.\r\n"},
    {11012, "WSA_QOS_BAD_STYLE", "Unknown or conflicting style.\r\n"},
    {11013, "WSA_QOS_BAD_OBJECT",
     "Problem with some part of the filterspec or providerspecific buffer in general.\r\n"},
    {11014, "WSA_QOS_TRAFFIC_CTRL_ERROR", "Problem with some part of the flowspec.\r\n"},
    {11015, "WSA_QOS_GENERIC_ERROR", "General QOS error.\r\n"},
    {11016, "WSA_QOS_ESERVICETYPE", "An invalid or unrecognized service type was found in the flowspec.\r\n"},
    {11017, "WSA_QOS_EFLOWSPEC", "An invalid or inconsistent flowspec was found in the QOS structure.\r\n"},
    {11018, "WSA_QOS_EPROVSPECBUF", "Invalid QOS provider-specific buffer.\r\n"},
    {11019, "WSA_QOS_EFILTERSTYLE", "An invalid QOS filter style was used.\r\n"},
    {11020, "WSA_QOS_EFILTERTYPE", "An invalid QOS filter type was used.\r\n"},
    {11021, "WSA_QOS_EFILTERCOUNT",
     "An incorrect number of QOS FILTERSPECs were specified in the FLOWDESCRIPTOR.\r\n"},
    {11022, "WSA_QOS_EOBJLENGTH",
     "An object with an invalid ObjectLength field was specified in the QOS provider-specific "
     "buffer.\r\n"},
    {11023, "WSA_QOS_EFLOWCOUNT",
     "An incorrect number of flow descriptors was specified in the QOS structure.\r\n"},
    {11024, "WSA_QOS_EUNKOWNPSOBJ",
     "An unrecognized object was found in the QOS provider-specific buffer.\r\n"},
    {11025, "WSA_QOS_EPOLICYOBJ", "An invalid policy object was found in the QOS provider-specific buffer.\r\n"},
    {11026, "WSA_QOS_EFLOWDESC", "An invalid QOS flow descriptor was found in the flow descriptor list.\r\n"},
    {11027, "WSA_QOS_EPSFLOWSPEC",
     "An invalid or inconsistent flowspec was found in the QOS provider specific buffer.\r\n"},
    {11028, "WSA_QOS_EPSFILTERSPEC", "An invalid FILTERSPEC was found in the QOS provider-specific buffer.\r\n"},
    {11029, "WSA_QOS_ESDMODEOBJ",
     "An invalid shape discard mode object was found in the QOS provider specific buffer.\r\n"},
    {11030, "WSA_QOS_ESHAPERATEOBJ",
     "An invalid shaping rate object was found in the QOS provider-specific buffer.\r\n"},
    {11031, "WSA_QOS_RESERVED_PETYPE",
     "A reserved policy element was found in the QOS provider-specific buffer.\r\n"},
    {11032, "WSA_SECURE_HOST_NOT_FOUND", "No such host is known securely.\r\n"},
    {11033, "WSA_IPSEC_NAME_POLICY_ERROR", "Name based IPSEC policy could not be added.\r\n"},
};

consteval bool text_sorted_unique() {
    for (std::size_t i = 1; i < std::size(k_text); ++i)
        if (!(k_text[i - 1].code < k_text[i].code)) return false;
    return true;
}
static_assert(text_sorted_unique(), "k_text must be ascending with no duplicates");

const text_row* find(uint32_t code) {
    const auto* end = std::end(k_text);
    const auto* it = std::lower_bound(std::begin(k_text), end, code,
                                      [](const text_row& r, uint32_t v) { return r.code < v; });
    return (it != end && it->code == code) ? it : nullptr;
}

}  // namespace

const char* system_message(uint32_t code) noexcept {
    const text_row* r = find(code);
    return r ? r->text : nullptr;
}

const char* system_code_name(uint32_t code) noexcept {
    const text_row* r = find(code);
    return r ? r->name : nullptr;
}

}  // namespace ovl::detail
