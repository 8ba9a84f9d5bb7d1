#pragma once

#include "kitchenticket.h"

#include <QDateTime>
#include <QFont>
#include <QHash>
#include <QStyledItemDelegate>

// Draws a kitchen ticket as a card for a screen read from two metres: a
// header coloured by the ticket's age (yellow, then red), the table or order
// code, the kind and guest, then the items with their quantities, modifiers
// and notes; bumped items are struck through.
class KitchenCardDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KitchenCardDelegate)

public:
    enum class AgeLevel
    {
        Fresh,
        Warning,
        Late
    };

    explicit KitchenCardDelegate(QObject* parent = nullptr);

    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    // The time ages are measured against: the board's database clock plus
    // the time since it was read.
    void setNow(const QDateTime& now) { m_now = now; }
    QDateTime now() const { return m_now; }
    void setAgeThresholds(int warningSeconds, int lateSeconds);
    int warningSeconds() const { return m_warningSeconds; }
    int lateSeconds() const { return m_lateSeconds; }
    // Cards from `row` on are numbered 1–9 for the bump bar's number keys.
    void setFirstNumberedRow(int row) { m_firstNumberedRow = row; }
    // Whose station each card is (all stations) or whose orders (expo).
    void setShowStation(bool show) { m_showStation = show; }

    AgeLevel ageLevel(qint64 ageSeconds) const;
    static QColor headerColor(AgeLevel level);
    static QString kindText(const QString& kind);
    static QString ageText(qint64 seconds);
    int cardWidth(const QFont& font) const;

private:
    struct Line;
    QList<Line> layOut(const KitchenTicket& ticket, const QFont& font, int width) const;
    int headerHeight(const QFont& font) const;

    QDateTime m_now;
    int m_warningSeconds = 5 * 60;
    int m_lateSeconds = 8 * 60;
    int m_firstNumberedRow = 0;
    bool m_showStation = true;
    // Card heights by ticket, with the content they were measured for: a
    // relayout of 200 cards measures only the ones that changed.
    mutable QHash<qint64, QPair<size_t, int>> m_heights;
};
