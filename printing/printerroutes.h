#pragma once

#include <QMap>
#include <QString>

class QSettings;

// Which printer each kitchen station's chits go to, set per console in
// QSettings under [kitchenPrinters]:
//
//   grill=tcp://10.0.0.20:9100
//   pastry=pdf:/srv/maitre/chits
//   *=tcp://10.0.0.21        ; every other station
//   expo=tcp://10.0.0.22     ; the expo ticket, printed only when routed
//
// A station without a route (and no "*") is not printed by this console.
class PrinterRoutes final
{
public:
    static inline const QString SETTINGS_GROUP = QStringLiteral("kitchenPrinters");
    static inline const QString ANY_STATION = QStringLiteral("*");
    static inline const QString EXPO = QStringLiteral("expo");

    static PrinterRoutes fromSettings(QSettings& settings);
    void save(QSettings& settings) const;

    void setRoute(const QString& station, const QString& printerUri);
    // The printer URI for a station ticket, or for the expo ticket; empty
    // when this console does not print it.
    QString printerFor(const QString& station) const;
    QString printerForExpo() const;

    const QMap<QString, QString>& routes() const { return m_routes; }
    bool isEmpty() const { return m_routes.isEmpty(); }

private:
    QMap<QString, QString> m_routes;
};
