#include "pinpad.h"

#include <QGridLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace
{

constexpr int KEY_SIZE = 64; // a generous touch target, and four rows still fit 800 pixels

const QString PAD_STYLE =
    QStringLiteral("QPushButton[pinKey=\"digit\"] { background: #ffffff; color: #1f2328; border: 1px solid #d0d5dd;"
                   " border-radius: 12px; font-size: 22pt; }"
                   "QPushButton[pinKey=\"digit\"]:pressed { background: #e8edff; border-color: #4a6cf7; }"
                   "QPushButton[pinKey=\"edit\"] { background: #f2f4f7; color: #475467; border: 1px solid #d0d5dd;"
                   " border-radius: 12px; font-size: 13pt; }"
                   "QPushButton[pinKey=\"edit\"]:pressed { background: #e4e7ec; }"
                   "QPushButton[pinKey=\"ok\"] { background: #4a6cf7; color: white; border: none; border-radius: 12px;"
                   " font-size: 16pt; font-weight: bold; }"
                   "QPushButton[pinKey=\"ok\"]:disabled { background: #c7d2fe; }"
                   "QPushButton[pinKey=\"ok\"]:pressed { background: #3451d1; }"
                   "QLabel#pinDotsLabel { color: #1f2328; font-size: 26pt; letter-spacing: 6px; }");

} // namespace

PinPad::PinPad(QWidget* parent)
    : QWidget(parent)
    , m_dots(new QLabel(this))
    , m_okButton(new QPushButton(tr("OK"), this))
{
    setObjectName(QStringLiteral("pinPad"));
    setFocusPolicy(Qt::StrongFocus);
    setStyleSheet(PAD_STYLE);
    setAccessibleName(tr("PIN pad"));

    m_dots->setObjectName(QStringLiteral("pinDotsLabel"));
    m_dots->setAlignment(Qt::AlignCenter);
    m_dots->setMinimumHeight(48);
    m_dots->setAccessibleName(tr("PIN entered"));

    // The buttons never take focus, so typed keys always reach the pad.
    const auto makeKey = [this](const QString& text, const QString& kind, const QString& name) {
        auto* key = new QPushButton(text, this);
        key->setObjectName(name);
        key->setProperty("pinKey", kind);
        key->setFocusPolicy(Qt::NoFocus);
        key->setMinimumSize(KEY_SIZE, KEY_SIZE);
        key->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
        key->setAutoRepeat(false);
        return key;
    };

    auto* grid = new QGridLayout;
    grid->setSpacing(10);
    for (int digit = 0; digit <= 9; ++digit) {
        QPushButton* key =
            makeKey(QString::number(digit), QStringLiteral("digit"), QStringLiteral("pinDigit%1Button").arg(digit));
        key->setAccessibleName(tr("Digit %1").arg(digit));
        connect(key, &QPushButton::clicked, this, [this, digit] { addDigit(digit); });
        if (digit == 0) {
            grid->addWidget(key, 3, 1);
        } else {
            grid->addWidget(key, (digit - 1) / 3, (digit - 1) % 3);
        }
    }
    QPushButton* clearKey = makeKey(tr("Clear"), QStringLiteral("edit"), QStringLiteral("pinClearButton"));
    clearKey->setAccessibleName(tr("Clear the PIN"));
    connect(clearKey, &QPushButton::clicked, this, &PinPad::clear);
    grid->addWidget(clearKey, 3, 0);
    QPushButton* backKey = makeKey(tr("⌫"), QStringLiteral("edit"), QStringLiteral("pinBackButton"));
    backKey->setAccessibleName(tr("Delete the last digit"));
    backKey->setToolTip(tr("Delete the last digit (Backspace)"));
    connect(backKey, &QPushButton::clicked, this, &PinPad::removeDigit);
    grid->addWidget(backKey, 3, 2);

    m_okButton->setObjectName(QStringLiteral("pinOkButton"));
    m_okButton->setProperty("pinKey", QStringLiteral("ok"));
    m_okButton->setFocusPolicy(Qt::NoFocus);
    m_okButton->setMinimumHeight(60);
    m_okButton->setAccessibleName(tr("Sign in with this PIN"));
    connect(m_okButton, &QPushButton::clicked, this, &PinPad::submit);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(14);
    layout->addWidget(m_dots);
    layout->addLayout(grid, 1);
    layout->addWidget(m_okButton);
    refresh();
}

void PinPad::clear()
{
    if (m_pin.isEmpty()) {
        return;
    }
    m_pin.clear();
    refresh();
}

void PinPad::addDigit(int digit)
{
    if (!isEnabled() || m_pin.size() >= MAX_DIGITS) {
        return;
    }
    m_pin.append(QChar(u'0' + digit));
    refresh();
}

void PinPad::removeDigit()
{
    if (m_pin.isEmpty()) {
        return;
    }
    m_pin.chop(1);
    refresh();
}

void PinPad::submit()
{
    if (!isEnabled() || m_pin.size() < MIN_DIGITS) {
        return;
    }
    Q_EMIT pinEntered(m_pin);
}

void PinPad::refresh()
{
    // Filled dots for the digits typed, hollow ones up to the shortest PIN.
    QString dots;
    const int shown = std::max<int>(MIN_DIGITS, m_pin.size());
    for (int i = 0; i < shown; ++i) {
        if (i > 0) {
            dots.append(u' ');
        }
        dots.append(i < m_pin.size() ? QChar(0x25CF) : QChar(0x25CB));
    }
    m_dots->setText(dots);
    m_dots->setAccessibleDescription(tr("%n digit(s) entered", nullptr, int(m_pin.size())));
    m_okButton->setEnabled(m_pin.size() >= MIN_DIGITS);
    Q_EMIT pinChanged(int(m_pin.size()));
}

void PinPad::keyPressEvent(QKeyEvent* event)
{
    const int key = event->key();
    if (key >= Qt::Key_0 && key <= Qt::Key_9) {
        addDigit(key - Qt::Key_0);
    } else if (key == Qt::Key_Backspace || key == Qt::Key_Delete) {
        removeDigit();
    } else if (key == Qt::Key_Return || key == Qt::Key_Enter) {
        submit();
    } else if (key == Qt::Key_Escape) {
        clear();
    } else {
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

void PinPad::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::EnabledChange) {
        refresh();
    }
    QWidget::changeEvent(event);
}
