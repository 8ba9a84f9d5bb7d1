#include "httpjson.h"

#include <QHttpHeaders>

QHttpServerResponse HttpJson::response(const nlohmann::json& body, QHttpServerResponse::StatusCode status)
{
    const std::string text = body.dump();
    QHttpServerResponse response(
        QByteArrayLiteral("application/json"), QByteArray(text.data(), qsizetype(text.size())), status);
    return response;
}

void HttpJson::addStandardHeaders(QHttpServerResponse& response)
{
    QHttpHeaders headers = response.headers();
    const auto setIfAbsent = [&headers](QHttpHeaders::WellKnownHeader name, QByteArrayView value) {
        if (!headers.contains(name)) {
            headers.append(name, value);
        }
    };
    setIfAbsent(QHttpHeaders::WellKnownHeader::XContentTypeOptions, "nosniff");
    setIfAbsent(QHttpHeaders::WellKnownHeader::XFrameOptions, "DENY");
    if (!headers.contains("Referrer-Policy")) {
        headers.append("Referrer-Policy", "no-referrer");
    }
    setIfAbsent(QHttpHeaders::WellKnownHeader::CacheControl, "no-store");
    response.setHeaders(std::move(headers));
}
