#include "partyitemdelegate.h"

#include "partylistmodel.h"

#include <QApplication>
#include <QPainter>

namespace
{

constexpr int PADDING = 8;
const QColor SECONDARY_TEXT(0x5f, 0x63, 0x68);

QFont secondaryFont(const QFont& base)
{
    QFont font = base;
    font.setBold(false);
    font.setPointSizeF(base.pointSizeF() * 0.85);
    return font;
}

} // namespace

PartyItemDelegate::PartyItemDelegate(QObject* parent)
    : QStyledItemDelegate(parent)
{ }

QSize PartyItemDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    const QString secondary = index.data(PartyListModel::SecondaryTextRole).toString();
    if (!secondary.isEmpty()) {
        const QFontMetrics metrics(secondaryFont(option.font));
        size.setWidth(std::max(size.width(), metrics.horizontalAdvance(secondary) + 2 * PADDING));
        size.setHeight(size.height() + metrics.height());
    }
    return size;
}

void PartyItemDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = opt.text;
    opt.text.clear();
    // Background, selection and focus as the style draws them; the text is ours.
    const QWidget* widget = opt.widget;
    QStyle* style = widget != nullptr ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const bool selected = opt.state.testFlag(QStyle::State_Selected);
    const QString secondary = index.data(PartyListModel::SecondaryTextRole).toString();
    const QFont mainFont = opt.font;
    const QFont smallFont = secondaryFont(opt.font);
    const QFontMetrics mainMetrics(mainFont);
    const QFontMetrics smallMetrics(smallFont);
    const QRect area = opt.rect.adjusted(PADDING, 0, -PADDING, 0);
    const QVariant pill = index.data(PartyListModel::StatusColorRole);
    const int pillPadding = pill.isValid() ? 6 : 0;
    const int mainHeight = mainMetrics.height() + pillPadding;
    const int blockHeight = mainHeight + (secondary.isEmpty() ? 0 : smallMetrics.height());
    const int top = area.top() + (area.height() - blockHeight) / 2;
    const Qt::Alignment horizontal = opt.displayAlignment & Qt::AlignHorizontal_Mask;

    QColor textColor = selected ? opt.palette.color(QPalette::HighlightedText) : opt.palette.color(QPalette::Text);
    if (const QVariant foreground = index.data(Qt::ForegroundRole); foreground.isValid() && !selected) {
        textColor = foreground.value<QColor>();
    }

    painter->save();
    painter->setClipRect(opt.rect);
    QRect mainRect(area.left(), top, area.width(), mainHeight);
    if (pill.isValid() && !text.isEmpty()) {
        // The status as a pill: colour and word together, readable on any row.
        const QString elided = mainMetrics.elidedText(text, Qt::ElideRight, area.width() - 2 * pillPadding - 4);
        const int width = mainMetrics.horizontalAdvance(elided) + 2 * pillPadding + 4;
        const QRect pillRect(area.left(), top, width, mainHeight);
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(Qt::NoPen);
        painter->setBrush(pill.value<QColor>());
        painter->drawRoundedRect(pillRect, mainHeight / 2.0, mainHeight / 2.0);
        painter->setPen(index.data(Qt::ForegroundRole).value<QColor>());
        painter->setFont(mainFont);
        painter->drawText(pillRect, Qt::AlignCenter, elided);
    } else {
        painter->setPen(textColor);
        painter->setFont(mainFont);
        painter->drawText(mainRect,
                          int(horizontal) | Qt::AlignVCenter,
                          mainMetrics.elidedText(text, opt.textElideMode, mainRect.width()));
    }
    if (!secondary.isEmpty()) {
        const QRect secondaryRect(area.left(), top + mainHeight, area.width(), smallMetrics.height());
        painter->setPen(selected ? opt.palette.color(QPalette::HighlightedText) : SECONDARY_TEXT);
        painter->setFont(smallFont);
        painter->drawText(secondaryRect,
                          int(horizontal) | Qt::AlignVCenter,
                          smallMetrics.elidedText(secondary, Qt::ElideRight, secondaryRect.width()));
    }
    painter->restore();
}
