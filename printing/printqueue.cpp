#include "printqueue.h"

#include "kitchenprinter.h"

#include <QLoggingCategory>
#include <QtConcurrent>

Q_LOGGING_CATEGORY(lcPrintQueue, "maitre.printing.queue")

PrintQueue::PrintQueue(std::shared_ptr<KitchenPrinter> printer, QObject* parent)
    : QObject(parent)
    , m_printer(std::move(printer))
{
    // One thread: a printer takes one chit at a time, in order.
    m_pool.setMaxThreadCount(1);
    m_pool.setObjectName(QStringLiteral("maitre-print"));
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &PrintQueue::deliverNext);
}

PrintQueue::~PrintQueue()
{
    m_retryTimer.stop();
    m_pool.waitForDone();
    if (!m_pending.empty()) {
        qCWarning(lcPrintQueue).noquote()
            << m_pending.size() << "chit(s) for" << printerUri() << "were never printed:" << m_lastError;
    }
}

void PrintQueue::setRetryDelays(int firstMilliseconds, int maxMilliseconds)
{
    m_firstDelayMs = qMax(1, firstMilliseconds);
    m_maxDelayMs = qMax(m_firstDelayMs, maxMilliseconds);
    m_delayMs = m_firstDelayMs;
}

QString PrintQueue::printerUri() const
{
    return m_printer->uri();
}

void PrintQueue::enqueue(const KitchenChit& chit)
{
    m_pending.push_back(chit);
    Q_EMIT stateChanged(pendingCount(), m_lastError);
    // While a failed chit waits for its retry, newer ones wait behind it.
    if (!m_retryTimer.isActive()) {
        deliverNext();
    }
}

void PrintQueue::retryNow()
{
    m_retryTimer.stop();
    m_delayMs = m_firstDelayMs;
    deliverNext();
}

void PrintQueue::deliverNext()
{
    if (m_busy || m_pending.empty()) {
        return;
    }
    m_busy = true;
    // The worker gets its own copies; the queue may be destroyed meanwhile,
    // which cancels the continuation, and the chit stays unconfirmed.
    std::shared_ptr<KitchenPrinter> printer = m_printer;
    KitchenChit chit = m_pending.front();
    m_inFlight = QtConcurrent::run(&m_pool, [printer, chit] {
                     return printer->deliver(chit);
                 }).then(this, [this](const VoidResult& result) { delivered(result); });
}

void PrintQueue::delivered(const VoidResult& result)
{
    m_busy = false;
    if (!result) {
        const bool changed = m_lastError != result.error().message;
        m_lastError = result.error().message;
        qCWarning(lcPrintQueue).noquote() << m_lastError << "- retrying in" << m_delayMs << "ms";
        m_retryTimer.start(m_delayMs);
        m_delayMs = qMin(m_delayMs * 2, m_maxDelayMs);
        if (changed) {
            Q_EMIT stateChanged(pendingCount(), m_lastError);
        }
        return;
    }
    const qint64 ticketId = m_pending.front().ticketId;
    m_pending.pop_front();
    m_lastError.clear();
    m_delayMs = m_firstDelayMs;
    Q_EMIT printed(ticketId);
    Q_EMIT stateChanged(pendingCount(), m_lastError);
    deliverNext();
}
