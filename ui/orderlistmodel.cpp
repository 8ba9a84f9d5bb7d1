#include "orderlistmodel.h"

#include <QColor>
#include <QFont>
#include <QLocale>
#include <algorithm>

OrderListModel::OrderListModel(QObject* parent)
    : QAbstractTableModel(parent)
    , m_now(QDateTime::currentDateTimeUtc())
{ }

int OrderListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int OrderListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OrderListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal) {
        return {};
    }
    if (role == Qt::TextAlignmentRole) {
        // Amounts and ages line up on the right, under their headings.
        const bool right = section == TotalColumn || section == AgeColumn;
        return QVariant::fromValue((right ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
    }
    if (role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case KindColumn:
        return tr("Kind");
    case CodeColumn:
        return tr("Code");
    case CustomerColumn:
        return tr("Customer");
    case ItemsColumn:
        return tr("Items");
    case TotalColumn:
        return tr("Total");
    case StatusColumn:
        return tr("Status");
    case AgeColumn:
        return tr("Age");
    default:
        return {};
    }
}

QVariant OrderListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Order& order = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case KindColumn:
            return kindText(order.kind);
        case CodeColumn:
            return order.code;
        case CustomerColumn:
            return order.customerName.isEmpty() ? tr("(no name)") : order.customerName;
        case ItemsColumn:
            return itemsSummary(order);
        case TotalColumn:
            return money(order.totalCents);
        case StatusColumn:
            return statusText(order.status);
        case AgeColumn:
            return ageText(order);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == ItemsColumn) {
            return itemsSummary(order);
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == TotalColumn || index.column() == AgeColumn) {
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        }
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::FontRole:
        if (index.column() == CodeColumn || index.column() == StatusColumn) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case Qt::ForegroundRole:
        if (order.status == OrderStatus::Cancelled) {
            return QColor(0x80, 0x86, 0x8b);
        }
        return {};
    case OrderIdRole:
        return order.id;
    case StatusRole:
        return int(order.status);
    case StatusColorRole:
        return statusColor(order.status);
    default:
        return {};
    }
}

void OrderListModel::setOrders(const QList<Order>& orders)
{
    m_all = orders;
    // Newest first: the order that just came in is the one staff look for.
    std::stable_sort(
        m_all.begin(), m_all.end(), [](const Order& a, const Order& b) { return a.createdAt > b.createdAt; });
    refilter();
}

void OrderListModel::setStatusFilter(StatusFilter filter)
{
    if (filter != m_statusFilter) {
        m_statusFilter = filter;
        refilter();
    }
}

void OrderListModel::setKindFilter(const QString& kind)
{
    if (kind != m_kindFilter) {
        m_kindFilter = kind;
        refilter();
    }
}

void OrderListModel::setNow(const QDateTime& now)
{
    m_now = now;
    if (!m_rows.isEmpty()) {
        Q_EMIT dataChanged(index(0, AgeColumn), index(int(m_rows.size()) - 1, AgeColumn), {Qt::DisplayRole});
    }
}

void OrderListModel::setCurrencySymbol(const QString& symbol)
{
    beginResetModel();
    m_currency = symbol;
    endResetModel();
}

QString OrderListModel::money(int cents) const
{
    const QString amount = QLocale().toString(cents / 100.0, 'f', 2);
    return m_currency.isEmpty() ? amount : m_currency + amount;
}

bool OrderListModel::accepts(const Order& order) const
{
    if (!m_kindFilter.isEmpty() && order.kind != m_kindFilter) {
        return false;
    }
    switch (m_statusFilter) {
    case StatusFilter::Open:
        return OrderStatusRules::isOpen(order.status);
    case StatusFilter::Done:
        return isDone(order.status);
    case StatusFilter::Cancelled:
        return order.status == OrderStatus::Cancelled;
    case StatusFilter::All:
        return true;
    }
    return true;
}

void OrderListModel::refilter()
{
    beginResetModel();
    m_rows.clear();
    for (const Order& order : std::as_const(m_all)) {
        if (accepts(order)) {
            m_rows.append(order);
        }
    }
    endResetModel();
}

const Order* OrderListModel::orderAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

int OrderListModel::rowOf(qint64 orderId) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).id == orderId) {
            return row;
        }
    }
    return -1;
}

QString OrderListModel::kindText(const QString& kind)
{
    if (kind == u"takeout") {
        return tr("Takeout");
    }
    if (kind == u"delivery") {
        return tr("Delivery");
    }
    if (kind == u"dine_in") {
        return tr("Dine-in");
    }
    if (kind == u"voice") {
        return tr("Phone");
    }
    if (kind == u"preorder") {
        return tr("Pre-order");
    }
    return kind;
}

QString OrderListModel::statusText(OrderStatus status)
{
    switch (status) {
    case OrderStatus::Held:
        return tr("Held");
    case OrderStatus::Received:
        return tr("New");
    case OrderStatus::Preparing:
        return tr("Preparing");
    case OrderStatus::Ready:
        return tr("Ready");
    case OrderStatus::Served:
        return tr("Served");
    case OrderStatus::PickedUp:
        return tr("Picked up");
    case OrderStatus::OutForDelivery:
        return tr("Out for delivery");
    case OrderStatus::Delivered:
        return tr("Delivered");
    case OrderStatus::Cancelled:
        return tr("Cancelled");
    }
    return {};
}

QColor OrderListModel::statusColor(OrderStatus status)
{
    switch (status) {
    case OrderStatus::Held:
        return QColor(0xe8, 0xea, 0xed);
    case OrderStatus::Received:
        return QColor(0xd2, 0xe3, 0xfc);
    case OrderStatus::Preparing:
        return QColor(0xfe, 0xef, 0xc3);
    case OrderStatus::Ready:
        return QColor(0xce, 0xea, 0xd6);
    case OrderStatus::OutForDelivery:
        return QColor(0xe9, 0xd7, 0xfe);
    case OrderStatus::Served:
    case OrderStatus::PickedUp:
    case OrderStatus::Delivered:
        return QColor(0xf1, 0xf3, 0xf4);
    case OrderStatus::Cancelled:
        return QColor(0xfc, 0xe8, 0xe6);
    }
    return QColor(Qt::white);
}

QString OrderListModel::itemsSummary(const Order& order)
{
    QStringList parts;
    for (const OrderLine& line : order.items) {
        parts << (line.quantity == 1 ? line.name : tr("%1× %2").arg(line.quantity).arg(line.name));
    }
    return parts.join(QStringLiteral(", "));
}

bool OrderListModel::isDone(OrderStatus status)
{
    return status == OrderStatus::Served || status == OrderStatus::PickedUp || status == OrderStatus::Delivered;
}

QString OrderListModel::ageText(const Order& order) const
{
    if (!order.createdAt.isValid()) {
        return {};
    }
    const qint64 minutes = std::max<qint64>(0, order.createdAt.secsTo(m_now) / 60);
    if (minutes < 60) {
        return tr("%1 min").arg(minutes);
    }
    return tr("%1 h %2 min").arg(minutes / 60).arg(minutes % 60, 2, 10, QLatin1Char('0'));
}
