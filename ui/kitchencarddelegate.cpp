#include "kitchencarddelegate.h"

#include "kitchenticketmodel.h"

#include <QPainter>
#include <QPainterPath>

namespace
{

constexpr int PADDING = 12;
constexpr int LINE_GAP = 4;
constexpr int RADIUS = 8;

const QColor CARD(0x1f, 0x24, 0x2b);
const QColor CARD_SELECTED(0x25, 0x32, 0x42);
const QColor SELECTION(0x4f, 0xc3, 0xf7);
const QColor TEXT(0xf1, 0xf3, 0xf4);
const QColor DIM(0x6b, 0x72, 0x80);
const QColor MODIFIER(0x8a, 0xb4, 0xf8);
const QColor NOTE(0xff, 0xd5, 0x4f);
const QColor STARTED(0x34, 0xd3, 0x99);
const QColor RECALLED(0xe0, 0x5d, 0xd3);

QFont scaled(const QFont& base, qreal factor, bool bold = false, bool italic = false)
{
    QFont font = base;
    font.setPointSizeF(base.pointSizeF() * factor);
    font.setBold(bold);
    font.setItalic(italic);
    return font;
}

QFont titleFont(const QFont& base)
{
    return scaled(base, 1.45, true);
}

QFont metaFont(const QFont& base)
{
    return scaled(base, 0.78, true);
}

QColor kindColor(const QString& kind)
{
    if (kind == u"preorder") {
        return QColor(0x9b, 0x6b, 0xf2);
    }
    if (kind == u"takeout") {
        return QColor(0x0f, 0x9d, 0x73);
    }
    if (kind == u"delivery") {
        return QColor(0xe8, 0x71, 0x0a);
    }
    if (kind == u"voice") {
        return QColor(0xd9, 0x46, 0x8c);
    }
    return QColor(0x3b, 0x6f, 0xd8); // dine-in
}

// A small filled label ("TAKEOUT") at `x` on the line `top`..`top + height`; returns its right edge.
int drawChip(QPainter* painter, int x, int top, int height, const QString& text, const QColor& fill, const QFont& font)
{
    const QFontMetrics metrics(font);
    const QRect chip(x, top, metrics.horizontalAdvance(text) + 12, height);
    painter->setPen(Qt::NoPen);
    painter->setBrush(fill);
    painter->drawRoundedRect(chip, 4, 4);
    painter->setPen(Qt::white);
    painter->setFont(font);
    painter->drawText(chip, Qt::AlignCenter, text);
    return chip.right() + 1;
}

} // namespace

struct KitchenCardDelegate::Line
{
    enum class Kind
    {
        Station, // a station's heading on an expo card
        Item,
        Modifier,
        Note
    };
    Kind kind = Kind::Item;
    QString quantity;
    QString text;
    KitchenTicketItem::Status status = KitchenTicketItem::Status::Open;
    QFont font;
    int indent = 0;
    int height = 0;
};

KitchenCardDelegate::KitchenCardDelegate(QObject* parent)
    : QStyledItemDelegate(parent)
{ }

void KitchenCardDelegate::setAgeThresholds(int warningSeconds, int lateSeconds)
{
    m_warningSeconds = std::max(1, warningSeconds);
    m_lateSeconds = std::max(m_warningSeconds, lateSeconds);
}

KitchenCardDelegate::AgeLevel KitchenCardDelegate::ageLevel(qint64 ageSeconds) const
{
    if (ageSeconds >= m_lateSeconds) {
        return AgeLevel::Late;
    }
    return ageSeconds >= m_warningSeconds ? AgeLevel::Warning : AgeLevel::Fresh;
}

QColor KitchenCardDelegate::headerColor(AgeLevel level)
{
    switch (level) {
    case AgeLevel::Warning:
        return QColor(0xf5, 0xb4, 0x00);
    case AgeLevel::Late:
        return QColor(0xd9, 0x30, 0x25);
    case AgeLevel::Fresh:
        break;
    }
    return QColor(0x37, 0x47, 0x5a);
}

QString KitchenCardDelegate::kindText(const QString& kind)
{
    if (kind == u"preorder") {
        return tr("PRE-ORDER");
    }
    if (kind == u"takeout") {
        return tr("TAKEOUT");
    }
    if (kind == u"delivery") {
        return tr("DELIVERY");
    }
    if (kind == u"voice") {
        return tr("VOICE");
    }
    return tr("DINE-IN");
}

QString KitchenCardDelegate::ageText(qint64 seconds)
{
    seconds = std::max<qint64>(0, seconds);
    if (seconds >= 3600) {
        return QStringLiteral("%1:%2:%3")
            .arg(seconds / 3600)
            .arg((seconds / 60) % 60, 2, 10, QLatin1Char('0'))
            .arg(seconds % 60, 2, 10, QLatin1Char('0'));
    }
    return QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

int KitchenCardDelegate::cardWidth(const QFont& font) const
{
    // About 28 characters of item text a line: a dish name and a short modifier.
    return std::max(260, QFontMetrics(font).averageCharWidth() * 28 + 2 * PADDING);
}

int KitchenCardDelegate::headerHeight(const QFont& font) const
{
    return QFontMetrics(titleFont(font)).height() + QFontMetrics(metaFont(font)).height() + 6 + PADDING + 8;
}

QList<KitchenCardDelegate::Line>
KitchenCardDelegate::layOut(const KitchenTicket& ticket, const QFont& font, int width) const
{
    const QFont itemFont = scaled(font, 1.0, true);
    const QFont modifierFont = scaled(font, 0.9);
    const QFont noteFont = scaled(font, 0.9, true, true);
    const QFont stationFont = metaFont(font);
    const int quantityWidth = QFontMetrics(itemFont).horizontalAdvance(QStringLiteral("88×")) + 6;
    const int textWidth = width - 2 * PADDING - quantityWidth;
    const auto measure = [](const QFont& f, int w, const QString& text) {
        return QFontMetrics(f).boundingRect(QRect(0, 0, w, 100'000), Qt::TextWordWrap, text).height();
    };

    QList<Line> lines;
    QString station;
    for (const KitchenTicketItem& item : ticket.items) {
        if (ticket.expo && item.station != station) {
            station = item.station;
            Line heading{Line::Kind::Station, {}, station.toUpper(), item.status, stationFont, 0, 0};
            heading.height = QFontMetrics(stationFont).height();
            lines << heading;
        }
        Line line{Line::Kind::Item,
                  tr("%1×").arg(item.quantity),
                  item.name,
                  item.status,
                  itemFont,
                  quantityWidth,
                  measure(itemFont, textWidth, item.name)};
        lines << line;
        for (const QString& modifier : item.modifiers) {
            const QString text = QStringLiteral("› ") + modifier;
            lines << Line{Line::Kind::Modifier,
                          {},
                          text,
                          item.status,
                          modifierFont,
                          quantityWidth,
                          measure(modifierFont, textWidth, text)};
        }
        if (!item.note.isEmpty()) {
            const QString text = QStringLiteral("⚠ ") + item.note;
            lines << Line{
                Line::Kind::Note, {}, text, item.status, noteFont, quantityWidth, measure(noteFont, textWidth, text)};
        }
    }
    return lines;
}

QSize KitchenCardDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    const auto* model = qobject_cast<const KitchenTicketModel*>(index.model());
    const KitchenTicket* ticket = model != nullptr ? model->ticketAt(index.row()) : nullptr;
    const int width = cardWidth(option.font);
    if (ticket == nullptr) {
        return {width, headerHeight(option.font)};
    }
    size_t key = qHash(width) ^ qHash(ticket->expo);
    for (const KitchenTicketItem& item : ticket->items) {
        key = qHashMulti(key, item.name, item.quantity, item.note, item.modifiers.join(u'\n'), item.station);
    }
    const auto cached = m_heights.constFind(ticket->id);
    if (cached != m_heights.cend() && cached->first == key) {
        return {width, cached->second};
    }
    int height = headerHeight(option.font) + PADDING;
    for (const Line& line : layOut(*ticket, option.font, width)) {
        height += line.height + LINE_GAP;
    }
    height += PADDING;
    m_heights.insert(ticket->id, {key, height});
    return {width, height};
}

void KitchenCardDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    const auto* model = qobject_cast<const KitchenTicketModel*>(index.model());
    const KitchenTicket* ticket = model != nullptr ? model->ticketAt(index.row()) : nullptr;
    if (ticket == nullptr) {
        return;
    }
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const bool selected = option.state.testFlag(QStyle::State_Selected);
    const QRect card = option.rect.adjusted(2, 2, -2, -2);
    const AgeLevel level = ageLevel(ticket->ageSeconds(m_now));
    const QColor header = headerColor(level);
    const QColor headerText = level == AgeLevel::Warning ? QColor(0x1f, 0x17, 0x00) : QColor(Qt::white);

    QPainterPath outline;
    outline.addRoundedRect(QRectF(card), RADIUS, RADIUS);
    painter->fillPath(outline, selected ? CARD_SELECTED : CARD);
    const int headHeight = headerHeight(option.font);
    painter->save();
    painter->setClipPath(outline);
    painter->fillRect(QRect(card.left(), card.top(), card.width(), headHeight), header);
    painter->restore();

    // Header, first line: the bump bar's number, the table or order code, the age.
    const QFont title = titleFont(option.font);
    const QFont meta = metaFont(option.font);
    const QFontMetrics titleMetrics(title);
    const QFontMetrics metaMetrics(meta);
    int x = card.left() + PADDING;
    int y = card.top() + 8;
    const int number = index.row() - m_firstNumberedRow + 1;
    if (number >= 1 && number <= 9) {
        const int side = titleMetrics.height() - 6;
        const QRect badge(x, y + 3, side, side);
        painter->setPen(Qt::NoPen);
        painter->setBrush(selected ? SELECTION : QColor(0, 0, 0, 90));
        painter->drawRoundedRect(badge, 5, 5);
        painter->setPen(selected ? QColor(0x0b, 0x1e, 0x2b) : QColor(Qt::white));
        painter->setFont(scaled(option.font, 1.0, true));
        painter->drawText(badge, Qt::AlignCenter, QString::number(number));
        x = badge.right() + 10;
    }
    const QString age = ageText(ticket->ageSeconds(m_now));
    painter->setFont(title);
    painter->setPen(headerText);
    const int ageWidth = titleMetrics.horizontalAdvance(age);
    const QRect titleRect(x, y, card.right() - PADDING - ageWidth - 8 - x, titleMetrics.height());
    painter->drawText(titleRect,
                      Qt::AlignLeft | Qt::AlignVCenter,
                      titleMetrics.elidedText(index.data().toString(), Qt::ElideRight, titleRect.width()));
    painter->drawText(QRect(card.right() - PADDING - ageWidth, y, ageWidth, titleMetrics.height()),
                      Qt::AlignRight | Qt::AlignVCenter,
                      age);

    // Second line: kind, code and guest; the station or "recalled" on the right.
    y += titleMetrics.height() + 4;
    const int chipHeight = metaMetrics.height() + 2;
    x = drawChip(painter,
                 card.left() + PADDING,
                 y,
                 chipHeight,
                 kindText(ticket->orderKind),
                 kindColor(ticket->orderKind),
                 meta)
        + 8;
    QString right;
    QColor rightFill;
    if (ticket->isRecalled()) {
        right = tr("RECALLED");
        rightFill = RECALLED;
    } else if (m_showStation && !ticket->expo) {
        right = ticket->station.toUpper();
        rightFill = QColor(0, 0, 0, 110);
    }
    int rightEdge = card.right() - PADDING;
    if (!right.isEmpty()) {
        const int chipWidth = metaMetrics.horizontalAdvance(right) + 12;
        drawChip(painter, rightEdge - chipWidth, y, chipHeight, right, rightFill, meta);
        rightEdge -= chipWidth + 8;
    }
    QStringList who;
    if (!ticket->tableLabel.isEmpty()) {
        who << u'#' + ticket->orderCode;
    }
    if (!ticket->guestName.isEmpty()) {
        who << ticket->guestName;
    }
    painter->setFont(meta);
    painter->setPen(headerText);
    painter->drawText(QRect(x, y, rightEdge - x, chipHeight),
                      Qt::AlignLeft | Qt::AlignVCenter,
                      metaMetrics.elidedText(who.join(QStringLiteral(" · ")), Qt::ElideRight, rightEdge - x));

    // The items.
    y = card.top() + headHeight + PADDING;
    // The same width the card was measured with, so lines wrap as in sizeHint().
    const int left = option.rect.left() + PADDING;
    const int width = option.rect.width() - 2 * PADDING;
    for (const Line& line : layOut(*ticket, option.font, option.rect.width())) {
        const bool done = line.status == KitchenTicketItem::Status::Done;
        QFont font = line.font;
        font.setStrikeOut(done && line.kind != Line::Kind::Station);
        painter->setFont(font);
        QColor color = TEXT;
        if (line.kind == Line::Kind::Modifier) {
            color = MODIFIER;
        } else if (line.kind == Line::Kind::Note) {
            color = NOTE;
        } else if (line.kind == Line::Kind::Station) {
            color = QColor(0x9a, 0xa0, 0xa6);
        }
        painter->setPen(done ? DIM : color);
        if (line.kind == Line::Kind::Item) {
            if (line.status == KitchenTicketItem::Status::Started) {
                // Being cooked: a green bar at the card's edge.
                painter->fillRect(QRect(card.left(), y, 5, line.height), STARTED);
            }
            painter->drawText(
                QRect(left, y, line.indent - 6, line.height), Qt::AlignRight | Qt::AlignTop, line.quantity);
        }
        painter->drawText(QRect(left + line.indent, y, width - line.indent, line.height),
                          Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap,
                          line.text);
        y += line.height + LINE_GAP;
    }

    if (selected) {
        painter->setPen(QPen(SELECTION, 4));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(QRectF(card).adjusted(2, 2, -2, -2), RADIUS - 1, RADIUS - 1);
    }
    painter->restore();
}
