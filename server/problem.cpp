#include "problem.h"

#include "httpjson.h"

#include <QCoreApplication>
#include <QHttpHeaders>
#include <nlohmann/json.hpp>

namespace
{
nlohmann::json problemJson(int status, const QString& title, const QString& detail, const QString& field)
{
    nlohmann::json body = {
        {"type", "about:blank"},
        {"title", title.toStdString()},
        {"status", status},
        {"detail", detail.toStdString()},
    };
    if (!field.isEmpty()) {
        body["field"] = field.toStdString();
    }
    return body;
}
} // namespace

QHttpServerResponse Problem::response(QHttpServerResponse::StatusCode status,
                                      const QString& title,
                                      const QString& detail,
                                      const QString& field)
{
    const std::string text = problemJson(int(status), title, detail, field).dump();
    QHttpServerResponse response(
        QByteArrayLiteral("application/problem+json"), QByteArray(text.data(), qsizetype(text.size())), status);
    HttpJson::addStandardHeaders(response);
    return response;
}

QHttpServerResponse::StatusCode Problem::statusFor(Error::Kind kind)
{
    using S = QHttpServerResponse::StatusCode;
    switch (kind) {
    case Error::Kind::Invalid:
        return S::UnprocessableEntity;
    case Error::Kind::NotFound:
        return S::NotFound;
    case Error::Kind::Conflict:
        return S::Conflict;
    case Error::Kind::Forbidden:
        return S::Forbidden;
    case Error::Kind::Declined:
        return S::PaymentRequired;
    case Error::Kind::Unavailable:
        return S::ServiceUnavailable;
    case Error::Kind::Internal:
        return S::InternalServerError;
    }
    return S::InternalServerError;
}

QHttpServerResponse Problem::fromError(const Error& error)
{
    QString title;
    switch (error.kind) {
    case Error::Kind::Invalid:
        title = QCoreApplication::translate("Problem", "Invalid field");
        break;
    case Error::Kind::NotFound:
        title = QCoreApplication::translate("Problem", "Not found");
        break;
    case Error::Kind::Conflict:
        title = QCoreApplication::translate("Problem", "Conflict");
        break;
    case Error::Kind::Forbidden:
        title = QCoreApplication::translate("Problem", "Forbidden");
        break;
    case Error::Kind::Declined:
        title = QCoreApplication::translate("Problem", "Payment declined");
        break;
    case Error::Kind::Unavailable:
        title = QCoreApplication::translate("Problem", "Service unavailable");
        break;
    case Error::Kind::Internal:
        title = QCoreApplication::translate("Problem", "Internal error");
        break;
    }
    // Internal details stay in the log, not on a diner's phone.
    const QString detail = error.kind == Error::Kind::Internal
        ? QCoreApplication::translate("Problem", "Something went wrong on our side. Please try again.")
        : error.message;
    return response(statusFor(error.kind), title, detail, error.field);
}

QHttpServerResponse Problem::tooManyRequests(int retryAfterSeconds)
{
    QHttpServerResponse answer =
        response(QHttpServerResponse::StatusCode::TooManyRequests,
                 QCoreApplication::translate("Problem", "Too many requests"),
                 QCoreApplication::translate("Problem", "Please try again in %1 s.").arg(retryAfterSeconds));
    QHttpHeaders headers = answer.headers();
    headers.append(QHttpHeaders::WellKnownHeader::RetryAfter, QByteArray::number(retryAfterSeconds));
    answer.setHeaders(std::move(headers));
    return answer;
}

QByteArray Problem::rawResponse(int status, const QByteArray& reason, const QString& title, const QString& detail)
{
    const std::string text = problemJson(status, title, detail, {}).dump();
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
    out += "Content-Type: application/problem+json\r\n";
    out += "Content-Length: " + QByteArray::number(qsizetype(text.size())) + "\r\n";
    out += "X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
    out += QByteArray(text.data(), qsizetype(text.size()));
    return out;
}
