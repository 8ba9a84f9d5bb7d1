#pragma once

#include "kitchenchit.h"
#include "result.h"

#include <QFuture>
#include <QObject>
#include <QThreadPool>
#include <QTimer>
#include <deque>
#include <memory>

class KitchenPrinter;

// The chits waiting for one printer, delivered in order on a worker thread of
// their own. A chit that fails (printer off, unreachable, refusing, timing
// out, out of paper and closing the connection) stays at the head of the
// queue and is tried again with a growing delay, so nothing is lost while the
// console runs and nothing overtakes it. The queue lives in memory only: a
// chit not yet printed when the console quits is gone from paper (it is still
// on the kitchen screen). Create and use it on one thread (the GUI thread's
// event loop is fine: it never blocks there).
class PrintQueue final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PrintQueue)

public:
    explicit PrintQueue(std::shared_ptr<KitchenPrinter> printer, QObject* parent = nullptr);
    // Waits for a delivery in flight (bounded by the printer's timeouts).
    ~PrintQueue() override;

    // Tunables for tests: the first retry delay and the most it grows to.
    void setRetryDelays(int firstMilliseconds, int maxMilliseconds);

    QString printerUri() const;
    int pendingCount() const { return int(m_pending.size()); }
    // Why the last attempt failed; empty once a chit went through.
    QString lastError() const { return m_lastError; }

public Q_SLOTS:
    void enqueue(const KitchenChit& chit);
    // Tries the head of the queue now instead of waiting for the backoff,
    // e.g. when staff say the printer is back on.
    void retryNow();

Q_SIGNALS:
    // Whenever the pending count or the last error changes.
    void stateChanged(int pendingCount, const QString& lastError);
    void printed(qint64 ticketId);

private:
    void deliverNext();
    void delivered(const VoidResult& result);

    std::shared_ptr<KitchenPrinter> m_printer;
    std::deque<KitchenChit> m_pending;
    QString m_lastError;
    QThreadPool m_pool;
    QTimer m_retryTimer;
    QFuture<void> m_inFlight;
    bool m_busy = false;
    int m_firstDelayMs = 2000;
    int m_maxDelayMs = 60000;
    int m_delayMs = 2000;
};
