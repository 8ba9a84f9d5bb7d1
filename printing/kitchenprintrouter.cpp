#include "kitchenprintrouter.h"

#include "kitchenchit.h"
#include "kitchenprinter.h"
#include "kitchenservice.h"
#include "printqueue.h"

#include <QJsonArray>
#include <QLoggingCategory>
#include <QTimer>

Q_LOGGING_CATEGORY(lcPrintRouter, "maitre.printing.router")

KitchenPrintRouter::KitchenPrintRouter(KitchenService& kitchen, const PrinterRoutes& routes, QObject* parent)
    : QObject(parent)
    , m_kitchen(kitchen)
    , m_routes(routes)
{
    // Every printer is known up front, so a wrong address shows at start,
    // not at the first order.
    for (auto it = routes.routes().cbegin(); it != routes.routes().cend(); ++it) {
        if (queueFor(it.value()) != nullptr) {
            qCInfo(lcPrintRouter).noquote() << "station" << it.key() << "prints on" << it.value();
        }
    }
}

KitchenPrintRouter::~KitchenPrintRouter() = default;

void KitchenPrintRouter::setRetryDelays(int firstMilliseconds, int maxMilliseconds)
{
    m_firstDelayMs = firstMilliseconds;
    m_maxDelayMs = maxMilliseconds;
    for (PrintQueue* queue : std::as_const(m_queues)) {
        queue->setRetryDelays(firstMilliseconds, maxMilliseconds);
    }
}

PrintQueue* KitchenPrintRouter::queueFor(const QString& uri)
{
    if (PrintQueue* queue = m_queues.value(uri)) {
        return queue;
    }
    auto printer = KitchenPrinter::fromUri(uri);
    if (!printer) {
        if (!m_configurationErrors.contains(printer.error().message)) {
            m_configurationErrors.append(printer.error().message);
            qCWarning(lcPrintRouter).noquote() << printer.error().message;
        }
        return nullptr;
    }
    auto* queue = new PrintQueue(*printer, this);
    queue->setRetryDelays(m_firstDelayMs, m_maxDelayMs);
    connect(queue, &PrintQueue::stateChanged, this, [this, uri](int pending, const QString& error) {
        Q_EMIT printerStateChanged(uri, pending, error);
    });
    m_queues.insert(uri, queue);
    return queue;
}

void KitchenPrintRouter::handleEvent(const DomainEvent& event)
{
    if (event.type != u"kitchen.routed") {
        return;
    }
    // Payload (KitchenService::routeOrder): order_id, kind, expo_ticket_id,
    // tickets: [{ticket_id, station, items}].
    const QJsonArray tickets = event.payload.value(QLatin1String("tickets")).toArray();
    for (const QJsonValue& value : tickets) {
        const QJsonObject ticket = value.toObject();
        const QString uri = m_routes.printerFor(ticket.value(QLatin1String("station")).toString());
        if (!uri.isEmpty()) {
            print(event.restaurantId, ticket.value(QLatin1String("ticket_id")).toInteger(), uri);
        }
    }
    const qint64 expoId = event.payload.value(QLatin1String("expo_ticket_id")).toInteger();
    if (const QString uri = m_routes.printerForExpo(); expoId > 0 && !uri.isEmpty()) {
        print(event.restaurantId, expoId, uri);
    }
}

void KitchenPrintRouter::print(qint64 restaurantId, qint64 ticketId, const QString& uri)
{
    PrintQueue* queue = queueFor(uri);
    if (queue == nullptr || ticketId <= 0 || m_taken.contains(ticketId)) {
        return; // a bad address is reported once, as a configuration error
    }
    m_taken.insert(ticketId);
    load(restaurantId, ticketId, queue, m_firstDelayMs);
}

void KitchenPrintRouter::load(qint64 restaurantId, qint64 ticketId, PrintQueue* queue, int retryDelayMs)
{
    m_kitchen.ticket(restaurantId, ticketId)
        .then(this, [this, restaurantId, ticketId, retryDelayMs, queue](const Result<KitchenTicket>& ticket) {
            if (ticket) {
                queue->enqueue(KitchenChit::fromTicket(*ticket, QDateTime::currentDateTimeUtc()));
                return;
            }
            if (ticket.error().kind == Error::Kind::NotFound) {
                qCWarning(lcPrintRouter).noquote() << "ticket" << ticketId << "is gone; not printed";
                return;
            }
            // The database is away: the chit is owed, so try again and say why.
            const QString message = tr("Ticket %1 could not be loaded for printing: %2")
                                        .arg(QString::number(ticketId), ticket.error().message);
            qCWarning(lcPrintRouter).noquote() << message;
            Q_EMIT printerStateChanged(m_queues.key(queue), queue->pendingCount() + 1, message);
            QTimer::singleShot(retryDelayMs, queue, [this, restaurantId, ticketId, retryDelayMs, queue] {
                load(restaurantId, ticketId, queue, qMin(retryDelayMs * 2, m_maxDelayMs));
            });
        });
}
