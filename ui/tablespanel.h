#pragma once

#include "diningtable.h"
#include "queuesnapshot.h"

#include <QDateTime>
#include <QHash>
#include <QWidget>

class QFrame;
class QGridLayout;
class QLabel;
class QPushButton;
class QScrollArea;

// The dining room at a glance beside the queue: a tile per table with its
// seats and state (free, occupied by whom and for how long, needs cleaning,
// out of service) and a "Mark free" button on tables that need cleaning.
class TablesPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TablesPanel)

public:
    explicit TablesPanel(QWidget* parent = nullptr);

    // Updates the tiles in place; tiles are only rebuilt when tables come or go.
    void setTables(const QList<QueueSnapshot::Table>& tables);
    const QList<QueueSnapshot::Table>& tables() const { return m_tables; }
    void setNow(const QDateTime& now);

    // The snapshot reads a table that needs cleaning as "dirty".
    static bool needsCleaning(const DiningTable& table);
    static QString stateText(const DiningTable& table);
    static QString seatsText(int seats);

Q_SIGNALS:
    // The host asked for a table's state to change (after cleaning: Free).
    void tableStateRequested(qint64 tableId, DiningTable::State state);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    struct Tile
    {
        QFrame* frame = nullptr;
        QLabel* label = nullptr;
        QLabel* seats = nullptr;
        QLabel* state = nullptr;
        QLabel* minutes = nullptr;
        QLabel* detail = nullptr;
        QPushButton* markFree = nullptr;
    };

    Tile makeTile(const QueueSnapshot::Table& table);
    void updateTile(Tile& tile, const QueueSnapshot::Table& table);
    void relayout(bool force = false);
    void showTileMenu(qint64 tableId, const QPoint& globalPos);
    void updateSummary();

    QList<QueueSnapshot::Table> m_tables;
    QHash<qint64, Tile> m_tiles;
    QList<qint64> m_order;
    QDateTime m_now;
    QLabel* m_summary;
    QScrollArea* m_scroll;
    QWidget* m_grid;
    QGridLayout* m_gridLayout;
    int m_columns = 0;
    int m_tileWidth = 106;
};
