#pragma once

#include "domainevent.h"

#include <QByteArray>
#include <QObject>

class RouteTable;
struct ServerContext;

// GET /api/v1/restaurant and GET /api/v1/menu (with a strong ETag: phones
// re-check the menu cheaply with If-None-Match).
class MenuController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MenuController)

public:
    MenuController(ServerContext& context, QObject* parent = nullptr);
    void registerRoutes(RouteTable& routes);
    // Menu changes drop the cached body.
    void handleEvent(const DomainEvent& event);

private:
    ServerContext& m_context;
    QByteArray m_menuBody;
    QByteArray m_menuEtag;
    qint64 m_menuRestaurant = 0;
};
