#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>
#include <QTcpServer>

class QHttpServerRequest;
class QTcpSocket;

// The transport in front of QHttpServer, which in Qt 6.8 has no body limit or
// keep-alive timeout of its own. It sees every byte before the HTTP server
// (its readyRead slot is connected first), answers 413 problem+json and closes
// when a request declares or sends a body over the limit, and closes idle
// connections. It also knows which connection a request came in on, so that
// answers kept as bytes can be written straight to it (ServerContext::answer).
class LimitingTcpServer final : public QTcpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LimitingTcpServer)

public:
    static constexpr qint64 DEFAULT_MAX_BODY = 64 * 1024;
    static constexpr qint64 MAX_HEADER = 16 * 1024;
    static constexpr int DEFAULT_IDLE_TIMEOUT_MS = 30'000;

    explicit LimitingTcpServer(QObject* parent = nullptr);

    void setMaxBodySize(qint64 bytes) { m_maxBody = bytes; }
    void setIdleTimeout(int milliseconds) { m_idleTimeoutMs = milliseconds; }
    qint64 maxBodySize() const { return m_maxBody; }

    // The open connection `request` came in on (matched by both ends'
    // addresses and ports), or null.
    QTcpSocket* connectionOf(const QHttpServerRequest& request) const;
    // Writes a complete HTTP answer on `socket` and sends it at once, in one
    // send(); then closes the connection when `close`.
    static void writeAnswer(QTcpSocket* socket, const QByteArray& bytes, bool close);

Q_SIGNALS:
    void requestRejected(int status);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    enum class Verdict
    {
        Fine,
        BodyTooLarge,
        HeaderTooLarge,
        Upgrade
    };
    struct Ends
    {
        QHostAddress peer;
        quint16 peerPort = 0;
        QHostAddress local;
        quint16 localPort = 0;
        friend bool operator==(const Ends& a, const Ends& b) = default;
        friend size_t qHash(const Ends& ends, size_t seed = 0)
        {
            return qHashMulti(seed, ends.peer, ends.peerPort, ends.local, ends.localPort);
        }
    };
    // Walks the requests buffered on the socket (not yet consumed by the
    // HTTP server) and says whether any is over a limit.
    Verdict inspect(QTcpSocket* socket) const;
    Verdict inspect(QByteArrayView buffered) const;
    void reject(QTcpSocket* socket, Verdict verdict);

    qint64 m_maxBody = DEFAULT_MAX_BODY;
    int m_idleTimeoutMs = DEFAULT_IDLE_TIMEOUT_MS;
    QElapsedTimer m_clock; // connections' last activity, in ms since the start
    QHash<Ends, QTcpSocket*> m_connections;
};
