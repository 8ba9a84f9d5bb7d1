#include "pdfkitchenprinter.h"

#include "kitchenchit.h"
#include "pdfchitrenderer.h"

#include <QDir>
#include <QRegularExpression>

namespace
{

// Codes and station names come from staff; keep file names portable.
QString safePart(const QString& text)
{
    static const QRegularExpression unsafe(QStringLiteral("[^A-Za-z0-9_-]+"));
    QString part = text;
    part.replace(unsafe, QStringLiteral("_"));
    return part.isEmpty() ? QStringLiteral("expo") : part;
}

} // namespace

PdfKitchenPrinter::PdfKitchenPrinter(QString directory)
    : m_directory(std::move(directory))
{ }

QString PdfKitchenPrinter::uri() const
{
    return QStringLiteral("pdf:") + m_directory;
}

QString PdfKitchenPrinter::fileNameFor(const KitchenChit& chit)
{
    return QStringLiteral("chit-%1-%2-%3-%4.pdf")
        .arg(chit.printedAt.toString(QStringLiteral("yyyyMMdd-HHmmss")),
             safePart(chit.orderCode),
             safePart(chit.station),
             QString::number(chit.ticketId));
}

VoidResult PdfKitchenPrinter::deliver(const KitchenChit& chit)
{
    if (!QDir().mkpath(m_directory)) {
        return unexpected(
            Error::unavailable(KitchenPrinter::tr("The chit folder %1 cannot be created.").arg(m_directory)));
    }
    return PdfChitRenderer::renderToFile(chit, QDir(m_directory).filePath(fileNameFor(chit)));
}
