#pragma once

#include "diningtable.h"

#include <QAbstractTableModel>
#include <QList>

// The dining room's tables as rows: label, seats, state.
class TableListModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TableListModel)

public:
    enum Column
    {
        LabelColumn,
        SeatsColumn,
        StateColumn,
        ColumnCount
    };

    explicit TableListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Replaces the rows, keeping unchanged rows in place so views keep their
    // selection and scroll position.
    void setTables(const QList<DiningTable>& tables);
    const QList<DiningTable>& tables() const { return m_tables; }

    static QString stateText(DiningTable::State state);

private:
    QList<DiningTable> m_tables;
};
