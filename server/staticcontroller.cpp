#include "staticcontroller.h"

#include "problem.h"
#include "routetable.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QHttpHeaders>
#include <QHttpServerRequest>
#include <QRegularExpression>

namespace
{

// The page talks only to its own server; nothing else may run or load.
constexpr char CONTENT_SECURITY_POLICY[] =
    "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; "
    "style-src 'self'; script-src 'self'; base-uri 'none'; frame-ancestors 'none'";

QHttpServerResponse serveFile(const QString& name, const QHttpServerRequest& request)
{
    static const QRegularExpression safeName(QStringLiteral("^[A-Za-z0-9_-]+(\\.[A-Za-z0-9]+)+$"));
    QFile file(QStringLiteral(":/web/") + name);
    if (!safeName.match(name).hasMatch() || !file.open(QIODevice::ReadOnly)) {
        return Problem::response(QHttpServerResponse::StatusCode::NotFound,
                                 QCoreApplication::translate("StaticController", "Not found"),
                                 QCoreApplication::translate("StaticController", "There is nothing at /%1.").arg(name));
    }
    const QByteArray body = file.readAll();
    const QByteArray etag = '"' + QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex().left(24) + '"';
    const bool unchanged = request.value("If-None-Match") == etag;
    QHttpServerResponse response = unchanged ? QHttpServerResponse(QHttpServerResponse::StatusCode::NotModified)
                                             : QHttpServerResponse(StaticController::contentType(name), body);
    QHttpHeaders headers = response.headers(); // keeps Content-Type
    headers.append(QHttpHeaders::WellKnownHeader::ETag, etag);
    // Revalidate every time: an update must reach phones at once; the ETag
    // makes the check cheap.
    headers.append(QHttpHeaders::WellKnownHeader::CacheControl, "no-cache");
    headers.append(QHttpHeaders::WellKnownHeader::ContentSecurityPolicy, CONTENT_SECURITY_POLICY);
    response.setHeaders(std::move(headers));
    return response;
}

} // namespace

StaticController::StaticController(QObject* parent)
    : QObject(parent)
{ }

QByteArray StaticController::contentType(const QString& fileName)
{
    if (fileName.endsWith(QLatin1String(".html"))) {
        return "text/html; charset=utf-8";
    }
    if (fileName.endsWith(QLatin1String(".js")) || fileName.endsWith(QLatin1String(".mjs"))) {
        return "text/javascript; charset=utf-8";
    }
    if (fileName.endsWith(QLatin1String(".css"))) {
        return "text/css; charset=utf-8";
    }
    if (fileName.endsWith(QLatin1String(".svg"))) {
        return "image/svg+xml";
    }
    if (fileName.endsWith(QLatin1String(".png"))) {
        return "image/png";
    }
    if (fileName.endsWith(QLatin1String(".json")) || fileName.endsWith(QLatin1String(".webmanifest"))) {
        return "application/json";
    }
    return "application/octet-stream";
}

void StaticController::registerRoutes(RouteTable& routes)
{
    routes.add(QStringLiteral("/"), QHttpServerRequest::Method::Get, this, [](const QHttpServerRequest& request) {
        return serveFile(QStringLiteral("index.html"), request);
    });
    routes.add(QStringLiteral("/<arg>"),
               QHttpServerRequest::Method::Get,
               this,
               [](const QString& name, const QHttpServerRequest& request) { return serveFile(name, request); });
}
