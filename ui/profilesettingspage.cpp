#include "profilesettingspage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QRegularExpression>
#include <QTimeEdit>
#include <QTimeZone>
#include <QVBoxLayout>

namespace
{

constexpr int FIELD_WIDTH = 420;
constexpr int MAX_NAME_LENGTH = 200;

} // namespace

ProfileSettingsPage::ProfileSettingsPage(qint64 restaurantId,
                                         SettingsService& settings,
                                         ConsoleSession& session,
                                         QWidget* parent)
    : RestaurantSettingsPage(tr("Restaurant"),
                             tr("How the restaurant is named and when it is open. Diners see the name and the "
                                "opening hours on their phones."),
                             restaurantId,
                             settings,
                             session,
                             parent)
    , m_name(new QLineEdit(this))
    , m_timezone(new QComboBox(this))
    , m_currency(new QComboBox(this))
{
    setObjectName(QStringLiteral("profileSettingsPage"));

    m_name->setObjectName(QStringLiteral("restaurantNameLineEdit"));
    m_name->setMaxLength(MAX_NAME_LENGTH + 20); // longer is reported, not cut silently
    m_name->setPlaceholderText(tr("e.g. Trattoria Da Enzo"));
    m_name->setMaximumWidth(FIELD_WIDTH);

    // Every IANA zone, searchable by any part ("madrid", "America/").
    m_timezone->setObjectName(QStringLiteral("timezoneComboBox"));
    m_timezone->setEditable(true);
    m_timezone->setInsertPolicy(QComboBox::NoInsert);
    const QList<QByteArray> zones = QTimeZone::availableTimeZoneIds();
    for (const QByteArray& zone : zones) {
        m_timezone->addItem(QString::fromUtf8(zone));
    }
    m_timezone->completer()->setFilterMode(Qt::MatchContains);
    m_timezone->completer()->setCompletionMode(QCompleter::PopupCompletion);
    m_timezone->setMaximumWidth(FIELD_WIDTH);

    m_currency->setObjectName(QStringLiteral("currencyComboBox"));
    m_currency->setEditable(true);
    m_currency->setInsertPolicy(QComboBox::NoInsert);
    const QStringList currencies{QStringLiteral("EUR"),
                                 QStringLiteral("USD"),
                                 QStringLiteral("GBP"),
                                 QStringLiteral("CHF"),
                                 QStringLiteral("SEK"),
                                 QStringLiteral("NOK"),
                                 QStringLiteral("DKK"),
                                 QStringLiteral("PLN"),
                                 QStringLiteral("CZK"),
                                 QStringLiteral("CAD"),
                                 QStringLiteral("AUD"),
                                 QStringLiteral("JPY"),
                                 QStringLiteral("MXN"),
                                 QStringLiteral("BRL")};
    m_currency->addItems(currencies);
    m_currency->setMaximumWidth(FIELD_WIDTH / 2);

    auto* form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setHorizontalSpacing(16);
    form->setVerticalSpacing(10);
    form->addRow(formLabel(tr("Name")), withError(m_name, QStringLiteral("name")));
    form->addRow(formLabel(tr("Timezone")), withError(m_timezone, QStringLiteral("timezone")));
    form->addRow(formLabel(tr("Currency")), withError(m_currency, QStringLiteral("currency")));
    content()->addLayout(form);

    auto* hoursBox = new QGroupBox(tr("Opening hours"), this);
    hoursBox->setObjectName(QStringLiteral("openingHoursGroupBox"));
    auto* grid = new QGridLayout(hoursBox);
    grid->setHorizontalSpacing(14);
    grid->setVerticalSpacing(6);
    grid->setContentsMargins(16, 14, 16, 14);
    auto* opensHeader = new QLabel(tr("Opens"), hoursBox);
    auto* closesHeader = new QLabel(tr("Closes"), hoursBox);
    opensHeader->setProperty("hint", true);
    closesHeader->setProperty("hint", true);
    grid->addWidget(opensHeader, 0, 2);
    grid->addWidget(closesHeader, 0, 3);
    const QLocale locale;
    for (int day = 1; day <= 7; ++day) {
        Day row;
        auto* name = new QLabel(locale.dayName(day), hoursBox);
        name->setMinimumWidth(110);
        row.open = new QCheckBox(tr("Open"), hoursBox);
        row.open->setObjectName(QStringLiteral("openCheckBox%1").arg(day));
        row.opens = new QTimeEdit(hoursBox);
        row.opens->setObjectName(QStringLiteral("opensTimeEdit%1").arg(day));
        row.opens->setDisplayFormat(QStringLiteral("HH:mm"));
        row.closes = new QTimeEdit(hoursBox);
        row.closes->setObjectName(QStringLiteral("closesTimeEdit%1").arg(day));
        row.closes->setDisplayFormat(QStringLiteral("HH:mm"));
        row.closes->setToolTip(tr("Earlier than the opening time: closes after midnight"));
        grid->addWidget(name, day, 0);
        grid->addWidget(row.open, day, 1);
        grid->addWidget(row.opens, day, 2);
        grid->addWidget(row.closes, day, 3);
        grid->addWidget(addFieldError(QStringLiteral("hours%1").arg(day)), day, 4);
        connect(row.open, &QCheckBox::toggled, this, [this, row](bool open) {
            row.opens->setEnabled(open);
            row.closes->setEnabled(open);
            fieldsChanged();
        });
        connect(row.opens, &QTimeEdit::timeChanged, this, [this] { fieldsChanged(); });
        connect(row.closes, &QTimeEdit::timeChanged, this, [this] { fieldsChanged(); });
        m_days << row;
    }
    grid->setColumnStretch(4, 1);
    auto* hoursHint = new QLabel(tr("A closing time earlier than the opening time means the kitchen closes after "
                                    "midnight."),
                                 hoursBox);
    hoursHint->setProperty("hint", true);
    hoursHint->setWordWrap(true);
    grid->addWidget(hoursHint, 8, 0, 1, 5);
    content()->addWidget(hoursBox);
    content()->addStretch(1);

    connect(m_name, &QLineEdit::textChanged, this, [this] { fieldsChanged(); });
    connect(m_timezone, &QComboBox::currentTextChanged, this, [this] { fieldsChanged(); });
    connect(m_currency, &QComboBox::currentTextChanged, this, [this] { fieldsChanged(); });
}

void ProfileSettingsPage::showSettings(const RestaurantSettings& settings)
{
    m_name->setText(settings.name);
    m_timezone->setCurrentText(settings.timezone);
    m_currency->setCurrentText(settings.currency);
    for (int day = 1; day <= 7; ++day) {
        const Day& row = m_days.at(day - 1);
        bool open = false;
        QTime opens(12, 0);
        QTime closes(23, 0);
        for (const RestaurantSettings::OpeningHours& hours : settings.openingHours) {
            if (hours.dayOfWeek == day) {
                open = true;
                opens = hours.opens;
                closes = hours.closes;
                break; // one span a day in this form
            }
        }
        row.open->setChecked(open);
        row.opens->setTime(opens);
        row.closes->setTime(closes);
        row.opens->setEnabled(open);
        row.closes->setEnabled(open);
    }
}

void ProfileSettingsPage::applyFields(RestaurantSettings& settings) const
{
    settings.name = m_name->text().trimmed();
    settings.timezone = m_timezone->currentText().trimmed();
    settings.currency = m_currency->currentText().trimmed().toUpper();
    settings.openingHours.clear();
    for (int day = 1; day <= 7; ++day) {
        const Day& row = m_days.at(day - 1);
        if (row.open->isChecked()) {
            settings.openingHours << RestaurantSettings::OpeningHours{day, row.opens->time(), row.closes->time()};
        }
    }
}

bool ProfileSettingsPage::checkFields()
{
    bool ok = true;
    const QString name = m_name->text().trimmed();
    if (name.isEmpty()) {
        setFieldError(QStringLiteral("name"), tr("Enter the restaurant's name."));
        ok = false;
    } else if (name.size() > MAX_NAME_LENGTH) {
        setFieldError(QStringLiteral("name"), tr("Use at most %1 characters.").arg(MAX_NAME_LENGTH));
        ok = false;
    }
    const QString zone = m_timezone->currentText().trimmed();
    if (zone.isEmpty() || !QTimeZone(zone.toUtf8()).isValid()) {
        setFieldError(QStringLiteral("timezone"), tr("Choose a timezone from the list, e.g. Europe/Madrid."));
        ok = false;
    }
    static const QRegularExpression currencyCode(QStringLiteral("^[A-Za-z]{3}$"));
    if (!currencyCode.match(m_currency->currentText().trimmed()).hasMatch()) {
        setFieldError(QStringLiteral("currency"), tr("Use a three-letter currency code such as EUR or USD."));
        ok = false;
    }
    for (int day = 1; day <= 7; ++day) {
        const Day& row = m_days.at(day - 1);
        if (row.open->isChecked() && row.opens->time() == row.closes->time()) {
            setFieldError(QStringLiteral("hours%1").arg(day), tr("Opening and closing times are the same."));
            ok = false;
        }
    }
    return ok;
}
