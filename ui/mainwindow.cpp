#include "mainwindow.h"

#include "kitchenview.h"
#include "queueview.h"
#include "startuppage.h"
#include "tablesview.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QStackedWidget>
#include <QStatusBar>
#include <QVBoxLayout>

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_shell(new QWidget(this))
    , m_restaurantLabel(new QLabel(m_shell))
    , m_navigation(new QListWidget(m_shell))
    , m_views(new QStackedWidget(m_shell))
    , m_pages(new QStackedWidget(this))
    , m_startup(new StartupPage(m_pages))
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

void MainWindow::showKitchenDisplay(const KitchenScope& scope)
{
    m_kitchenDisplay = scope;
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
        addView(tr("Tables"), m_tablesView);
    }
    if (queue != nullptr && m_queueView == nullptr) {
        // The host's first screen: the queue at the door.
        m_queueView = new QueueView(*queue, restaurant.id, m_views);
        m_queueView->setDinerUrl(m_dinerUrl);
        connect(this, &MainWindow::eventReceived, m_queueView, &QueueView::handleEvent);
        addView(tr("Queue"), m_queueView, 0);
    }
    if (kitchen != nullptr && m_kitchenView == nullptr) {
        m_kitchenView = new KitchenView(*kitchen, restaurant.id, m_views);
        connect(this, &MainWindow::eventReceived, m_kitchenView, &KitchenView::handleEvent);
        addView(tr("Kitchen"), m_kitchenView, m_queueView != nullptr ? 1 : 0);
    }
    m_navigation->setCurrentRow(0);
    m_pages->setCurrentWidget(m_shell);
    applyKitchenDisplay();
}

void MainWindow::addView(const QString& title, QWidget* view, int index)
{
    auto* item = new QListWidgetItem(title);
    item->setSizeHint(QSize(0, m_navigation->fontMetrics().height() * 3));
    if (index < 0) {
        m_navigation->addItem(item);
        m_views->addWidget(view);
    } else {
        m_navigation->insertItem(index, item);
        m_views->insertWidget(index, view);
    }
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
