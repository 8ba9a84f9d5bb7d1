#include "moneysettingspage.h"

#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QVBoxLayout>
#include <cmath>

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
    deliveryBox->setLayout(deliveryForm);

    content()->addWidget(taxBox);
    content()->addWidget(deliveryBox);
    content()->addStretch(1);

    for (QDoubleSpinBox* box : {m_taxRate, m_deliveryFee, m_radius}) {
        connect(box, &QDoubleSpinBox::valueChanged, this, [this] { fieldsChanged(); });
    }
}

void MoneySettingsPage::showSettings(const RestaurantSettings& settings)
{
    m_taxRate->setValue(settings.taxRateBasisPoints / 100.0);
    m_deliveryFee->setPrefix(settings.currency + QLatin1Char(' '));
    m_deliveryFee->setValue(settings.deliveryFeeCents / 100.0);
    m_radius->setValue(settings.deliveryRadiusMeters / 1000.0);
}

void MoneySettingsPage::applyFields(RestaurantSettings& settings) const
{
    settings.taxRateBasisPoints = int(std::lround(m_taxRate->value() * 100));
    settings.deliveryFeeCents = int(std::lround(m_deliveryFee->value() * 100));
    settings.deliveryRadiusMeters = int(std::lround(m_radius->value() * 1000));
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
    return ok;
}
