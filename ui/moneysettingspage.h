#pragma once

#include "restaurantsettingspage.h"

class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;

// Settings page: the tax rate, the delivery fee, how far the restaurant delivers and from where.
class MoneySettingsPage final : public RestaurantSettingsPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MoneySettingsPage)

public:
    MoneySettingsPage(qint64 restaurantId,
                      SettingsService& settings,
                      ConsoleSession& session,
                      QWidget* parent = nullptr);

protected:
    void showSettings(const RestaurantSettings& settings) override;
    void applyFields(RestaurantSettings& settings) const override;
    bool checkFields() override;

private:
    QDoubleSpinBox* m_taxRate;
    QDoubleSpinBox* m_deliveryFee;
    QDoubleSpinBox* m_radius;
    QLineEdit* m_zoneCentre; // "latitude, longitude"; empty: no deliveries
};
