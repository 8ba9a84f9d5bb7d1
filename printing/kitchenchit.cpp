#include "kitchenchit.h"

#include "kitchenticket.h"

namespace
{

// Chits show the console's wall-clock time, 24-hour, as kitchens read it.
QString clockTime(const QDateTime& time)
{
    return time.isValid() ? time.toLocalTime().toString(QStringLiteral("HH:mm")) : QString();
}

} // namespace

QString KitchenChit::kindLabel(const QString& kind)
{
    if (kind == u"dine_in") {
        return tr("Dine in");
    }
    if (kind == u"takeout") {
        return tr("Takeout");
    }
    if (kind == u"delivery") {
        return tr("Delivery");
    }
    if (kind == u"preorder") {
        return tr("Pre-order");
    }
    if (kind == u"voice") {
        return tr("Phone order");
    }
    return kind;
}

KitchenChit KitchenChit::fromTicket(const KitchenTicket& ticket, const QDateTime& printedAt)
{
    KitchenChit chit;
    chit.ticketId = ticket.id;
    chit.orderCode = ticket.orderCode;
    chit.station = ticket.expo ? QString() : ticket.station;
    chit.printedAt = printedAt.toUTC();

    const auto add = [&chit](Line::Style style, const QString& text) { chit.lines.append(Line{style, text}); };
    add(Line::Style::Title, ticket.expo ? tr("EXPO") : ticket.station.toUpper());
    QString heading = tr("Order %1").arg(ticket.orderCode);
    if (!ticket.tableLabel.isEmpty()) {
        heading += QStringLiteral("  ") + tr("Table %1").arg(ticket.tableLabel);
    }
    add(Line::Style::Heading, heading);
    QString who = kindLabel(ticket.orderKind);
    if (!ticket.guestName.isEmpty()) {
        who += QStringLiteral(" - ") + ticket.guestName;
    }
    add(Line::Style::Normal, who);
    add(Line::Style::Normal, tr("In %1, printed %2").arg(clockTime(ticket.createdAt), clockTime(chit.printedAt)));
    if (ticket.isRecalled()) {
        add(Line::Style::Normal, tr("RECALLED"));
    }
    add(Line::Style::Rule, {});
    for (const KitchenTicketItem& item : ticket.items) {
        add(Line::Style::Item, tr("%1 x %2").arg(item.quantity).arg(item.name));
        for (const QString& modifier : item.modifiers) {
            add(Line::Style::Detail, QStringLiteral("+ ") + modifier);
        }
        if (!item.note.trimmed().isEmpty()) {
            add(Line::Style::Detail, tr("Note: %1").arg(item.note.trimmed()));
        }
    }
    add(Line::Style::Rule, {});
    add(Line::Style::Normal, tr("Ticket %1").arg(ticket.id));
    return chit;
}
