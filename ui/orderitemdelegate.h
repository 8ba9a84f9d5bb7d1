#pragma once

#include <QStyledItemDelegate>

// Paints the orders list's status column as a coloured pill (readable on a
// selected row too); other cells are drawn as usual.
class OrderItemDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OrderItemDelegate)

public:
    explicit OrderItemDelegate(QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};
