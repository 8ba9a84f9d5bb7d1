#include "ordercontroller.h"

#include "dinerjson.h"
#include "httpjson.h"
#include "orderjson.h"
#include "orderservice.h"
#include "problem.h"
#include "routetable.h"
#include "servercontext.h"

#include <QCoreApplication>
#include <QFutureWatcher>
#include <QHttpHeaders>
#include <QHttpServerRequest>
#include <QHttpServerResponder>

namespace
{

void send(QHttpServerResponder& responder, QHttpServerResponse&& response)
{
    HttpJson::addStandardHeaders(response);
    responder.sendResponse(response);
}

// Orders are not taken until the app has given the server an OrderService.
QHttpServerResponse notTakingOrders()
{
    return Problem::response(
        QHttpServerResponse::StatusCode::ServiceUnavailable,
        QCoreApplication::translate("OrderController", "Not taking orders"),
        QCoreApplication::translate("OrderController", "Online orders are not open yet. Please try again soon."));
}

// Tokens are base64url; anything else cannot be one, and is not looked up.
bool looksLikeToken(const QString& token)
{
    if (token.size() < 22 || token.size() > 64) {
        return false;
    }
    return std::all_of(token.cbegin(), token.cend(), [](QChar c) {
        return (c.isLetterOrNumber() && c.unicode() < 128) || c == u'-' || c == u'_';
    });
}

} // namespace

OrderController::OrderController(ServerContext& context, QObject* parent)
    : QObject(parent)
    , m_context(context)
{ }

void OrderController::answerLater(QHttpServerResponder& responder,
                                  QFuture<Result<Order>> order,
                                  QHttpServerResponse::StatusCode status)
{
    auto pending = std::make_shared<QHttpServerResponder>(std::move(responder));
    // Owned by this controller: an answer arriving after shutdown goes nowhere.
    auto* watcher = new QFutureWatcher<Result<Order>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [watcher, pending, status] {
        watcher->deleteLater();
        const Result<Order> result = watcher->result();
        send(*pending,
             result ? HttpJson::response(OrderJson::order(*result), status) : Problem::fromError(result.error()));
    });
    watcher->setFuture(order);
}

void OrderController::registerRoutes(RouteTable& routes)
{
    // POST /api/v1/orders {"kind", "customer": {"name", "phone"?}, "address"?: {"line1", "city", "postcode"?},
    //   "items": [{"menu_item_id", "quantity", "note"?, "modifiers"?}], "payment"?: {"method", "token"?}}
    // → 201 order (OrderJson::order). Idempotency-Key is required; a retry with the same key and
    // body answers 201 with the same order as it is now, another body 422, a remembered decline 402.
    routes.add(QStringLiteral("/api/v1/orders"),
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
                   if (m_context.orders == nullptr) {
                       send(responder, notTakingOrders());
                       return;
                   }
                   auto order = OrderJson::orderRequest(request.body());
                   if (!order) {
                       send(responder,
                            DinerJson::isMalformed(order.error())
                                ? Problem::response(QHttpServerResponse::StatusCode::BadRequest,
                                                    QCoreApplication::translate("OrderController", "Malformed request"),
                                                    order.error().message)
                                : Problem::fromError(order.error()));
                       return;
                   }
                   order->idempotencyKey = QString::fromUtf8(request.value("Idempotency-Key")).trimmed();
                   order->source = QStringLiteral("web");
                   answerLater(responder,
                               m_context.orders->create(m_context.restaurantId, *order),
                               QHttpServerResponse::StatusCode::Created);
               });

    // GET /api/v1/orders/{token} → 200 order (OrderJson::order); unknown → 404.
    routes.add(QStringLiteral("/api/v1/orders/<arg>"),
               QHttpServerRequest::Method::Get,
               this,
               [this](const QString& token, const QHttpServerRequest&, QHttpServerResponder& responder) {
                   if (m_context.restaurantId == 0) {
                       send(responder, ServerContext::notReady());
                       return;
                   }
                   if (m_context.orders == nullptr) {
                       send(responder, notTakingOrders());
                       return;
                   }
                   if (!looksLikeToken(token)) {
                       send(responder,
                            Problem::fromError(Error::notFound(
                                QCoreApplication::translate("OrderController", "There is no order with that link."))));
                       return;
                   }
                   answerLater(responder,
                               m_context.orders->orderByToken(m_context.restaurantId, token),
                               QHttpServerResponse::StatusCode::Ok);
               });
}
