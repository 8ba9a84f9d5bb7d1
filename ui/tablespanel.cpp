#include "tablespanel.h"

#include <QContextMenuEvent>
#include <QFrame>
#include <QGridLayout>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QScrollArea>
#include <QStyle>
#include <QVBoxLayout>

namespace
{

constexpr int TILE_MIN_WIDTH = 106;
constexpr int TILE_MAX_WIDTH = 150;
constexpr int TILE_SPACING = 8;
constexpr int VISIBLE_ROWS = 2;

QString stateKey(const DiningTable& table)
{
    switch (table.state) {
    case DiningTable::State::Free:
        return QStringLiteral("free");
    case DiningTable::State::Occupied:
        return QStringLiteral("occupied");
    case DiningTable::State::Dirty:
        return QStringLiteral("dirty");
    case DiningTable::State::Reserved:
        return QStringLiteral("reserved");
    case DiningTable::State::OutOfService:
        return QStringLiteral("outOfService");
    }
    return QStringLiteral("free");
}

// Light fills and dark text: readable from a step back, and each state has
// its own colour and its own word, never colour alone.
const QString TILE_STYLE =
    QStringLiteral("QFrame#tableTileFrame { border-radius: 8px; border: 2px solid #b8bec8; background: #f4f5f7; }"
                   "QFrame#tableTileFrame[state=\"free\"] { border-color: #2e7d4f; background: #e6f4ea; }"
                   "QFrame#tableTileFrame[state=\"occupied\"] { border-color: #8593ab; background: #e9edf4; }"
                   "QFrame#tableTileFrame[state=\"dirty\"] { border-color: #c77700; background: #fff1d6; }"
                   "QFrame#tableTileFrame[state=\"reserved\"] { border-color: #7e57c2; background: #f1eafb; }"
                   "QFrame#tableTileFrame[state=\"outOfService\"] { border-color: #9e9e9e; background: #e0e0e0; }"
                   "QFrame#tableTileFrame QLabel { background: transparent; border: none; color: #202124; }"
                   "QFrame#tableTileFrame QLabel#tableSeatsLabel { color: #5f6368; }"
                   "QFrame#tableTileFrame[state=\"free\"] QLabel#tableStateLabel { color: #14592f; }"
                   "QFrame#tableTileFrame[state=\"occupied\"] QLabel#tableStateLabel { color: #2f3d57; }"
                   "QFrame#tableTileFrame[state=\"dirty\"] QLabel#tableStateLabel { color: #7a4100; }"
                   "QFrame#tableTileFrame[state=\"reserved\"] QLabel#tableStateLabel { color: #4a2a8a; }"
                   "QFrame#tableTileFrame[state=\"outOfService\"] QLabel#tableStateLabel { color: #424242; }"
                   "QFrame#tableTileFrame QLabel#tableDetailLabel { color: #3c4043; }"
                   "QPushButton#markFreeButton { background: #1b6e35; color: white; border: none; border-radius: 5px;"
                   " padding: 3px 8px; font-weight: bold; }"
                   "QPushButton#markFreeButton:pressed { background: #124d25; }");

} // namespace

TablesPanel::TablesPanel(QWidget* parent)
    : QWidget(parent)
    , m_now(QDateTime::currentDateTimeUtc())
    , m_summary(new QLabel(this))
    , m_scroll(new QScrollArea(this))
    , m_grid(new QWidget(m_scroll))
    , m_gridLayout(new QGridLayout(m_grid))
{
    setObjectName(QStringLiteral("tablesPanel"));
    setStyleSheet(TILE_STYLE);

    auto* title = new QLabel(tr("Tables"), this);
    title->setObjectName(QStringLiteral("tablesPanelTitleLabel"));
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    titleFont.setBold(true);
    title->setFont(titleFont);
    m_summary->setObjectName(QStringLiteral("tablesPanelSummaryLabel"));
    m_summary->setStyleSheet(QStringLiteral("color: #5f6368;"));

    m_gridLayout->setContentsMargins(0, 0, 0, 0);
    m_gridLayout->setSpacing(TILE_SPACING);
    m_gridLayout->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_scroll->setObjectName(QStringLiteral("tablesScrollArea"));
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setWidgetResizable(true);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->setWidget(m_grid);

    auto* header = new QHBoxLayout;
    header->setSpacing(12);
    header->addWidget(title);
    header->addWidget(m_summary, 1, Qt::AlignBottom);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addLayout(header);
    layout->addWidget(m_scroll);
}

QString TablesPanel::seatsText(int seats)
{
    // Spelled out: the source language has no plural translation file.
    return seats == 1 ? tr("1 seat") : tr("%1 seats").arg(seats);
}

bool TablesPanel::needsCleaning(const DiningTable& table)
{
    return table.state == DiningTable::State::Dirty;
}

QString TablesPanel::stateText(const DiningTable& table)
{
    switch (table.state) {
    case DiningTable::State::Free:
        return tr("Free");
    case DiningTable::State::Occupied:
        return tr("Occupied");
    case DiningTable::State::Dirty:
        return tr("To clean");
    case DiningTable::State::Reserved:
        return tr("Reserved");
    case DiningTable::State::OutOfService:
        return tr("Out of service");
    }
    return {};
}

void TablesPanel::setTables(const QList<QueueSnapshot::Table>& tables)
{
    m_tables = tables;
    QList<qint64> order;
    for (const auto& t : tables) {
        order.append(t.table.id);
    }
    if (order != m_order) {
        for (Tile& tile : m_tiles) {
            delete tile.frame;
        }
        m_tiles.clear();
        m_order = order;
        for (const auto& t : tables) {
            m_tiles.insert(t.table.id, makeTile(t));
        }
        relayout(true);
    }
    for (const auto& t : tables) {
        updateTile(m_tiles[t.table.id], t);
    }
    updateSummary();
}

void TablesPanel::setNow(const QDateTime& now)
{
    m_now = now;
    for (const auto& t : std::as_const(m_tables)) {
        updateTile(m_tiles[t.table.id], t);
    }
}

TablesPanel::Tile TablesPanel::makeTile(const QueueSnapshot::Table& table)
{
    Tile tile;
    tile.frame = new QFrame(m_grid);
    tile.frame->setObjectName(QStringLiteral("tableTileFrame"));
    tile.frame->setProperty("tableId", table.table.id);
    tile.frame->setProperty("tableLabel", table.table.label);
    tile.frame->setFixedWidth(m_tileWidth);
    tile.frame->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(tile.frame,
            &QWidget::customContextMenuRequested,
            this,
            [this, id = table.table.id, frame = tile.frame](const QPoint& pos) {
                showTileMenu(id, frame->mapToGlobal(pos));
            });

    tile.label = new QLabel(table.table.label, tile.frame);
    tile.label->setObjectName(QStringLiteral("tableLabelLabel"));
    QFont labelFont = tile.label->font();
    labelFont.setPointSizeF(labelFont.pointSizeF() * 1.25);
    labelFont.setBold(true);
    tile.label->setFont(labelFont);
    tile.seats = new QLabel(tile.frame);
    tile.seats->setObjectName(QStringLiteral("tableSeatsLabel"));
    tile.state = new QLabel(tile.frame);
    tile.state->setObjectName(QStringLiteral("tableStateLabel"));
    QFont stateFont = tile.state->font();
    stateFont.setBold(true);
    tile.state->setFont(stateFont);
    tile.minutes = new QLabel(tile.frame);
    tile.minutes->setObjectName(QStringLiteral("tableMinutesLabel"));
    QFont minutesFont = tile.minutes->font();
    minutesFont.setPointSizeF(minutesFont.pointSizeF() * 0.88);
    tile.minutes->setFont(minutesFont);
    tile.detail = new QLabel(tile.frame);
    tile.detail->setObjectName(QStringLiteral("tableDetailLabel"));
    tile.markFree = new QPushButton(tr("Mark free"), tile.frame);
    tile.markFree->setObjectName(QStringLiteral("markFreeButton"));
    tile.markFree->setProperty("tableId", table.table.id);
    tile.markFree->setCursor(Qt::PointingHandCursor);
    tile.markFree->setToolTip(tr("The table has been cleaned and is ready for the next party"));
    connect(tile.markFree, &QPushButton::clicked, this, [this, id = table.table.id] {
        Q_EMIT tableStateRequested(id, DiningTable::State::Free);
    });

    auto* top = new QHBoxLayout;
    top->setSpacing(4);
    top->addWidget(tile.label);
    top->addStretch(1);
    top->addWidget(tile.seats, 0, Qt::AlignRight | Qt::AlignVCenter);
    auto* layout = new QVBoxLayout(tile.frame);
    layout->setContentsMargins(8, 5, 8, 7);
    layout->setSpacing(2);
    auto* bottom = new QHBoxLayout;
    bottom->setSpacing(4);
    bottom->addWidget(tile.detail, 1);
    bottom->addWidget(tile.minutes, 0, Qt::AlignRight | Qt::AlignVCenter);
    bottom->addWidget(tile.markFree, 1);
    layout->addLayout(top);
    layout->addWidget(tile.state);
    layout->addLayout(bottom);
    // Every tile is as tall as one with a button, so the grid stays even.
    const int detailHeight = std::max(tile.detail->fontMetrics().height(), tile.markFree->sizeHint().height());
    tile.detail->setFixedHeight(detailHeight);
    tile.markFree->setFixedHeight(detailHeight);
    return tile;
}

void TablesPanel::updateTile(Tile& tile, const QueueSnapshot::Table& t)
{
    const QString key = stateKey(t.table);
    if (tile.frame->property("state").toString() != key) {
        tile.frame->setProperty("state", key);
        tile.frame->style()->unpolish(tile.frame);
        tile.frame->style()->polish(tile.frame);
        for (QLabel* label : {tile.label, tile.seats, tile.state, tile.minutes, tile.detail}) {
            label->style()->unpolish(label);
            label->style()->polish(label);
        }
    }
    tile.seats->setText(seatsText(t.table.seats));
    tile.state->setText(stateText(t.table));
    const bool dirty = needsCleaning(t.table);
    QString detail;
    QString minutes;
    if (t.table.state == DiningTable::State::Occupied && t.partyId != 0) {
        detail = t.partyName;
        if (t.seatedAt.isValid()) {
            minutes = tr("%1 min").arg(std::max<qint64>(0, t.seatedAt.secsTo(m_now) / 60));
        }
    } else if (t.table.combinable && !dirty) {
        detail = tr("combinable");
    }
    tile.minutes->setText(minutes);
    const int room =
        m_tileWidth - 20 - (minutes.isEmpty() ? 0 : tile.minutes->fontMetrics().horizontalAdvance(minutes) + 4);
    tile.detail->setText(tile.detail->fontMetrics().elidedText(detail, Qt::ElideRight, room));
    tile.detail->setVisible(!dirty);
    tile.minutes->setVisible(!dirty);
    tile.markFree->setVisible(dirty);
    QString tip = tr("Table %1 · %2 · %3").arg(t.table.label, seatsText(t.table.seats), stateText(t.table));
    if (t.partyId != 0) {
        tip += u'\n' + tr("%1's party of %2").arg(t.partyName).arg(t.partySize);
    }
    tile.frame->setToolTip(tip);
    tile.frame->setAccessibleName(tip);
}

void TablesPanel::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    relayout();
}

void TablesPanel::relayout(bool force)
{
    const int available = std::max(TILE_MIN_WIDTH, m_scroll->viewport()->width());
    const int columns = std::max(1, (available + TILE_SPACING) / (TILE_MIN_WIDTH + TILE_SPACING));
    // The tiles share the row's width, so names have room.
    const int tileWidth =
        std::clamp((available - (columns - 1) * TILE_SPACING) / columns, TILE_MIN_WIDTH, TILE_MAX_WIDTH);
    if (!force && columns == m_columns && tileWidth == m_tileWidth) {
        return;
    }
    const bool widthChanged = tileWidth != m_tileWidth;
    m_columns = columns;
    m_tileWidth = tileWidth;
    while (m_gridLayout->count() > 0) {
        delete m_gridLayout->takeAt(0);
    }
    int i = 0;
    int tileHeight = 0;
    for (qint64 id : std::as_const(m_order)) {
        const Tile& tile = m_tiles[id];
        tile.frame->setFixedWidth(m_tileWidth);
        m_gridLayout->addWidget(tile.frame, i / columns, i % columns);
        tile.frame->show(); // now, not when the layout gets round to it
        tileHeight = std::max(tileHeight, tile.frame->sizeHint().height());
        ++i;
    }
    // Two rows show without scrolling; a big room scrolls.
    const int rows = std::min(VISIBLE_ROWS, (int(m_order.size()) + columns - 1) / columns);
    m_scroll->setFixedHeight(rows > 0 ? rows * tileHeight + (rows - 1) * TILE_SPACING + 2 : 0);
    if (widthChanged) {
        for (const auto& t : std::as_const(m_tables)) {
            updateTile(m_tiles[t.table.id], t); // names are elided to the new width
        }
    }
}

void TablesPanel::showTileMenu(qint64 tableId, const QPoint& globalPos)
{
    const auto it =
        std::find_if(m_tables.cbegin(), m_tables.cend(), [tableId](const auto& t) { return t.table.id == tableId; });
    if (it == m_tables.cend() || it->table.state == DiningTable::State::Occupied) {
        return; // an occupied table changes when its party is seated or finishes
    }
    auto* menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    if (it->table.state != DiningTable::State::Free || needsCleaning(it->table)) {
        menu->addAction(
            tr("Mark free"), this, [this, tableId] { Q_EMIT tableStateRequested(tableId, DiningTable::State::Free); });
    }
    if (it->table.state != DiningTable::State::OutOfService) {
        menu->addAction(tr("Out of service"), this, [this, tableId] {
            Q_EMIT tableStateRequested(tableId, DiningTable::State::OutOfService);
        });
    }
    menu->popup(globalPos);
}

void TablesPanel::updateSummary()
{
    int free = 0;
    int occupied = 0;
    int dirty = 0;
    for (const auto& t : std::as_const(m_tables)) {
        if (needsCleaning(t.table)) {
            ++dirty;
        } else if (t.table.state == DiningTable::State::Free) {
            ++free;
        } else if (t.table.state == DiningTable::State::Occupied) {
            ++occupied;
        }
    }
    QStringList parts{tr("%1 free").arg(free), tr("%1 occupied").arg(occupied)};
    if (dirty > 0) {
        parts << tr("%1 to clean").arg(dirty);
    }
    m_summary->setText(parts.join(QStringLiteral(" · ")));
}
