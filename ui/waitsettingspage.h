#pragma once

#include "restaurantsettingspage.h"

class QSpinBox;

// Settings page: how long a notified party's table is held, and the turn
// times the wait estimate starts from until there is enough history.
class WaitSettingsPage final : public RestaurantSettingsPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WaitSettingsPage)

public:
    WaitSettingsPage(qint64 restaurantId,
                     SettingsService& settings,
                     ConsoleSession& session,
                     QWidget* parent = nullptr);

protected:
    void showSettings(const RestaurantSettings& settings) override;
    void applyFields(RestaurantSettings& settings) const override;
    bool checkFields() override;

private:
    QSpinBox* m_hold;
    QSpinBox* m_small;
    QSpinBox* m_medium;
    QSpinBox* m_large;
    QSpinBox* m_xlarge;
};
