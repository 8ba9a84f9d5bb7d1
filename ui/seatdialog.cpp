#include "seatdialog.h"

#include "tablespanel.h"
#include "waitestimator.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace
{

constexpr int TABLE_ID_ROLE = Qt::UserRole;
constexpr int SEATS_ROLE = Qt::UserRole + 1;

bool isFree(const DiningTable& table)
{
    return table.state == DiningTable::State::Free && !TablesPanel::needsCleaning(table);
}

const QString LIST_STYLE = QStringLiteral("QListWidget { font-size: 12pt; }"
                                          "QListWidget::item { padding: 8px 6px; }");

} // namespace

SeatDialog::SeatDialog(const Party& party, const QList<QueueSnapshot::Table>& tables, QWidget* parent)
    : QDialog(parent)
    , m_party(party)
    , m_fitting(new QListWidget(this))
    , m_noneFits(new QLabel(this))
    , m_combine(new QCheckBox(tr("Combine tables"), this))
    , m_combinable(new QListWidget(this))
    , m_total(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("seatDialog"));
    setWindowTitle(tr("Seat %1").arg(party.name));
    setMinimumWidth(420);

    auto* heading = new QLabel(tr("Seat %1 · party of %2").arg(party.name).arg(party.size), this);
    heading->setObjectName(QStringLiteral("seatHeadingLabel"));
    heading->setTextFormat(Qt::PlainText); // a diner typed the name
    QFont headingFont = heading->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.3);
    headingFont.setBold(true);
    heading->setFont(headingFont);

    m_fitting->setObjectName(QStringLiteral("seatTablesListWidget"));
    m_fitting->setStyleSheet(LIST_STYLE);
    m_fitting->setSelectionMode(QAbstractItemView::SingleSelection);
    for (const DiningTable& table : fittingTables(tables, party.size)) {
        const int spare = table.seats - party.size;
        const QString seats = TablesPanel::seatsText(table.seats);
        const QString text = spare == 0 ? tr("%1 · %2").arg(table.label, seats)
                                        : tr("%1 · %2 · %3 spare").arg(table.label, seats).arg(spare);
        auto* item = new QListWidgetItem(text, m_fitting);
        item->setData(TABLE_ID_ROLE, table.id);
        item->setData(SEATS_ROLE, table.seats);
        if (!WaitEstimator::suits(table.seats, party.size)) {
            item->setForeground(QColor(0x5f, 0x63, 0x68)); // fits, but wastes seats
        }
    }
    m_noneFits->setObjectName(QStringLiteral("noTableFitsLabel"));
    m_noneFits->setWordWrap(true);
    m_noneFits->setText(tr("No single free table seats %1. Combine tables below.").arg(party.size));
    m_noneFits->setStyleSheet(QStringLiteral("color: #7a4100;"));
    m_noneFits->setVisible(m_fitting->count() == 0);
    m_fitting->setVisible(m_fitting->count() > 0);
    if (m_fitting->count() > 0) {
        m_fitting->setCurrentRow(0); // the smallest that fits
    }

    m_combine->setObjectName(QStringLiteral("combineTablesCheckBox"));
    m_combinable->setObjectName(QStringLiteral("combineTablesListWidget"));
    m_combinable->setStyleSheet(LIST_STYLE);
    // A tap anywhere on a row picks it (touch screens); the box shows it.
    m_combinable->setSelectionMode(QAbstractItemView::MultiSelection);
    for (const DiningTable& table : combinableTables(tables)) {
        auto* item =
            new QListWidgetItem(tr("%1 · %2").arg(table.label, TablesPanel::seatsText(table.seats)), m_combinable);
        item->setData(TABLE_ID_ROLE, table.id);
        item->setData(SEATS_ROLE, table.seats);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        item->setCheckState(Qt::Unchecked);
    }
    m_combine->setEnabled(m_combinable->count() > 1);
    m_combinable->setVisible(false);

    m_total->setObjectName(QStringLiteral("seatTotalLabel"));
    QFont totalFont = m_total->font();
    totalFont.setBold(true);
    m_total->setFont(totalFont);

    m_buttons->setObjectName(QStringLiteral("seatButtonBox"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Seat"));
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("seatOkButton"));
    for (QAbstractButton* button : m_buttons->buttons()) {
        button->setMinimumHeight(40);
    }

    auto* layout = new QVBoxLayout(this);
    layout->setSpacing(10);
    layout->addWidget(heading);
    auto* fittingCaption = new QLabel(tr("Free tables that fit, smallest first:"), this);
    layout->addWidget(fittingCaption);
    layout->addWidget(m_fitting, 1);
    layout->addWidget(m_noneFits);
    layout->addWidget(m_combine);
    layout->addWidget(m_combinable, 1);
    layout->addWidget(m_total);
    layout->addWidget(m_buttons);

    fittingCaption->setVisible(m_fitting->count() > 0);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_fitting, &QListWidget::currentRowChanged, this, &SeatDialog::updateChoice);
    connect(m_fitting, &QListWidget::itemActivated, this, [this] {
        if (!isCombining() && chosenSeats() >= m_party.size) {
            accept();
        }
    });
    connect(m_combinable, &QListWidget::itemSelectionChanged, this, [this] {
        for (int i = 0; i < m_combinable->count(); ++i) {
            QListWidgetItem* item = m_combinable->item(i);
            item->setCheckState(item->isSelected() ? Qt::Checked : Qt::Unchecked);
        }
        updateChoice();
    });
    connect(m_combine, &QCheckBox::toggled, this, &SeatDialog::setCombining);

    // Nothing fits alone: start with the combination open.
    setCombining(m_fitting->count() == 0 && m_combine->isEnabled());
    updateChoice();
}

QList<DiningTable> SeatDialog::fittingTables(const QList<QueueSnapshot::Table>& tables, int partySize)
{
    QList<DiningTable> fitting;
    for (const auto& t : tables) {
        if (isFree(t.table) && t.table.seats >= partySize) {
            fitting.append(t.table);
        }
    }
    std::stable_sort(
        fitting.begin(), fitting.end(), [](const DiningTable& a, const DiningTable& b) { return a.seats < b.seats; });
    return fitting;
}

QList<DiningTable> SeatDialog::combinableTables(const QList<QueueSnapshot::Table>& tables)
{
    QList<DiningTable> combinable;
    for (const auto& t : tables) {
        if (isFree(t.table) && t.table.combinable) {
            combinable.append(t.table);
        }
    }
    return combinable;
}

bool SeatDialog::isCombining() const
{
    return m_combine->isChecked();
}

void SeatDialog::setCombining(bool combining)
{
    if (m_combine->isChecked() != combining) {
        m_combine->setChecked(combining); // comes back here through toggled()
        return;
    }
    m_combinable->setVisible(combining);
    m_fitting->setEnabled(!combining);
    updateChoice();
}

QList<qint64> SeatDialog::tableIds() const
{
    QList<qint64> ids;
    if (isCombining()) {
        for (int i = 0; i < m_combinable->count(); ++i) {
            if (m_combinable->item(i)->isSelected()) {
                ids.append(m_combinable->item(i)->data(TABLE_ID_ROLE).toLongLong());
            }
        }
    } else if (const QListWidgetItem* item = m_fitting->currentItem()) {
        ids.append(item->data(TABLE_ID_ROLE).toLongLong());
    }
    return ids;
}

int SeatDialog::chosenSeats() const
{
    int seats = 0;
    if (isCombining()) {
        for (int i = 0; i < m_combinable->count(); ++i) {
            if (m_combinable->item(i)->isSelected()) {
                seats += m_combinable->item(i)->data(SEATS_ROLE).toInt();
            }
        }
    } else if (const QListWidgetItem* item = m_fitting->currentItem()) {
        seats = item->data(SEATS_ROLE).toInt();
    }
    return seats;
}

void SeatDialog::updateChoice()
{
    const int seats = chosenSeats();
    const bool enough = !tableIds().isEmpty() && seats >= m_party.size;
    if (tableIds().isEmpty()) {
        m_total->setText(isCombining() ? tr("Check the tables to push together.") : tr("Choose a table."));
    } else if (enough) {
        m_total->setText(tr("%1 for a party of %2").arg(TablesPanel::seatsText(seats)).arg(m_party.size));
    } else {
        m_total->setText(tr("%1 for a party of %2: %3 more needed")
                             .arg(TablesPanel::seatsText(seats))
                             .arg(m_party.size)
                             .arg(m_party.size - seats));
    }
    m_total->setStyleSheet(enough ? QStringLiteral("color: #14592f;") : QStringLiteral("color: #a51d16;"));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(enough);
}
