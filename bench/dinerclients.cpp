#include "dinerclients.h"

#include "latencystats.h"

#include <QUrl>
#include <QWebSocket>

namespace
{

// Connections being opened at once: well under QTcpServer's listen backlog (50).
constexpr int MAX_OPENING = 32;

} // namespace

DinerClients::DinerClients(quint16 port, QStringList tokens, QObject* parent)
    : QObject(parent)
    , m_port(port)
    , m_tokens(std::move(tokens))
    , m_sockets(size_t(m_tokens.size()), nullptr)
    , m_notifiedAtUs(std::make_unique<std::atomic<qint64>[]>(size_t(m_tokens.size())))
{ }

DinerClients::~DinerClients()
{
    closeAll();
}

void DinerClients::connectAll()
{
    openMore();
}

void DinerClients::openMore()
{
    while (m_opening < MAX_OPENING && m_next < m_tokens.size()) {
        open(m_next++);
    }
}

void DinerClients::open(int index)
{
    auto* socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    m_sockets[size_t(index)] = socket;
    ++m_opening;
    auto opening = std::make_shared<bool>(true);
    const auto opened = [this, opening] {
        if (std::exchange(*opening, false)) {
            --m_opening;
            openMore();
        }
    };
    connect(socket, &QWebSocket::connected, this, opened);
    connect(socket, &QWebSocket::disconnected, this, [this, opened] {
        ++m_closed;
        opened();
    });
    connect(socket, &QWebSocket::textMessageReceived, this, [this, index](const QString& message) {
        const qint64 now = LatencyStats::nowUs();
        ++m_messages;
        if (message.startsWith(QLatin1String("{\"type\":\"snapshot\""))) {
            ++m_snapshots;
        }
        // The party's own status (a held pre-order's would read "held", "received"…).
        if (m_notifiedAtUs[size_t(index)].load() == 0 && message.contains(QLatin1String("\"status\":\"notified\""))) {
            m_notifiedAtUs[size_t(index)].store(now);
        }
    });
    socket->open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws?token=%2").arg(m_port).arg(m_tokens.at(index))));
}

void DinerClients::closeAll()
{
    for (QWebSocket*& socket : m_sockets) {
        if (socket != nullptr) {
            socket->disconnect(this);
            socket->abort();
            delete socket;
            socket = nullptr;
        }
    }
}
