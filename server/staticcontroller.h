#pragma once

#include <QObject>

class RouteTable;

// Serves the diner web page (resources/web, compiled in under :/web) at "/".
class StaticController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StaticController)

public:
    explicit StaticController(QObject* parent = nullptr);
    void registerRoutes(RouteTable& routes);

    static QByteArray contentType(const QString& fileName);
};
