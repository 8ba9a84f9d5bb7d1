#include "websockethub.h"

#include "dinerjson.h"
#include "queuecache.h"
#include "queueservice.h"
#include "servercontext.h"

#include <QDateTime>
#include <QFutureWatcher>
#include <QHash>
#include <QUrlQuery>
#include <QWebSocket>
#include <algorithm>

namespace
{

// How far along its visit a party is: statuses only move forward, so an
// answer that arrives late never takes a phone back.
int stage(PartyStatus status)
{
    switch (status) {
    case PartyStatus::Waiting:
        return 0;
    case PartyStatus::Notified:
        return 1;
    case PartyStatus::Seated:
        return 2;
    default:
        return 3; // done, cancelled, no-show
    }
}

QByteArray partyJson(const Party& party)
{
    const std::string text = DinerJson::party(party).dump();
    return QByteArray(text.data(), qsizetype(text.size()));
}

} // namespace

WebSocketHub::WebSocketHub(ServerContext& context, QueueCache& cache, QObject* parent)
    : QObject(parent)
    , m_context(context)
    , m_cache(cache)
{
    connect(&m_cache, &QueueCache::snapshotChanged, this, &WebSocketHub::applySnapshot);
    m_drain.setSingleShot(true);
    m_drain.setInterval(0);
    connect(&m_drain, &QTimer::timeout, this, &WebSocketHub::drain);
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
    const QUrlQuery query(raw->requestUrl());
    const QString token = query.queryItemValue(QStringLiteral("token"));
    connect(raw, &QWebSocket::disconnected, this, [this, raw] { removeConnection(raw); });
    connect(raw, &QWebSocket::textMessageReceived, this, [this, raw](const QString& message) {
        Q_EMIT messageReceived(raw, message);
    });
    connect(raw, &QWebSocket::pong, this, [this, raw](quint64, const QByteArray&) {
        if (Connection* c = find(raw)) {
            c->lastPong = QDateTime::currentMSecsSinceEpoch();
        }
    });
    m_connections.push_back({std::move(socket), token, 0, 0, {}, QDateTime::currentMSecsSinceEpoch(), std::nullopt});
    Q_EMIT connectionCountChanged(connectionCount());

    if (token.isEmpty() && !query.queryItemValue(QStringLiteral("session")).isEmpty()) {
        return; // the assistant's chat only: no party to follow
    }
    if (token.isEmpty() || m_context.restaurantId == 0) {
        raw->close(QWebSocketProtocol::CloseCode(CLOSE_UNKNOWN_TOKEN), QStringLiteral("unknown token"));
        return;
    }
    // Usually the diner's party is in the cached queue already (it joined a
    // moment ago); otherwise, or once it has left the queue, the database says.
    if (const Party* party = m_cache.partyByToken(token)) {
        Connection& c = m_connections.back();
        c.partyId = party->id;
        c.lastStatus = party->status;
        send(c, "snapshot", partyJson(*party));
        return;
    }
    auto* watcher = new QFutureWatcher<Result<Party>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, raw, watcher] {
        watcher->deleteLater();
        const Result<Party> party = watcher->result();
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
        c->lastStatus = party->status;
        send(*c, "snapshot", partyJson(*party));
    });
    watcher->setFuture(m_context.queue.partyByToken(m_context.restaurantId, token));
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
    if (size_t(it - m_connections.begin()) < m_cursor) {
        --m_cursor; // the slice being drained moves down with it
    }
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
    if (event.restaurantId != m_context.restaurantId || !event.type.startsWith(QLatin1String("party."))
        || event.type == u"party.joined") {
        return;
    }
    const qint64 partyId = event.payload.value(QStringLiteral("party_id")).toInteger();
    const bool followed =
        std::ranges::any_of(m_connections, [partyId](const Connection& c) { return c.partyId == partyId; });
    if (partyId == 0 || !followed) {
        return;
    }
    auto* watcher = new QFutureWatcher<Result<Party>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, partyId] {
        watcher->deleteLater();
        const Result<Party> party = watcher->result();
        if (!party) {
            return; // the snapshot that follows tells it
        }
        const QByteArray json = partyJson(*party);
        for (Connection& c : m_connections) {
            const bool forward = !c.lastStatus || stage(party->status) > stage(*c.lastStatus);
            if (c.partyId == partyId && forward && json != c.lastParty) {
                c.lastStatus = party->status;
                send(c, "update", json);
            }
        }
    });
    watcher->setFuture(m_context.queue.partyNow(m_context.restaurantId, partyId));
}

void WebSocketHub::applySnapshot(const QueueSnapshot& snapshot, const QSet<qint64>& leftParties)
{
    m_pending = snapshot;
    m_pendingById.clear();
    m_pendingJson.clear();
    for (qsizetype i = 0; i < m_pending->parties.size(); ++i) {
        m_pendingById.insert(m_pending->parties.at(i).id, i);
    }
    // First the phones whose party's status changed ("come in now"), at once;
    // the quote and position updates for everyone else follow in slices, so a
    // long queue's updates never hold up the next status change.
    for (Connection& c : m_connections) {
        if (c.partyId == 0) {
            continue;
        }
        const auto found = m_pendingById.constFind(c.partyId);
        if (found == m_pendingById.cend()) {
            if (leftParties.contains(c.partyId)) {
                sendFinalState(c);
            }
            continue;
        }
        const Party& party = m_pending->parties.at(*found);
        if (c.lastStatus != party.status) {
            sendIfChanged(c, party);
        }
    }
    m_cursor = 0;
    m_drain.start();
}

void WebSocketHub::sendIfChanged(Connection& connection, const Party& party)
{
    if (connection.lastStatus && stage(party.status) < stage(*connection.lastStatus)) {
        return; // a snapshot older than what this phone was already told
    }
    auto it = m_pendingJson.find(party.id);
    if (it == m_pendingJson.end()) {
        it = m_pendingJson.insert(party.id, partyJson(party)); // once per party, however many phones
    }
    if (*it != connection.lastParty) {
        connection.lastStatus = party.status;
        send(connection, "update", *it);
    }
}

void WebSocketHub::drain()
{
    if (!m_pending) {
        return;
    }
    const size_t end = std::min(m_cursor + DRAIN_SLICE, m_connections.size());
    for (; m_cursor < end; ++m_cursor) {
        Connection& c = m_connections[m_cursor];
        const auto found = m_pendingById.constFind(c.partyId);
        if (c.partyId != 0 && found != m_pendingById.cend()) {
            sendIfChanged(c, m_pending->parties.at(*found));
        }
    }
    if (m_cursor < m_connections.size()) {
        m_drain.start();
    } else {
        m_pending.reset();
        m_pendingById.clear();
        m_pendingJson.clear();
    }
}

void WebSocketHub::sendFinalState(Connection& connection)
{
    // Left the queue (seated, done, cancelled, no-show): its final state, once.
    auto* watcher = new QFutureWatcher<Result<Party>>(this);
    QWebSocket* raw = connection.socket.get();
    connect(watcher, &QFutureWatcherBase::finished, this, [this, raw, watcher] {
        watcher->deleteLater();
        const Result<Party> final = watcher->result();
        Connection* c = find(raw);
        if (c == nullptr || !final) {
            return;
        }
        const QByteArray json = partyJson(*final);
        if (json != c->lastParty) {
            c->lastStatus = final->status;
            send(*c, "update", json);
        }
    });
    watcher->setFuture(m_context.queue.partyByToken(m_context.restaurantId, connection.token));
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
