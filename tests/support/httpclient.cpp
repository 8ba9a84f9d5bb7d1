#include "httpclient.h"

#include <QSignalSpy>

bool HttpClient::Reply::isProblem() const
{
    const QJsonObject o = json();
    return header("content-type") == "application/problem+json" && o.value(QStringLiteral("status")).toInt() == status
        && !o.value(QStringLiteral("title")).toString().isEmpty() && o.contains(QStringLiteral("detail"))
        && o.contains(QStringLiteral("type"));
}

QNetworkReply* HttpClient::start(const QByteArray& method,
                                 const QString& path,
                                 const QByteArray& body,
                                 const QList<QPair<QByteArray, QByteArray>>& headers)
{
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path)));
    if (!body.isEmpty()) {
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    }
    for (const auto& [name, value] : headers) {
        request.setRawHeader(name, value);
    }
    return m_net.sendCustomRequest(request, method, body);
}

HttpClient::Reply HttpClient::collect(QNetworkReply* reply)
{
    if (!reply->isFinished()) {
        QSignalSpy finished(reply, &QNetworkReply::finished);
        finished.wait(30000);
    }
    Reply r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    r.error = reply->error();
    for (const auto& [name, value] : reply->rawHeaderPairs()) {
        r.headers.insert(name.toLower(), value);
    }
    reply->deleteLater();
    return r;
}

HttpClient::Reply HttpClient::request(const QByteArray& method,
                                      const QString& path,
                                      const QByteArray& body,
                                      const QList<QPair<QByteArray, QByteArray>>& headers)
{
    return collect(start(method, path, body, headers));
}
