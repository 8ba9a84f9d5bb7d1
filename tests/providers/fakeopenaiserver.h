#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QTcpServer>
#include <functional>

class QTcpSocket;

// A local server that speaks the OpenAI chat-completions protocol for tests:
// it records each request and answers as the test's handler says — a JSON
// completion, an event stream written in pieces (split anywhere, even inside a
// character), an HTTP error with headers (Retry-After), a stall, or nothing.
class FakeOpenAiServer final : public QTcpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FakeOpenAiServer)

public:
    struct Request
    {
        QByteArray method;
        QString path;
        QHash<QByteArray, QByteArray> headers; // lower-case names
        QByteArray body;
        qint64 receivedMs = 0; // since the server started
        QByteArray header(const QByteArray& name) const { return headers.value(name.toLower()); }
        QJsonObject json() const;
    };
    struct Reply
    {
        int status = 200;
        QByteArray contentType = "application/json";
        QList<std::pair<QByteArray, QByteArray>> headers;
        // Written one after another, `pieceDelayMs` apart. A stream has no
        // Content-Length: it ends when the connection closes.
        QList<QByteArray> pieces;
        int pieceDelayMs = 0;
        bool stream = false;
        bool closeAtEnd = true; // false: a stream that stalls after its last piece
        bool answer = true; // false: reads the request and never answers
    };
    using Handler = std::function<Reply(const Request&, int index)>;

    explicit FakeOpenAiServer(Handler handler, QObject* parent = nullptr);

    QString baseUrl() const; // http://127.0.0.1:PORT/v1
    const QList<Request>& requests() const { return m_requests; }

    // Replies.
    static Reply json(int status, const QJsonObject& body, QList<std::pair<QByteArray, QByteArray>> headers = {});
    static Reply completion(const QString& text, const QJsonArray& toolCalls = {});
    // An event stream of these chunks (then "data: [DONE]" when `done`),
    // split into pieces of `pieceBytes` bytes.
    static Reply stream(const QList<QJsonObject>& chunks, bool done = true, int pieceBytes = 0);
    // Chunks.
    static QJsonObject textChunk(const QString& text);
    static QJsonObject toolChunk(int index, const QString& id, const QString& name, const QString& arguments);
    static QJsonObject finishChunk(const QString& reason);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    void readFrom(QTcpSocket* socket);
    void write(QTcpSocket* socket, const Reply& reply);

    Handler m_handler;
    QElapsedTimer m_clock;
    QList<Request> m_requests;
    QHash<QTcpSocket*, QByteArray> m_buffers;
};
