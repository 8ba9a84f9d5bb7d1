#include "qrcode.h"

#include <QPainter>
#include <QRectF>
#include <cmath>
#include <qrencode.h>

QrCode QrCode::encode(const QString& text)
{
    QrCode code;
    if (text.isEmpty()) {
        return code;
    }
    const QByteArray utf8 = text.toUtf8();
    // Level M survives a smudged or creased poster; version 0 picks the smallest that fits.
    QRcode* symbol = QRcode_encodeString(utf8.constData(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (symbol == nullptr) {
        return code;
    }
    code.m_size = symbol->width;
    code.m_modules.resize(symbol->width * symbol->width);
    for (int i = 0; i < symbol->width * symbol->width; ++i) {
        code.m_modules.setBit(i, (symbol->data[i] & 1) != 0);
    }
    QRcode_free(symbol);
    return code;
}

bool QrCode::isDark(int x, int y) const
{
    if (x < 0 || y < 0 || x >= m_size || y >= m_size) {
        return false;
    }
    return m_modules.testBit(y * m_size + x);
}

void QrCode::paint(QPainter& painter, const QRectF& target, const QColor& dark) const
{
    painter.save();
    painter.fillRect(target, Qt::white);
    if (isNull()) {
        painter.restore();
        return;
    }
    const int modules = m_size + 2 * QUIET_ZONE;
    const double side = std::min(target.width(), target.height());
    double module = side / modules;
    if (module >= 1.0) {
        module = std::floor(module);
    }
    const double extent = module * modules;
    const QPointF origin(std::round(target.center().x() - extent / 2) + QUIET_ZONE * module,
                         std::round(target.center().y() - extent / 2) + QUIET_ZONE * module);
    painter.setPen(Qt::NoPen);
    painter.setBrush(dark);
    painter.setRenderHint(QPainter::Antialiasing, false);
    for (int y = 0; y < m_size; ++y) {
        // Runs of dark modules as one rectangle: fewer seams between modules.
        int x = 0;
        while (x < m_size) {
            if (!isDark(x, y)) {
                ++x;
                continue;
            }
            const int start = x;
            while (x < m_size && isDark(x, y)) {
                ++x;
            }
            painter.drawRect(
                QRectF(origin.x() + start * module, origin.y() + y * module, (x - start) * module, module));
        }
    }
    painter.restore();
}
