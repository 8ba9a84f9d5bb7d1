#include "qrposterwindow.h"

#include <QKeyEvent>
#include <QPainter>

QrPosterWindow::QrPosterWindow(const QString& url, const QString& restaurantName, QWidget* parent)
    : QWidget(parent, Qt::Window)
    , m_url(url)
    , m_restaurantName(restaurantName)
    , m_code(QrCode::encode(url))
{
    setObjectName(QStringLiteral("qrPosterWindow"));
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowTitle(tr("Scan to join the queue"));
    setToolTip(tr("Click or press Esc to close"));
}

void QrPosterWindow::paintPoster(
    QPainter& painter, const QRect& page, const QrCode& code, const QString& url, const QString& restaurantName)
{
    painter.save();
    painter.fillRect(page, Qt::white);
    // Everything is sized from the page, so the screen and paper look alike.
    const int unit = std::min(page.width(), page.height());
    const int margin = unit / 16;
    const QRect area = page.adjusted(margin, margin, -margin, -margin);

    QFont nameFont = painter.font();
    nameFont.setPixelSize(std::max(8, unit / 22));
    nameFont.setBold(true);
    QFont titleFont = nameFont;
    titleFont.setPixelSize(std::max(10, unit / 12));
    QFont hintFont = nameFont;
    hintFont.setBold(false);
    hintFont.setPixelSize(std::max(6, unit / 38));
    QFont urlFont = hintFont;
    urlFont.setPixelSize(std::max(6, unit / 30));

    const int nameHeight = restaurantName.isEmpty() ? 0 : QFontMetrics(nameFont, painter.device()).height();
    const int titleHeight = QFontMetrics(titleFont, painter.device()).height();
    const int hintHeight = QFontMetrics(hintFont, painter.device()).height();
    const int urlHeight = QFontMetrics(urlFont, painter.device()).height();
    const int gap = unit / 40;
    const int textHeight = nameHeight + titleHeight + hintHeight + urlHeight + 4 * gap;
    const int side = std::max(0, std::min(area.width(), area.height() - textHeight));
    int y = area.top() + (area.height() - textHeight - side) / 2;

    painter.setPen(QColor(0x5f, 0x63, 0x68));
    if (nameHeight > 0) {
        painter.setFont(nameFont);
        painter.drawText(QRect(area.left(), y, area.width(), nameHeight), Qt::AlignCenter, restaurantName);
        y += nameHeight + gap;
    }
    painter.setPen(Qt::black);
    painter.setFont(titleFont);
    painter.drawText(QRect(area.left(), y, area.width(), titleHeight), Qt::AlignCenter, tr("Scan to join the queue"));
    y += titleHeight + gap;
    code.paint(painter, QRectF(area.left() + (area.width() - side) / 2.0, y, side, side));
    y += side + gap;
    painter.setPen(QColor(0x3c, 0x40, 0x43));
    painter.setFont(hintFont);
    painter.drawText(QRect(area.left(), y, area.width(), hintHeight),
                     Qt::AlignCenter,
                     tr("Point your phone's camera at the code: see the wait, join, pre-order."));
    y += hintHeight + gap;
    painter.setPen(Qt::black);
    painter.setFont(urlFont);
    painter.drawText(QRect(area.left(), y, area.width(), urlHeight), Qt::AlignCenter, url);
    painter.restore();
}

void QrPosterWindow::paintEvent(QPaintEvent* /*event*/)
{
    QPainter painter(this);
    paintPoster(painter, rect(), m_code, m_url, m_restaurantName);
}

void QrPosterWindow::keyPressEvent(QKeyEvent* event)
{
    if (event->key() == Qt::Key_Escape || event->key() == Qt::Key_Space || event->key() == Qt::Key_Return) {
        close();
        return;
    }
    QWidget::keyPressEvent(event);
}

void QrPosterWindow::mousePressEvent(QMouseEvent* /*event*/)
{
    close();
}
