#pragma once

#include <QFrame>
#include <QList>
#include <QStringList>

class QLabel;
class QPushButton;
class QVBoxLayout;

// One chart of the dashboard: a titled card around the chart's widget, with
// the numbers behind it kept as a table, so the chart can be saved as a PNG
// and its data as CSV.
class ChartCard final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChartCard)

public:
    // `key` names the card's objects ("salesChartCard", "salesPngButton", …) and its files.
    ChartCard(const QString& key, const QString& title, QWidget* parent = nullptr);

    void setContent(QWidget* content);
    QWidget* content() const { return m_content; }
    void setSubtitle(const QString& text);
    // Shown over the chart: "Loading…", "No sales in this period", an error.
    void setNotice(const QString& text, bool error = false);
    void setTable(const QStringList& headers, const QList<QStringList>& rows);
    const QStringList& headers() const { return m_headers; }
    const QList<QStringList>& rows() const { return m_rows; }
    QString key() const { return m_key; }
    QString title() const;

    // Both write to a temporary file and rename it into place; the error or empty.
    QString savePng(const QString& path);
    QString saveCsv(const QString& path) const;
    // RFC 4180: fields with commas, quotes or line breaks quoted, quotes doubled.
    static QString csvField(const QString& text);

Q_SIGNALS:
    // A save from the card's buttons finished: its message for the view's status line.
    void saved(const QString& message, bool ok);

private:
    void choosePath(const QString& extension);

    QString m_key;
    QLabel* m_title;
    QLabel* m_subtitle;
    QLabel* m_notice;
    QPushButton* m_pngButton;
    QPushButton* m_csvButton;
    QVBoxLayout* m_body;
    QWidget* m_content = nullptr;
    QStringList m_headers;
    QList<QStringList> m_rows;
};
