#include "mainwindow.h"

#include "consolesession.h"
#include "firstrunwizard.h"
#include "idlewatcher.h"
#include "kitchenview.h"
#include "queueview.h"
#include "signinpage.h"
#include "startuppage.h"
#include "tablesview.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QVBoxLayout>

namespace
{

constexpr int PERMISSIONS_ROLE = Qt::UserRole + 1;

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_shell(new QWidget(this))
    , m_restaurantLabel(new QLabel(m_shell))
    , m_navigation(new QListWidget(m_shell))
    , m_views(new QStackedWidget(m_shell))
    , m_pages(new QStackedWidget(this))
    , m_startup(new StartupPage(m_pages))
    , m_session(new ConsoleSession(this))
    , m_databaseLabel(new QLabel(this))
    , m_dinerUrlLabel(new QLabel(this))
    , m_dinersLabel(new QLabel(this))
    , m_printersLabel(new QLabel(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Maitre"));
    resize(1100, 720);

    m_navigation->setObjectName(QStringLiteral("navigationList"));
    m_views->setObjectName(QStringLiteral("viewStack"));
    m_navigation->setFrameShape(QFrame::NoFrame);
    m_navigation->setStyleSheet(QStringLiteral("QListWidget { background: transparent; color: #e8e8e8; }"
                                               "QListWidget::item { padding: 12px 18px; background: transparent; }"
                                               "QListWidget::item:selected { background: #4a6cf7; color: white; }"));
    QFont navFont = m_navigation->font();
    navFont.setPointSizeF(navFont.pointSizeF() * 1.2);
    m_navigation->setFont(navFont);

    // The dark sidebar: who we are, then the views.
    auto* sidebar = new QWidget(m_shell);
    m_sidebar = sidebar;
    sidebar->setObjectName(QStringLiteral("sidebar"));
    sidebar->setFixedWidth(210);
    sidebar->setAttribute(Qt::WA_StyledBackground);
    sidebar->setStyleSheet(QStringLiteral("#sidebar { background: #2b2d31; }"));
    auto* brand = new QLabel(tr("Maitre"), sidebar);
    QFont brandFont = brand->font();
    brandFont.setPointSizeF(brandFont.pointSizeF() * 1.6);
    brandFont.setBold(true);
    brand->setFont(brandFont);
    brand->setStyleSheet(QStringLiteral("color: white;"));
    m_restaurantLabel->setObjectName(QStringLiteral("restaurantNameLabel"));
    m_restaurantLabel->setParent(sidebar);
    m_restaurantLabel->setStyleSheet(QStringLiteral("color: #a8abb3;"));
    m_restaurantLabel->setWordWrap(true);
    auto* sidebarLayout = new QVBoxLayout(sidebar);
    sidebarLayout->setContentsMargins(0, 18, 0, 0);
    sidebarLayout->setSpacing(2);
    auto* header = new QVBoxLayout;
    header->setContentsMargins(18, 0, 18, 16);
    header->addWidget(brand);
    header->addWidget(m_restaurantLabel);
    sidebarLayout->addLayout(header);
    sidebarLayout->addWidget(m_navigation, 1);
    m_navigation->setParent(sidebar);

    // Who is signed in, and the way to hand the console over.
    m_userBox = new QWidget(sidebar);
    m_userBox->setObjectName(QStringLiteral("signedInBox"));
    m_userBox->setStyleSheet(
        QStringLiteral("QLabel#signedInNameLabel { color: white; font-weight: bold; }"
                       "QLabel#signedInRoleLabel { color: #a8abb3; }"
                       "QPushButton { background: #3a3d44; color: #e8e8e8; border: none; border-radius: 6px;"
                       " padding: 10px 12px; }"
                       "QPushButton:hover { background: #4a4d55; }"));
    m_userNameLabel = new QLabel(m_userBox);
    m_userNameLabel->setObjectName(QStringLiteral("signedInNameLabel"));
    m_userRoleLabel = new QLabel(m_userBox);
    m_userRoleLabel->setObjectName(QStringLiteral("signedInRoleLabel"));
    auto* switchUser = new QPushButton(tr("Switch user"), m_userBox);
    switchUser->setObjectName(QStringLiteral("switchUserButton"));
    switchUser->setToolTip(tr("Hand the console to someone else"));
    auto* lockButton = new QPushButton(tr("Lock"), m_userBox);
    lockButton->setObjectName(QStringLiteral("lockButton"));
    lockButton->setToolTip(tr("Lock the console (Ctrl+L)"));
    lockButton->setShortcut(QKeySequence(tr("Ctrl+L")));
    connect(switchUser, &QPushButton::clicked, this, [this] { lock(true); });
    connect(lockButton, &QPushButton::clicked, this, [this] { lock(false); });
    auto* userButtons = new QHBoxLayout;
    userButtons->setSpacing(6);
    userButtons->addWidget(switchUser, 1);
    userButtons->addWidget(lockButton, 1);
    auto* userLayout = new QVBoxLayout(m_userBox);
    userLayout->setContentsMargins(18, 12, 18, 18);
    userLayout->setSpacing(2);
    userLayout->addWidget(m_userNameLabel);
    userLayout->addWidget(m_userRoleLabel);
    userLayout->addSpacing(8);
    userLayout->addLayout(userButtons);
    m_userBox->hide();
    sidebarLayout->addWidget(m_userBox);

    auto* shellLayout = new QHBoxLayout(m_shell);
    shellLayout->setContentsMargins(0, 0, 0, 0);
    shellLayout->setSpacing(0);
    shellLayout->addWidget(sidebar);
    shellLayout->addWidget(m_views, 1);
    connect(m_navigation, &QListWidget::currentRowChanged, m_views, &QStackedWidget::setCurrentIndex);

    m_pages->addWidget(m_startup);
    m_pages->addWidget(m_shell);
    setCentralWidget(m_pages);

    m_databaseLabel->setObjectName(QStringLiteral("databaseStatusLabel"));
    m_dinerUrlLabel->setObjectName(QStringLiteral("dinerUrlLabel"));
    m_dinersLabel->setObjectName(QStringLiteral("connectedDinersLabel"));
    m_dinerUrlLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addWidget(m_databaseLabel);
    statusBar()->addPermanentWidget(m_dinerUrlLabel);
    statusBar()->addPermanentWidget(m_dinersLabel);
    m_printersLabel->setObjectName(QStringLiteral("printersLabel"));
    m_printersLabel->setStyleSheet(QStringLiteral("color: #b3261e; font-weight: bold;"));
    m_printersLabel->hide();
    statusBar()->addPermanentWidget(m_printersLabel);
    setDatabaseConnected(false);
    setConnectedDiners(0);
    m_startup->showProgress(tr("Preparing the database…"));
    connect(m_session, &ConsoleSession::actorChanged, this, &MainWindow::sessionChanged);
}

void MainWindow::enableSignIn(StaffService& staff)
{
    if (m_signIn != nullptr) {
        return;
    }
    m_signIn = new SignInPage(staff, *m_session, m_pages);
    m_pages->addWidget(m_signIn);
    connect(this, &MainWindow::eventReceived, m_signIn, &SignInPage::handleEvent);
    m_idleWatcher = new IdleWatcher(*m_session, this);
    if (m_restaurant) {
        m_signIn->setRestaurant(*m_restaurant);
    }
    sessionChanged();
}

void MainWindow::showFirstRun(FirstRunWizard* wizard)
{
    if (m_firstRun != nullptr && m_firstRun != wizard) {
        m_pages->removeWidget(m_firstRun);
        m_firstRun->deleteLater();
    }
    m_firstRun = wizard;
    wizard->setParent(m_pages);
    wizard->setDinerUrl(m_dinerUrl);
    m_pages->addWidget(wizard);
    m_pages->setCurrentWidget(wizard);
}

void MainWindow::lock(bool switchUser)
{
    m_switchingUser = switchUser;
    m_session->signOut();
    m_switchingUser = false;
}

void MainWindow::sessionChanged()
{
    const Actor actor = m_session->actor();
    if (m_session->isSignedIn()) {
        m_lastActor = actor;
    } else if (m_signIn != nullptr) {
        // Locked by the button or by the idle timer: offer the last person first.
        if (m_switchingUser) {
            m_signIn->showSwitchUser();
        } else {
            m_signIn->showLocked(m_lastActor);
        }
    }
    const bool staff = actor.kind() == Actor::Kind::Staff;
    m_userBox->setVisible(m_signIn != nullptr && staff);
    if (staff) {
        m_userNameLabel->setText(actor.name());
        m_userRoleLabel->setText(actor.role() ? Roles::displayName(*actor.role()) : QString());
    }
    updateNavigation();
    updatePage();
}

void MainWindow::updateNavigation()
{
    // Without sign-in every view is listed; with it, those the role may use.
    for (int row = 0; row < m_navigation->count(); ++row) {
        QListWidgetItem* item = m_navigation->item(row);
        const QVariantList anyOf = item->data(PERMISSIONS_ROLE).toList();
        bool allowed = m_signIn == nullptr || anyOf.isEmpty();
        for (const QVariant& permission : anyOf) {
            allowed = allowed || m_session->can(static_cast<Permission>(permission.toInt()));
        }
        item->setHidden(!allowed);
    }
    QListWidgetItem* current = m_navigation->currentItem();
    if (current == nullptr || current->isHidden()) {
        for (int row = 0; row < m_navigation->count(); ++row) {
            if (!m_navigation->item(row)->isHidden()) {
                m_navigation->setCurrentRow(row);
                break;
            }
        }
    }
}

void MainWindow::updatePage()
{
    if (!m_restaurant) {
        return; // still starting, or the first-run guide
    }
    if (m_signIn != nullptr && !m_session->isSignedIn()) {
        m_pages->setCurrentWidget(m_signIn);
    } else {
        m_pages->setCurrentWidget(m_shell);
    }
}

void MainWindow::showConsole(const Restaurant& restaurant, TableService& tables)
{
    buildConsole(restaurant, tables, nullptr);
}

void MainWindow::showConsole(const Restaurant& restaurant, TableService& tables, QueueService& queue)
{
    buildConsole(restaurant, tables, &queue);
}

void MainWindow::showConsole(const Restaurant& restaurant,
                             TableService& tables,
                             QueueService& queue,
                             KitchenService& kitchen)
{
    buildConsole(restaurant, tables, &queue, &kitchen);
}

void MainWindow::restoreLayout()
{
    const QByteArray geometry = QSettings().value(QStringLiteral("window/geometry")).toByteArray();
    if (!geometry.isEmpty()) {
        restoreGeometry(geometry); // a bad value leaves the default size
    }
}

void MainWindow::saveLayout() const
{
    QSettings().setValue(QStringLiteral("window/geometry"), saveGeometry());
}

void MainWindow::showKitchenDisplay(const KitchenScope& scope)
{
    m_kitchenDisplay = scope;
    // A kitchen screen bumps without sign-in and never locks.
    if (m_session->actor().kind() != Actor::Kind::KitchenDisplay) {
        m_session->signIn(Actor::kitchenDisplay());
    }
    applyKitchenDisplay();
}

void MainWindow::applyKitchenDisplay()
{
    if (!m_kitchenDisplay || m_kitchenView == nullptr) {
        return;
    }
    // A kitchen screen is the kitchen view alone: no navigation to tap by mistake.
    m_kitchenView->setScope(*m_kitchenDisplay);
    m_navigation->setCurrentRow(m_views->indexOf(m_kitchenView));
    m_sidebar->hide();
    m_kitchenView->setFocus();
}

void MainWindow::buildConsole(const Restaurant& restaurant,
                              TableService& tables,
                              QueueService* queue,
                              KitchenService* kitchen)
{
    setWindowTitle(tr("%1 — Maitre").arg(restaurant.name));
    m_restaurantLabel->setText(restaurant.name);
    if (m_tablesView == nullptr) {
        m_tablesView = new TablesView(tables, restaurant.id, m_views);
        connect(this, &MainWindow::eventReceived, m_tablesView, &TablesView::handleEvent);
        addRestrictedView(tr("Tables"), m_tablesView, {Permission::SeatAndNotify});
    }
    if (queue != nullptr && m_queueView == nullptr) {
        // The host's first screen: the queue at the door.
        m_queueView = new QueueView(*queue, restaurant.id, m_views);
        m_queueView->setSession(m_session);
        m_queueView->setDinerUrl(m_dinerUrl);
        connect(this, &MainWindow::eventReceived, m_queueView, &QueueView::handleEvent);
        addRestrictedView(tr("Queue"), m_queueView, {Permission::SeatAndNotify}, 0);
    }
    if (kitchen != nullptr && m_kitchenView == nullptr) {
        m_kitchenView = new KitchenView(*kitchen, restaurant.id, m_views);
        m_kitchenView->setSession(m_session);
        // This console's station, as it was left (a kitchen screen's --station overrides it).
        if (const auto saved = KitchenView::savedScope()) {
            m_kitchenView->setScope(*saved);
        }
        connect(this, &MainWindow::eventReceived, m_kitchenView, &KitchenView::handleEvent);
        addRestrictedView(tr("Kitchen"), m_kitchenView, {Permission::Bump}, m_queueView != nullptr ? 1 : 0);
    }
    const bool first = !m_restaurant;
    m_restaurant = restaurant;
    if (m_signIn != nullptr && first) {
        m_signIn->setRestaurant(restaurant);
    }
    if (m_firstRun != nullptr) {
        // The guide is done: the console takes over.
        m_pages->removeWidget(m_firstRun);
        m_firstRun->deleteLater();
        m_firstRun = nullptr;
    }
    m_navigation->setCurrentRow(0);
    updateNavigation();
    updatePage();
    applyKitchenDisplay();
}

void MainWindow::addRestrictedView(const QString& title, QWidget* view, const QList<Permission>& anyOf, int index)
{
    auto* item = new QListWidgetItem(title);
    item->setSizeHint(QSize(0, m_navigation->fontMetrics().height() * 3));
    QVariantList permissions;
    for (Permission permission : anyOf) {
        permissions << int(permission);
    }
    item->setData(PERMISSIONS_ROLE, permissions);
    if (index < 0) {
        m_navigation->addItem(item);
        m_views->addWidget(view);
    } else {
        m_navigation->insertItem(index, item);
        m_views->insertWidget(index, view);
    }
    updateNavigation();
}

void MainWindow::setDatabaseConnected(bool connected)
{
    m_databaseLabel->setProperty("connected", connected);
    m_databaseLabel->setText(connected ? tr("● Database connected") : tr("● Database unavailable"));
    m_databaseLabel->setStyleSheet(connected ? QStringLiteral("color: #1b7f3b; padding: 0 8px;")
                                             : QStringLiteral("color: white; background: #b3261e; padding: 0 8px;"));
    if (m_kitchenView != nullptr) {
        m_kitchenView->setDatabaseConnected(connected);
    }
}

void MainWindow::setDinerUrl(const QString& url)
{
    m_dinerUrl = url;
    if (m_firstRun != nullptr) {
        m_firstRun->setDinerUrl(url);
    }
    if (m_queueView != nullptr) {
        m_queueView->setDinerUrl(url);
    }
    m_dinerUrlLabel->setText(url.isEmpty() ? tr("Diner page not served") : tr("Diners: %1").arg(url));
}

void MainWindow::setConnectedDiners(int count)
{
    m_dinersLabel->setText(tr("Diners connected: %1").arg(count));
}

void MainWindow::setPrinterState(const QString& printer, int pending, const QString& lastError)
{
    // Only problems are shown: a printer that prints needs no attention.
    if (lastError.isEmpty()) {
        m_printerProblems.remove(printer);
    } else {
        m_printerProblems.insert(printer,
                                 tr("Printer %1: %2 (%n chit(s) waiting)", nullptr, pending).arg(printer, lastError));
    }
    QStringList problems = m_printerProblems.values();
    problems.sort();
    m_printersLabel->setText(problems.join(QStringLiteral(" · ")));
    m_printersLabel->setVisible(!problems.isEmpty());
}

void MainWindow::handleEvent(const DomainEvent& event)
{
    Q_EMIT eventReceived(event);
}
