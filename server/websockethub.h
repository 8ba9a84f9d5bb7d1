#pragma once

#include <QObject>
#include <memory>
#include <vector>

class QWebSocket;

// Holds the diners' live WebSocket connections (on the server's own port,
// /ws) and says how many there are. Messages carry a sequence number so a
// client can tell it missed something and resync.
class WebSocketHub final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WebSocketHub)

public:
    explicit WebSocketHub(QObject* parent = nullptr);
    ~WebSocketHub() override;

    void addConnection(std::unique_ptr<QWebSocket> socket);
    int connectionCount() const { return int(m_sockets.size()); }

Q_SIGNALS:
    void connectionCountChanged(int count);

private:
    void removeConnection(QWebSocket* socket);

    std::vector<std::unique_ptr<QWebSocket>> m_sockets;
    qint64 m_sequence = 0;
};
