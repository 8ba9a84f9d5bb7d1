#include "kitchenticketmodel.h"

#include <QSet>

namespace
{

bool arrivesBefore(const KitchenTicket& a, const KitchenTicket& b)
{
    if (a.createdAt != b.createdAt) {
        return a.createdAt < b.createdAt;
    }
    return a.id < b.id;
}

} // namespace

KitchenTicketModel::KitchenTicketModel(QObject* parent)
    : QAbstractListModel(parent)
{ }

int KitchenTicketModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant KitchenTicketModel::data(const QModelIndex& index, int role) const
{
    const KitchenTicket* ticket = index.isValid() ? ticketAt(index.row()) : nullptr;
    if (ticket == nullptr) {
        return {};
    }
    switch (role) {
    case Qt::DisplayRole:
        return ticket->tableLabel.isEmpty() ? u'#' + ticket->orderCode : ticket->tableLabel;
    case Qt::AccessibleTextRole: {
        QStringList lines;
        for (const KitchenTicketItem& item : ticket->items) {
            lines << tr("%1 × %2").arg(item.quantity).arg(item.name);
        }
        return tr("Order %1: %2").arg(ticket->orderCode, lines.join(QStringLiteral(", ")));
    }
    case TicketIdRole:
        return ticket->id;
    case OrderIdRole:
        return ticket->orderId;
    case CreatedAtRole:
        return ticket->createdAt;
    case StationRole:
        return ticket->station;
    case KindRole:
        return ticket->orderKind;
    case RecalledRole:
        return ticket->isRecalled();
    case ItemCountRole: {
        int open = 0;
        for (const KitchenTicketItem& item : ticket->items) {
            open += item.status == KitchenTicketItem::Status::Done ? 0 : 1;
        }
        return open;
    }
    default:
        return {};
    }
}

const KitchenTicket* KitchenTicketModel::ticketAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

int KitchenTicketModel::rowOf(qint64 ticketId) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).id == ticketId) {
            return row;
        }
    }
    return -1;
}

QList<qint64> KitchenTicketModel::ticketsOfOrder(qint64 orderId) const
{
    QList<qint64> ids;
    for (const KitchenTicket& ticket : m_rows) {
        if (ticket.orderId == orderId) {
            ids << ticket.id;
        }
    }
    return ids;
}

bool KitchenTicketModel::sameShape(const KitchenTicket& a, const KitchenTicket& b)
{
    if (a.items.size() != b.items.size() || a.isRecalled() != b.isRecalled()) {
        return false;
    }
    for (qsizetype i = 0; i < a.items.size(); ++i) {
        const KitchenTicketItem& x = a.items.at(i);
        const KitchenTicketItem& y = b.items.at(i);
        if (x.name != y.name || x.quantity != y.quantity || x.note != y.note || x.modifiers != y.modifiers) {
            return false;
        }
    }
    return true;
}

bool KitchenTicketModel::sameContent(const KitchenTicket& a, const KitchenTicket& b)
{
    if (!sameShape(a, b) || a.status != b.status || a.recalledAt != b.recalledAt || a.createdAt != b.createdAt
        || a.orderStatus != b.orderStatus || a.tableLabel != b.tableLabel || a.guestName != b.guestName
        || a.orderCode != b.orderCode) {
        return false;
    }
    for (qsizetype i = 0; i < a.items.size(); ++i) {
        if (a.items.at(i).status != b.items.at(i).status) {
            return false;
        }
    }
    return true;
}

void KitchenTicketModel::replaceRow(int row, const KitchenTicket& ticket)
{
    if (sameContent(m_rows.at(row), ticket)) {
        return;
    }
    const bool reshaped = !sameShape(m_rows.at(row), ticket);
    m_rows[row] = ticket;
    const QModelIndex changed = index(row);
    Q_EMIT dataChanged(changed, changed);
    if (reshaped) {
        Q_EMIT shapeChanged(changed);
    }
}

int KitchenTicketModel::arrivalRow(const KitchenTicket& ticket) const
{
    const auto at = std::upper_bound(m_rows.cbegin(), m_rows.cend(), ticket, arrivesBefore);
    return int(at - m_rows.cbegin());
}

void KitchenTicketModel::setTickets(const QList<KitchenTicket>& tickets)
{
    QSet<qint64> wanted;
    wanted.reserve(tickets.size());
    for (const KitchenTicket& ticket : tickets) {
        wanted.insert(ticket.id);
    }
    // Gone first, in runs from the bottom so the rows above keep their numbers.
    for (int row = int(m_rows.size()) - 1; row >= 0;) {
        if (wanted.contains(m_rows.at(row).id)) {
            --row;
            continue;
        }
        int first = row;
        while (first > 0 && !wanted.contains(m_rows.at(first - 1).id)) {
            --first;
        }
        beginRemoveRows({}, first, row);
        m_rows.remove(first, row - first + 1);
        endRemoveRows();
        row = first - 1;
    }
    // Then walk the new order: the same ticket is updated, a new one inserted
    // (a ticket out of place, which arrival order does not allow, is moved).
    for (int row = 0; row < tickets.size(); ++row) {
        const KitchenTicket& ticket = tickets.at(row);
        if (row < m_rows.size() && m_rows.at(row).id == ticket.id) {
            replaceRow(row, ticket);
            continue;
        }
        if (const int old = rowOf(ticket.id); old > row) {
            beginMoveRows({}, old, old, {}, row);
            m_rows.move(old, row);
            endMoveRows();
            replaceRow(row, ticket);
            continue;
        }
        beginInsertRows({}, row, row);
        m_rows.insert(row, ticket);
        endInsertRows();
    }
}

void KitchenTicketModel::updateTicket(const KitchenTicket& ticket, bool show)
{
    const int row = rowOf(ticket.id);
    if (!show) {
        removeTicket(ticket.id);
        return;
    }
    if (row >= 0 && m_rows.at(row).createdAt == ticket.createdAt) {
        replaceRow(row, ticket);
        return;
    }
    removeTicket(ticket.id);
    const int at = arrivalRow(ticket);
    beginInsertRows({}, at, at);
    m_rows.insert(at, ticket);
    endInsertRows();
}

bool KitchenTicketModel::removeTicket(qint64 ticketId)
{
    const int row = rowOf(ticketId);
    if (row < 0) {
        return false;
    }
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
    return true;
}
