#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QHttpHeaders>
#include <QHttpServerResponse>
#include <QPointer>

class QHttpServerRequest;
class QTcpSocket;

// A 200 answer kept in memory as the exact bytes that go on the wire, for
// reads answered from a cache (the menu, wait quotes): a strong ETag over the
// body, Cache-Control: no-cache (clients revalidate with If-None-Match) and the
// standard headers, in the order and spelling QHttpServer writes them. Built
// once per change of the body; answering is then one write of shared bytes.
// Answer through ServerContext::answer(); immutable, cheap to copy.
class CachedResponse final
{
public:
    // What of a request its cached answer depends on, copied out of it: a
    // QHttpServerRequest cannot be kept while an answer is being loaded.
    struct Request
    {
        QPointer<QTcpSocket> connection; // null when not ours to write to
        QByteArray ifNoneMatch;
        bool head = false;
        bool close = false; // "Connection: close": answer, then close
    };

    CachedResponse() = default;
    CachedResponse(const QByteArray& contentType, const QByteArray& body);

    bool isNull() const { return m_full.isEmpty(); }
    QByteArray body() const { return m_body; }
    QByteArray etag() const { return m_etag; }

    // Whether an If-None-Match value names this ETag (weak comparison, as
    // RFC 9110 asks for If-None-Match) or is "*".
    bool matches(QByteArrayView ifNoneMatch) const;
    // The whole HTTP/1.1 answer: 304 (headers only) when If-None-Match
    // matches, the 200's headers alone for HEAD, else headers and body; with
    // "connection: close" when the request asked for it.
    QByteArray bytesFor(const Request& request) const;
    // The same answer through QHttpServerResponder, for a connection that is
    // not ours to write to. The same bytes for a 200; Qt 6.8 adds
    // Content-Length: 0 to the 304 and to HEAD's headers (it always counts
    // the body it sends), and keeps the connection open.
    QHttpServerResponse response(const Request& request) const;

    // The request's If-None-Match, HEAD and Connection: close (no connection).
    static Request requestFrom(const QHttpServerRequest& request);
    // Whether a Connection header value asks to close (token "close").
    static bool asksToClose(QByteArrayView connection);

private:
    QByteArray m_body;
    QByteArray m_etag;
    QHttpHeaders m_headers; // the 200's, without Content-Length
    QByteArray m_full; // 200 headers and body, one buffer: one write
    qsizetype m_headSize = 0; // the 200's headers: m_full.first(m_headSize)
    QByteArray m_notModified;
};
