#include "pdfchitrenderer.h"

#include "kitchenchit.h"

#include <QFont>
#include <QFontDatabase>
#include <QFontMetricsF>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>

namespace
{

constexpr int RESOLUTION_DPI = 300;
constexpr qreal PAGE_WIDTH_MM = 80.0;
constexpr qreal MARGIN_MM = 4.0;
constexpr qreal MM_PER_INCH = 25.4;
constexpr int DETAIL_INDENT_MM = 5;

qreal millimetres(qreal pixels)
{
    return pixels * MM_PER_INCH / RESOLUTION_DPI;
}

qreal pixels(qreal millimetres)
{
    return millimetres * RESOLUTION_DPI / MM_PER_INCH;
}

QFont fontFor(KitchenChit::Line::Style style)
{
    // Monospaced like the thermal printer, so the PDF reads the same.
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    switch (style) {
    case KitchenChit::Line::Style::Title:
        font.setPointSizeF(18);
        font.setBold(true);
        break;
    case KitchenChit::Line::Style::Heading:
    case KitchenChit::Line::Style::Item:
        font.setPointSizeF(12);
        font.setBold(true);
        break;
    case KitchenChit::Line::Style::Detail:
    case KitchenChit::Line::Style::Normal:
    case KitchenChit::Line::Style::Rule:
        font.setPointSizeF(9);
        break;
    }
    return font;
}

struct PlacedLine
{
    const KitchenChit::Line* line = nullptr;
    QFont font;
    QRectF rect;
    int flags = 0;
};

} // namespace

VoidResult PdfChitRenderer::render(const KitchenChit& chit, QIODevice& device)
{
    QPdfWriter writer(&device);
    writer.setResolution(RESOLUTION_DPI);
    writer.setCreator(QStringLiteral("Maitre"));
    writer.setTitle(tr("Kitchen chit %1").arg(chit.orderCode));
    const qreal width = pixels(PAGE_WIDTH_MM - 2 * MARGIN_MM);

    // First measure (the page must be as tall as the chit before painting
    // starts), then paint.
    QList<PlacedLine> placed;
    qreal y = 0;
    for (const KitchenChit::Line& line : chit.lines) {
        PlacedLine p;
        p.line = &line;
        p.font = fontFor(line.style);
        const QFontMetricsF metrics(p.font, &writer);
        const qreal indent = line.style == KitchenChit::Line::Style::Detail ? pixels(DETAIL_INDENT_MM) : 0;
        p.flags = Qt::TextWordWrap | (line.style == KitchenChit::Line::Style::Title ? Qt::AlignHCenter : Qt::AlignLeft);
        const qreal height = line.style == KitchenChit::Line::Style::Rule
            ? metrics.height()
            : metrics.boundingRect(QRectF(0, 0, width - indent, 1e6), p.flags, line.text).height();
        p.rect = QRectF(indent, y, width - indent, height);
        y += height + metrics.leading();
        placed.append(p);
    }
    const QPageSize pageSize(QSizeF(PAGE_WIDTH_MM, qMax(millimetres(y) + 2 * MARGIN_MM, 40.0)),
                             QPageSize::Millimeter,
                             QString(),
                             QPageSize::ExactMatch);
    writer.setPageLayout(QPageLayout(pageSize,
                                     QPageLayout::Portrait,
                                     QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
                                     QPageLayout::Millimeter));

    QPainter painter;
    if (!painter.begin(&writer)) {
        return unexpected(Error::internal(tr("The chit could not be drawn as a PDF.")));
    }
    for (const PlacedLine& p : std::as_const(placed)) {
        if (p.line->style == KitchenChit::Line::Style::Rule) {
            painter.drawLine(QLineF(0, p.rect.center().y(), width, p.rect.center().y()));
            continue;
        }
        painter.setFont(p.font);
        painter.drawText(p.rect, p.flags, p.line->text);
    }
    if (!painter.end()) {
        return unexpected(Error::internal(tr("The chit could not be drawn as a PDF.")));
    }
    return {};
}

VoidResult PdfChitRenderer::renderToFile(const KitchenChit& chit, const QString& filePath)
{
    QSaveFile file(filePath);
    if (!file.open(QIODevice::WriteOnly)) {
        return unexpected(Error::unavailable(tr("%1 cannot be written: %2").arg(filePath, file.errorString())));
    }
    if (auto rendered = render(chit, file); !rendered) {
        file.cancelWriting();
        return rendered;
    }
    if (!file.commit()) {
        return unexpected(Error::unavailable(tr("%1 cannot be written: %2").arg(filePath, file.errorString())));
    }
    return {};
}
