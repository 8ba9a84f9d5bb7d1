#pragma once

#include "actor.h"
#include "domainevent.h"
#include "order.h"
#include "result.h"

#include <QDate>
#include <QFuture>
#include <QPointer>
#include <QWidget>

class ConsoleSession;
class OrderExporter;
class OrderListModel;
class OrderService;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;
class QTableWidget;
class QTimer;

// The day's orders from every channel: a live list with filters, the
// selected order's details, its status moves (accept, ready, served, picked
// up, out for delivery, delivered, cancel with a reason), the day's totals
// and the export. It never assumes an action's outcome: the list is always
// read back from the database.
class OrdersView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OrdersView)

public:
    OrdersView(OrderService& orders, qint64 restaurantId, QWidget* parent = nullptr);
    ~OrdersView() override;

    OrderListModel* model() const { return m_model; }
    // Who acts at this console; moves the role may not make are disabled.
    void setSession(ConsoleSession* session);
    // Exports need one (it owns no Store); without it the Export button is hidden.
    void setExporter(OrderExporter* exporter);
    // "€", "$"… before amounts; empty: none.
    void setCurrencySymbol(const QString& symbol);
    const Order* selectedOrder() const;
    bool selectOrder(qint64 orderId);
    QDate day() const { return m_day; }

public Q_SLOTS:
    // Loads the day's orders off the GUI thread; bursts of changes coalesce.
    void reload();
    void handleEvent(const DomainEvent& event);
    void advanceSelected(OrderStatus to);
    void cancelSelected();
    void exportOrders();

Q_SIGNALS:
    void loaded();
    // An export finished (ok or not); the message is shown in the view.
    void exportFinished(bool ok);

private:
    void setUpTable();
    QWidget* setUpDetailPane();
    QPushButton* addMoveButton(const QString& text, const QString& objectName, const QString& role, OrderStatus to);
    void track(QFuture<Result<Order>> outcome, const QString& failure, const QString& success);
    void startExport(const QDate& day, const QString& format, const QString& path);
    void tick();
    void updateActions();
    void updateDetail();
    void updateTotals();
    void showMessage(const QString& text, bool error);
    Actor actor() const;

    OrderService& m_orders;
    qint64 m_restaurantId;
    QPointer<ConsoleSession> m_session;
    OrderExporter* m_exporter = nullptr;
    OrderListModel* m_model;
    QTableView* m_view;
    QComboBox* m_statusFilter;
    QComboBox* m_kindFilter;
    QLabel* m_totals;
    QLabel* m_message;
    QLabel* m_detailTitle;
    QLabel* m_detail;
    QLabel* m_detailTotals;
    QLabel* m_noSelection;
    QWidget* m_detailBody;
    QTableWidget* m_items;
    QPushButton* m_acceptButton = nullptr;
    QPushButton* m_readyButton = nullptr;
    QPushButton* m_servedButton = nullptr;
    QPushButton* m_pickedUpButton = nullptr;
    QPushButton* m_outForDeliveryButton = nullptr;
    QPushButton* m_deliveredButton = nullptr;
    QPushButton* m_cancelButton;
    QPushButton* m_exportButton;
    QProgressBar* m_exportProgress;
    QTimer* m_ticker;
    QTimer* m_messageTimer;
    QDate m_day;
    qint64 m_selectedId = 0;
    int m_pending = 0;
    bool m_exporting = false;
    bool m_loading = false;
    bool m_reloadAgain = false;
};
