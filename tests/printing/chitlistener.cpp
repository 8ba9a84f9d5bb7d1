#include "chitlistener.h"

#include <QTcpSocket>
#include <memory>

ChitListener::ChitListener()
{
    QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
        while (QTcpSocket* socket = m_server.nextPendingConnection()) {
            auto received = std::make_shared<QByteArray>();
            QObject::connect(
                socket, &QTcpSocket::readyRead, socket, [socket, received] { received->append(socket->readAll()); });
            QObject::connect(socket, &QTcpSocket::disconnected, &m_server, [this, socket, received] {
                received->append(socket->readAll());
                m_chits.append(*received);
                socket->deleteLater();
            });
        }
    });
}

bool ChitListener::listen(quint16 port)
{
    return m_server.listen(QHostAddress::LocalHost, port);
}

QString ChitListener::uri() const
{
    return QStringLiteral("tcp://127.0.0.1:%1").arg(port());
}
