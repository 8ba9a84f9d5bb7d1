#pragma once

#include "settingspage.h"

class AnalyticsAccess;
class ConsoleSession;
class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class SecretStore;

// Settings page (EditSettings): how a BI tool (Power BI, Metabase, Grafana,
// Excel) reads the analytics: the read-only maitre_analytics role, where to
// connect, its password from the keychain (shown on request, renewable),
// and, for Maitre's own database, whether it accepts BI tools from the network.
class AnalyticsAccessPage final : public SettingsPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AnalyticsAccessPage)

public:
    // The per-console QSettings key behind the network switch (read at start).
    static constexpr const char* NETWORK_SETTING = "analytics/networkAccess";

    // Where the database is, as a BI tool on the LAN would reach it.
    struct Connection
    {
        QString host;
        int port = 5432;
        QString database;
        bool managed = true; // Maitre's own PostgreSQL (the switch applies) or one given with --database-url
        bool networkOn = false; // listening on the network right now
        QString networkProblem; // why it is not, although asked for
        QString eventsUrl; // GET …/api/v1/events, for live events
    };

    AnalyticsAccessPage(qint64 restaurantId,
                        AnalyticsAccess& access,
                        SecretStore& secrets,
                        ConsoleSession& session,
                        const Connection& connection,
                        QWidget* parent = nullptr);

    QString connectionString(bool withPassword) const;

public Q_SLOTS:
    void reload() override;
    void renewPassword();

private:
    void showPassword(const QString& password);
    void updateNetworkNote();

    qint64 m_restaurantId;
    AnalyticsAccess& m_access;
    SecretStore& m_secrets;
    ConsoleSession& m_session;
    Connection m_connection;
    QString m_password;
    QLabel* m_status;
    QLineEdit* m_passwordEdit;
    QLineEdit* m_urlEdit;
    QPushButton* m_showButton;
    QPushButton* m_renewButton;
    QCheckBox* m_network = nullptr;
    QLabel* m_networkNote = nullptr;
};
