#include "fakehttpserver.h"

#include <QTcpSocket>
#include <QUrl>

QHash<QString, QString> FakeHttpServer::Request::form() const
{
    QHash<QString, QString> fields;
    for (const QByteArray& pair : body.split('&')) {
        if (pair.isEmpty()) {
            continue;
        }
        const qsizetype equals = pair.indexOf('=');
        QByteArray key = equals < 0 ? pair : pair.left(equals);
        QByteArray value = equals < 0 ? QByteArray() : pair.mid(equals + 1);
        // Form encoding: '+' is a space, everything else percent-encoded.
        fields.insert(QString::fromUtf8(QByteArray::fromPercentEncoding(key.replace('+', ' '))),
                      QString::fromUtf8(QByteArray::fromPercentEncoding(value.replace('+', ' '))));
    }
    return fields;
}

FakeHttpServer::FakeHttpServer(Handler handler, QObject* parent)
    : QTcpServer(parent)
    , m_handler(std::move(handler))
{
    m_clock.start();
    listen(QHostAddress::LocalHost, 0);
}

QString FakeHttpServer::baseUrl() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(serverPort());
}

void FakeHttpServer::incomingConnection(qintptr descriptor)
{
    auto* socket = new QTcpSocket(this);
    socket->setSocketDescriptor(descriptor);
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { readFrom(socket); });
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
        m_buffers.remove(socket);
        socket->deleteLater();
    });
}

void FakeHttpServer::readFrom(QTcpSocket* socket)
{
    QByteArray& buffer = m_buffers[socket];
    buffer += socket->readAll();
    for (;;) {
        const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0) {
            return;
        }
        const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
        Request request;
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        request.method = requestLine.value(0);
        const QUrl target(QString::fromUtf8(requestLine.value(1)));
        request.path = target.path();
        request.query = QUrlQuery(target.query(QUrl::FullyEncoded));
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines.at(i).indexOf(':');
            if (colon > 0) {
                request.headers.insert(lines.at(i).left(colon).trimmed().toLower(),
                                       lines.at(i).mid(colon + 1).trimmed());
            }
        }
        const qsizetype length = request.headers.value("content-length").toLongLong();
        if (buffer.size() < headerEnd + 4 + length) {
            return; // the rest of the body is still on its way
        }
        request.body = buffer.mid(headerEnd + 4, length);
        buffer.remove(0, headerEnd + 4 + length);
        request.receivedMs = m_clock.elapsed();
        m_requests.append(request);

        const std::optional<Response> response = m_handler(request);
        if (!response) {
            continue; // never answers: the client's timeout has to fire
        }
        QByteArray out = "HTTP/1.1 " + QByteArray::number(response->status) + " Status\r\n";
        out += "Content-Type: " + response->contentType + "\r\n";
        out += "Content-Length: " + QByteArray::number(response->body.size()) + "\r\n";
        out += "Connection: keep-alive\r\n\r\n";
        out += response->body;
        socket->write(out);
    }
}
