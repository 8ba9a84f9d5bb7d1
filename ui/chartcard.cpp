#include "chartcard.h"

#include "dialogs.h"

#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QPixmap>
#include <QPushButton>
#include <QSaveFile>
#include <QStandardPaths>
#include <QStyle>
#include <QVBoxLayout>

ChartCard::ChartCard(const QString& key, const QString& title, QWidget* parent)
    : QFrame(parent)
    , m_key(key)
    , m_title(new QLabel(title, this))
    , m_subtitle(new QLabel(this))
    , m_notice(new QLabel(this))
    , m_pngButton(new QPushButton(tr("PNG"), this))
    , m_csvButton(new QPushButton(tr("CSV"), this))
    , m_body(new QVBoxLayout)
{
    setObjectName(key + QStringLiteral("ChartCard"));
    setProperty("card", true);
    m_title->setObjectName(key + QStringLiteral("TitleLabel"));
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.1);
    m_title->setFont(titleFont);
    m_subtitle->setObjectName(key + QStringLiteral("SubtitleLabel"));
    m_subtitle->setProperty("muted", true);
    m_subtitle->hide();
    m_notice->setObjectName(key + QStringLiteral("NoticeLabel"));
    m_notice->setAlignment(Qt::AlignCenter);
    m_notice->setWordWrap(true);
    m_notice->setProperty("muted", true);
    m_notice->setText(tr("Loading…"));
    m_pngButton->setObjectName(key + QStringLiteral("PngButton"));
    m_pngButton->setToolTip(tr("Save this chart as a picture (PNG)"));
    m_csvButton->setObjectName(key + QStringLiteral("CsvButton"));
    m_csvButton->setToolTip(tr("Save the numbers behind this chart as CSV"));
    for (QPushButton* button : {m_pngButton, m_csvButton}) {
        button->setProperty("small", true);
        button->setCursor(Qt::PointingHandCursor);
    }
    connect(m_pngButton, &QPushButton::clicked, this, [this] { choosePath(QStringLiteral("png")); });
    connect(m_csvButton, &QPushButton::clicked, this, [this] { choosePath(QStringLiteral("csv")); });

    auto* header = new QHBoxLayout;
    auto* titles = new QVBoxLayout;
    titles->setSpacing(0);
    titles->addWidget(m_title);
    titles->addWidget(m_subtitle);
    header->addLayout(titles, 1);
    header->addWidget(m_pngButton, 0, Qt::AlignTop);
    header->addWidget(m_csvButton, 0, Qt::AlignTop);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(14, 10, 14, 12);
    layout->setSpacing(6);
    layout->addLayout(header);
    layout->addLayout(m_body, 1);
    m_body->addWidget(m_notice, 1);
}

QString ChartCard::title() const
{
    return m_title->text();
}

void ChartCard::setContent(QWidget* content)
{
    m_content = content;
    content->setParent(this);
    m_body->insertWidget(0, content, 1);
    content->hide();
}

void ChartCard::setSubtitle(const QString& text)
{
    m_subtitle->setText(text);
    m_subtitle->setVisible(!text.isEmpty());
}

void ChartCard::setNotice(const QString& text, bool error)
{
    m_notice->setText(text);
    m_notice->setProperty("kind", error ? QStringLiteral("error") : QString());
    m_notice->style()->unpolish(m_notice);
    m_notice->style()->polish(m_notice);
    m_notice->setVisible(!text.isEmpty());
    if (m_content) {
        m_content->setVisible(text.isEmpty());
    }
    m_pngButton->setEnabled(text.isEmpty());
    m_csvButton->setEnabled(text.isEmpty() && !m_rows.isEmpty());
}

void ChartCard::setTable(const QStringList& headers, const QList<QStringList>& rows)
{
    m_headers = headers;
    m_rows = rows;
    m_csvButton->setEnabled(!m_notice->isVisible() && !rows.isEmpty());
}

QString ChartCard::csvField(const QString& text)
{
    if (!text.contains(u',') && !text.contains(u'"') && !text.contains(u'\n') && !text.contains(u'\r')) {
        return text;
    }
    QString quoted = text;
    quoted.replace(u'"', QStringLiteral("\"\""));
    return u'"' + quoted + u'"';
}

QString ChartCard::saveCsv(const QString& path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return tr("Cannot write %1: %2").arg(path, file.errorString());
    }
    const auto line = [](const QStringList& fields) {
        QStringList quoted;
        for (const QString& f : fields) {
            quoted.append(csvField(f));
        }
        return (quoted.join(u',') + QStringLiteral("\r\n")).toUtf8();
    };
    file.write(line(m_headers));
    for (const QStringList& row : m_rows) {
        file.write(line(row));
    }
    if (!file.commit()) {
        return tr("Cannot write %1: %2").arg(path, file.errorString());
    }
    return {};
}

QString ChartCard::savePng(const QString& path)
{
    // The chart at twice its size on screen, so it stays sharp in a report.
    QWidget* source = m_content ? m_content : this;
    QPixmap picture(source->size() * 2);
    picture.setDevicePixelRatio(2);
    picture.fill(Qt::white);
    source->render(&picture);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !picture.save(&file, "PNG") || !file.commit()) {
        return tr("Cannot write %1: %2").arg(path, file.errorString());
    }
    return {};
}

void ChartCard::choosePath(const QString& extension)
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString suggested = QDir(folder).filePath(m_key + u'.' + extension);
    auto* chooser = new QFileDialog(window(), tr("Save “%1” as").arg(title()), suggested);
    chooser->setObjectName(m_key + QStringLiteral("SaveDialog"));
    chooser->setAcceptMode(QFileDialog::AcceptSave);
    chooser->setDefaultSuffix(extension);
    chooser->setNameFilter(extension == u"png" ? tr("PNG picture (*.png)") : tr("CSV file (*.csv)"));
    Dialogs::open(chooser, [this, chooser, extension](int result) {
        if (result != QDialog::Accepted || chooser->selectedFiles().isEmpty()) {
            return;
        }
        const QString path = chooser->selectedFiles().constFirst();
        const QString error = extension == u"png" ? savePng(path) : saveCsv(path);
        Q_EMIT saved(error.isEmpty() ? tr("Saved %1").arg(QDir::toNativeSeparators(path)) : error, error.isEmpty());
    });
}
