#pragma once

#include "restaurantsettingspage.h"

#include <QList>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QTimeEdit;

// Settings page: the restaurant's name, timezone, currency and opening hours.
class ProfileSettingsPage final : public RestaurantSettingsPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileSettingsPage)

public:
    ProfileSettingsPage(qint64 restaurantId,
                        SettingsService& settings,
                        ConsoleSession& session,
                        QWidget* parent = nullptr);

protected:
    void showSettings(const RestaurantSettings& settings) override;
    void applyFields(RestaurantSettings& settings) const override;
    bool checkFields() override;

private:
    struct Day
    {
        QCheckBox* open = nullptr;
        QTimeEdit* opens = nullptr;
        QTimeEdit* closes = nullptr;
    };

    QLineEdit* m_name;
    QComboBox* m_timezone;
    QComboBox* m_currency;
    QList<Day> m_days; // Monday first
};
