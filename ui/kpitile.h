#pragma once

#include <QFrame>
#include <optional>

class QLabel;

// One headline figure of the dashboard: what it is, its value in the period,
// and how it moved against the period before (green when it moved the good way).
class KpiTile final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KpiTile)

public:
    // `lowerIsBetter` for waits, errors and no-shows.
    KpiTile(const QString& key, const QString& label, bool lowerIsBetter = false, QWidget* parent = nullptr);

    // `change` is relative (0.12 = 12 % up); nullopt when there is nothing to compare with.
    void setFigure(const QString& value, std::optional<double> change, const QString& previous);
    QString value() const;
    QString change() const;

private:
    bool m_lowerIsBetter;
    QLabel* m_label;
    QLabel* m_value;
    QLabel* m_change;
};
