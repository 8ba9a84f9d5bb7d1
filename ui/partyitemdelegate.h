#pragma once

#include <QStyledItemDelegate>

// Paints the queue's cells for reading from a step away: a main line with an
// optional smaller second line (quote at join, hold countdown, pre-order
// state) and the status as a coloured pill.
class PartyItemDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PartyItemDelegate)

public:
    explicit PartyItemDelegate(QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};
