#pragma once

#include <QObject>

class RouteTable;
class StaffAuth;
struct ServerContext;

// Staff-only routes for integrations, behind an API token with the "staff"
// scope: GET /api/v1/staff/queue.
class StaffController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StaffController)

public:
    static constexpr const char* SCOPE = "staff";

    StaffController(ServerContext& context, QObject* parent = nullptr);
    void registerRoutes(RouteTable& routes);

private:
    ServerContext& m_context;
    StaffAuth* m_auth = nullptr;
};
