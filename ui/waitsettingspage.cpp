#include "waitsettingspage.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

namespace
{

QSpinBox* minutesBox(const QString& objectName, int maximum, QWidget* parent)
{
    auto* box = new QSpinBox(parent);
    box->setObjectName(objectName);
    // 0 is allowed in the box so that it can be reported, not silently raised.
    box->setRange(0, maximum);
    box->setSuffix(WaitSettingsPage::tr(" min"));
    box->setMinimumWidth(120);
    box->setMaximumWidth(160);
    return box;
}

QFormLayout* newForm()
{
    auto* form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    form->setHorizontalSpacing(16);
    form->setVerticalSpacing(10);
    return form;
}

} // namespace

WaitSettingsPage::WaitSettingsPage(qint64 restaurantId,
                                   SettingsService& settings,
                                   ConsoleSession& session,
                                   QWidget* parent)
    : RestaurantSettingsPage(tr("Wait"),
                             tr("How the virtual queue treats notified parties and where the wait estimate starts "
                                "before the restaurant has its own history."),
                             restaurantId,
                             settings,
                             session,
                             parent)
    , m_hold(minutesBox(QStringLiteral("holdMinutesSpinBox"), 240, this))
    , m_small(minutesBox(QStringLiteral("turnSmallSpinBox"), 600, this))
    , m_medium(minutesBox(QStringLiteral("turnMediumSpinBox"), 600, this))
    , m_large(minutesBox(QStringLiteral("turnLargeSpinBox"), 600, this))
    , m_xlarge(minutesBox(QStringLiteral("turnXLargeSpinBox"), 600, this))
{
    setObjectName(QStringLiteral("waitSettingsPage"));

    auto* holdBox = new QGroupBox(tr("Notified parties"), this);
    auto* holdForm = newForm();
    holdForm->setContentsMargins(16, 14, 16, 14);
    holdForm->addRow(formLabel(tr("Hold the table for")), withError(m_hold, QStringLiteral("hold_minutes")));
    auto* holdHint = new QLabel(tr("After this the host sees the hold as expired and may give the table to the next "
                                   "party."),
                                holdBox);
    holdHint->setProperty("hint", true);
    holdHint->setWordWrap(true);
    holdForm->addRow(QString(), holdHint);
    holdBox->setLayout(holdForm);

    auto* turnBox = new QGroupBox(tr("Default turn times"), this);
    auto* turnForm = newForm();
    turnForm->setContentsMargins(16, 14, 16, 14);
    turnForm->addRow(formLabel(tr("Parties of 1–2")), withError(m_small, QStringLiteral("default_turn_minutes_small")));
    turnForm->addRow(formLabel(tr("Parties of 3–4")),
                     withError(m_medium, QStringLiteral("default_turn_minutes_medium")));
    turnForm->addRow(formLabel(tr("Parties of 5–6")), withError(m_large, QStringLiteral("default_turn_minutes_large")));
    turnForm->addRow(formLabel(tr("Parties of 7 or more")),
                     withError(m_xlarge, QStringLiteral("default_turn_minutes_xlarge")));
    auto* turnHint = new QLabel(tr("How long a table is usually taken. Maitre learns real turn times as parties are "
                                   "seated and finish; these are used until then."),
                                turnBox);
    turnHint->setProperty("hint", true);
    turnHint->setWordWrap(true);
    turnForm->addRow(QString(), turnHint);
    turnBox->setLayout(turnForm);

    content()->addWidget(holdBox);
    content()->addWidget(turnBox);
    content()->addStretch(1);

    for (QSpinBox* box : {m_hold, m_small, m_medium, m_large, m_xlarge}) {
        connect(box, &QSpinBox::valueChanged, this, [this] { fieldsChanged(); });
    }
}

void WaitSettingsPage::showSettings(const RestaurantSettings& settings)
{
    m_hold->setValue(settings.holdMinutes);
    m_small->setValue(settings.defaultTurnMinutesSmall);
    m_medium->setValue(settings.defaultTurnMinutesMedium);
    m_large->setValue(settings.defaultTurnMinutesLarge);
    m_xlarge->setValue(settings.defaultTurnMinutesXLarge);
}

void WaitSettingsPage::applyFields(RestaurantSettings& settings) const
{
    settings.holdMinutes = m_hold->value();
    settings.defaultTurnMinutesSmall = m_small->value();
    settings.defaultTurnMinutesMedium = m_medium->value();
    settings.defaultTurnMinutesLarge = m_large->value();
    settings.defaultTurnMinutesXLarge = m_xlarge->value();
}

bool WaitSettingsPage::checkFields()
{
    bool ok = true;
    if (m_hold->value() < 1 || m_hold->value() > 120) {
        setFieldError(QStringLiteral("hold_minutes"), tr("Hold a table for 1 to 120 minutes."));
        ok = false;
    }
    const QList<std::pair<QSpinBox*, QString>> turns{{m_small, QStringLiteral("default_turn_minutes_small")},
                                                     {m_medium, QStringLiteral("default_turn_minutes_medium")},
                                                     {m_large, QStringLiteral("default_turn_minutes_large")},
                                                     {m_xlarge, QStringLiteral("default_turn_minutes_xlarge")}};
    for (const auto& [box, field] : turns) {
        if (box->value() < 10 || box->value() > 480) {
            setFieldError(field, tr("A turn time is between 10 and 480 minutes."));
            ok = false;
        }
    }
    return ok;
}
