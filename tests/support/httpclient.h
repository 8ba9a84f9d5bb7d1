#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPair>
#include <QUrl>

// Blocking HTTP for tests (spins the event loop while it waits), over a real socket.
class HttpClient final
{
public:
    struct Reply
    {
        int status = 0;
        QByteArray body;
        QNetworkReply::NetworkError error = QNetworkReply::NoError;
        QHash<QByteArray, QByteArray> headers; // lower-case names
        QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
        QByteArray header(const QByteArray& name) const { return headers.value(name.toLower()); }
        bool isProblem() const;
    };

    explicit HttpClient(quint16 port)
        : m_port(port)
    { }

    Reply request(const QByteArray& method,
                  const QString& path,
                  const QByteArray& body = {},
                  const QList<QPair<QByteArray, QByteArray>>& headers = {});
    Reply get(const QString& path, const QList<QPair<QByteArray, QByteArray>>& headers = {})
    {
        return request("GET", path, {}, headers);
    }
    Reply post(const QString& path, const QJsonObject& json, const QList<QPair<QByteArray, QByteArray>>& headers = {})
    {
        return request("POST", path, QJsonDocument(json).toJson(QJsonDocument::Compact), headers);
    }
    // Starts a request without waiting, for concurrency tests.
    QNetworkReply* start(const QByteArray& method,
                         const QString& path,
                         const QByteArray& body,
                         const QList<QPair<QByteArray, QByteArray>>& headers = {});
    static Reply collect(QNetworkReply* reply);
    QNetworkAccessManager& manager() { return m_net; }

private:
    quint16 m_port;
    QNetworkAccessManager m_net;
};
