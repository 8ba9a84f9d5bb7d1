#include "printerroutes.h"

#include <QSettings>

PrinterRoutes PrinterRoutes::fromSettings(QSettings& settings)
{
    PrinterRoutes routes;
    settings.beginGroup(SETTINGS_GROUP);
    const QStringList stations = settings.childKeys();
    for (const QString& station : stations) {
        routes.setRoute(station, settings.value(station).toString());
    }
    settings.endGroup();
    return routes;
}

void PrinterRoutes::save(QSettings& settings) const
{
    settings.beginGroup(SETTINGS_GROUP);
    settings.remove(QString()); // the group is replaced, not merged
    for (auto it = m_routes.cbegin(); it != m_routes.cend(); ++it) {
        settings.setValue(it.key(), it.value());
    }
    settings.endGroup();
}

void PrinterRoutes::setRoute(const QString& station, const QString& printerUri)
{
    const QString key = station.trimmed();
    if (key.isEmpty()) {
        return;
    }
    if (printerUri.trimmed().isEmpty()) {
        m_routes.remove(key);
    } else {
        m_routes.insert(key, printerUri.trimmed());
    }
}

QString PrinterRoutes::printerFor(const QString& station) const
{
    // "*" stands for the stations, not for the expo ticket: the pass prints
    // only when asked to.
    return m_routes.value(station, station == EXPO ? QString() : m_routes.value(ANY_STATION));
}

QString PrinterRoutes::printerForExpo() const
{
    return m_routes.value(EXPO);
}
