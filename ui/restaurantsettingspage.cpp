#include "restaurantsettingspage.h"

#include "consolesession.h"
#include "settingsservice.h"

RestaurantSettingsPage::RestaurantSettingsPage(const QString& title,
                                               const QString& subtitle,
                                               qint64 restaurantId,
                                               SettingsService& settings,
                                               ConsoleSession& session,
                                               QWidget* parent)
    : SettingsPage(title, subtitle, Permission::EditSettings, Layout::Form, parent)
    , m_restaurantId(restaurantId)
    , m_settings(settings)
    , m_session(session)
{ }

void RestaurantSettingsPage::reload()
{
    setBusy(true);
    watch(m_settings.settings(m_restaurantId), [this](const Result<RestaurantSettings>& settings) {
        setBusy(false);
        if (!settings) {
            showError(settings.error());
            Q_EMIT loaded();
            return;
        }
        m_loaded = *settings;
        m_showing = true;
        clearFieldErrors();
        showSettings(m_loaded);
        m_showing = false;
        // Compare with what the fields make of it, not the raw value: a field
        // may normalise (order of opening hours, trimmed text).
        m_shown = m_loaded;
        applyFields(m_shown);
        afterLoad();
        setDirty(false);
        Q_EMIT loaded();
    });
}

void RestaurantSettingsPage::fieldsChanged()
{
    if (m_showing) {
        return;
    }
    RestaurantSettings edited = m_loaded;
    applyFields(edited);
    clearFieldErrors();
    checkFields();
    setDirty(!(edited == m_shown) || hasOtherChanges());
}

void RestaurantSettingsPage::save()
{
    clearMessage();
    clearFieldErrors();
    if (!checkFields()) {
        showError(tr("Nothing was saved: correct the fields marked in red first."));
        Q_EMIT saved(false);
        return;
    }
    RestaurantSettings edited = m_loaded;
    applyFields(edited);
    const bool settingsChanged = !(edited == m_shown);
    if (settingsChanged) {
        // The models layer has the last word on what is valid.
        const VoidResult valid = edited.validate();
        if (!valid) {
            showError(valid.error());
            Q_EMIT saved(false);
            return;
        }
    }
    setBusy(true);
    if (!settingsChanged) {
        saveOtherChanges([this](bool ok) { finishSave(ok, tr("Saved.")); });
        return;
    }
    // Read afresh and change only this page's fields.
    watch(m_settings.settings(m_restaurantId), [this](const Result<RestaurantSettings>& fresh) {
        if (!fresh) {
            setBusy(false);
            showError(fresh.error());
            Q_EMIT saved(false);
            return;
        }
        RestaurantSettings merged = *fresh;
        applyFields(merged);
        watch(m_settings.save(m_restaurantId, m_session.actor(), merged),
              [this](const Result<RestaurantSettings>& result) {
                  if (!result) {
                      setBusy(false);
                      showError(result.error());
                      Q_EMIT saved(false);
                      return;
                  }
                  m_loaded = *result;
                  m_showing = true;
                  showSettings(m_loaded);
                  m_showing = false;
                  m_shown = m_loaded;
                  applyFields(m_shown);
                  saveOtherChanges(
                      [this](bool ok) { finishSave(ok, tr("Saved. Every console uses the new settings now.")); });
              });
    });
}

void RestaurantSettingsPage::finishSave(bool ok, const QString& info)
{
    setBusy(false);
    if (ok) {
        afterLoad();
        setDirty(hasOtherChanges());
        showInfo(info);
    } else {
        fieldsChanged();
    }
    Q_EMIT saved(ok);
}
