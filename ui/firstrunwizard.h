#pragma once

#include "actor.h"
#include "diningtable.h"
#include "menucsvimporter.h"
#include "restaurant.h"
#include "restaurantsettings.h"
#include "result.h"
#include "staffmember.h"

#include <QFutureWatcher>
#include <QWidget>
#include <optional>

class FirstRunMenuPage;
class MenuService;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QVBoxLayout;
class QrCodeWidget;
class RestaurantService;
class SettingsService;
class StaffService;
class TableService;

// The first-run guide: demo data in one click, or the restaurant's name and
// time zone, the owner's PIN, the tables and a first menu, then the "scan to
// join" poster. Everything is checked before anything is created; creation
// runs step by step and a failed step says so and can be retried.
class FirstRunWizard final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FirstRunWizard)

public:
    enum class Page
    {
        Welcome,
        Restaurant,
        Owner,
        Tables,
        Menu,
        Creating,
        Poster
    };

    FirstRunWizard(RestaurantService& restaurants,
                   StaffService& staff,
                   TableService& tables,
                   MenuService& menu,
                   SettingsService& settings,
                   QWidget* parent = nullptr);

    Page currentPage() const;
    // A restaurant that exists without an owner (a set-up left unfinished, or
    // made before sign-in existed): its owner, tables and menu are asked for.
    void resume(const Restaurant& restaurant);
    void setDinerUrl(const QString& url);
    // The demo could not be made: back to the welcome page with the reason.
    void showDemoError(const QString& message);
    FirstRunMenuPage* menuPage() const { return m_menuPage; }
    // The seat counts the tables page asks for, one per table.
    QList<int> tableSeats() const;

Q_SIGNALS:
    void demoRequested();
    // Everything was created; the receiver signs `owner` in and opens the console.
    void completed(const Restaurant& restaurant, const Actor& owner);

private:
    enum class Step
    {
        Restaurant,
        Owner,
        Settings,
        Tables,
        Menu,
        Done
    };

    QWidget* buildWelcome();
    QWidget* buildRestaurant();
    QWidget* buildOwner();
    QWidget* buildTables();
    QWidget* buildCreating();
    QWidget* buildPoster();
    QWidget* page(const QString& title, const QString& subtitle, QWidget* body);
    void addTableRow(int count, int seats);
    void goTo(Page page);
    void next();
    void back();
    VoidResult validate(Page page) const;
    void showError(const QString& message);
    void runStep();
    void stepDone(Step next);
    void stepFailed(const QString& what, const Error& error);
    void updateSteps();

    RestaurantService& m_restaurants;
    StaffService& m_staff;
    TableService& m_tables;
    MenuService& m_menu;
    SettingsService& m_settings;

    QStackedWidget* m_pages;
    QLabel* m_errorLabel;
    QWidget* m_navigationBar;
    QPushButton* m_backButton;
    QPushButton* m_nextButton;
    QLabel* m_progressLabel;
    // Welcome
    QPushButton* m_demoButton = nullptr;
    QLabel* m_welcomeMessage = nullptr;
    // Restaurant
    QLineEdit* m_nameEdit = nullptr;
    QComboBox* m_timezoneCombo = nullptr;
    // Owner
    QLineEdit* m_ownerEdit = nullptr;
    QLineEdit* m_pinEdit = nullptr;
    QLineEdit* m_pinAgainEdit = nullptr;
    // Tables
    QVBoxLayout* m_tableRows = nullptr;
    QLabel* m_tablesTotal = nullptr;
    QLabel* m_tablesNote = nullptr;
    int m_existingTables = 0; // a resumed restaurant's own
    // Menu
    FirstRunMenuPage* m_menuPage = nullptr;
    // Creating
    QLabel* m_stepsLabel = nullptr;
    QPushButton* m_retryButton = nullptr;
    // Poster
    QrCodeWidget* m_qrCode = nullptr;
    QLabel* m_posterLabel = nullptr;

    // What is being created, and how far it got.
    Step m_step = Step::Restaurant;
    QString m_failure;
    std::optional<Restaurant> m_restaurant;
    std::optional<Actor> m_owner;
    QList<int> m_seats;
    QList<MenuCsvImporter::Row> m_menuRows;
    QString m_dinerUrl;
    QFutureWatcher<Result<Restaurant>> m_restaurantWatcher;
    QFutureWatcher<Result<StaffMember>> m_ownerWatcher;
    QFutureWatcher<Result<RestaurantSettings>> m_settingsWatcher; // read, then saved
    bool m_settingsSaving = false;
    QFutureWatcher<Result<QList<DiningTable>>> m_tablesWatcher;
    QFutureWatcher<Result<QList<DiningTable>>> m_existingTablesWatcher;
    QFutureWatcher<Result<int>> m_menuWatcher;
};
