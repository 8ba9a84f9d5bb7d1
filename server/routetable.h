#pragma once

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QList>
#include <QRegularExpression>

// Registers routes with QHttpServer and remembers their paths, so a request
// for a known path with the wrong method gets 405 (with Allow) instead of 404.
class RouteTable final
{
public:
    explicit RouteTable(QHttpServer& server)
        : m_server(server)
    { }

    // One route for one or more methods (GET and HEAD for cached answers).
    template <typename Context, typename Handler>
    void add(const QString& pathPattern, QHttpServerRequest::Methods methods, const Context* context, Handler&& handler)
    {
        remember(pathPattern, methods);
        m_server.route(pathPattern, methods, context, std::forward<Handler>(handler));
    }

    // The methods allowed for `path` (empty: the path is unknown).
    QList<QHttpServerRequest::Method> allowedMethods(const QString& path) const;
    static QByteArray methodName(QHttpServerRequest::Method method);

private:
    void remember(const QString& pathPattern, QHttpServerRequest::Methods methods);

    struct Entry
    {
        QRegularExpression path;
        QHttpServerRequest::Method method;
    };
    QHttpServer& m_server;
    QList<Entry> m_entries;
};
