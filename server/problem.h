#pragma once

#include "error.h"

#include <QHttpServerResponse>
#include <QString>

// Builds RFC 9457 problem+json answers; the one place that maps domain errors
// to HTTP statuses.
class Problem final
{
public:
    static QHttpServerResponse response(QHttpServerResponse::StatusCode status,
                                        const QString& title,
                                        const QString& detail,
                                        const QString& field = {});
    static QHttpServerResponse fromError(const Error& error);
    // 429 with Retry-After, for a client over its write limit.
    static QHttpServerResponse tooManyRequests(int retryAfterSeconds);
    static QHttpServerResponse::StatusCode statusFor(Error::Kind kind);
    // The raw bytes of a whole HTTP/1.1 answer, for the transport layer that
    // must answer before the HTTP server sees the request (413, 431).
    static QByteArray rawResponse(int status, const QByteArray& reason, const QString& title, const QString& detail);
};
