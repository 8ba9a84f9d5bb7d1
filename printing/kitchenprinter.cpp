#include "kitchenprinter.h"

#include "pdfkitchenprinter.h"
#include "tcpkitchenprinter.h"

#include <QUrl>

namespace
{

constexpr int RAW_PRINTING_PORT = 9100; // "JetDirect"/AppSocket, what kitchen printers listen on

} // namespace

Result<std::shared_ptr<KitchenPrinter>> KitchenPrinter::fromUri(const QString& uri)
{
    const QUrl url(uri.trimmed(), QUrl::StrictMode);
    if (url.isValid() && url.scheme() == u"tcp" && !url.host().isEmpty()) {
        const int port = url.port(RAW_PRINTING_PORT);
        if (port > 0 && port <= 65535) {
            return std::shared_ptr<KitchenPrinter>(std::make_shared<TcpKitchenPrinter>(url.host(), quint16(port)));
        }
    }
    if (url.isValid() && url.scheme() == u"pdf" && !url.path().isEmpty()) {
        return std::shared_ptr<KitchenPrinter>(std::make_shared<PdfKitchenPrinter>(url.path()));
    }
    return unexpected(Error::invalid(
        QStringLiteral("uri"), tr("\"%1\" is not a printer address; use tcp://HOST:9100 or pdf:/DIRECTORY.").arg(uri)));
}
