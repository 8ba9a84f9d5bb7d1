#include "kpitile.h"

#include <QLabel>
#include <QLocale>
#include <QStyle>
#include <QVBoxLayout>
#include <cmath>

KpiTile::KpiTile(const QString& key, const QString& label, bool lowerIsBetter, QWidget* parent)
    : QFrame(parent)
    , m_lowerIsBetter(lowerIsBetter)
    , m_label(new QLabel(label, this))
    , m_value(new QLabel(QStringLiteral("–"), this))
    , m_change(new QLabel(this))
{
    setObjectName(key + QStringLiteral("KpiTile"));
    setProperty("card", true);
    m_label->setObjectName(key + QStringLiteral("KpiLabel"));
    m_label->setProperty("muted", true);
    m_value->setObjectName(key + QStringLiteral("KpiValueLabel"));
    QFont big = m_value->font();
    big.setPointSizeF(big.pointSizeF() * 1.75);
    big.setBold(true);
    m_value->setFont(big);
    m_change->setObjectName(key + QStringLiteral("KpiChangeLabel"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(14, 10, 14, 10);
    layout->setSpacing(2);
    layout->addWidget(m_label);
    layout->addWidget(m_value);
    layout->addWidget(m_change);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

QString KpiTile::value() const
{
    return m_value->text();
}

QString KpiTile::change() const
{
    return m_change->text();
}

void KpiTile::setFigure(const QString& value, std::optional<double> change, const QString& previous)
{
    m_value->setText(value);
    QString trend;
    QString kind = QStringLiteral("flat");
    if (!change || !std::isfinite(*change)) {
        m_change->setText(previous.isEmpty() ? tr("nothing to compare with") : tr("before: %1").arg(previous));
    } else {
        const double percent = *change * 100;
        if (std::abs(percent) < 0.05) {
            trend = tr("no change");
        } else {
            const QString amount = QLocale().toString(std::abs(percent), 'f', std::abs(percent) < 10 ? 1 : 0);
            trend = percent > 0 ? tr("▲ %1 %").arg(amount) : tr("▼ %1 %").arg(amount);
            const bool good = (percent > 0) != m_lowerIsBetter;
            kind = good ? QStringLiteral("good") : QStringLiteral("bad");
        }
        m_change->setText(tr("%1 · before %2").arg(trend, previous));
    }
    m_change->setProperty("trend", kind);
    m_change->style()->unpolish(m_change);
    m_change->style()->polish(m_change);
}
