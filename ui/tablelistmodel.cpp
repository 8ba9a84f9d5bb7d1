#include "tablelistmodel.h"

#include <QColor>

TableListModel::TableListModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

int TableListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_tables.size());
}

int TableListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString TableListModel::stateText(DiningTable::State state)
{
    switch (state) {
    case DiningTable::State::Free:
        return tr("Free");
    case DiningTable::State::Occupied:
        return tr("Occupied");
    case DiningTable::State::Dirty:
        return tr("Needs cleaning");
    case DiningTable::State::Reserved:
        return tr("Reserved");
    case DiningTable::State::OutOfService:
        return tr("Out of service");
    }
    return {};
}

QVariant TableListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const DiningTable& table = m_tables.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case LabelColumn:
            return table.label;
        case SeatsColumn:
            return table.seats;
        case StateColumn:
            return stateText(table.state);
        }
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == SeatsColumn) {
            return QVariant::fromValue(Qt::AlignCenter);
        }
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        if (index.column() == StateColumn) {
            switch (table.state) {
            case DiningTable::State::Free:
                return QColor(0x1b, 0x7f, 0x3b);
            case DiningTable::State::Occupied:
                return QColor(0xb3, 0x26, 0x1e);
            case DiningTable::State::Dirty:
                return QColor(0x8a, 0x5a, 0x00);
            case DiningTable::State::Reserved:
                return QColor(0x8a, 0x5a, 0x00);
            case DiningTable::State::OutOfService:
                return QColor(0x6b, 0x6b, 0x6b);
            }
        }
        break;
    case Qt::ToolTipRole:
        return tr("Table %1, seats: %2").arg(table.label).arg(table.seats);
    default:
        break;
    }
    return {};
}

QVariant TableListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
    case LabelColumn:
        return tr("Table");
    case SeatsColumn:
        return tr("Seats");
    case StateColumn:
        return tr("State");
    }
    return {};
}

void TableListModel::setTables(const QList<DiningTable>& tables)
{
    const auto same = [](const DiningTable& a, const DiningTable& b) {
        return a.id == b.id && a.label == b.label && a.seats == b.seats && a.state == b.state
            && a.combinable == b.combinable;
    };
    // Same rows in the same order: only signal the rows that changed.
    bool sameIds = tables.size() == m_tables.size();
    for (qsizetype i = 0; sameIds && i < tables.size(); ++i) {
        sameIds = tables.at(i).id == m_tables.at(i).id;
    }
    if (sameIds) {
        for (qsizetype i = 0; i < tables.size(); ++i) {
            if (!same(tables.at(i), m_tables.at(i))) {
                m_tables[i] = tables.at(i);
                Q_EMIT dataChanged(index(int(i), 0), index(int(i), ColumnCount - 1));
            }
        }
        return;
    }
    beginResetModel();
    m_tables = tables;
    endResetModel();
}
