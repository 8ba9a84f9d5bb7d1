#pragma once

#include <QObject>
#include <QStringList>
#include <atomic>
#include <memory>
#include <vector>

class QWebSocket;

// Many diners' phones following their parties over /ws?token=…: one
// QWebSocket each, opened a few at a time so the server's listen backlog
// never overflows. Lives on a thread of its own; the counters and the
// arrival times are safe to read from any thread.
class DinerClients final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DinerClients)

public:
    DinerClients(quint16 port, QStringList tokens, QObject* parent = nullptr);
    ~DinerClients() override;

    // Call in the clients' thread.
    void connectAll();
    void closeAll();

    int size() const { return int(m_tokens.size()); }
    int snapshots() const { return m_snapshots.load(); }
    int closed() const { return m_closed.load(); }
    qint64 messages() const { return m_messages.load(); }
    // When diner `index` first heard that its party was notified (µs on
    // LatencyStats::nowUs()), or 0.
    qint64 notifiedAtUs(int index) const { return m_notifiedAtUs[size_t(index)].load(); }

private:
    void open(int index);
    void openMore();

    quint16 m_port;
    QStringList m_tokens;
    std::vector<QWebSocket*> m_sockets;
    std::unique_ptr<std::atomic<qint64>[]> m_notifiedAtUs;
    std::atomic<int> m_snapshots = 0;
    std::atomic<int> m_closed = 0;
    std::atomic<qint64> m_messages = 0;
    int m_next = 0;
    int m_opening = 0;
};
