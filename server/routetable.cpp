#include "routetable.h"

void RouteTable::remember(const QString& pathPattern, QHttpServerRequest::Methods methods)
{
    // QHttpServer's "<arg>" placeholders match one path segment.
    QString regex = QRegularExpression::escape(pathPattern);
    regex.replace(QRegularExpression::escape(QStringLiteral("<arg>")), QStringLiteral("[^/]+"));
    const QRegularExpression path(QRegularExpression::anchoredPattern(regex));
    for (const auto method : {QHttpServerRequest::Method::Get,
                              QHttpServerRequest::Method::Head,
                              QHttpServerRequest::Method::Post,
                              QHttpServerRequest::Method::Put,
                              QHttpServerRequest::Method::Patch,
                              QHttpServerRequest::Method::Delete,
                              QHttpServerRequest::Method::Options}) {
        if (methods.testFlag(method)) {
            m_entries.append({path, method});
        }
    }
}

QList<QHttpServerRequest::Method> RouteTable::allowedMethods(const QString& path) const
{
    QList<QHttpServerRequest::Method> methods;
    for (const Entry& entry : m_entries) {
        if (entry.path.match(path).hasMatch() && !methods.contains(entry.method)) {
            methods.append(entry.method);
        }
    }
    return methods;
}

QByteArray RouteTable::methodName(QHttpServerRequest::Method method)
{
    using M = QHttpServerRequest::Method;
    switch (method) {
    case M::Get:
        return "GET";
    case M::Put:
        return "PUT";
    case M::Delete:
        return "DELETE";
    case M::Post:
        return "POST";
    case M::Head:
        return "HEAD";
    case M::Options:
        return "OPTIONS";
    case M::Patch:
        return "PATCH";
    default:
        return {};
    }
}
