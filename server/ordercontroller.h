#pragma once

#include "order.h"
#include "result.h"

#include <QFuture>
#include <QHttpServerResponse>
#include <QObject>

class QHttpServerResponder;
class RouteTable;
struct ServerContext;

// The order routes: POST /api/v1/orders (takeout, delivery, dine-in) and
// GET /api/v1/orders/{token}.
class OrderController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OrderController)

public:
    explicit OrderController(ServerContext& context, QObject* parent = nullptr);
    void registerRoutes(RouteTable& routes);

private:
    // Answers once `order` is in, on this object's thread (see QueueController::answerLater).
    void
    answerLater(QHttpServerResponder& responder, QFuture<Result<Order>> order, QHttpServerResponse::StatusCode status);

    ServerContext& m_context;
};
