#include "fakeopenaiserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

QJsonObject FakeOpenAiServer::Request::json() const
{
    return QJsonDocument::fromJson(body).object();
}

FakeOpenAiServer::FakeOpenAiServer(Handler handler, QObject* parent)
    : QTcpServer(parent)
    , m_handler(std::move(handler))
{
    m_clock.start();
    listen(QHostAddress::LocalHost, 0);
}

QString FakeOpenAiServer::baseUrl() const
{
    return QStringLiteral("http://127.0.0.1:%1/v1").arg(serverPort());
}

FakeOpenAiServer::Reply
FakeOpenAiServer::json(int status, const QJsonObject& body, QList<std::pair<QByteArray, QByteArray>> headers)
{
    Reply reply;
    reply.status = status;
    reply.headers = std::move(headers);
    reply.pieces = {QJsonDocument(body).toJson(QJsonDocument::Compact)};
    return reply;
}

FakeOpenAiServer::Reply FakeOpenAiServer::completion(const QString& text, const QJsonArray& toolCalls)
{
    QJsonObject message{{QStringLiteral("role"), QStringLiteral("assistant")},
                        {QStringLiteral("content"), text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text)}};
    if (!toolCalls.isEmpty()) {
        message.insert(QStringLiteral("tool_calls"), toolCalls);
    }
    const QJsonObject body{
        {QStringLiteral("id"), QStringLiteral("chatcmpl-test")},
        {QStringLiteral("object"), QStringLiteral("chat.completion")},
        {QStringLiteral("model"), QStringLiteral("test-model")},
        {QStringLiteral("choices"),
         QJsonArray{QJsonObject{{QStringLiteral("index"), 0},
                                {QStringLiteral("message"), message},
                                {QStringLiteral("finish_reason"),
                                 toolCalls.isEmpty() ? QStringLiteral("stop") : QStringLiteral("tool_calls")}}}}};
    return json(200, body);
}

FakeOpenAiServer::Reply FakeOpenAiServer::stream(const QList<QJsonObject>& chunks, bool done, int pieceBytes)
{
    QByteArray all;
    for (const QJsonObject& chunk : chunks) {
        all += "data: " + QJsonDocument(chunk).toJson(QJsonDocument::Compact) + "\n\n";
    }
    if (done) {
        all += "data: [DONE]\n\n";
    }
    Reply reply;
    reply.stream = true;
    reply.contentType = "text/event-stream";
    if (pieceBytes <= 0) {
        reply.pieces = {all};
    } else {
        for (qsizetype i = 0; i < all.size(); i += pieceBytes) {
            reply.pieces.append(all.mid(i, pieceBytes));
        }
    }
    return reply;
}

namespace
{

QJsonObject chunkWith(const QJsonObject& delta, const QJsonValue& finish = QJsonValue(QJsonValue::Null))
{
    return {{QStringLiteral("id"), QStringLiteral("chatcmpl-test")},
            {QStringLiteral("object"), QStringLiteral("chat.completion.chunk")},
            {QStringLiteral("model"), QStringLiteral("test-model")},
            {QStringLiteral("choices"),
             QJsonArray{QJsonObject{{QStringLiteral("index"), 0},
                                    {QStringLiteral("delta"), delta},
                                    {QStringLiteral("finish_reason"), finish}}}}};
}

} // namespace

QJsonObject FakeOpenAiServer::textChunk(const QString& text)
{
    return chunkWith({{QStringLiteral("content"), text}});
}

QJsonObject FakeOpenAiServer::toolChunk(int index, const QString& id, const QString& name, const QString& arguments)
{
    QJsonObject function{{QStringLiteral("arguments"), arguments}};
    if (!name.isEmpty()) {
        function.insert(QStringLiteral("name"), name);
    }
    QJsonObject call{{QStringLiteral("index"), index}, {QStringLiteral("function"), function}};
    if (!id.isEmpty()) {
        call.insert(QStringLiteral("id"), id);
        call.insert(QStringLiteral("type"), QStringLiteral("function"));
    }
    return chunkWith({{QStringLiteral("tool_calls"), QJsonArray{call}}});
}

QJsonObject FakeOpenAiServer::finishChunk(const QString& reason)
{
    return chunkWith({}, reason);
}

void FakeOpenAiServer::incomingConnection(qintptr descriptor)
{
    auto* socket = new QTcpSocket(this);
    socket->setSocketDescriptor(descriptor);
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { readFrom(socket); });
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
        m_buffers.remove(socket);
        socket->deleteLater();
    });
}

void FakeOpenAiServer::readFrom(QTcpSocket* socket)
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
        request.path = QUrl(QString::fromUtf8(requestLine.value(1))).path();
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines.at(i).indexOf(':');
            if (colon > 0) {
                request.headers.insert(lines.at(i).left(colon).trimmed().toLower(),
                                       lines.at(i).mid(colon + 1).trimmed());
            }
        }
        const qsizetype length = request.headers.value("content-length").toLongLong();
        if (buffer.size() < headerEnd + 4 + length) {
            return;
        }
        request.body = buffer.mid(headerEnd + 4, length);
        buffer.remove(0, headerEnd + 4 + length);
        request.receivedMs = m_clock.elapsed();
        m_requests.append(request);
        const Reply reply = m_handler(request, int(m_requests.size()) - 1);
        if (reply.answer) {
            write(socket, reply);
        }
    }
}

void FakeOpenAiServer::write(QTcpSocket* socket, const Reply& reply)
{
    QByteArray head = "HTTP/1.1 " + QByteArray::number(reply.status) + " Status\r\n";
    head += "Content-Type: " + reply.contentType + "\r\n";
    for (const auto& [name, value] : reply.headers) {
        head += name + ": " + value + "\r\n";
    }
    if (reply.stream) {
        head += "Cache-Control: no-cache\r\nConnection: close\r\n\r\n";
    } else {
        qsizetype length = 0;
        for (const QByteArray& piece : reply.pieces) {
            length += piece.size();
        }
        head += "Content-Length: " + QByteArray::number(length) + "\r\nConnection: keep-alive\r\n\r\n";
    }
    socket->write(head);
    QPointer<QTcpSocket> alive(socket);
    const auto finishUp = [alive, reply] {
        if (alive && reply.stream && reply.closeAtEnd) {
            alive->disconnectFromHost();
        }
    };
    if (reply.pieceDelayMs <= 0) {
        for (const QByteArray& piece : reply.pieces) {
            socket->write(piece);
        }
        finishUp();
        return;
    }
    for (qsizetype i = 0; i < reply.pieces.size(); ++i) {
        QTimer::singleShot(int(i + 1) * reply.pieceDelayMs, socket, [alive, piece = reply.pieces.at(i)] {
            if (alive) {
                alive->write(piece);
                alive->flush();
            }
        });
    }
    QTimer::singleShot(int(reply.pieces.size() + 1) * reply.pieceDelayMs, socket, finishUp);
}
