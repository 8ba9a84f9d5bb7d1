#pragma once

#include "restaurantsettings.h"
#include "settingspage.h"

#include <functional>

class ConsoleSession;
class SettingsService;

// A settings page that edits part of RestaurantSettings (profile, wait, money,
// providers): it shows the fields it owns, checks them as they are typed,
// and saves by reading the settings afresh, changing only its own fields, so
// two pages (or two consoles) never undo each other's saves.
class RestaurantSettingsPage : public SettingsPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RestaurantSettingsPage)

public:
    RestaurantSettingsPage(const QString& title,
                           const QString& subtitle,
                           qint64 restaurantId,
                           SettingsService& settings,
                           ConsoleSession& session,
                           QWidget* parent);

    // The settings as last read or saved.
    const RestaurantSettings& current() const { return m_loaded; }

public Q_SLOTS:
    void reload() override;

protected:
    void save() override;

    // Puts `settings` into the page's fields.
    virtual void showSettings(const RestaurantSettings& settings) = 0;
    // Copies the page's fields into `settings`.
    virtual void applyFields(RestaurantSettings& settings) const = 0;
    // Marks each wrong field with a readable message; false when any is wrong.
    virtual bool checkFields() = 0;
    // Pages with more than settings (the providers' secrets): whether there
    // is something else to save, and saving it (done(false) on failure).
    virtual bool hasOtherChanges() const { return false; }
    virtual void saveOtherChanges(std::function<void(bool ok)> done) { done(true); }
    // Called after load and save, for pages that read more than settings.
    virtual void afterLoad() { }

    // Connect every field's change signal here.
    void fieldsChanged();

    qint64 restaurantId() const { return m_restaurantId; }
    ConsoleSession& session() const { return m_session; }

private:
    void finishSave(bool ok, const QString& info);

    qint64 m_restaurantId;
    SettingsService& m_settings;
    ConsoleSession& m_session;
    RestaurantSettings m_loaded;
    RestaurantSettings m_shown; // m_loaded as the fields hold it
    bool m_showing = false;
};
