#pragma once

#include <QObject>

class RouteTable;
class Store;

// GET /health: liveness and database state, for monitors and the console.
class HealthController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HealthController)

public:
    HealthController(Store& store, QObject* parent = nullptr);
    void registerRoutes(RouteTable& routes);

private:
    Store& m_store;
};
