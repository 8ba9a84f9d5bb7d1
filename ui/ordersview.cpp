#include "ordersview.h"

#include "consolesession.h"
#include "dialogs.h"
#include "orderexporter.h"
#include "orderitemdelegate.h"
#include "orderlistmodel.h"
#include "orderservice.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QFrame>
#include <QFutureWatcher>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QStandardPaths>
#include <QStyle>
#include <QTableView>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace
{

// Ages are shown in minutes; half a minute keeps them honest.
constexpr int TICK_MS = 30'000;
constexpr int INFO_MS = 8'000;
constexpr int ERROR_MS = 20'000;

QString describe(const Error& error)
{
    switch (error.kind) {
    case Error::Kind::Unavailable:
        return OrdersView::tr("the database cannot be reached (%1). Try again in a moment.").arg(error.message);
    case Error::Kind::Internal:
        return OrdersView::tr("something went wrong (%1).").arg(error.message);
    default:
        return error.message;
    }
}

QString when(const QDateTime& time)
{
    return time.isValid() ? time.toLocalTime().toString(QStringLiteral("HH:mm")) : QString();
}

const QString VIEW_STYLE =
    QStringLiteral("QPushButton[role] { min-height: 40px; padding: 0 14px; border-radius: 6px; font-weight: bold; }"
                   "QPushButton[role=\"primary\"] { background: #1a56db; color: white; border: 1px solid #1a56db; }"
                   "QPushButton[role=\"primary\"]:pressed { background: #1240a8; }"
                   "QPushButton[role=\"seat\"] { background: #1b7f3b; color: white; border: 1px solid #1b7f3b; }"
                   "QPushButton[role=\"seat\"]:pressed { background: #135c2a; }"
                   "QPushButton[role=\"plain\"] { background: white; color: #202124; border: 1px solid #9aa0a6; }"
                   "QPushButton[role=\"plain\"]:pressed { background: #e8eaed; }"
                   "QPushButton[role=\"danger\"] { background: white; color: #a51d16; border: 1px solid #a51d16; }"
                   "QPushButton[role=\"danger\"]:pressed { background: #fdecea; }"
                   "QPushButton[role]:disabled { background: #eceef1; color: #9aa0a6; border: 1px solid #dadce0; }"
                   "QLabel#ordersMessageLabel[kind=\"error\"] { color: #8c1d18; background: #fdecea;"
                   " border-left: 5px solid #b3261e; padding: 8px 12px; font-weight: bold; }"
                   "QLabel#ordersMessageLabel[kind=\"info\"] { color: #14532d; background: #e6f4ea;"
                   " border-left: 5px solid #1b7f3b; padding: 8px 12px; }"
                   "QTableView#ordersTableView { border: 1px solid #dadce0; gridline-color: #eceef1;"
                   " selection-background-color: #1a56db; selection-color: white; }"
                   "QTableView QHeaderView::section { background: #f1f3f4; color: #3c4043; border: none;"
                   " border-bottom: 1px solid #dadce0; padding: 6px 8px; font-weight: bold; }"
                   "QPushButton#exportOrdersButton { min-height: 30px; }"
                   "QFrame#orderDetailPane { background: #fafbfc; border: 1px solid #dadce0; border-radius: 8px; }"
                   "QTableWidget#orderItemsTableWidget { border: none; background: transparent; }");

} // namespace

OrdersView::OrdersView(OrderService& orders, qint64 restaurantId, QWidget* parent)
    : QWidget(parent)
    , m_orders(orders)
    , m_restaurantId(restaurantId)
    , m_model(new OrderListModel(this))
    , m_view(new QTableView(this))
    , m_statusFilter(new QComboBox(this))
    , m_kindFilter(new QComboBox(this))
    , m_totals(new QLabel(this))
    , m_message(new QLabel(this))
    , m_detailTitle(new QLabel(this))
    , m_detail(new QLabel(this))
    , m_detailTotals(new QLabel(this))
    , m_noSelection(new QLabel(tr("Select an order to see its details."), this))
    , m_detailBody(new QWidget(this))
    , m_items(new QTableWidget(this))
    , m_cancelButton(new QPushButton(tr("Cancel…"), this))
    , m_exportButton(new QPushButton(tr("Export…"), this))
    , m_exportProgress(new QProgressBar(this))
    , m_ticker(new QTimer(this))
    , m_messageTimer(new QTimer(this))
    , m_day(QDate::currentDate())
{
    setObjectName(QStringLiteral("ordersView"));
    setStyleSheet(VIEW_STYLE);

    auto* title = new QLabel(tr("Orders"), this);
    title->setObjectName(QStringLiteral("ordersTitleLabel"));
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    title->setFont(titleFont);

    m_totals->setObjectName(QStringLiteral("ordersTotalsLabel"));
    QFont totalsFont = m_totals->font();
    totalsFont.setPointSizeF(totalsFont.pointSizeF() * 1.1);
    m_totals->setFont(totalsFont);
    m_totals->setStyleSheet(QStringLiteral("color: #3c4043;"));
    m_totals->setText(tr("Loading today's orders…"));
    m_totals->setWordWrap(true);
    m_totals->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    m_statusFilter->setObjectName(QStringLiteral("statusFilterComboBox"));
    m_statusFilter->addItem(tr("Open"), int(OrderListModel::StatusFilter::Open));
    m_statusFilter->addItem(tr("Done"), int(OrderListModel::StatusFilter::Done));
    m_statusFilter->addItem(tr("Cancelled"), int(OrderListModel::StatusFilter::Cancelled));
    m_statusFilter->addItem(tr("All"), int(OrderListModel::StatusFilter::All));
    connect(m_statusFilter, &QComboBox::currentIndexChanged, this, [this] {
        m_model->setStatusFilter(OrderListModel::StatusFilter(m_statusFilter->currentData().toInt()));
        selectOrder(m_selectedId);
        updateDetail();
        updateActions();
    });
    m_kindFilter->setObjectName(QStringLiteral("kindFilterComboBox"));
    m_kindFilter->addItem(tr("Every kind"), QString());
    for (const QString& kind : {QStringLiteral("takeout"),
                                QStringLiteral("delivery"),
                                QStringLiteral("dine_in"),
                                QStringLiteral("voice"),
                                QStringLiteral("preorder")}) {
        m_kindFilter->addItem(OrderListModel::kindText(kind), kind);
    }
    connect(m_kindFilter, &QComboBox::currentIndexChanged, this, [this] {
        m_model->setKindFilter(m_kindFilter->currentData().toString());
        selectOrder(m_selectedId);
        updateDetail();
        updateActions();
    });

    m_exportButton->setObjectName(QStringLiteral("exportOrdersButton"));
    m_exportButton->setProperty("role", QStringLiteral("plain"));
    m_exportButton->setToolTip(tr("Save a day's orders as a CSV or Excel file"));
    m_exportButton->hide();
    connect(m_exportButton, &QPushButton::clicked, this, &OrdersView::exportOrders);
    m_exportProgress->setObjectName(QStringLiteral("exportProgressBar"));
    m_exportProgress->setRange(0, 0); // the query and the write have no useful percentage
    m_exportProgress->setMaximumWidth(160);
    m_exportProgress->setTextVisible(false);
    m_exportProgress->hide();

    auto* titleRow = new QHBoxLayout;
    titleRow->setSpacing(10);
    titleRow->addWidget(title);
    titleRow->addStretch(1);
    auto* showLabel = new QLabel(tr("Show"), this);
    titleRow->addWidget(showLabel);
    titleRow->addWidget(m_statusFilter);
    titleRow->addWidget(m_kindFilter);
    titleRow->addSpacing(12);
    titleRow->addWidget(m_exportProgress);
    titleRow->addWidget(m_exportButton);

    m_message->setObjectName(QStringLiteral("ordersMessageLabel"));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->hide();
    m_messageTimer->setSingleShot(true);
    connect(m_messageTimer, &QTimer::timeout, m_message, &QWidget::hide);

    setUpTable();
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("ordersSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_view);
    splitter->addWidget(setUpDetailPane());
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 18, 24, 12);
    layout->setSpacing(10);
    layout->addLayout(titleRow);
    layout->addWidget(m_totals);
    layout->addWidget(m_message);
    layout->addWidget(splitter, 1);

    m_ticker->setInterval(TICK_MS);
    connect(m_ticker, &QTimer::timeout, this, &OrdersView::tick);
    m_ticker->start();

    updateDetail();
    updateActions();
    reload();
}

OrdersView::~OrdersView() = default;

void OrdersView::setUpTable()
{
    m_view->setObjectName(QStringLiteral("ordersTableView"));
    m_view->setModel(m_model);
    m_view->setItemDelegate(new OrderItemDelegate(m_view));
    QFont tableFont = m_view->font();
    tableFont.setPointSizeF(tableFont.pointSizeF() * 1.08);
    m_view->setFont(tableFont);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(int(m_view->fontMetrics().height() * 2.2));
    QHeaderView* header = m_view->horizontalHeader();
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    header->setHighlightSections(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(OrderListModel::ItemsColumn, QHeaderView::Stretch);
    const QFontMetrics metrics(tableFont);
    const auto fit = [this, &metrics](int column, const QString& sample) {
        m_view->setColumnWidth(column, metrics.horizontalAdvance(sample) + 28);
    };
    fit(OrderListModel::KindColumn, tr("Pre-order"));
    fit(OrderListModel::CodeColumn, QStringLiteral("WWWWW"));
    fit(OrderListModel::CustomerColumn, QStringLiteral("Margarita Fernández"));
    fit(OrderListModel::TotalColumn, QStringLiteral("€8,888.88"));
    fit(OrderListModel::StatusColumn, tr("Out for delivery") + QStringLiteral("MM"));
    fit(OrderListModel::AgeColumn, tr("%1 h %2 min").arg(8).arg(88));
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        const Order* order = selectedOrder();
        m_selectedId = order != nullptr ? order->id : 0;
        updateDetail();
        updateActions();
    });
}

QWidget* OrdersView::setUpDetailPane()
{
    auto* pane = new QFrame(this);
    pane->setObjectName(QStringLiteral("orderDetailPane"));
    pane->setMinimumWidth(340);

    m_detailTitle->setObjectName(QStringLiteral("orderDetailTitleLabel"));
    QFont titleFont = m_detailTitle->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_detailTitle->setFont(titleFont);
    m_detailTitle->setTextFormat(Qt::PlainText);

    m_detail->setObjectName(QStringLiteral("orderDetailLabel"));
    m_detail->setTextFormat(Qt::RichText);
    m_detail->setWordWrap(true);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_items->setObjectName(QStringLiteral("orderItemsTableWidget"));
    m_items->setColumnCount(3);
    m_items->setHorizontalHeaderLabels({tr("Qty"), tr("Item"), tr("Amount")});
    m_items->verticalHeader()->hide();
    m_items->setShowGrid(false);
    m_items->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_items->setSelectionMode(QAbstractItemView::NoSelection);
    m_items->setFocusPolicy(Qt::NoFocus);
    m_items->setWordWrap(true);
    m_items->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_items->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_items->horizontalHeader()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_items->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);

    m_detailTotals->setObjectName(QStringLiteral("orderTotalsLabel"));
    m_detailTotals->setTextFormat(Qt::RichText);
    m_detailTotals->setAlignment(Qt::AlignRight);

    m_noSelection->setObjectName(QStringLiteral("orderNoSelectionLabel"));
    m_noSelection->setAlignment(Qt::AlignCenter);
    m_noSelection->setStyleSheet(QStringLiteral("color: #5f6368;"));
    m_noSelection->setWordWrap(true);

    m_acceptButton = addMoveButton(
        tr("Accept"), QStringLiteral("acceptOrderButton"), QStringLiteral("primary"), OrderStatus::Preparing);
    m_readyButton =
        addMoveButton(tr("Ready"), QStringLiteral("readyOrderButton"), QStringLiteral("seat"), OrderStatus::Ready);
    m_servedButton =
        addMoveButton(tr("Served"), QStringLiteral("servedOrderButton"), QStringLiteral("plain"), OrderStatus::Served);
    m_pickedUpButton = addMoveButton(
        tr("Picked up"), QStringLiteral("pickedUpOrderButton"), QStringLiteral("plain"), OrderStatus::PickedUp);
    m_outForDeliveryButton = addMoveButton(tr("Out for delivery"),
                                           QStringLiteral("outForDeliveryOrderButton"),
                                           QStringLiteral("plain"),
                                           OrderStatus::OutForDelivery);
    m_deliveredButton = addMoveButton(
        tr("Delivered"), QStringLiteral("deliveredOrderButton"), QStringLiteral("plain"), OrderStatus::Delivered);
    m_cancelButton->setObjectName(QStringLiteral("cancelOrderButton"));
    m_cancelButton->setProperty("role", QStringLiteral("danger"));
    m_cancelButton->setToolTip(tr("Cancel the order, with a reason (a card payment is refunded)"));
    connect(m_cancelButton, &QPushButton::clicked, this, &OrdersView::cancelSelected);

    auto* moves = new QGridLayout;
    moves->setSpacing(8);
    moves->addWidget(m_acceptButton, 0, 0);
    moves->addWidget(m_readyButton, 0, 1);
    moves->addWidget(m_servedButton, 1, 0);
    moves->addWidget(m_pickedUpButton, 1, 0);
    moves->addWidget(m_outForDeliveryButton, 1, 0);
    moves->addWidget(m_deliveredButton, 1, 1);
    moves->addWidget(m_cancelButton, 2, 0, 1, 2);

    auto* bodyLayout = new QVBoxLayout(m_detailBody);
    bodyLayout->setContentsMargins(0, 0, 0, 0);
    bodyLayout->setSpacing(8);
    bodyLayout->addWidget(m_detail);
    bodyLayout->addWidget(m_items, 1);
    bodyLayout->addWidget(m_detailTotals);
    bodyLayout->addLayout(moves);

    auto* layout = new QVBoxLayout(pane);
    layout->setContentsMargins(16, 14, 16, 14);
    layout->setSpacing(8);
    layout->addWidget(m_detailTitle);
    layout->addWidget(m_noSelection, 1);
    layout->addWidget(m_detailBody, 1);
    return pane;
}

QPushButton*
OrdersView::addMoveButton(const QString& text, const QString& objectName, const QString& role, OrderStatus to)
{
    auto* button = new QPushButton(text, this);
    button->setObjectName(objectName);
    button->setProperty("role", role);
    button->setCursor(Qt::PointingHandCursor);
    connect(button, &QPushButton::clicked, this, [this, to] { advanceSelected(to); });
    return button;
}

void OrdersView::setSession(ConsoleSession* session)
{
    if (m_session) {
        disconnect(m_session, nullptr, this, nullptr);
    }
    m_session = session;
    if (m_session) {
        connect(m_session, &ConsoleSession::actorChanged, this, &OrdersView::updateActions);
    }
    updateActions();
}

void OrdersView::setExporter(OrderExporter* exporter)
{
    m_exporter = exporter;
    m_exportButton->setVisible(m_exporter != nullptr);
    updateActions();
}

void OrdersView::setCurrencySymbol(const QString& symbol)
{
    m_model->setCurrencySymbol(symbol);
    selectOrder(m_selectedId);
    updateTotals();
    updateDetail();
}

Actor OrdersView::actor() const
{
    return m_session ? m_session->actor() : Actor::nobody();
}

const Order* OrdersView::selectedOrder() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    return rows.isEmpty() ? nullptr : m_model->orderAt(rows.first().row());
}

bool OrdersView::selectOrder(qint64 orderId)
{
    const int row = orderId != 0 ? m_model->rowOf(orderId) : -1;
    if (row < 0) {
        m_view->clearSelection();
        return false;
    }
    m_view->selectRow(row);
    m_view->scrollTo(m_model->index(row, 0));
    return true;
}

void OrdersView::reload()
{
    // One load at a time; a change during a load asks for one more.
    if (m_loading) {
        m_reloadAgain = true;
        return;
    }
    m_loading = true;
    // After midnight the list starts again with the new day.
    m_day = QDate::currentDate();
    auto* watcher = new QFutureWatcher<Result<QList<Order>>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        watcher->deleteLater();
        const Result<QList<Order>> orders = watcher->result();
        m_loading = false;
        if (orders) {
            const qint64 keep = m_selectedId;
            m_model->setNow(QDateTime::currentDateTimeUtc());
            m_model->setOrders(*orders);
            m_selectedId = keep;
            selectOrder(keep);
            updateTotals();
            updateDetail();
            updateActions();
        } else {
            showMessage(tr("The orders could not be loaded: %1").arg(describe(orders.error())), true);
        }
        Q_EMIT loaded();
        if (m_reloadAgain) {
            m_reloadAgain = false;
            reload();
        }
    });
    watcher->setFuture(m_orders.ordersOn(m_restaurantId, m_day));
}

void OrdersView::handleEvent(const DomainEvent& event)
{
    if (event.restaurantId != m_restaurantId) {
        return;
    }
    if (event.type.startsWith(QLatin1String("order.")) || event.type.startsWith(QLatin1String("kitchen."))) {
        reload();
    }
}

void OrdersView::tick()
{
    m_model->setNow(QDateTime::currentDateTimeUtc());
}

void OrdersView::updateActions()
{
    const Order* order = selectedOrder();
    const Actor who = actor();
    const bool mayMove = who.can(Permission::SeatAndNotify) || who.can(Permission::Bump);
    const bool idle = m_pending == 0;
    const auto can = [order](OrderStatus to) {
        return order != nullptr && OrderStatusRules::canTransition(order->status, to);
    };
    const QString kind = order != nullptr ? order->kind : QString();
    const bool delivery = kind == u"delivery";
    const bool atTable = kind == u"dine_in" || kind == u"preorder";
    // The finishing move that fits the order's kind; the others stay out of the way.
    m_servedButton->setVisible(atTable);
    m_pickedUpButton->setVisible(!delivery && !atTable);
    m_outForDeliveryButton->setVisible(delivery);
    m_deliveredButton->setVisible(delivery);
    m_acceptButton->setEnabled(idle && mayMove && order != nullptr && order->status == OrderStatus::Received);
    m_readyButton->setEnabled(idle && mayMove && can(OrderStatus::Ready));
    m_servedButton->setEnabled(idle && mayMove && can(OrderStatus::Served));
    m_pickedUpButton->setEnabled(idle && mayMove && can(OrderStatus::PickedUp));
    m_outForDeliveryButton->setEnabled(idle && mayMove && can(OrderStatus::OutForDelivery));
    m_deliveredButton->setEnabled(idle && mayMove && can(OrderStatus::Delivered));
    m_cancelButton->setEnabled(idle && who.can(Permission::CancelOrders) && order != nullptr
                               && OrderStatusRules::isOpen(order->status));
    m_cancelButton->setToolTip(who.can(Permission::CancelOrders)
                                   ? tr("Cancel the order, with a reason (a card payment is refunded)")
                                   : tr("Your role may not cancel orders"));
    m_exportButton->setEnabled(m_exporter != nullptr && !m_exporting && who.can(Permission::Export));
    m_exportButton->setToolTip(who.can(Permission::Export) ? tr("Save a day's orders as a CSV or Excel file")
                                                           : tr("Your role may not export orders"));
}

void OrdersView::updateDetail()
{
    const Order* order = selectedOrder();
    m_noSelection->setVisible(order == nullptr);
    m_detailBody->setVisible(order != nullptr);
    if (order == nullptr) {
        m_detailTitle->setText(tr("Order"));
        return;
    }
    m_detailTitle->setText(tr("%1 · %2").arg(order->code, OrderListModel::kindText(order->kind)));
    const auto escaped = [](const QString& text) { return text.toHtmlEscaped(); };
    QStringList lines;
    lines << tr("<b>%1</b> · <span style=\"color:#3c4043\">%2</span>")
                 .arg(escaped(order->customerName.isEmpty() ? tr("(no name)") : order->customerName),
                      escaped(OrderListModel::statusText(order->status)));
    if (!order->customerPhone.isEmpty()) {
        lines << tr("Phone: %1").arg(escaped(order->customerPhone));
    }
    if (order->address) {
        lines << tr("Deliver to: %1, %2 %3")
                     .arg(escaped(order->address->line1),
                          escaped(order->address->postcode),
                          escaped(order->address->city));
    }
    QString payment;
    if (order->paymentMethod == u"card") {
        payment = tr("Card (%1)").arg(escaped(order->paymentStatus.isEmpty() ? tr("paid") : order->paymentStatus));
    } else if (order->paymentMethod == u"counter") {
        payment = tr("Pay at the counter");
    } else {
        payment = escaped(order->paymentMethod);
    }
    if (!payment.isEmpty()) {
        lines << tr("Payment: %1").arg(payment);
    }
    QString times = tr("Placed %1").arg(when(order->createdAt));
    if (order->eta.isValid() && OrderStatusRules::isOpen(order->status)) {
        times += tr(" · due %1").arg(when(order->eta));
    }
    if (order->updatedAt.isValid() && order->updatedAt != order->createdAt) {
        times += tr(" · updated %1").arg(when(order->updatedAt));
    }
    lines << times;
    if (order->status == OrderStatus::Cancelled && !order->cancelReason.isEmpty()) {
        lines << tr("<span style=\"color:#a51d16\">Cancelled: %1</span>").arg(escaped(order->cancelReason));
    }
    // A little air between the lines: the pane is read at a glance, mid-rush.
    m_detail->setText(QStringLiteral("<div style=\"line-height: 145%\">") + lines.join(QStringLiteral("<br>"))
                      + QStringLiteral("</div>"));

    m_items->setRowCount(int(order->items.size()));
    for (int row = 0; row < order->items.size(); ++row) {
        const OrderLine& line = order->items.at(row);
        QString name = line.name;
        if (!line.note.isEmpty()) {
            name += QStringLiteral("\n") + tr("Note: %1").arg(line.note);
        }
        auto* quantity = new QTableWidgetItem(QString::number(line.quantity));
        auto* item = new QTableWidgetItem(name);
        auto* amount = new QTableWidgetItem(m_model->money(line.lineTotalCents()));
        amount->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_items->setItem(row, 0, quantity);
        m_items->setItem(row, 1, item);
        m_items->setItem(row, 2, amount);
    }
    m_items->resizeRowsToContents();

    QStringList totals{tr("Subtotal %1").arg(m_model->money(order->subtotalCents)),
                       tr("Tax %1").arg(m_model->money(order->taxCents))};
    if (order->deliveryFeeCents > 0) {
        totals << tr("Delivery %1").arg(m_model->money(order->deliveryFeeCents));
    }
    m_detailTotals->setText(totals.join(QStringLiteral(" · ")) + QStringLiteral("<br><b style=\"font-size:large\">")
                            + tr("Total %1").arg(m_model->money(order->totalCents)) + QStringLiteral("</b>"));
}

void OrdersView::updateTotals()
{
    int count = 0;
    int open = 0;
    int cancelled = 0;
    qint64 revenue = 0;
    for (const Order& order : m_model->allOrders()) {
        if (order.status == OrderStatus::Cancelled) {
            ++cancelled;
            continue;
        }
        ++count;
        open += OrderStatusRules::isOpen(order.status) ? 1 : 0;
        revenue += order.totalCents;
    }
    QStringList parts{count == 1 ? tr("1 order today") : tr("%1 orders today").arg(count),
                      tr("%1 open").arg(open),
                      tr("revenue %1").arg(m_model->money(int(revenue))),
                      tr("average %1").arg(m_model->money(count > 0 ? int(revenue / count) : 0))};
    if (cancelled > 0) {
        parts << tr("%1 cancelled").arg(cancelled);
    }
    for (QString& part : parts) {
        part.replace(u' ', QChar::Nbsp);
    }
    m_totals->setText(parts.join(QStringLiteral("  ·  ")));
}

void OrdersView::showMessage(const QString& text, bool error)
{
    m_message->setText(text);
    m_message->setProperty("kind", error ? QStringLiteral("error") : QStringLiteral("info"));
    m_message->style()->unpolish(m_message);
    m_message->style()->polish(m_message);
    m_message->show();
    m_messageTimer->start(error ? ERROR_MS : INFO_MS);
}

void OrdersView::track(QFuture<Result<Order>> outcome, const QString& failure, const QString& success)
{
    ++m_pending;
    updateActions();
    auto* watcher = new QFutureWatcher<Result<Order>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, failure, success] {
        watcher->deleteLater();
        const Result<Order> result = watcher->result();
        --m_pending;
        if (result) {
            showMessage(success, false);
        } else {
            showMessage(tr("%1: %2").arg(failure, describe(result.error())), true);
        }
        // Whatever happened, the database has the truth: read it back.
        reload();
        updateActions();
    });
    watcher->setFuture(outcome);
}

void OrdersView::advanceSelected(OrderStatus to)
{
    const Order* order = selectedOrder();
    if (order == nullptr || m_pending > 0) {
        return;
    }
    track(m_orders.advance(m_restaurantId, actor(), order->id, to),
          tr("Order %1 could not be moved").arg(order->code),
          tr("Order %1: %2.").arg(order->code, OrderListModel::statusText(to).toLower()));
}

void OrdersView::cancelSelected()
{
    const Order* order = selectedOrder();
    if (order == nullptr || m_pending > 0 || !OrderStatusRules::isOpen(order->status)) {
        return;
    }
    const qint64 id = order->id;
    const QString code = order->code;
    auto* dialog = new QInputDialog(this);
    dialog->setObjectName(QStringLiteral("cancelReasonDialog"));
    dialog->setWindowTitle(tr("Cancel order %1").arg(code));
    dialog->setLabelText(order->paymentMethod == u"card"
                             ? tr("Why is order %1 cancelled? The card payment will be refunded.").arg(code)
                             : tr("Why is order %1 cancelled?").arg(code));
    dialog->setOkButtonText(tr("Cancel order"));
    dialog->setCancelButtonText(tr("Keep order"));
    Dialogs::open(dialog, [this, dialog, id, code](int result) {
        if (result != QDialog::Accepted) {
            return;
        }
        const QString reason = dialog->textValue().trimmed();
        if (reason.isEmpty()) {
            showMessage(tr("Order %1 was not cancelled: give a reason.").arg(code), true);
            return;
        }
        track(m_orders.cancel(m_restaurantId, actor(), id, reason),
              tr("Order %1 could not be cancelled").arg(code),
              tr("Order %1 was cancelled.").arg(code));
    });
}

void OrdersView::exportOrders()
{
    if (m_exporter == nullptr || m_exporting || !actor().can(Permission::Export)) {
        return;
    }
    auto* dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("exportOrdersDialog"));
    dialog->setWindowTitle(tr("Export orders"));
    auto* date = new QDateEdit(m_day, dialog);
    date->setObjectName(QStringLiteral("exportDateEdit"));
    date->setCalendarPopup(true);
    date->setMaximumDate(QDate::currentDate());
    auto* format = new QComboBox(dialog);
    format->setObjectName(QStringLiteral("exportFormatComboBox"));
    format->addItem(tr("Excel workbook (.xlsx)"), QStringLiteral("xlsx"));
    format->addItem(tr("CSV, comma-separated (.csv)"), QStringLiteral("csv"));
    auto* path = new QLineEdit(dialog);
    path->setObjectName(QStringLiteral("exportPathLineEdit"));
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const auto suggest = [path, date, format, folder] {
        path->setText(QDir(folder).filePath(
            tr("orders-%1.%2").arg(date->date().toString(Qt::ISODate), format->currentData().toString())));
    };
    suggest();
    connect(date, &QDateEdit::dateChanged, dialog, suggest);
    connect(format, &QComboBox::currentIndexChanged, dialog, suggest);
    auto* browse = new QPushButton(tr("Choose…"), dialog);
    browse->setObjectName(QStringLiteral("exportBrowseButton"));
    connect(browse, &QPushButton::clicked, dialog, [dialog, path] {
        auto* chooser = new QFileDialog(dialog, tr("Export orders to"), path->text());
        chooser->setAcceptMode(QFileDialog::AcceptSave);
        Dialogs::open(chooser, [chooser, path](int result) {
            if (result == QDialog::Accepted && !chooser->selectedFiles().isEmpty()) {
                path->setText(chooser->selectedFiles().constFirst());
            }
        });
    });
    auto* fileRow = new QHBoxLayout;
    fileRow->addWidget(path, 1);
    fileRow->addWidget(browse);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Export"));
    connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    auto* form = new QFormLayout(dialog);
    form->addRow(tr("Day"), date);
    form->addRow(tr("Format"), format);
    form->addRow(tr("File"), fileRow);
    form->addRow(buttons);
    dialog->setMinimumWidth(480);
    Dialogs::open(dialog, [this, dialog, date, format, path](int result) {
        if (result != QDialog::Accepted) {
            return;
        }
        startExport(date->date(), format->currentData().toString(), path->text().trimmed());
    });
}

void OrdersView::startExport(const QDate& day, const QString& formatName, const QString& path)
{
    const auto format = OrderExporter::formatFromString(formatName);
    if (m_exporter == nullptr || !format) {
        return;
    }
    m_exporting = true;
    m_exportProgress->show();
    updateActions();
    auto* watcher = new QFutureWatcher<Result<OrderExporter::Outcome>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, day] {
        watcher->deleteLater();
        const Result<OrderExporter::Outcome> outcome = watcher->result();
        m_exporting = false;
        m_exportProgress->hide();
        if (outcome) {
            showMessage(
                tr("Exported %n order(s) of %1 to %2.", nullptr, outcome->orders)
                    .arg(QLocale().toString(day, QLocale::ShortFormat), QDir::toNativeSeparators(outcome->path)),
                false);
        } else {
            showMessage(tr("The orders could not be exported: %1").arg(describe(outcome.error())), true);
        }
        updateActions();
        Q_EMIT exportFinished(bool(outcome));
    });
    watcher->setFuture(m_exporter->exportDay(m_restaurantId, actor(), day, *format, path));
}
