#include "websockethub.h"

#include "dinerjson.h"
#include "queueservice.h"
#include "servercontext.h"

#include <QDateTime>
#include <QUrlQuery>
#include <QWebSocket>
#include <algorithm>

WebSocketHub::WebSocketHub(ServerContext& context, QObject* parent)
    : QObject(parent)
    , m_context(context)
{
    // A burst of events (a seat is three) becomes one refresh.
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(5);
    connect(&m_debounce, &QTimer::timeout, this, &WebSocketHub::refresh);
    m_ping.setInterval(PING_INTERVAL_MS);
    connect(&m_ping, &QTimer::timeout, this, &WebSocketHub::pingAll);
    m_ping.start();
}

WebSocketHub::~WebSocketHub()
{
    for (auto& c : m_connections) {
        c.socket->disconnect(this);
        c.socket->close();
    }
}

WebSocketHub::Connection* WebSocketHub::find(QWebSocket* socket)
{
    const auto it =
        std::ranges::find_if(m_connections, [socket](const Connection& c) { return c.socket.get() == socket; });
    return it == m_connections.end() ? nullptr : &*it;
}

void WebSocketHub::addConnection(std::unique_ptr<QWebSocket> socket)
{
    QWebSocket* raw = socket.get();
    const QString token = QUrlQuery(raw->requestUrl()).queryItemValue(QStringLiteral("token"));
    connect(raw, &QWebSocket::disconnected, this, [this, raw] { removeConnection(raw); });
    connect(raw, &QWebSocket::pong, this, [this, raw](quint64, const QByteArray&) {
        if (Connection* c = find(raw)) {
            c->lastPong = QDateTime::currentMSecsSinceEpoch();
        }
    });
    m_connections.push_back({std::move(socket), token, 0, 0, {}, QDateTime::currentMSecsSinceEpoch()});
    Q_EMIT connectionCountChanged(connectionCount());

    if (token.isEmpty() || m_context.restaurantId == 0) {
        raw->close(QWebSocketProtocol::CloseCode(CLOSE_UNKNOWN_TOKEN), QStringLiteral("unknown token"));
        return;
    }
    m_context.queue.partyByToken(m_context.restaurantId, token).then(this, [this, raw](const Result<Party>& party) {
        Connection* c = find(raw);
        if (c == nullptr) {
            return; // gone meanwhile
        }
        if (!party) {
            const bool unknown = party.error().kind == Error::Kind::NotFound;
            raw->close(unknown ? QWebSocketProtocol::CloseCode(CLOSE_UNKNOWN_TOKEN)
                               : QWebSocketProtocol::CloseCode(1013) /* try again later */,
                       unknown ? QStringLiteral("unknown token") : QStringLiteral("database unavailable"));
            return;
        }
        c->partyId = party->id;
        const std::string text = DinerJson::party(*party).dump();
        send(*c, "snapshot", QByteArray(text.data(), qsizetype(text.size())));
    });
}

void WebSocketHub::removeConnection(QWebSocket* socket)
{
    const auto it =
        std::ranges::find_if(m_connections, [socket](const Connection& c) { return c.socket.get() == socket; });
    if (it == m_connections.end()) {
        return;
    }
    // Deleting a socket inside its own signal is unsafe: hand it to deleteLater.
    it->socket.release()->deleteLater();
    m_connections.erase(it);
    Q_EMIT connectionCountChanged(connectionCount());
}

void WebSocketHub::send(Connection& connection, const char* type, const QByteArray& partyJson)
{
    connection.lastParty = partyJson;
    // {"type": "snapshot" | "update", "seq": N, "party": {...}}
    const QByteArray message = QByteArrayLiteral("{\"type\":\"") + type + QByteArrayLiteral("\",\"seq\":")
        + QByteArray::number(++connection.seq) + QByteArrayLiteral(",\"party\":") + partyJson + '}';
    connection.socket->sendTextMessage(QString::fromUtf8(message));
}

void WebSocketHub::handleEvent(const DomainEvent& event)
{
    if (event.restaurantId != m_context.restaurantId || m_connections.empty()) {
        return;
    }
    if (!event.type.startsWith(QLatin1String("party.")) && !event.type.startsWith(QLatin1String("table."))
        && !event.type.startsWith(QLatin1String("order."))) {
        return;
    }
    const qint64 partyId = event.payload.value(QStringLiteral("party_id")).toInteger();
    if (event.type == u"party.done" || event.type == u"party.cancelled" || event.type == u"party.no_show"
        || event.type == u"party.seated") {
        m_leftParties.insert(partyId);
    }
    if (!m_debounce.isActive()) {
        m_debounce.start();
    }
}

void WebSocketHub::refresh()
{
    // One snapshot for everybody, one at a time; changes meanwhile ask for another.
    if (m_refreshing) {
        m_refreshAgain = true;
        return;
    }
    m_refreshing = true;
    const QSet<qint64> left = std::exchange(m_leftParties, {});
    m_context.queue.snapshot(m_context.restaurantId).then(this, [this, left](const Result<QueueSnapshot>& snapshot) {
        if (snapshot) {
            applySnapshot(*snapshot, left);
        }
        m_refreshing = false;
        if (m_refreshAgain) {
            m_refreshAgain = false;
            refresh();
        }
    });
}

void WebSocketHub::applySnapshot(const QueueSnapshot& snapshot, const QSet<qint64>& leftParties)
{
    for (Connection& c : m_connections) {
        if (c.partyId == 0) {
            continue;
        }
        if (const Party* party = snapshot.findParty(c.partyId)) {
            const std::string text = DinerJson::party(*party).dump();
            const QByteArray json(text.data(), qsizetype(text.size()));
            if (json != c.lastParty) {
                send(c, "update", json);
            }
        } else if (leftParties.contains(c.partyId)) {
            // Left the queue (done, cancelled, no-show): fetch its final state once.
            const QString token = c.token;
            QWebSocket* raw = c.socket.get();
            m_context.queue.partyByToken(m_context.restaurantId, token)
                .then(this, [this, raw](const Result<Party>& final) {
                    Connection* conn = find(raw);
                    if (conn == nullptr || !final) {
                        return;
                    }
                    const std::string text = DinerJson::party(*final).dump();
                    const QByteArray json(text.data(), qsizetype(text.size()));
                    if (json != conn->lastParty) {
                        send(*conn, "update", json);
                    }
                });
        }
    }
}

void WebSocketHub::pingAll()
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    std::vector<QWebSocket*> stale;
    for (Connection& c : m_connections) {
        // Three missed pongs: the phone is gone (screen off, out of Wi-Fi).
        if (now - c.lastPong > 3 * PING_INTERVAL_MS) {
            stale.push_back(c.socket.get());
        } else {
            c.socket->ping();
        }
    }
    for (QWebSocket* socket : stale) {
        socket->abort();
    }
}
