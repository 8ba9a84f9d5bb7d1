#include "partylistmodel.h"

#include <QColor>
#include <QFont>
#include <QFontDatabase>
#include <QLocale>
#include <QSet>

namespace
{

const QColor WAITING_TEXT(0x17, 0x4e, 0xa6);
const QColor NOTIFIED_BACKGROUND(0xff, 0xe8, 0x9c);
const QColor NOTIFIED_TEXT(0x5c, 0x40, 0x00);
const QColor NOTIFIED_ROW(0xff, 0xf8, 0xe1);
const QColor EXPIRED_BACKGROUND(0xb3, 0x26, 0x1e);
const QColor EXPIRED_ROW(0xfd, 0xe3, 0xe1);
const QColor SEATED_TEXT(0x14, 0x59, 0x2f);
const QColor WAITING_PILL(0xdd, 0xe8, 0xfb);
const QColor SEATED_PILL(0xd7, 0xef, 0xdd);
const QColor MUTED_TEXT(0x5f, 0x63, 0x68);
const QColor LATE_TEXT(0xa5, 0x1d, 0x16);
const QColor HELD_TEXT(0x8a, 0x4b, 0x00);

bool sameOrder(const std::optional<Preorder>& a, const std::optional<Preorder>& b)
{
    if (a.has_value() != b.has_value()) {
        return false;
    }
    if (!a) {
        return true;
    }
    if (a->orderId != b->orderId || a->status != b->status || a->fireAt != b->fireAt
        || a->lines.size() != b->lines.size()) {
        return false;
    }
    for (qsizetype i = 0; i < a->lines.size(); ++i) {
        if (a->lines.at(i).menuItemId != b->lines.at(i).menuItemId || a->lines.at(i).quantity != b->lines.at(i).quantity
            || a->lines.at(i).note != b->lines.at(i).note) {
            return false;
        }
    }
    return true;
}

// Whether anything the rows show differs.
bool sameRow(const Party& a, const Party& b)
{
    return a.id == b.id && a.name == b.name && a.size == b.size && a.phone == b.phone && a.notes == b.notes
        && a.source == b.source && a.status == b.status && a.code == b.code && a.joinedAt == b.joinedAt
        && a.notifiedAt == b.notifiedAt && a.seatedAt == b.seatedAt && a.quotedMinutes == b.quotedMinutes
        && a.holdMinutes == b.holdMinutes && a.position == b.position && a.quote.minutes == b.quote.minutes
        && a.quote.low == b.quote.low && a.quote.high == b.quote.high && a.quote.partiesAhead == b.quote.partiesAhead
        && a.quote.canSeat == b.quote.canSeat && a.tableLabels == b.tableLabels && sameOrder(a.preorder, b.preorder);
}

QString clock(const QDateTime& time)
{
    return QLocale().toString(time.toLocalTime().time(), QLocale::ShortFormat);
}

} // namespace

PartyListModel::PartyListModel(QObject* parent)
    : QAbstractTableModel(parent)
    , m_now(QDateTime::currentDateTimeUtc())
{ }

int PartyListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int PartyListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const Party* PartyListModel::partyAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

int PartyListModel::rowOf(qint64 partyId) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).id == partyId) {
            return int(i);
        }
    }
    return -1;
}

bool PartyListModel::isHoldExpired(const Party& party) const
{
    return party.status == PartyStatus::Notified && party.holdUntil().isValid() && party.holdUntil() <= m_now;
}

int PartyListModel::minutesWaited(const Party& party) const
{
    if (!party.joinedAt.isValid()) {
        return 0;
    }
    // A seated party's wait is over: it ended when they sat down.
    const QDateTime end = party.status == PartyStatus::Seated && party.seatedAt.isValid() ? party.seatedAt : m_now;
    return int(std::max<qint64>(0, party.joinedAt.secsTo(end) / 60));
}

QString PartyListModel::statusText(const Party& party) const
{
    switch (party.status) {
    case PartyStatus::Waiting:
        return tr("Waiting");
    case PartyStatus::Notified:
        return isHoldExpired(party) ? tr("Hold expired") : tr("Notified");
    case PartyStatus::Seated:
        return tr("Seated");
    case PartyStatus::Done:
        return tr("Done");
    case PartyStatus::Cancelled:
        return tr("Cancelled");
    case PartyStatus::NoShow:
        return tr("No-show");
    }
    return {};
}

QString PartyListModel::statusDetail(const Party& party) const
{
    if (party.status == PartyStatus::Notified && party.holdUntil().isValid()) {
        const qint64 seconds = m_now.secsTo(party.holdUntil());
        if (seconds <= 0) {
            return tr("%1 min over").arg(-seconds / 60);
        }
        // Rounded up: "1 min left" until the hold is really over.
        return tr("%1 min left").arg((seconds + 59) / 60);
    }
    if (party.status == PartyStatus::Seated && party.seatedAt.isValid()) {
        return tr("for %1 min").arg(std::max<qint64>(0, party.seatedAt.secsTo(m_now) / 60));
    }
    return {};
}

QString PartyListModel::preorderText(const Party& party)
{
    if (!party.preorder) {
        return {};
    }
    int items = 0;
    for (const PreorderLine& line : party.preorder->lines) {
        items += line.quantity;
    }
    // Spelled out: the source language has no plural translation file.
    return items == 1 ? tr("1 item") : tr("%1 items").arg(items);
}

QString PartyListModel::preorderState(const Party& party)
{
    if (!party.preorder) {
        return {};
    }
    switch (party.preorder->status) {
    case OrderStatus::Held:
        return tr("held");
    case OrderStatus::Received:
    case OrderStatus::Preparing:
        return tr("fired");
    case OrderStatus::Ready:
        return tr("ready");
    case OrderStatus::Served:
    case OrderStatus::PickedUp:
    case OrderStatus::OutForDelivery:
    case OrderStatus::Delivered:
        return tr("served");
    case OrderStatus::Cancelled:
        return tr("cancelled");
    }
    return {};
}

QVariant PartyListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Party& party = m_rows.at(index.row());
    const bool expired = isHoldExpired(party);
    const bool seated = party.status == PartyStatus::Seated;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case PositionColumn:
            return party.position > 0 ? QVariant(party.position) : QVariant();
        case NameColumn:
            return party.name;
        case SizeColumn:
            return party.size;
        case WaitedColumn:
            return tr("%1 min").arg(minutesWaited(party));
        case QuoteColumn:
            if (!party.isActive() || party.status == PartyStatus::Notified) {
                return QStringLiteral("–"); // no more waiting to quote
            }
            if (!party.quote.canSeat) {
                return tr("No table fits");
            }
            return tr("%1 min").arg(party.quote.minutes);
        case StatusColumn:
            return statusText(party);
        case PreorderColumn:
            return preorderText(party);
        case CodeColumn:
            return party.code;
        case TablesColumn:
            return party.tableLabels.join(QStringLiteral(" + "));
        case NotesColumn:
            return party.notes;
        }
        break;
    case Qt::ToolTipRole:
        switch (index.column()) {
        case NameColumn: {
            QString text = party.source == u"host" ? tr("Walk-in added by the host") : tr("Joined from a phone");
            if (!party.phone.isEmpty()) {
                text += u'\n' + tr("Phone: %1").arg(party.phone);
            }
            if (!party.notes.isEmpty()) {
                text += u'\n' + tr("Notes: %1").arg(party.notes);
            }
            return text;
        }
        case WaitedColumn:
            return tr("Joined at %1").arg(clock(party.joinedAt));
        case QuoteColumn:
            if (party.isActive() && party.status == PartyStatus::Waiting) {
                return tr("Likely %1 min (%2–%3) with %4 ahead; quoted %5 min when they joined")
                    .arg(party.quote.minutes)
                    .arg(party.quote.low)
                    .arg(party.quote.high)
                    .arg(party.quote.partiesAhead)
                    .arg(party.quotedMinutes);
            }
            return tr("Quoted %1 min when they joined").arg(party.quotedMinutes);
        case StatusColumn:
            if (party.status == PartyStatus::Notified && party.holdUntil().isValid()) {
                return tr("Notified at %1; table held until %2").arg(clock(party.notifiedAt), clock(party.holdUntil()));
            }
            if (seated && party.seatedAt.isValid()) {
                return tr("Seated at %1").arg(clock(party.seatedAt));
            }
            break;
        case PreorderColumn:
            if (party.preorder) {
                QStringList lines;
                for (const PreorderLine& line : party.preorder->lines) {
                    lines << (line.note.isEmpty() ? tr("%1× %2").arg(line.quantity).arg(line.name)
                                                  : tr("%1× %2 (%3)").arg(line.quantity).arg(line.name, line.note));
                }
                if (party.preorder->status == OrderStatus::Held && party.preorder->fireAt.isValid()) {
                    lines << tr("Fires to the kitchen at %1").arg(clock(party.preorder->fireAt));
                }
                return lines.join(u'\n');
            }
            break;
        case NotesColumn:
            return party.notes.isEmpty() ? QVariant() : QVariant(party.notes);
        default:
            break;
        }
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == PositionColumn || index.column() == SizeColumn) {
            return QVariant::fromValue(Qt::AlignCenter);
        }
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::FontRole:
        if (index.column() == NameColumn || index.column() == StatusColumn || index.column() == PositionColumn
            || index.column() == SizeColumn) {
            QFont font;
            font.setBold(true);
            return font;
        }
        if (index.column() == CodeColumn) {
            QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
            font.setBold(true);
            return font;
        }
        break;
    case Qt::BackgroundRole:
        // The whole row tells a notified party apart, and shouts when its hold is over.
        if (expired) {
            return EXPIRED_ROW;
        }
        if (party.status == PartyStatus::Notified) {
            return NOTIFIED_ROW;
        }
        break;
    case Qt::ForegroundRole:
        if (index.column() == StatusColumn) {
            if (expired) {
                return QColor(Qt::white);
            }
            switch (party.status) {
            case PartyStatus::Waiting:
                return WAITING_TEXT;
            case PartyStatus::Notified:
                return NOTIFIED_TEXT;
            case PartyStatus::Seated:
                return SEATED_TEXT;
            default:
                return MUTED_TEXT;
            }
        }
        if (expired) {
            return QColor(0x60, 0x10, 0x0c);
        }
        if (index.column() == PreorderColumn && party.preorder) {
            return party.preorder->status == OrderStatus::Held ? HELD_TEXT : SEATED_TEXT;
        }
        if (index.column() == WaitedColumn && party.status == PartyStatus::Waiting
            && minutesWaited(party) > party.quotedMinutes) {
            return LATE_TEXT; // waiting longer than they were told
        }
        if (seated || index.column() == CodeColumn || index.column() == NotesColumn) {
            return MUTED_TEXT;
        }
        break;
    case SecondaryTextRole:
        switch (index.column()) {
        case NameColumn: {
            // The notes sit under the name, where the host looks first.
            QStringList parts;
            if (party.source == u"host") {
                parts << tr("walk-in");
            }
            if (!party.notes.isEmpty()) {
                parts << party.notes;
            }
            return parts.join(QStringLiteral(" · "));
        }
        case QuoteColumn:
            return tr("quoted %1").arg(party.quotedMinutes);
        case StatusColumn:
            return statusDetail(party);
        case PreorderColumn:
            return preorderState(party);
        default:
            return {};
        }
    case StatusColorRole:
        if (index.column() != StatusColumn) {
            return {};
        }
        if (expired) {
            return EXPIRED_BACKGROUND;
        }
        switch (party.status) {
        case PartyStatus::Waiting:
            return WAITING_PILL;
        case PartyStatus::Notified:
            return NOTIFIED_BACKGROUND;
        case PartyStatus::Seated:
            return SEATED_PILL;
        default:
            return QColor(0xe8, 0xea, 0xed);
        }
    case PartyIdRole:
        return party.id;
    case StatusRole:
        return int(party.status);
    case HoldExpiredRole:
        return expired;
    default:
        break;
    }
    return {};
}

QVariant PartyListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
    case PositionColumn:
        return tr("#");
    case NameColumn:
        return tr("Name");
    case SizeColumn:
        return tr("Size");
    case WaitedColumn:
        return tr("Waited");
    case QuoteColumn:
        return tr("Quote");
    case StatusColumn:
        return tr("Status");
    case PreorderColumn:
        return tr("Pre-order");
    case CodeColumn:
        return tr("Code");
    case TablesColumn:
        return tr("Tables");
    case NotesColumn:
        return tr("Notes");
    }
    return {};
}

void PartyListModel::setParties(const QList<Party>& parties)
{
    m_all = parties;
    QList<Party> rows;
    rows.reserve(parties.size());
    for (const Party& party : parties) {
        if (m_showSeated || party.status != PartyStatus::Seated) {
            rows.append(party);
        }
    }
    applyRows(rows);
}

void PartyListModel::setShowSeated(bool show)
{
    if (m_showSeated == show) {
        return;
    }
    m_showSeated = show;
    setParties(m_all);
}

void PartyListModel::setNow(const QDateTime& now)
{
    if (now == m_now) {
        return;
    }
    m_now = now;
    if (!m_rows.isEmpty()) {
        // Only the clock-driven cells change (colours follow the hold too).
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
    }
}

void PartyListModel::applyRows(const QList<Party>& rows)
{
    QSet<qint64> ids;
    for (const Party& party : rows) {
        ids.insert(party.id);
    }
    // Gone from the queue (or filtered out): remove.
    for (qsizetype i = m_rows.size() - 1; i >= 0; --i) {
        if (!ids.contains(m_rows.at(i).id)) {
            beginRemoveRows({}, int(i), int(i));
            m_rows.removeAt(i);
            endRemoveRows();
        }
    }
    // Walk the new order: keep, move up or insert each row in turn.
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const Party& party = rows.at(i);
        if (i < m_rows.size() && m_rows.at(i).id == party.id) {
            if (!sameRow(m_rows.at(i), party)) {
                m_rows[i] = party;
                Q_EMIT dataChanged(index(int(i), 0), index(int(i), ColumnCount - 1));
            }
            continue;
        }
        qsizetype from = -1;
        for (qsizetype j = i + 1; j < m_rows.size(); ++j) {
            if (m_rows.at(j).id == party.id) {
                from = j;
                break;
            }
        }
        if (from >= 0) {
            beginMoveRows({}, int(from), int(from), {}, int(i));
            m_rows.move(from, i);
            endMoveRows();
            if (!sameRow(m_rows.at(i), party)) {
                m_rows[i] = party;
                Q_EMIT dataChanged(index(int(i), 0), index(int(i), ColumnCount - 1));
            }
        } else {
            beginInsertRows({}, int(i), int(i));
            m_rows.insert(i, party);
            endInsertRows();
        }
    }
}
