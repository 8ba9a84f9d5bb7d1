#pragma once

#include <QByteArray>
#include <QList>
#include <QTcpServer>

// A stand-in network kitchen printer for tests: listens on a local port and
// keeps the bytes of each connection (one chit each) once it closes.
class ChitListener final
{
public:
    ChitListener();
    ChitListener(const ChitListener&) = delete;
    ChitListener& operator=(const ChitListener&) = delete;

    bool listen(quint16 port = 0);
    void close() { m_server.close(); }
    quint16 port() const { return m_server.serverPort(); }
    QString uri() const;

    // The chits received so far, in the order their connections closed.
    const QList<QByteArray>& chits() const { return m_chits; }

private:
    QTcpServer m_server;
    QList<QByteArray> m_chits;
};
