#include "moneysettingspage.h"

#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>
#include <cmath>
#include <optional>
#include <utility>

namespace
{

QFormLayout* newForm()
{
    auto* form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    form->setHorizontalSpacing(16);
    form->setVerticalSpacing(10);
    form->setContentsMargins(16, 14, 16, 14);
    return form;
}

QDoubleSpinBox* amountBox(const QString& objectName, double maximum, int decimals, QWidget* parent)
{
    auto* box = new QDoubleSpinBox(parent);
    box->setObjectName(objectName);
    box->setRange(-1, maximum); // a negative value is reported, not silently clamped
    box->setDecimals(decimals);
    box->setMinimumWidth(140);
    box->setMaximumWidth(180);
    box->setAlignment(Qt::AlignRight);
    return box;
}

// "40.4153, -3.7074" → both degrees; empty → neither; anything else → nullopt.
std::optional<std::pair<std::optional<double>, std::optional<double>>> parseCentre(const QString& text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty()) {
        return std::pair<std::optional<double>, std::optional<double>>{};
    }
    const QStringList parts = trimmed.split(QLatin1Char(','));
    if (parts.size() != 2) {
        return std::nullopt;
    }
    bool latOk = false;
    bool lonOk = false;
    const double latitude = parts.at(0).trimmed().toDouble(&latOk);
    const double longitude = parts.at(1).trimmed().toDouble(&lonOk);
    if (!latOk || !lonOk || latitude < -90 || latitude > 90 || longitude < -180 || longitude > 180) {
        return std::nullopt;
    }
    return std::pair<std::optional<double>, std::optional<double>>{latitude, longitude};
}

} // namespace

MoneySettingsPage::MoneySettingsPage(qint64 restaurantId,
                                     SettingsService& settings,
                                     ConsoleSession& session,
                                     QWidget* parent)
    : RestaurantSettingsPage(tr("Tax and delivery"),
                             tr("What is added to every bill and what delivery costs."),
                             restaurantId,
                             settings,
                             session,
                             parent)
    , m_taxRate(amountBox(QStringLiteral("taxRateSpinBox"), 100, 2, this))
    , m_deliveryFee(amountBox(QStringLiteral("deliveryFeeSpinBox"), 1000, 2, this))
    , m_radius(amountBox(QStringLiteral("deliveryRadiusSpinBox"), 100, 1, this))
    , m_zoneCentre(new QLineEdit(this))
{
    setObjectName(QStringLiteral("moneySettingsPage"));
    m_taxRate->setSuffix(QStringLiteral(" %"));
    m_radius->setSuffix(tr(" km"));

    auto* taxBox = new QGroupBox(tr("Tax"), this);
    auto* taxForm = newForm();
    taxForm->addRow(formLabel(tr("Tax rate")), withError(m_taxRate, QStringLiteral("tax_rate_bp")));
    auto* taxHint = new QLabel(tr("Menu prices include it; receipts show it separately."), taxBox);
    taxHint->setProperty("hint", true);
    taxForm->addRow(QString(), taxHint);
    taxBox->setLayout(taxForm);

    auto* deliveryBox = new QGroupBox(tr("Delivery"), this);
    auto* deliveryForm = newForm();
    deliveryForm->addRow(formLabel(tr("Delivery fee")), withError(m_deliveryFee, QStringLiteral("delivery_fee_cents")));
    deliveryForm->addRow(formLabel(tr("Delivers within")), withError(m_radius, QStringLiteral("delivery_radius_m")));
    auto* radiusHint =
        new QLabel(tr("Addresses farther than this from the restaurant are refused when ordering."), deliveryBox);
    radiusHint->setProperty("hint", true);
    radiusHint->setWordWrap(true);
    deliveryForm->addRow(QString(), radiusHint);
    m_zoneCentre->setObjectName(QStringLiteral("zoneCentreLineEdit"));
    m_zoneCentre->setPlaceholderText(tr("latitude, longitude (e.g. 40.4153, -3.7074)"));
    m_zoneCentre->setMaximumWidth(280);
    deliveryForm->addRow(formLabel(tr("Restaurant location")), withError(m_zoneCentre, QStringLiteral("latitude")));
    auto* centreHint = new QLabel(
        tr("The centre of the delivery zone, in degrees. Leave it empty to take no delivery orders."), deliveryBox);
    centreHint->setProperty("hint", true);
    centreHint->setWordWrap(true);
    deliveryForm->addRow(QString(), centreHint);
    deliveryBox->setLayout(deliveryForm);

    content()->addWidget(taxBox);
    content()->addWidget(deliveryBox);
    content()->addStretch(1);

    for (QDoubleSpinBox* box : {m_taxRate, m_deliveryFee, m_radius}) {
        connect(box, &QDoubleSpinBox::valueChanged, this, [this] { fieldsChanged(); });
    }
    connect(m_zoneCentre, &QLineEdit::textEdited, this, [this] { fieldsChanged(); });
}

void MoneySettingsPage::showSettings(const RestaurantSettings& settings)
{
    m_taxRate->setValue(settings.taxRateBasisPoints / 100.0);
    m_deliveryFee->setPrefix(settings.currency + QLatin1Char(' '));
    m_deliveryFee->setValue(settings.deliveryFeeCents / 100.0);
    m_radius->setValue(settings.deliveryRadiusMeters / 1000.0);
    // The C locale's dot, whatever the console's language: the comma separates the two.
    m_zoneCentre->setText(settings.latitude && settings.longitude
                              ? QStringLiteral("%1, %2").arg(QString::number(*settings.latitude, 'f', 6),
                                                             QString::number(*settings.longitude, 'f', 6))
                              : QString());
}

void MoneySettingsPage::applyFields(RestaurantSettings& settings) const
{
    settings.taxRateBasisPoints = int(std::lround(m_taxRate->value() * 100));
    settings.deliveryFeeCents = int(std::lround(m_deliveryFee->value() * 100));
    settings.deliveryRadiusMeters = int(std::lround(m_radius->value() * 1000));
    if (const auto centre = parseCentre(m_zoneCentre->text())) {
        settings.latitude = centre->first;
        settings.longitude = centre->second;
    }
}

bool MoneySettingsPage::checkFields()
{
    bool ok = true;
    if (m_taxRate->value() < 0 || m_taxRate->value() > 50) {
        setFieldError(QStringLiteral("tax_rate_bp"), tr("The tax rate is between 0 % and 50 %."));
        ok = false;
    }
    if (m_deliveryFee->value() < 0 || m_deliveryFee->value() > 100) {
        setFieldError(QStringLiteral("delivery_fee_cents"), tr("The delivery fee is between 0.00 and 100.00."));
        ok = false;
    }
    if (m_radius->value() < 0.1 || m_radius->value() > 50) {
        setFieldError(QStringLiteral("delivery_radius_m"), tr("The delivery radius is between 0.1 and 50 km."));
        ok = false;
    }
    if (!parseCentre(m_zoneCentre->text())) {
        setFieldError(QStringLiteral("latitude"),
                      tr("Enter the latitude and longitude in degrees, separated by a comma (e.g. 40.4153, -3.7074)."));
        ok = false;
    }
    return ok;
}
