#pragma once

#include "cachedresponse.h"
#include "domainevent.h"
#include "queuesnapshot.h"

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <optional>

struct ServerContext;

// The live queue as diners see it, kept on the server's thread: read again (one
// snapshot, every waiting party quoted) when a queue, table or pre-order event
// arrives, and every half minute as quotes age. Wait answers and WebSocket
// pushes come from it, so a crowd of phones costs one snapshot per change.
class QueueCache final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueueCache)

public:
    static constexpr int DEBOUNCE_MS = 5;
    static constexpr int MAX_AGE_MS = 30'000;

    explicit QueueCache(ServerContext& context, QObject* parent = nullptr);

    void handleEvent(const DomainEvent& event);
    // Reads a new snapshot soon (events coming together share one).
    void refresh();

    // Null until the first snapshot is in.
    const QueueSnapshot* snapshot() const { return m_snapshot ? &*m_snapshot : nullptr; }
    const Party* partyByToken(const QString& token) const;
    // GET /api/v1/wait's answer for a party of `size`, from the current snapshot
    // (worked out once per snapshot and size); null before the first snapshot.
    const CachedResponse* waitAnswer(int size);

Q_SIGNALS:
    // leftParties: parties that left the queue (seated, done, cancelled, no-show)
    // since the previous snapshot; they are no longer in it.
    void snapshotChanged(const QueueSnapshot& snapshot, const QSet<qint64>& leftParties);
    void refreshFailed(const Error& error);

private:
    void load();

    ServerContext& m_context;
    std::optional<QueueSnapshot> m_snapshot;
    QHash<QString, qsizetype> m_byToken; // token → index in m_snapshot->parties
    QHash<int, CachedResponse> m_waitAnswers;
    QSet<qint64> m_leftParties;
    QTimer m_debounce;
    QTimer m_maxAge;
    bool m_loading = false;
    bool m_loadAgain = false;
};
