#pragma once

#include "joinrequest.h"

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QueueService;

// Adds a party that walked in: name, size, optional phone and notes. Checks
// the fields as the diner page does and says what is wrong inline; shows the
// wait to quote at the door as the size changes.
class WalkInDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WalkInDialog)

public:
    WalkInDialog(QueueService& queue, qint64 restaurantId, QWidget* parent = nullptr);

    // What the host entered, as a walk-in ("host") join request.
    JoinRequest request() const;
    QString message() const;

public Q_SLOTS:
    // Accepts only a valid request; otherwise shows why and stays open.
    void accept() override;

private:
    void requestQuote();

    QueueService& m_queue;
    qint64 m_restaurantId;
    QLineEdit* m_name;
    QSpinBox* m_size;
    QLineEdit* m_phone;
    QLineEdit* m_notes;
    QLabel* m_quote;
    QLabel* m_message;
    QDialogButtonBox* m_buttons;
    bool m_quoting = false;
    bool m_quoteAgain = false;
};
