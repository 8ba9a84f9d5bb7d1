#pragma once

#include <QObject>

class FeedbackService;
class RouteTable;
struct ServerContext;

// POST /api/v1/feedback: a diner's rating of a visit or an order.
class FeedbackController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FeedbackController)

public:
    FeedbackController(ServerContext& context, FeedbackService& feedback, QObject* parent = nullptr);
    void registerRoutes(RouteTable& routes);

private:
    ServerContext& m_context;
    FeedbackService& m_feedback;
};
