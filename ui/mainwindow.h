#pragma once

#include "actor.h"
#include "domainevent.h"
#include "kitchenscope.h"
#include "permission.h"
#include "restaurant.h"

#include <QHash>
#include <QMainWindow>
#include <optional>

class ConsoleSession;
class FirstRunWizard;
class IdleWatcher;
class KitchenService;
class KitchenView;
class QLabel;
class QListWidget;
class QPushButton;
class QStackedWidget;
class QueueService;
class QueueView;
class SignInPage;
class StaffService;
class StartupPage;
class TableService;
class TablesView;

// The staff console's window: navigation between the views, the status bar
// (database state, diner URL, connected diners), the start-up page, the
// first-run guide and, once sign-in is on, the sign-in and lock page.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(QWidget* parent = nullptr);

    StartupPage* startupPage() const { return m_startup; }
    SignInPage* signInPage() const { return m_signIn; }
    FirstRunWizard* firstRunWizard() const { return m_firstRun; }
    IdleWatcher* idleWatcher() const { return m_idleWatcher; }
    // Who is signed in at this console.
    ConsoleSession& session() const { return *m_session; }
    TablesView* tablesView() const { return m_tablesView; }
    QueueView* queueView() const { return m_queueView; }
    KitchenView* kitchenView() const { return m_kitchenView; }

    // Builds the staff views for `restaurant` and shows the first.
    void showConsole(const Restaurant& restaurant, TableService& tables);
    // The same with the host's Queue view first; it shows the diner URL's QR
    // code (setDinerUrl, remembered until the view exists).
    void showConsole(const Restaurant& restaurant, TableService& tables, QueueService& queue);
    // The same with a Kitchen view as well.
    void showConsole(const Restaurant& restaurant, TableService& tables, QueueService& queue, KitchenService& kitchen);
    // Makes this console a kitchen screen: the Kitchen view alone, showing
    // `scope`, once the console is built (remembered until then).
    void showKitchenDisplay(const KitchenScope& scope);
    // This console's window size and position (QSettings "window/geometry",
    // a per-console setting): restored before showing, saved on the way out.
    void restoreLayout();
    void saveLayout() const;

    // Staff sign in with a PIN at this console: the sign-in page stands in for
    // the views whenever nobody is signed in, and the console locks after the
    // idle time. Without it (tests of the views alone) the console is open.
    void enableSignIn(StaffService& staff);
    // First run: shows `wizard` (the window takes it) until a console is built.
    void showFirstRun(FirstRunWizard* wizard);
    // Adds a view listed only for roles with at least one of `anyOf` (empty:
    // everyone), e.g. Settings for EditSettings, EditMenu or ManageStaff.
    void addRestrictedView(const QString& title, QWidget* view, const QList<Permission>& anyOf, int index = -1);

public Q_SLOTS:
    void setDatabaseConnected(bool connected);
    void setDinerUrl(const QString& url);
    void setConnectedDiners(int count);
    // A kitchen printer's queue: chits waiting and why (empty: printing fine).
    void setPrinterState(const QString& printer, int pending, const QString& lastError);
    void handleEvent(const DomainEvent& event);

Q_SIGNALS:
    void eventReceived(const DomainEvent& event);

private:
    void buildConsole(const Restaurant& restaurant,
                      TableService& tables,
                      QueueService* queue,
                      KitchenService* kitchen = nullptr);
    void applyKitchenDisplay();
    void sessionChanged();
    void updateNavigation();
    void updatePage();
    void lock(bool switchUser);

    QWidget* m_shell;
    QLabel* m_restaurantLabel;
    QListWidget* m_navigation;
    QStackedWidget* m_views;
    QStackedWidget* m_pages; // start-up page, first run, sign-in, then the console shell
    StartupPage* m_startup;
    ConsoleSession* m_session;
    SignInPage* m_signIn = nullptr;
    FirstRunWizard* m_firstRun = nullptr;
    IdleWatcher* m_idleWatcher = nullptr;
    std::optional<Restaurant> m_restaurant; // once the console is built
    Actor m_lastActor = Actor::nobody(); // for the lock screen's "signed in as"
    bool m_switchingUser = false;
    QWidget* m_userBox = nullptr;
    QLabel* m_userNameLabel = nullptr;
    QLabel* m_userRoleLabel = nullptr;
    TablesView* m_tablesView = nullptr;
    QueueView* m_queueView = nullptr;
    KitchenView* m_kitchenView = nullptr;
    std::optional<KitchenScope> m_kitchenDisplay;
    QWidget* m_sidebar = nullptr;
    QString m_dinerUrl;
    QLabel* m_databaseLabel;
    QLabel* m_dinerUrlLabel;
    QLabel* m_dinersLabel;
    QLabel* m_printersLabel;
    QHash<QString, QString> m_printerProblems; // printer → what is wrong
};
