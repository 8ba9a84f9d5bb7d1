#include "tcpkitchenprinter.h"

#include "escposformatter.h"
#include "kitchenchit.h"

#include <QTcpSocket>

TcpKitchenPrinter::TcpKitchenPrinter(QString host, quint16 port, int timeoutMs, int columns)
    : m_host(std::move(host))
    , m_port(port)
    , m_timeoutMs(timeoutMs)
    , m_columns(columns)
{ }

QString TcpKitchenPrinter::uri() const
{
    const QString host = m_host.contains(u':') ? u'[' + m_host + u']' : m_host;
    return QStringLiteral("tcp://%1:%2").arg(host).arg(m_port);
}

VoidResult TcpKitchenPrinter::deliver(const KitchenChit& chit)
{
    const QByteArray bytes = EscPosFormatter(m_columns).format(chit);
    QTcpSocket socket;
    socket.connectToHost(m_host, m_port);
    if (!socket.waitForConnected(m_timeoutMs)) {
        return unexpected(Error::unavailable(
            KitchenPrinter::tr("The printer at %1 cannot be reached: %2").arg(uri(), socket.errorString())));
    }
    socket.write(bytes);
    while (socket.bytesToWrite() > 0) {
        if (!socket.waitForBytesWritten(m_timeoutMs)) {
            // Part of the chit may have printed; sending it again is better
            // than a cook never seeing the order.
            return unexpected(Error::unavailable(
                KitchenPrinter::tr("The printer at %1 stopped taking the chit: %2").arg(uri(), socket.errorString())));
        }
    }
    socket.disconnectFromHost();
    if (socket.state() != QAbstractSocket::UnconnectedState) {
        socket.waitForDisconnected(m_timeoutMs);
    }
    return {};
}
