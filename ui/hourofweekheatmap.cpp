#include "hourofweekheatmap.h"

#include <QHelpEvent>
#include <QLocale>
#include <QPainter>
#include <QToolTip>
#include <algorithm>

namespace
{

constexpr double LEFT = 44;
constexpr double TOP = 22;
constexpr double BOTTOM = 22;

// From a pale to a deep blue, as the share of the busiest hour grows.
QColor shade(double share)
{
    const QColor low(0xee, 0xf2, 0xfb);
    const QColor high(0x1a, 0x3f, 0x9c);
    const double t = std::clamp(share, 0.0, 1.0);
    return QColor::fromRgbF(float(low.redF() + (high.redF() - low.redF()) * t),
                            float(low.greenF() + (high.greenF() - low.greenF()) * t),
                            float(low.blueF() + (high.blueF() - low.blueF()) * t));
}

} // namespace

HourOfWeekHeatmap::HourOfWeekHeatmap(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("hourOfWeekHeatmap"));
    setMouseTracking(true);
}

void HourOfWeekHeatmap::setCells(const QList<AnalyticsReport::HourOfWeekCell>& cells)
{
    m_cells = cells;
    m_maxCents = 0;
    m_firstHour = 12;
    m_lastHour = 23;
    for (const auto& cell : cells) {
        m_maxCents = std::max(m_maxCents, averageCents(cell.isoWeekday, cell.hour));
    }
    // The hours worth a column: any with a few per cent of the busiest hour's
    // takings (a late table's bill after midnight is not).
    for (const auto& cell : cells) {
        if (cell.orders > 0 && averageCents(cell.isoWeekday, cell.hour) >= 0.03 * m_maxCents) {
            m_firstHour = std::min(m_firstHour, cell.hour);
            m_lastHour = std::max(m_lastHour, cell.hour);
        }
    }
    update();
}

double HourOfWeekHeatmap::averageCents(int isoWeekday, int hour) const
{
    for (const auto& cell : m_cells) {
        if (cell.isoWeekday == isoWeekday && cell.hour == hour) {
            return cell.weeks > 0 ? double(cell.netCents) / cell.weeks : 0.0;
        }
    }
    return 0;
}

QRectF HourOfWeekHeatmap::grid() const
{
    return QRectF(LEFT, TOP, std::max(10.0, width() - LEFT - 8), std::max(10.0, height() - TOP - BOTTOM));
}

std::pair<int, int> HourOfWeekHeatmap::cellAt(const QPointF& point) const
{
    const QRectF area = grid();
    if (!area.contains(point)) {
        return {0, 0};
    }
    const int hours = m_lastHour - m_firstHour + 1;
    const int column = std::clamp(int((point.x() - area.left()) / area.width() * hours), 0, hours - 1);
    const int row = std::clamp(int((point.y() - area.top()) / area.height() * 7), 0, 6);
    return {row + 1, m_firstHour + column};
}

void HourOfWeekHeatmap::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF area = grid();
    const int hours = m_lastHour - m_firstHour + 1;
    const double cellWidth = area.width() / hours;
    const double cellHeight = area.height() / 7;
    const QLocale locale;
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    painter.setFont(small);
    painter.setPen(QColor(0x5f, 0x63, 0x68));
    for (int day = 1; day <= 7; ++day) {
        const QRectF label(0, area.top() + (day - 1) * cellHeight, LEFT - 6, cellHeight);
        painter.drawText(label, Qt::AlignRight | Qt::AlignVCenter, locale.dayName(day, QLocale::ShortFormat));
    }
    // Every other hour labelled when the cells are narrow.
    const int step = cellWidth < 26 ? 2 : 1;
    for (int hour = m_firstHour; hour <= m_lastHour; hour += step) {
        const QRectF label(area.left() + (hour - m_firstHour) * cellWidth, 0, cellWidth, TOP - 4);
        painter.drawText(label, Qt::AlignHCenter | Qt::AlignBottom, QStringLiteral("%1").arg(hour, 2, 10, QChar(u'0')));
    }
    for (int day = 1; day <= 7; ++day) {
        for (int hour = m_firstHour; hour <= m_lastHour; ++hour) {
            const double value = averageCents(day, hour);
            const QRectF cell(area.left() + (hour - m_firstHour) * cellWidth + 1,
                              area.top() + (day - 1) * cellHeight + 1,
                              cellWidth - 2,
                              cellHeight - 2);
            painter.setPen(Qt::NoPen);
            painter.setBrush(value > 0 ? shade(m_maxCents > 0 ? value / m_maxCents : 0) : QColor(0xf6, 0xf7, 0xf9));
            painter.drawRoundedRect(cell, 3, 3);
        }
    }
    // The scale, so the shades read as amounts.
    painter.setPen(QColor(0x5f, 0x63, 0x68));
    const QRectF legend(area.left(), area.bottom() + 4, area.width(), BOTTOM - 4);
    painter.drawText(legend,
                     Qt::AlignLeft | Qt::AlignVCenter,
                     tr("Average revenue per hour: lighter is quieter, darker up to %1%2")
                         .arg(m_currency, locale.toString(m_maxCents / 100.0, 'f', 0)));
}

bool HourOfWeekHeatmap::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        const auto* help = static_cast<QHelpEvent*>(event);
        const auto [day, hour] = cellAt(help->pos());
        if (day == 0) {
            QToolTip::hideText();
            return true;
        }
        for (const auto& cell : m_cells) {
            if (cell.isoWeekday == day && cell.hour == hour) {
                const double weeks = std::max(1, cell.weeks);
                QToolTip::showText(help->globalPos(),
                                   tr("%1 %2:00 · on average %3%4 from %5 orders")
                                       .arg(QLocale().dayName(day),
                                            QString::number(hour),
                                            m_currency,
                                            QLocale().toString(cell.netCents / 100.0 / weeks, 'f', 0),
                                            QLocale().toString(cell.orders / weeks, 'f', 1)),
                                   this);
                return true;
            }
        }
    }
    return QWidget::event(event);
}
