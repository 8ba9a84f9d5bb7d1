#pragma once

#include <QBitArray>
#include <QColor>
#include <QString>

class QPainter;
class QRectF;

// A QR code symbol (libqrencode), drawn crisp at any size.
class QrCode final
{
public:
    // The quiet zone the standard asks for around the symbol, in modules.
    static constexpr int QUIET_ZONE = 4;

    QrCode() = default;
    // Empty text or text too long to encode gives a null code.
    static QrCode encode(const QString& text);

    bool isNull() const { return m_size == 0; }
    int size() const { return m_size; }
    bool isDark(int x, int y) const;

    // Paints the symbol and its quiet zone centred in `target`, on white;
    // modules are whole device pixels when they can be, so scanners see sharp edges.
    void paint(QPainter& painter, const QRectF& target, const QColor& dark = Qt::black) const;

private:
    int m_size = 0;
    QBitArray m_modules;
};
