#pragma once

#include "settingspage.h"

#include <QMap>

class ConsoleSession;
class MenuService;
class QFormLayout;
class QLineEdit;

// Settings page for this console only: which printer each kitchen station's
// chits go to (tcp://HOST:PORT or pdf:/DIRECTORY), kept in QSettings under
// [kitchenPrinters], the keys printing/PrinterRoutes reads at start.
class PrintersSettingsPage final : public SettingsPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PrintersSettingsPage)

public:
    static inline const QString SETTINGS_GROUP = QStringLiteral("kitchenPrinters"); // = PrinterRoutes::SETTINGS_GROUP
    static inline const QString ANY_STATION = QStringLiteral("*");
    static inline const QString EXPO = QStringLiteral("expo");

    PrintersSettingsPage(qint64 restaurantId, MenuService& menu, QWidget* parent = nullptr);

    // The address field of `station` ("*" for every other station), or nullptr.
    QLineEdit* printerEdit(const QString& station) const { return m_edits.value(station); }

    // "" when `uri` is empty or a printer address; otherwise why not.
    static QString checkPrinterUri(const QString& uri);

public Q_SLOTS:
    void reload() override;

protected:
    void save() override;

private:
    void showRoutes(QStringList stations);
    QMap<QString, QString> editedRoutes() const;
    void fieldsChanged();
    bool checkFields();

    qint64 m_restaurantId;
    MenuService& m_menu;
    QFormLayout* m_form;
    QMap<QString, QLineEdit*> m_edits;
    QMap<QString, QString> m_saved;
    bool m_showing = false;
};
