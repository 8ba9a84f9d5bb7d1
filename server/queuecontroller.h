#pragma once

#include <QObject>

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
    ServerContext& m_context;
};
