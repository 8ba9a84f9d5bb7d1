#include "queuecontroller.h"

#include "dinerjson.h"
#include "httpjson.h"
#include "problem.h"
#include "queuecache.h"
#include "queueservice.h"
#include "routetable.h"
#include "servercontext.h"

#include <QCoreApplication>
#include <QFutureWatcher>
#include <QHttpHeaders>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QUrlQuery>

namespace
{

QHttpServerResponse partyResponse(const Result<Party>& party, QHttpServerResponse::StatusCode status)
{
    if (!party) {
        return Problem::fromError(party.error());
    }
    return HttpJson::response(DinerJson::party(*party), status);
}

// Tokens are base64url; anything else cannot be one, and is not looked up.
bool looksLikeToken(const QString& token)
{
    if (token.size() < 22 || token.size() > 64) {
        return false;
    }
    for (QChar c : token) {
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != u'-' && c != u'_') {
            return false;
        }
    }
    return true;
}

void send(QHttpServerResponder& responder, QHttpServerResponse&& response)
{
    HttpJson::addStandardHeaders(response);
    responder.sendResponse(response);
}

QHttpServerResponse unknownParty()
{
    return Problem::fromError(
        Error::notFound(QCoreApplication::translate("QueueController", "There is no party with that link.")));
}

} // namespace

QueueController::QueueController(ServerContext& context, QObject* parent)
    : QObject(parent)
    , m_context(context)
{ }

void QueueController::answerLater(QHttpServerResponder& responder,
                                  QFuture<Result<Party>> party,
                                  QHttpServerResponse::StatusCode status)
{
    auto pending = std::make_shared<QHttpServerResponder>(std::move(responder));
    // A watcher owned by this controller: it dies with the server, so an
    // answer that arrives after shutdown goes nowhere.
    auto* watcher = new QFutureWatcher<Result<Party>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [watcher, pending, status] {
        watcher->deleteLater();
        send(*pending, partyResponse(watcher->result(), status));
    });
    watcher->setFuture(party);
}

void QueueController::registerRoutes(RouteTable& routes)
{
    // GET /api/v1/wait?party_size=N → {"party_size", "parties_ahead", "quoted_minutes", "range", "can_seat"}
    // From the queue cache's snapshot: a crowd checking the wait costs no SQL.
    routes.add(
        QStringLiteral("/api/v1/wait"),
        QHttpServerRequest::Method::Get,
        this,
        [this](const QHttpServerRequest& request, QHttpServerResponder& responder) {
            if (m_context.restaurantId == 0) {
                send(responder, ServerContext::notReady());
                return;
            }
            bool ok = false;
            const int size = request.query().queryItemValue(QStringLiteral("party_size")).toInt(&ok);
            if (!ok || size < 1 || size > QueueService::MAX_PARTY_SIZE) {
                send(responder,
                     Problem::fromError(
                         Error::invalid(QStringLiteral("party_size"),
                                        QCoreApplication::translate("QueueController",
                                                                    "party_size must be a whole number from 1 to %1.")
                                            .arg(QueueService::MAX_PARTY_SIZE))));
                return;
            }
            if (m_context.queueCache != nullptr) {
                if (const CachedResponse* cached = m_context.queueCache->waitAnswer(size)) {
                    m_context.answer(request, responder, *cached); // 304 and Connection: close handled
                    return;
                }
            }
            // Before the first snapshot is in: ask the database.
            auto pending = std::make_shared<QHttpServerResponder>(std::move(responder));
            auto* watcher = new QFutureWatcher<Result<WaitQuote>>(this);
            connect(watcher, &QFutureWatcherBase::finished, this, [watcher, pending, size] {
                watcher->deleteLater();
                const Result<WaitQuote> quote = watcher->result();
                send(*pending,
                     quote ? HttpJson::response(DinerJson::quote(size, *quote)) : Problem::fromError(quote.error()));
            });
            watcher->setFuture(m_context.queue.quote(m_context.restaurantId, size));
        });

    // POST /api/v1/queue {"name", "party_size", "phone"?, "items"?: [{"menu_item_id", "quantity", "note"?}]}
    // → 201 Party. Idempotency-Key: a retry returns the first result.
    routes.add(QStringLiteral("/api/v1/queue"),
               QHttpServerRequest::Method::Post,
               this,
               [this](const QHttpServerRequest& request, QHttpServerResponder& responder) {
                   if (const auto wait = m_context.writeLimiter.take(request.remoteAddress())) {
                       send(responder, Problem::tooManyRequests(*wait));
                       return;
                   }
                   if (m_context.restaurantId == 0) {
                       send(responder, ServerContext::notReady());
                       return;
                   }
                   auto join = DinerJson::joinRequest(request.body());
                   if (!join) {
                       send(responder,
                            DinerJson::isMalformed(join.error())
                                ? Problem::response(QHttpServerResponse::StatusCode::BadRequest,
                                                    QCoreApplication::translate("QueueController", "Malformed request"),
                                                    join.error().message)
                                : Problem::fromError(join.error()));
                       return;
                   }
                   join->idempotencyKey = QString::fromUtf8(request.value("Idempotency-Key")).trimmed();
                   if (join->idempotencyKey.size() > MAX_IDEMPOTENCY_KEY) {
                       send(responder,
                            Problem::fromError(Error::invalid(
                                QStringLiteral("Idempotency-Key"),
                                QCoreApplication::translate("QueueController", "The Idempotency-Key is too long."))));
                       return;
                   }
                   join->source = QStringLiteral("diner");
                   answerLater(responder,
                               m_context.queue.join(m_context.restaurantId, *join),
                               QHttpServerResponse::StatusCode::Created);
               });

    routes.add(QStringLiteral("/api/v1/queue/<arg>"),
               QHttpServerRequest::Method::Get,
               this,
               [this](const QString& token, const QHttpServerRequest&, QHttpServerResponder& responder) {
                   if (m_context.restaurantId == 0) {
                       send(responder, ServerContext::notReady());
                       return;
                   }
                   if (!looksLikeToken(token)) {
                       send(responder, unknownParty());
                       return;
                   }
                   answerLater(responder,
                               m_context.queue.partyByToken(m_context.restaurantId, token),
                               QHttpServerResponse::StatusCode::Ok);
               });

    routes.add(QStringLiteral("/api/v1/queue/<arg>"),
               QHttpServerRequest::Method::Delete,
               this,
               [this](const QString& token, const QHttpServerRequest& request, QHttpServerResponder& responder) {
                   if (const auto wait = m_context.writeLimiter.take(request.remoteAddress())) {
                       send(responder, Problem::tooManyRequests(*wait));
                       return;
                   }
                   if (m_context.restaurantId == 0) {
                       send(responder, ServerContext::notReady());
                       return;
                   }
                   if (!looksLikeToken(token)) {
                       send(responder, unknownParty());
                       return;
                   }
                   answerLater(responder,
                               m_context.queue.cancelByToken(m_context.restaurantId, token),
                               QHttpServerResponse::StatusCode::Ok);
               });
}
