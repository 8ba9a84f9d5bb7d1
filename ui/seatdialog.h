#pragma once

#include "party.h"
#include "queuesnapshot.h"

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QListWidget;

// Chooses where a party sits: the free tables that fit, smallest adequate
// first, or several combinable free tables for a large party, with the seats
// chosen counted against the party's size.
class SeatDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SeatDialog)

public:
    SeatDialog(const Party& party, const QList<QueueSnapshot::Table>& tables, QWidget* parent = nullptr);

    qint64 partyId() const { return m_party.id; }
    // The tables chosen: the selected one, or the checked ones when combining.
    QList<qint64> tableIds() const;
    int chosenSeats() const;
    bool isCombining() const;
    void setCombining(bool combining);

    // Free tables seating at least `partySize`, smallest first (floor order among equals).
    static QList<DiningTable> fittingTables(const QList<QueueSnapshot::Table>& tables, int partySize);
    // Free tables that may be pushed together, in floor order.
    static QList<DiningTable> combinableTables(const QList<QueueSnapshot::Table>& tables);

private:
    void updateChoice();

    Party m_party;
    QListWidget* m_fitting;
    QLabel* m_noneFits;
    QCheckBox* m_combine;
    QListWidget* m_combinable;
    QLabel* m_total;
    QDialogButtonBox* m_buttons;
};
