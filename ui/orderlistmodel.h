#pragma once

#include "order.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>

// The day's orders as rows, newest first, through the view's filters (open,
// done, cancelled or all; one kind or every kind). Ages are measured against
// a clock the view advances, so they tick without reading the database.
class OrderListModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OrderListModel)

public:
    enum Column
    {
        KindColumn,
        CodeColumn,
        CustomerColumn,
        ItemsColumn,
        TotalColumn,
        StatusColumn,
        AgeColumn,
        ColumnCount
    };

    enum Role
    {
        OrderIdRole = Qt::UserRole + 1,
        StatusRole, // OrderStatus as int
        StatusColorRole, // QColor: the status pill's fill
    };

    enum class StatusFilter
    {
        Open, // still moving: held, received, preparing, ready, out for delivery
        Done, // served, picked up, delivered
        Cancelled,
        All
    };

    explicit OrderListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Every order of the day; the filters choose the rows.
    void setOrders(const QList<Order>& orders);
    const QList<Order>& allOrders() const { return m_all; }
    void setStatusFilter(StatusFilter filter);
    StatusFilter statusFilter() const { return m_statusFilter; }
    // Empty: every kind.
    void setKindFilter(const QString& kind);
    QString kindFilter() const { return m_kindFilter; }
    void setNow(const QDateTime& now);
    QDateTime now() const { return m_now; }
    // Put before amounts ("€"); empty: none.
    void setCurrencySymbol(const QString& symbol);
    QString money(int cents) const;

    const Order* orderAt(int row) const;
    int rowOf(qint64 orderId) const;

    static QString kindText(const QString& kind);
    static QString statusText(OrderStatus status);
    static QColor statusColor(OrderStatus status);
    static QString itemsSummary(const Order& order);
    static bool isDone(OrderStatus status);
    QString ageText(const Order& order) const;

private:
    bool accepts(const Order& order) const;
    void refilter();

    QList<Order> m_all;
    QList<Order> m_rows;
    StatusFilter m_statusFilter = StatusFilter::Open;
    QString m_kindFilter;
    QDateTime m_now;
    QString m_currency;
};
