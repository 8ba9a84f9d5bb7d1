#pragma once

#include "domainevent.h"

#include <QList>
#include <QWidget>

class ApiTokenService;
class ApiTokensPage;
class AuditLogPage;
class ConsoleSession;
class MenuEditorPage;
class MenuService;
class MoneySettingsPage;
class PrintersSettingsPage;
class ProfileSettingsPage;
class ProvidersSettingsPage;
class QLabel;
class QListWidget;
class QStackedWidget;
class SecretStore;
class SettingsPage;
class SettingsService;
class StaffService;
class StaffSettingsPage;
class TableService;
class TablesSettingsPage;
class WaitSettingsPage;

// The console's Settings view: a list of pages on the left (restaurant,
// tables, wait, menu, tax and delivery, providers, printers, staff, API
// tokens, audit log) and the chosen page on the right. Pages the signed-in
// role may not use are hidden, and the view follows every change of user.
class SettingsView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsView)

public:
    SettingsView(qint64 restaurantId,
                 SettingsService& settings,
                 MenuService& menu,
                 TableService& tables,
                 StaffService& staff,
                 ApiTokenService& tokens,
                 SecretStore& secrets,
                 ConsoleSession& session,
                 QWidget* parent = nullptr);

    const QList<SettingsPage*>& pages() const { return m_pages; }
    // The pages the signed-in role may use, in list order.
    QList<SettingsPage*> visiblePages() const;
    SettingsPage* currentPage() const;
    // False when the page is hidden for this role.
    bool showPage(SettingsPage* page);
    // A page the composition root builds from what only it knows (the view takes it), before the audit log.
    void addExtraPage(SettingsPage* page);

    ProfileSettingsPage* profilePage() const { return m_profile; }
    TablesSettingsPage* tablesPage() const { return m_tables; }
    WaitSettingsPage* waitPage() const { return m_wait; }
    MenuEditorPage* menuPage() const { return m_menu; }
    MoneySettingsPage* moneyPage() const { return m_money; }
    ProvidersSettingsPage* providersPage() const { return m_providers; }
    PrintersSettingsPage* printersPage() const { return m_printers; }
    StaffSettingsPage* staffPage() const { return m_staff; }
    ApiTokensPage* tokensPage() const { return m_tokens; }
    AuditLogPage* auditPage() const { return m_audit; }

public Q_SLOTS:
    // Reloads the pages an event concerns: "restaurant.updated", "menu.*",
    // "table.*", "staff.changed". Pages with unsaved edits keep them.
    void handleEvent(const DomainEvent& event);

private:
    void addPage(SettingsPage* page);
    // Shows the pages the signed-in role may use and reads them again.
    void applyRole();

    qint64 m_restaurantId;
    ConsoleSession& m_session;
    QWidget* m_sidebar;
    QListWidget* m_list;
    QStackedWidget* m_stack;
    QLabel* m_noAccess;
    QList<SettingsPage*> m_pages;
    ProfileSettingsPage* m_profile;
    TablesSettingsPage* m_tables;
    WaitSettingsPage* m_wait;
    MenuEditorPage* m_menu;
    MoneySettingsPage* m_money;
    ProvidersSettingsPage* m_providers;
    PrintersSettingsPage* m_printers;
    StaffSettingsPage* m_staff;
    ApiTokensPage* m_tokens;
    AuditLogPage* m_audit;
};
