#pragma once

#include "qrcode.h"

#include <QWidget>

class QPainter;

// The join QR code full screen, big and on white, for diners at the door to
// scan; a click, Esc or Space closes it. Paints the printed poster too.
class QrPosterWindow final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QrPosterWindow)

public:
    QrPosterWindow(const QString& url, const QString& restaurantName, QWidget* parent = nullptr);

    // "Scan to join the queue", the restaurant, the code and the address, laid
    // out to fill `page` (a screen or a sheet of paper).
    static void paintPoster(
        QPainter& painter, const QRect& page, const QrCode& code, const QString& url, const QString& restaurantName);

protected:
    void paintEvent(QPaintEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    QString m_url;
    QString m_restaurantName;
    QrCode m_code;
};
