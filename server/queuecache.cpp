#include "queuecache.h"

#include "dinerjson.h"
#include "queueservice.h"
#include "servercontext.h"

#include <QFutureWatcher>

QueueCache::QueueCache(ServerContext& context, QObject* parent)
    : QObject(parent)
    , m_context(context)
{
    // A burst of events (a seat is three) becomes one snapshot.
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(DEBOUNCE_MS);
    connect(&m_debounce, &QTimer::timeout, this, &QueueCache::load);
    // Quotes count down as time passes, with or without events.
    m_maxAge.setSingleShot(true);
    m_maxAge.setInterval(MAX_AGE_MS);
    connect(&m_maxAge, &QTimer::timeout, this, &QueueCache::refresh);
}

void QueueCache::handleEvent(const DomainEvent& event)
{
    if (event.restaurantId != m_context.restaurantId || m_context.restaurantId == 0) {
        return;
    }
    if (!event.type.startsWith(QLatin1String("party.")) && !event.type.startsWith(QLatin1String("table."))
        && !event.type.startsWith(QLatin1String("order.")) && event.type != u"restaurant.updated") {
        return;
    }
    // Takeout, delivery and voice orders are not the queue's business; a
    // pre-order's events name its party.
    if (event.type.startsWith(QLatin1String("order.")) && !event.payload.contains(QStringLiteral("party_id"))) {
        return;
    }
    if (event.type == u"party.done" || event.type == u"party.cancelled" || event.type == u"party.no_show"
        || event.type == u"party.seated") {
        m_leftParties.insert(event.payload.value(QStringLiteral("party_id")).toInteger());
    }
    refresh();
}

void QueueCache::refresh()
{
    if (!m_debounce.isActive()) {
        m_debounce.start();
    }
}

void QueueCache::load()
{
    if (m_context.restaurantId == 0) {
        return;
    }
    // One snapshot at a time; changes meanwhile ask for another.
    if (m_loading) {
        m_loadAgain = true;
        return;
    }
    m_loading = true;
    const QSet<qint64> left = std::exchange(m_leftParties, {});
    // A watcher per load rather than QFuture::then(this, …): it dies with the
    // cache, so a snapshot that arrives after shutdown goes nowhere.
    auto* watcher = new QFutureWatcher<Result<QueueSnapshot>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, left] {
        watcher->deleteLater();
        m_loading = false;
        const Result<QueueSnapshot> loaded = watcher->result();
        if (loaded && loaded->restaurantId == m_context.restaurantId) {
            m_snapshot = *loaded;
            m_byToken.clear();
            for (qsizetype i = 0; i < m_snapshot->parties.size(); ++i) {
                m_byToken.insert(m_snapshot->parties.at(i).token, i);
            }
            m_waitAnswers.clear();
            m_maxAge.start();
            Q_EMIT snapshotChanged(*m_snapshot, left);
        } else {
            m_leftParties.unite(left); // told with the next snapshot
            if (!loaded) {
                Q_EMIT refreshFailed(loaded.error());
            }
            m_maxAge.start(); // try again later even without events
        }
        if (std::exchange(m_loadAgain, false)) {
            load();
        }
    });
    watcher->setFuture(m_context.queue.snapshot(m_context.restaurantId));
}

const Party* QueueCache::partyByToken(const QString& token) const
{
    const auto it = m_byToken.constFind(token);
    return it == m_byToken.cend() ? nullptr : &m_snapshot->parties.at(*it);
}

const CachedResponse* QueueCache::waitAnswer(int size)
{
    if (!m_snapshot || m_snapshot->restaurantId != m_context.restaurantId) {
        return nullptr;
    }
    auto it = m_waitAnswers.find(size);
    if (it == m_waitAnswers.end()) {
        const WaitQuote quote = m_snapshot->quoteForNewParty(size, m_context.queue.estimator());
        const std::string text = DinerJson::quote(size, quote).dump();
        it = m_waitAnswers.insert(
            size,
            CachedResponse(QByteArrayLiteral("application/json"), QByteArray(text.data(), qsizetype(text.size()))));
    }
    return &*it;
}
