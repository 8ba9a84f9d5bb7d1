#pragma once

#include "analyticsreport.h"

#include <QList>
#include <QWidget>

// Sales by hour of the week as a grid: weekdays down, opening hours across,
// each cell shaded by the average revenue of that hour on that weekday.
class HourOfWeekHeatmap final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HourOfWeekHeatmap)

public:
    explicit HourOfWeekHeatmap(QWidget* parent = nullptr);

    void setCells(const QList<AnalyticsReport::HourOfWeekCell>& cells);
    void setCurrencySymbol(const QString& symbol) { m_currency = symbol; }
    // The hours shown: those with a few per cent of the busiest hour's takings,
    // widened to at least 12:00–23:00.
    int firstHour() const { return m_firstHour; }
    int lastHour() const { return m_lastHour; }
    // Average revenue per week of one cell, in cents.
    double averageCents(int isoWeekday, int hour) const;

    QSize minimumSizeHint() const override { return {360, 190}; }
    QSize sizeHint() const override { return {560, 240}; }

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;

private:
    QRectF grid() const;
    // The cell under `point`: {weekday, hour}, or {0, 0}.
    std::pair<int, int> cellAt(const QPointF& point) const;

    QList<AnalyticsReport::HourOfWeekCell> m_cells;
    QString m_currency;
    double m_maxCents = 0;
    int m_firstHour = 12;
    int m_lastHour = 23;
};
