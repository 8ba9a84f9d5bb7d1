#include "printerssettingspage.h"

#include "menuservice.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QUrl>
#include <QVBoxLayout>

namespace
{

constexpr int RAW_PRINTING_PORT = 9100;

QMap<QString, QString> readRoutes()
{
    QSettings settings;
    QMap<QString, QString> routes;
    settings.beginGroup(PrintersSettingsPage::SETTINGS_GROUP);
    const QStringList stations = settings.childKeys();
    for (const QString& station : stations) {
        const QString uri = settings.value(station).toString().trimmed();
        if (!uri.isEmpty()) {
            routes.insert(station, uri);
        }
    }
    settings.endGroup();
    return routes;
}

} // namespace

PrintersSettingsPage::PrintersSettingsPage(qint64 restaurantId, MenuService& menu, QWidget* parent)
    : SettingsPage(tr("Printers"),
                   tr("Where this console prints kitchen chits. These settings belong to this computer only; "
                      "a station left empty is not printed here."),
                   Permission::EditSettings,
                   Layout::Form,
                   parent)
    , m_restaurantId(restaurantId)
    , m_menu(menu)
    , m_form(new QFormLayout)
{
    setObjectName(QStringLiteral("printersSettingsPage"));
    auto* box = new QGroupBox(tr("Station printers"), this);
    m_form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_form->setHorizontalSpacing(16);
    m_form->setVerticalSpacing(10);
    m_form->setContentsMargins(16, 14, 16, 14);
    box->setLayout(m_form);
    auto* hint = new QLabel(tr("Use tcp://HOST:PORT for a network kitchen printer (port 9100 if left out) or "
                               "pdf:/DIRECTORY to write each chit as a PDF file."),
                            this);
    hint->setProperty("hint", true);
    hint->setWordWrap(true);
    content()->addWidget(box);
    content()->addWidget(hint);
    content()->addStretch(1);
}

QString PrintersSettingsPage::checkPrinterUri(const QString& uri)
{
    const QString text = uri.trimmed();
    if (text.isEmpty()) {
        return {};
    }
    const QUrl url(text, QUrl::StrictMode);
    if (url.isValid() && url.scheme() == u"tcp" && !url.host().isEmpty()) {
        const int port = url.port(RAW_PRINTING_PORT);
        if (port > 0 && port <= 65535 && (url.path().isEmpty() || url.path() == u"/")) {
            return {};
        }
        return tr("The port must be between 1 and 65535, e.g. tcp://10.0.0.20:9100.");
    }
    if (url.isValid() && url.scheme() == u"pdf" && !url.path().isEmpty()) {
        return {};
    }
    return tr("Not a printer address; use tcp://HOST:9100 or pdf:/DIRECTORY.");
}

void PrintersSettingsPage::reload()
{
    setBusy(true);
    watch(m_menu.menu(m_restaurantId), [this](const Result<Menu>& menu) {
        setBusy(false);
        QStringList stations;
        if (menu) {
            for (const MenuCategory& category : menu->categories) {
                for (const MenuItem& item : category.items) {
                    if (!item.station.isEmpty() && !stations.contains(item.station)) {
                        stations << item.station;
                    }
                }
            }
        } else {
            showError(menu.error());
        }
        showRoutes(stations);
        Q_EMIT loaded();
    });
}

void PrintersSettingsPage::showRoutes(QStringList stations)
{
    m_saved = readRoutes();
    // Stations from the menu, and any this console routes that the menu no longer has.
    for (auto it = m_saved.cbegin(); it != m_saved.cend(); ++it) {
        if (it.key() != ANY_STATION && it.key() != EXPO && !stations.contains(it.key())) {
            stations << it.key();
        }
    }
    stations.sort();
    stations.prepend(ANY_STATION);
    stations << EXPO;

    m_showing = true;
    while (m_form->rowCount() > 0) {
        m_form->removeRow(0);
    }
    m_edits.clear();
    clearFieldErrors();
    for (const QString& station : std::as_const(stations)) {
        auto* edit = new QLineEdit(this);
        edit->setObjectName(QStringLiteral("printerLineEdit_")
                            + (station == ANY_STATION ? QStringLiteral("any") : station));
        edit->setPlaceholderText(station == ANY_STATION ? tr("Not printed") : tr("As every other station"));
        if (station == EXPO) {
            edit->setPlaceholderText(tr("Not printed"));
        }
        edit->setMaximumWidth(420);
        edit->setText(m_saved.value(station));
        connect(edit, &QLineEdit::textChanged, this, &PrintersSettingsPage::fieldsChanged);
        QString label = station;
        if (station == ANY_STATION) {
            label = tr("Every other station");
        } else if (station == EXPO) {
            label = tr("Expo (whole ticket)");
        } else if (!label.isEmpty()) {
            label[0] = label.at(0).toUpper();
        }
        m_form->addRow(formLabel(label), withError(edit, QStringLiteral("printer_") + station));
        m_edits.insert(station, edit);
    }
    m_showing = false;
    setDirty(false);
}

QMap<QString, QString> PrintersSettingsPage::editedRoutes() const
{
    QMap<QString, QString> routes;
    for (auto it = m_edits.cbegin(); it != m_edits.cend(); ++it) {
        const QString uri = it.value()->text().trimmed();
        if (!uri.isEmpty()) {
            routes.insert(it.key(), uri);
        }
    }
    return routes;
}

bool PrintersSettingsPage::checkFields()
{
    bool ok = true;
    for (auto it = m_edits.cbegin(); it != m_edits.cend(); ++it) {
        const QString problem = checkPrinterUri(it.value()->text());
        if (!problem.isEmpty()) {
            setFieldError(QStringLiteral("printer_") + it.key(), problem);
            ok = false;
        }
    }
    return ok;
}

void PrintersSettingsPage::fieldsChanged()
{
    if (m_showing) {
        return;
    }
    clearFieldErrors();
    checkFields();
    setDirty(editedRoutes() != m_saved);
}

void PrintersSettingsPage::save()
{
    clearMessage();
    clearFieldErrors();
    if (!checkFields()) {
        showError(tr("Nothing was saved: correct the printer addresses marked in red first."));
        Q_EMIT saved(false);
        return;
    }
    const QMap<QString, QString> routes = editedRoutes();
    // Replaced, not merged, as PrinterRoutes::save does. QSettings is a local
    // file, not the database: cheap enough for the GUI thread.
    QSettings settings;
    settings.beginGroup(SETTINGS_GROUP);
    settings.remove(QString());
    for (auto it = routes.cbegin(); it != routes.cend(); ++it) {
        settings.setValue(it.key(), it.value());
    }
    settings.endGroup();
    settings.sync();
    if (settings.status() != QSettings::NoError) {
        showError(tr("The printer settings could not be written to %1.").arg(settings.fileName()));
        Q_EMIT saved(false);
        return;
    }
    m_saved = routes;
    setDirty(false);
    showInfo(tr("Saved. Restart Maitre on this computer for the printers to change."));
    Q_EMIT saved(true);
}
