#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QTcpServer>
#include <QUrlQuery>
#include <functional>
#include <optional>

class QTcpSocket;

// A small HTTP/1.1 server on 127.0.0.1 for tests that play a remote API
// (Stripe, Nominatim): it records every request with the time it arrived and
// answers through a handler; a handler that returns nothing never answers.
class FakeHttpServer final : public QTcpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FakeHttpServer)

public:
    struct Request
    {
        QByteArray method;
        QString path; // without the query
        QUrlQuery query;
        QHash<QByteArray, QByteArray> headers; // lower-case names
        QByteArray body;
        qint64 receivedMs = 0; // since the server started
        QByteArray header(const QByteArray& name) const { return headers.value(name.toLower()); }
        // The body as an HTML form (application/x-www-form-urlencoded).
        QHash<QString, QString> form() const;
    };
    struct Response
    {
        int status = 200;
        QByteArray body;
        QByteArray contentType = "application/json";
    };
    using Handler = std::function<std::optional<Response>(const Request&)>;

    explicit FakeHttpServer(Handler handler, QObject* parent = nullptr);

    QString baseUrl() const;
    const QList<Request>& requests() const { return m_requests; }
    void clearRequests() { m_requests.clear(); }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    void readFrom(QTcpSocket* socket);

    Handler m_handler;
    QElapsedTimer m_clock;
    QList<Request> m_requests;
    QHash<QTcpSocket*, QByteArray> m_buffers;
};
