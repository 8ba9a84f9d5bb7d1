#pragma once

#include "party.h"
#include "result.h"

#include <QFuture>
#include <QHttpServerResponse>
#include <QObject>

class QHttpServerResponder;
class RouteTable;
struct ServerContext;

// The diner's queue routes: GET /api/v1/wait, POST /api/v1/queue,
// GET and DELETE /api/v1/queue/{token}.
class QueueController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueueController)

public:
    static constexpr qsizetype MAX_IDEMPOTENCY_KEY = 200;

    QueueController(ServerContext& context, QObject* parent = nullptr);
    void registerRoutes(RouteTable& routes);

private:
    // Answers once `party` is in, on this object's thread. Handlers answer
    // through the responder: in Qt 6.8 a QFuture response per request slows a
    // keep-alive connection down more and more (bench/README.md).
    void
    answerLater(QHttpServerResponder& responder, QFuture<Result<Party>> party, QHttpServerResponse::StatusCode status);

    ServerContext& m_context;
};
