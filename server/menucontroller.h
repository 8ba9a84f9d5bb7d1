#pragma once

#include "cachedresponse.h"
#include "domainevent.h"

#include <QObject>

class RouteTable;
struct ServerContext;

// GET /api/v1/restaurant and GET (or HEAD) /api/v1/menu, the latter kept as
// a CachedResponse with a strong ETag: phones re-check the menu cheaply with
// If-None-Match.
class MenuController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MenuController)

public:
    MenuController(ServerContext& context, QObject* parent = nullptr);
    void registerRoutes(RouteTable& routes);
    // Menu changes drop the cached answer.
    void handleEvent(const DomainEvent& event);

private:
    ServerContext& m_context;
    CachedResponse m_menu;
    qint64 m_menuRestaurant = 0;
    quint64 m_menuGeneration = 0; // counts changes, so a load begun before one is not kept
};
