#pragma once

#include "qrcode.h"

#include <QWidget>

// The diner join URL as a QR code with the address under it, or a note when
// the diner page is not being served. Clicking it asks for the big version.
class QrCodeWidget final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QrCodeWidget)

public:
    explicit QrCodeWidget(QWidget* parent = nullptr);

    void setUrl(const QString& url);
    QString url() const { return m_url; }
    const QrCode& code() const { return m_code; }
    bool hasCode() const { return !m_code.isNull(); }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void clicked();

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

private:
    QString m_url;
    QrCode m_code;
};
