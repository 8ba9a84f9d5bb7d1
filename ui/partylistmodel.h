#pragma once

#include "party.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>

// The queue as rows: waiting and notified parties in queue order, then the
// seated ones (unless hidden). Times are shown against a clock the view
// advances, so waits tick without reading the database.
class PartyListModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PartyListModel)

public:
    enum Column
    {
        PositionColumn,
        NameColumn,
        SizeColumn,
        WaitedColumn,
        QuoteColumn,
        StatusColumn,
        PreorderColumn,
        CodeColumn,
        TablesColumn,
        NotesColumn,
        ColumnCount
    };

    enum Role
    {
        PartyIdRole = Qt::UserRole + 1,
        StatusRole, // PartyStatus as int
        HoldExpiredRole, // bool: notified and the held table's time is up
        SecondaryTextRole, // QString: a smaller second line under the cell's text
        StatusColorRole, // QColor: the status pill's fill (status column)
    };

    explicit PartyListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Takes the snapshot's parties. Rows whose party is still there are
    // updated in place (or moved), others inserted or removed, so the view
    // keeps its selection; the model is never reset for an update.
    void setParties(const QList<Party>& parties);
    void setShowSeated(bool show);
    bool showSeated() const { return m_showSeated; }
    // The time waits and holds are measured against (the database's clock).
    void setNow(const QDateTime& now);
    QDateTime now() const { return m_now; }

    const QList<Party>& parties() const { return m_rows; }
    const Party* partyAt(int row) const;
    int rowOf(qint64 partyId) const;

    bool isHoldExpired(const Party& party) const;
    int minutesWaited(const Party& party) const;
    QString statusText(const Party& party) const;
    // Under the status: how long the hold has left (or is over), how long seated.
    QString statusDetail(const Party& party) const;
    static QString preorderText(const Party& party);
    static QString preorderState(const Party& party);

private:
    void applyRows(const QList<Party>& rows);

    QList<Party> m_all;
    QList<Party> m_rows;
    QDateTime m_now;
    bool m_showSeated = true;
};
