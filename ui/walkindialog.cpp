#include "walkindialog.h"

#include "queueservice.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

WalkInDialog::WalkInDialog(QueueService& queue, qint64 restaurantId, QWidget* parent)
    : QDialog(parent)
    , m_queue(queue)
    , m_restaurantId(restaurantId)
    , m_name(new QLineEdit(this))
    , m_size(new QSpinBox(this))
    , m_phone(new QLineEdit(this))
    , m_notes(new QLineEdit(this))
    , m_quote(new QLabel(this))
    , m_message(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(QStringLiteral("walkInDialog"));
    setWindowTitle(tr("Add walk-in"));
    setMinimumWidth(440);
    QFont bigger = font();
    bigger.setPointSizeF(bigger.pointSizeF() * 1.15);
    setFont(bigger);

    m_name->setObjectName(QStringLiteral("nameLineEdit"));
    m_name->setPlaceholderText(tr("Name to call"));
    m_size->setObjectName(QStringLiteral("partySizeSpinBox"));
    m_size->setRange(1, QueueService::MAX_PARTY_SIZE);
    m_size->setValue(2);
    m_size->setMinimumWidth(110);
    m_size->setButtonSymbols(QAbstractSpinBox::PlusMinus);
    m_phone->setObjectName(QStringLiteral("phoneLineEdit"));
    m_phone->setPlaceholderText(tr("Optional, to text them"));
    m_phone->setInputMethodHints(Qt::ImhDialableCharactersOnly);
    m_notes->setObjectName(QStringLiteral("notesLineEdit"));
    m_notes->setPlaceholderText(tr("Optional: high chair, wheelchair, outside…"));
    for (QWidget* field : std::initializer_list<QWidget*>{m_name, m_size, m_phone, m_notes}) {
        field->setMinimumHeight(38);
    }

    m_quote->setObjectName(QStringLiteral("walkInQuoteLabel"));
    m_quote->setStyleSheet(QStringLiteral("color: #174ea6; font-weight: bold;"));
    m_quote->setWordWrap(true);
    m_quote->setTextFormat(Qt::PlainText);
    m_message->setObjectName(QStringLiteral("walkInMessageLabel"));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setStyleSheet(QStringLiteral("color: #8c1d18; background: #fdecea; border-left: 4px solid #b3261e;"
                                            " padding: 6px 8px;"));
    m_message->hide();

    m_buttons->setObjectName(QStringLiteral("walkInButtonBox"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Add to queue"));
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("addToQueueButton"));
    for (QAbstractButton* button : m_buttons->buttons()) {
        button->setMinimumHeight(40);
    }

    auto* form = new QFormLayout;
    form->setVerticalSpacing(10);
    form->addRow(tr("&Name"), m_name);
    form->addRow(tr("Party &size"), m_size);
    form->addRow(tr("&Phone"), m_phone);
    form->addRow(tr("N&otes"), m_notes);
    auto* layout = new QVBoxLayout(this);
    layout->setSpacing(12);
    layout->addLayout(form);
    layout->addWidget(m_quote);
    layout->addWidget(m_message);
    layout->addWidget(m_buttons);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &WalkInDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_size, &QSpinBox::valueChanged, this, &WalkInDialog::requestQuote);
    // A corrected field clears the complaint about it.
    connect(m_name, &QLineEdit::textEdited, m_message, &QWidget::hide);
    connect(m_phone, &QLineEdit::textEdited, m_message, &QWidget::hide);
    m_name->setFocus();
    requestQuote();
}

JoinRequest WalkInDialog::request() const
{
    JoinRequest request;
    request.name = m_name->text().trimmed();
    request.partySize = m_size->value();
    request.phone = m_phone->text().trimmed();
    request.notes = m_notes->text().trimmed();
    request.source = QStringLiteral("host");
    return request;
}

QString WalkInDialog::message() const
{
    return m_message->isVisibleTo(this) ? m_message->text() : QString();
}

void WalkInDialog::accept()
{
    const VoidResult valid = QueueService::validate(request());
    if (!valid) {
        m_message->setText(valid.error().message);
        m_message->show();
        const QString& field = valid.error().field;
        QWidget* culprit = field == u"phone" ? static_cast<QWidget*>(m_phone)
            : field == u"party_size"         ? static_cast<QWidget*>(m_size)
            : field == u"notes"              ? static_cast<QWidget*>(m_notes)
                                             : static_cast<QWidget*>(m_name);
        culprit->setFocus();
        return;
    }
    QDialog::accept();
}

void WalkInDialog::requestQuote()
{
    // One quote at a time; the latest size wins.
    if (m_quoting) {
        m_quoteAgain = true;
        return;
    }
    m_quoting = true;
    const int size = m_size->value();
    m_queue.quote(m_restaurantId, size).then(this, [this, size](const Result<WaitQuote>& quote) {
        m_quoting = false;
        if (m_quoteAgain) {
            m_quoteAgain = false;
            requestQuote();
            return;
        }
        if (!quote) {
            m_quote->setText(tr("The wait could not be worked out right now."));
            m_quote->setToolTip(quote.error().message);
        } else if (!quote->canSeat) {
            m_quote->setText(tr("No table seats %1 on its own: combine tables when seating.").arg(size));
        } else if (quote->minutes == 0) {
            m_quote->setText(tr("A party of %1 can sit down now.").arg(size));
        } else {
            m_quote->setText(tr("Quote for %1: about %2 min (%3–%4)")
                                 .arg(size)
                                 .arg(quote->minutes)
                                 .arg(quote->low)
                                 .arg(quote->high));
        }
    });
}
