#pragma once

#include "restaurantsettingspage.h"

#include <QHash>
#include <QSet>

class QCheckBox;
class QComboBox;
class QFrame;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class SecretStore;

// Settings page: payments, geocoding, the language model (on or off), the
// diners' ordering assistant's persona, the map's tile server, the
// voice-ordering webhook and covers per server. Keys go to the
// SecretStore (the OS keychain), never to the database: the page shows only
// whether one is set, and says plainly when there is no keychain.
class ProvidersSettingsPage final : public RestaurantSettingsPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProvidersSettingsPage)

public:
    ProvidersSettingsPage(qint64 restaurantId,
                          SettingsService& settings,
                          SecretStore& secrets,
                          ConsoleSession& session,
                          QWidget* parent = nullptr);

    // "Set" or "Not set" as shown for a SecretStore key.
    QString secretStatus(const QString& key) const;

protected:
    void showSettings(const RestaurantSettings& settings) override;
    void applyFields(RestaurantSettings& settings) const override;
    bool checkFields() override;
    bool hasOtherChanges() const override;
    void saveOtherChanges(std::function<void(bool ok)> done) override;
    void afterLoad() override;

private:
    struct Secret
    {
        QLineEdit* edit = nullptr;
        QLabel* status = nullptr;
        QPushButton* remove = nullptr;
    };

    QWidget* secretRow(const QString& key, const QString& objectName);
    void refreshSecretStatus();
    void updateKeychainNotice();
    void chooseSecretFile();
    void updateEnabledFields();
    void saveNextSecret(QStringList keys, bool ok, std::function<void(bool ok)> done);

    SecretStore& m_secrets;
    QComboBox* m_payment;
    QComboBox* m_geocoder;
    QLineEdit* m_nominatimUrl;
    QLineEdit* m_llmBaseUrl;
    QLineEdit* m_llmModel;
    QCheckBox* m_llmEnabled;
    QLineEdit* m_assistantName;
    QComboBox* m_assistantTone;
    QLineEdit* m_assistantGreeting;
    QLineEdit* m_tileServerUrl;
    QSpinBox* m_covers;
    QFrame* m_keychainNotice;
    QLabel* m_keychainTitle;
    QLabel* m_keychainText;
    QPushButton* m_chooseFileButton;
    QHash<QString, Secret> m_secretRows;
    QHash<QString, bool> m_secretSet;
    QSet<QString> m_removals;
};
