#pragma once

#include <QHash>
#include <QTcpServer>

class QTcpSocket;
class QTimer;

// The transport in front of QHttpServer, which in Qt 6.8 has no body limit or
// keep-alive timeout of its own. It sees every byte before the HTTP server
// (its readyRead slot is connected first), answers 413 problem+json and closes
// when a request declares or sends a body over the limit, and closes idle
// connections.
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
    // Walks the requests buffered on the socket (not yet consumed by the
    // HTTP server) and says whether any is over a limit.
    Verdict inspect(const QByteArray& buffered) const;
    void reject(QTcpSocket* socket, Verdict verdict);

    qint64 m_maxBody = DEFAULT_MAX_BODY;
    int m_idleTimeoutMs = DEFAULT_IDLE_TIMEOUT_MS;
};
