#include "orderitemdelegate.h"

#include "orderlistmodel.h"

#include <QApplication>
#include <QPainter>

namespace
{
constexpr int PADDING = 6;
const QColor PILL_TEXT(0x20, 0x21, 0x24);
} // namespace

OrderItemDelegate::OrderItemDelegate(QObject* parent)
    : QStyledItemDelegate(parent)
{ }

void OrderItemDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    const QVariant pill = index.data(OrderListModel::StatusColorRole);
    if (index.column() != OrderListModel::StatusColumn || !pill.isValid()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    // The row's background and selection first, without the text.
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = opt.text;
    opt.text.clear();
    const QWidget* widget = option.widget;
    QStyle* style = widget != nullptr ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    QFont font = opt.font;
    font.setBold(true);
    const QFontMetrics metrics(font);
    const int height = metrics.height() + 8;
    const QRect area = opt.rect.adjusted(PADDING, 0, -PADDING, 0);
    const QString elided = metrics.elidedText(text, Qt::ElideRight, area.width() - 20);
    const QRect pillRect(
        area.left(), area.top() + (area.height() - height) / 2, metrics.horizontalAdvance(elided) + 20, height);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(pill.value<QColor>());
    painter->drawRoundedRect(pillRect, height / 2.0, height / 2.0);
    painter->setPen(PILL_TEXT);
    painter->setFont(font);
    painter->drawText(pillRect, Qt::AlignCenter, elided);
    painter->restore();
}
