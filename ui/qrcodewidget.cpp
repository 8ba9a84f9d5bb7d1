#include "qrcodewidget.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>

QrCodeWidget::QrCodeWidget(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("qrCodeWidget"));
    setFocusPolicy(Qt::TabFocus);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    setUrl({});
}

void QrCodeWidget::setUrl(const QString& url)
{
    m_url = url;
    m_code = QrCode::encode(url);
    setCursor(m_code.isNull() ? Qt::ArrowCursor : Qt::PointingHandCursor);
    setToolTip(m_code.isNull() ? QString() : tr("Diners scan this to join the queue. Click to show it full screen."));
    setAccessibleName(m_code.isNull() ? tr("Diner page not served") : tr("Join QR code for %1").arg(url));
    updateGeometry();
    update();
}

QSize QrCodeWidget::sizeHint() const
{
    const int text = fontMetrics().height();
    return {150, 128 + text + 4};
}

QSize QrCodeWidget::minimumSizeHint() const
{
    const int text = fontMetrics().height();
    return {96, 72 + text + 4};
}

void QrCodeWidget::paintEvent(QPaintEvent* /*event*/)
{
    QPainter painter(this);
    const QRect area = rect();
    if (m_code.isNull()) {
        // No code that leads nowhere: say why instead.
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(QPen(QColor(0xb0, 0xb3, 0xb8), 1.5, Qt::DashLine));
        painter.setBrush(QColor(0xf6, 0xf7, 0xf9));
        painter.drawRoundedRect(QRectF(area).adjusted(1, 1, -1, -1), 8, 8);
        painter.setPen(QColor(0x3c, 0x40, 0x43));
        painter.drawText(area.adjusted(10, 6, -10, -6),
                         Qt::AlignCenter | Qt::TextWordWrap,
                         tr("Diner page not served: diners cannot join from their phones right now."));
        return;
    }
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.85);
    painter.setFont(small);
    const QFontMetrics metrics(small);
    const int textHeight = metrics.height();
    const QRect codeArea(area.left(), area.top(), area.width(), area.height() - textHeight - 2);
    const int side = std::min(codeArea.width(), codeArea.height());
    m_code.paint(painter, QRectF(codeArea.left() + (codeArea.width() - side) / 2.0, codeArea.top(), side, side));
    painter.setPen(palette().color(QPalette::WindowText));
    const QString elided = metrics.elidedText(m_url, Qt::ElideMiddle, area.width());
    painter.drawText(
        QRect(area.left(), area.bottom() - textHeight, area.width(), textHeight + 1), Qt::AlignCenter, elided);
    if (hasFocus()) {
        painter.setPen(QPen(palette().color(QPalette::Highlight), 2));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(QRectF(area).adjusted(1, 1, -1, -1));
    }
}

void QrCodeWidget::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton && rect().contains(event->position().toPoint()) && hasCode()) {
        Q_EMIT clicked();
        return;
    }
    QWidget::mouseReleaseEvent(event);
}

void QrCodeWidget::keyPressEvent(QKeyEvent* event)
{
    if ((event->key() == Qt::Key_Space || event->key() == Qt::Key_Return) && hasCode()) {
        Q_EMIT clicked();
        return;
    }
    QWidget::keyPressEvent(event);
}
