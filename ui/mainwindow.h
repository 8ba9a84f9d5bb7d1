#pragma once

#include "domainevent.h"
#include "kitchenscope.h"
#include "restaurant.h"

#include <QHash>
#include <QMainWindow>
#include <optional>

class KitchenService;
class KitchenView;
class QLabel;
class QListWidget;
class QStackedWidget;
class QueueService;
class QueueView;
class StartupPage;
class TableService;
class TablesView;

// The staff console's window: navigation between the views, the status bar
// (database state, diner URL, connected diners) and the start-up page.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(QWidget* parent = nullptr);

    StartupPage* startupPage() const { return m_startup; }
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
    void addView(const QString& title, QWidget* view, int index = -1);

    QWidget* m_shell;
    QLabel* m_restaurantLabel;
    QListWidget* m_navigation;
    QStackedWidget* m_views;
    QStackedWidget* m_pages; // start-up page, then the console shell
    StartupPage* m_startup;
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
