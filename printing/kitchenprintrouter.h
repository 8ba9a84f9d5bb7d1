#pragma once

#include "domainevent.h"
#include "printerroutes.h"

#include <QMap>
#include <QObject>
#include <QSet>
#include <QStringList>

class KitchenService;
class PrintQueue;

// Prints each station's ticket of a routed order on the printer this console
// routes that station to. It listens to kitchen.routed, loads each ticket
// through KitchenService (SQL on the store's workers, never on this thread)
// and hands the chit to that printer's queue. One queue per printer address,
// shared by the stations that print there. Problems, and their clearing, are
// announced by printerStateChanged for the console to show.
class KitchenPrintRouter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KitchenPrintRouter)

public:
    KitchenPrintRouter(KitchenService& kitchen, const PrinterRoutes& routes, QObject* parent = nullptr);
    ~KitchenPrintRouter() override;

    // Tunables for tests: print and ticket-load retries.
    void setRetryDelays(int firstMilliseconds, int maxMilliseconds);

    QList<PrintQueue*> queues() const { return m_queues.values(); }
    // Routes whose printer address is not understood, one message each.
    QStringList configurationErrors() const { return m_configurationErrors; }

public Q_SLOTS:
    void handleEvent(const DomainEvent& event);

Q_SIGNALS:
    // A printer's queue changed: chits waiting and the last error (empty
    // when it prints). `printer` is its address, e.g. tcp://10.0.0.20:9100.
    void printerStateChanged(const QString& printer, int pendingCount, const QString& lastError);

private:
    PrintQueue* queueFor(const QString& uri);
    void print(qint64 restaurantId, qint64 ticketId, const QString& uri);
    // Loads the ticket and queues its chit; retried with backoff while the
    // database cannot answer, since the chit is owed.
    void load(qint64 restaurantId, qint64 ticketId, PrintQueue* queue, int retryDelayMs);

    KitchenService& m_kitchen;
    PrinterRoutes m_routes;
    QMap<QString, PrintQueue*> m_queues; // by printer address; children of this
    QStringList m_configurationErrors;
    // Tickets already taken, so an event seen twice never prints twice.
    QSet<qint64> m_taken;
    int m_firstDelayMs = 2000;
    int m_maxDelayMs = 60000;
};
