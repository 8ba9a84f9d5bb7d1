#pragma once

#include "apitoken.h"
#include "settingspage.h"

#include <QList>

class ApiTokenService;
class ConsoleSession;
class QPushButton;
class QTableWidget;

// Settings page (ManageStaff): tokens for integrations. A new token's secret
// is shown once, in a dialog with a Copy button; the list never shows it.
class ApiTokensPage final : public SettingsPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ApiTokensPage)

public:
    ApiTokensPage(qint64 restaurantId, ApiTokenService& tokens, ConsoleSession& session, QWidget* parent = nullptr);

    QTableWidget* tableWidget() const { return m_list; }
    const QList<ApiToken>& tokens() const { return m_tokens; }
    bool selectToken(const QString& name);

public Q_SLOTS:
    void reload() override;
    void createToken();
    void revokeSelected();

private:
    void showTokens(const QList<ApiToken>& tokens);
    void showSecretOnce(const QString& name, const QString& secret);
    const ApiToken* selected() const;
    void updateButtons();

    qint64 m_restaurantId;
    ApiTokenService& m_service;
    ConsoleSession& m_session;
    QList<ApiToken> m_tokens;
    QTableWidget* m_list;
    QPushButton* m_createButton;
    QPushButton* m_revokeButton;
};
