#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

// A touch-friendly PIN pad: big digit buttons, Clear, Back and OK, with the
// entered digits shown as dots. The keyboard works too (digits, Backspace,
// Enter, Escape). Emits the PIN on OK once it has 4–8 digits.
class PinPad final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PinPad)

public:
    static constexpr int MIN_DIGITS = 4;
    static constexpr int MAX_DIGITS = 8;

    explicit PinPad(QWidget* parent = nullptr);

    QString pin() const { return m_pin; }
    void clear();

Q_SIGNALS:
    void pinEntered(const QString& pin);
    void pinChanged(int digits);

protected:
    void keyPressEvent(QKeyEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void addDigit(int digit);
    void removeDigit();
    void submit();
    void refresh();

    QString m_pin;
    QLabel* m_dots;
    QPushButton* m_okButton;
};
