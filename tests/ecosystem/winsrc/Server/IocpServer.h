// IocpServer.h: the server's declarations (included as "iocpserver.h").
#pragma once
#include "..\Common\COMMON.H"

class IocpServer {
public:
    IocpServer() : m_listen(INVALID_SOCKET), m_port(0) {}
    BOOL Start();
    void Stop();
    USHORT Port() const { return m_port; }

private:
    SOCKET m_listen;
    USHORT m_port;
};

void LogLine(const char* text);
