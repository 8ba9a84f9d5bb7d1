#include "queuecontroller.h"

#include "dinerjson.h"
#include "httpjson.h"
#include "problem.h"
#include "queueservice.h"
#include "routetable.h"
#include "servercontext.h"

#include <QCoreApplication>
#include <QHttpHeaders>
#include <QHttpServerRequest>
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

QHttpServerResponse tooManyRequests(int retryAfterSeconds)
{
    QHttpServerResponse response = Problem::response(
        QHttpServerResponse::StatusCode::TooManyRequests,
        QCoreApplication::translate("QueueController", "Too many requests"),
        QCoreApplication::translate("QueueController", "Please try again in %1 s.").arg(retryAfterSeconds));
    QHttpHeaders headers = response.headers();
    headers.append(QHttpHeaders::WellKnownHeader::RetryAfter, QByteArray::number(retryAfterSeconds));
    response.setHeaders(std::move(headers));
    return response;
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

void QueueController::registerRoutes(RouteTable& routes)
{
    // GET /api/v1/wait?party_size=N → {"party_size", "parties_ahead", "quoted_minutes", "range", "can_seat"}
    routes.add(
        QStringLiteral("/api/v1/wait"),
        QHttpServerRequest::Method::Get,
        this,
        [this](const QHttpServerRequest& request) -> QFuture<QHttpServerResponse> {
            if (m_context.restaurantId == 0) {
                return ServerContext::ready(ServerContext::notReady());
            }
            bool ok = false;
            const int size = request.query().queryItemValue(QStringLiteral("party_size")).toInt(&ok);
            if (!ok || size < 1 || size > QueueService::MAX_PARTY_SIZE) {
                return ServerContext::ready(Problem::fromError(Error::invalid(
                    QStringLiteral("party_size"),
                    QCoreApplication::translate("QueueController", "party_size must be a whole number from 1 to %1.")
                        .arg(QueueService::MAX_PARTY_SIZE))));
            }
            return m_context.queue.quote(m_context.restaurantId, size).then([size](const Result<WaitQuote>& quote) {
                if (!quote) {
                    return Problem::fromError(quote.error());
                }
                return HttpJson::response(DinerJson::quote(size, *quote));
            });
        });

    // POST /api/v1/queue {"name", "party_size", "phone"?, "items"?: [{"menu_item_id", "quantity", "note"?}]}
    // → 201 Party. Idempotency-Key: a retry returns the first result.
    routes.add(QStringLiteral("/api/v1/queue"),
               QHttpServerRequest::Method::Post,
               this,
               [this](const QHttpServerRequest& request) -> QFuture<QHttpServerResponse> {
                   if (const auto wait = m_context.writeLimiter.take(request.remoteAddress())) {
                       return ServerContext::ready(tooManyRequests(*wait));
                   }
                   if (m_context.restaurantId == 0) {
                       return ServerContext::ready(ServerContext::notReady());
                   }
                   auto join = DinerJson::joinRequest(request.body());
                   if (!join) {
                       if (DinerJson::isMalformed(join.error())) {
                           return ServerContext::ready(
                               Problem::response(QHttpServerResponse::StatusCode::BadRequest,
                                                 QCoreApplication::translate("QueueController", "Malformed request"),
                                                 join.error().message));
                       }
                       return ServerContext::ready(Problem::fromError(join.error()));
                   }
                   join->idempotencyKey = QString::fromUtf8(request.value("Idempotency-Key")).trimmed();
                   if (join->idempotencyKey.size() > MAX_IDEMPOTENCY_KEY) {
                       return ServerContext::ready(Problem::fromError(Error::invalid(
                           QStringLiteral("Idempotency-Key"),
                           QCoreApplication::translate("QueueController", "The Idempotency-Key is too long."))));
                   }
                   join->source = QStringLiteral("diner");
                   return m_context.queue.join(m_context.restaurantId, *join).then([](const Result<Party>& party) {
                       return partyResponse(party, QHttpServerResponse::StatusCode::Created);
                   });
               });

    routes.add(
        QStringLiteral("/api/v1/queue/<arg>"),
        QHttpServerRequest::Method::Get,
        this,
        [this](const QString& token) -> QFuture<QHttpServerResponse> {
            if (m_context.restaurantId == 0) {
                return ServerContext::ready(ServerContext::notReady());
            }
            if (!looksLikeToken(token)) {
                return ServerContext::ready(unknownParty());
            }
            return m_context.queue.partyByToken(m_context.restaurantId, token).then([](const Result<Party>& party) {
                return partyResponse(party, QHttpServerResponse::StatusCode::Ok);
            });
        });

    routes.add(
        QStringLiteral("/api/v1/queue/<arg>"),
        QHttpServerRequest::Method::Delete,
        this,
        [this](const QString& token, const QHttpServerRequest& request) -> QFuture<QHttpServerResponse> {
            if (const auto wait = m_context.writeLimiter.take(request.remoteAddress())) {
                return ServerContext::ready(tooManyRequests(*wait));
            }
            if (m_context.restaurantId == 0) {
                return ServerContext::ready(ServerContext::notReady());
            }
            if (!looksLikeToken(token)) {
                return ServerContext::ready(unknownParty());
            }
            return m_context.queue.cancelByToken(m_context.restaurantId, token).then([](const Result<Party>& party) {
                return partyResponse(party, QHttpServerResponse::StatusCode::Ok);
            });
        });
}
