#include "cachedresponse.h"

#include "httpjson.h"

#include <QCryptographicHash>
#include <QHttpServerRequest>
#include <QTcpSocket>

namespace
{

// "name: value\r\n" for each header, as QHttpServerResponder writes them
// (QHttpHeaders keeps names lower-case).
void appendHeaders(QByteArray& out, const QHttpHeaders& headers)
{
    for (qsizetype i = 0; i < headers.size(); ++i) {
        const QLatin1StringView name = headers.nameAt(i);
        out.append(QByteArrayView(name.data(), name.size())).append(": ").append(headers.valueAt(i)).append("\r\n");
    }
}

// Whether a comma-separated header value holds `token` (spaces around
// elements ignored), compared by `equal`.
template <typename Equal>
bool listContains(QByteArrayView list, Equal equal)
{
    while (!list.isEmpty()) {
        const qsizetype comma = list.indexOf(',');
        if (equal((comma < 0 ? list : list.first(comma)).trimmed())) {
            return true;
        }
        if (comma < 0) {
            break;
        }
        list = list.sliced(comma + 1);
    }
    return false;
}

// `head` (ending in the blank line) with "connection: close" added, then `body`.
QByteArray withClose(QByteArrayView head, QByteArrayView body)
{
    QByteArray out;
    out.reserve(head.size() + 19 + body.size());
    out.append(head.chopped(2)).append("connection: close\r\n\r\n").append(body);
    return out;
}

} // namespace

CachedResponse::CachedResponse(const QByteArray& contentType, const QByteArray& body)
    : m_body(body)
    , m_etag('"' + QCryptographicHash::hash(body, QCryptographicHash::Sha256).toHex().left(32) + '"')
{
    // The headers the responder path gave these answers before: theirs,
    // then the standard ones.
    QHttpServerResponse shape(contentType, QByteArray());
    QHttpHeaders headers = shape.headers();
    headers.append(QHttpHeaders::WellKnownHeader::ETag, m_etag);
    headers.append(QHttpHeaders::WellKnownHeader::CacheControl, "no-cache");
    shape.setHeaders(std::move(headers));
    HttpJson::addStandardHeaders(shape);
    m_headers = shape.headers();

    m_full = QByteArrayLiteral("HTTP/1.1 200 OK\r\n");
    appendHeaders(m_full, m_headers);
    m_full.append("content-length: ").append(QByteArray::number(m_body.size())).append("\r\n\r\n");
    m_headSize = m_full.size();
    m_full.append(m_body);

    // A 304 has no content, so neither Content-Type nor Content-Length
    // (RFC 9110 §15.4.5); it repeats the ETag and the caching headers.
    QHttpHeaders notModified = m_headers;
    notModified.removeAll(QHttpHeaders::WellKnownHeader::ContentType);
    m_notModified = QByteArrayLiteral("HTTP/1.1 304 Not Modified\r\n");
    appendHeaders(m_notModified, notModified);
    m_notModified.append("\r\n");
}

bool CachedResponse::matches(QByteArrayView ifNoneMatch) const
{
    if (isNull()) {
        return false;
    }
    return listContains(ifNoneMatch, [this](QByteArrayView tag) {
        return tag == "*" || (tag.startsWith("W/") ? tag.sliced(2) : tag) == QByteArrayView(m_etag);
    });
}

bool CachedResponse::asksToClose(QByteArrayView connection)
{
    return listContains(connection,
                        [](QByteArrayView token) { return token.compare("close", Qt::CaseInsensitive) == 0; });
}

CachedResponse::Request CachedResponse::requestFrom(const QHttpServerRequest& request)
{
    Request r;
    const QHttpHeaders& headers = request.headers();
    r.ifNoneMatch = headers.combinedValue(QHttpHeaders::WellKnownHeader::IfNoneMatch);
    r.head = request.method() == QHttpServerRequest::Method::Head;
    r.close = asksToClose(headers.combinedValue(QHttpHeaders::WellKnownHeader::Connection));
    return r;
}

QByteArray CachedResponse::bytesFor(const Request& request) const
{
    if (!request.ifNoneMatch.isEmpty() && matches(request.ifNoneMatch)) {
        return request.close ? withClose(m_notModified, {}) : m_notModified;
    }
    if (request.head) {
        return request.close ? withClose(QByteArrayView(m_full).first(m_headSize), {}) : m_full.first(m_headSize);
    }
    if (request.close) {
        return withClose(QByteArrayView(m_full).first(m_headSize), m_body);
    }
    return m_full; // shared, not copied
}

QHttpServerResponse CachedResponse::response(const Request& request) const
{
    if (!request.ifNoneMatch.isEmpty() && matches(request.ifNoneMatch)) {
        QHttpServerResponse response(QHttpServerResponse::StatusCode::NotModified);
        QHttpHeaders headers = m_headers;
        headers.removeAll(QHttpHeaders::WellKnownHeader::ContentType);
        response.setHeaders(std::move(headers));
        return response;
    }
    QHttpServerResponse response(request.head ? QByteArray() : m_body);
    response.setHeaders(m_headers);
    return response;
}
