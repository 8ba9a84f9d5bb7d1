#pragma once

#include "kitchenticket.h"

#include <QAbstractListModel>
#include <QList>

// The kitchen screen's open tickets as rows, in arrival order. It is updated
// row by row — a changed ticket is dataChanged, a new one inserted, a bumped
// one removed — and never reset, so 200 cards stay put while one changes.
class KitchenTicketModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KitchenTicketModel)

public:
    enum Role
    {
        TicketIdRole = Qt::UserRole + 1,
        OrderIdRole,
        CreatedAtRole, // QDateTime, the database's clock
        StationRole,
        KindRole, // preorder, dine_in, takeout, delivery or voice
        RecalledRole,
        ItemCountRole, // lines not bumped yet
    };

    explicit KitchenTicketModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

    // Takes a whole board's tickets (in arrival order): rows still there are
    // updated in place, the others inserted or removed.
    void setTickets(const QList<KitchenTicket>& tickets);
    // One ticket as it now is: updated, inserted at its place in arrival
    // order, or (when `show` is false) removed.
    void updateTicket(const KitchenTicket& ticket, bool show);
    bool removeTicket(qint64 ticketId);

    const QList<KitchenTicket>& tickets() const { return m_rows; }
    const KitchenTicket* ticketAt(int row) const;
    int rowOf(qint64 ticketId) const;
    QList<qint64> ticketsOfOrder(qint64 orderId) const;

    // Whether two versions of a ticket would be drawn the same.
    static bool sameContent(const KitchenTicket& a, const KitchenTicket& b);
    // Whether two versions would need a card of a different size.
    static bool sameShape(const KitchenTicket& a, const KitchenTicket& b);

Q_SIGNALS:
    // A card's size changed (not just its colours): its view lays out again.
    void shapeChanged(const QModelIndex& index);

private:
    void replaceRow(int row, const KitchenTicket& ticket);
    int arrivalRow(const KitchenTicket& ticket) const;

    QList<KitchenTicket> m_rows;
};
