#include "websockethub.h"

#include <QWebSocket>
#include <algorithm>
#include <nlohmann/json.hpp>

WebSocketHub::WebSocketHub(QObject* parent)
    : QObject(parent)
{ }

WebSocketHub::~WebSocketHub()
{
    for (auto& socket : m_sockets) {
        socket->disconnect(this);
        socket->close();
    }
}

void WebSocketHub::addConnection(std::unique_ptr<QWebSocket> socket)
{
    QWebSocket* raw = socket.get();
    connect(raw, &QWebSocket::disconnected, this, [this, raw] { removeConnection(raw); });
    // {"type": "hello", "seq": N, "version": "..."}
    const nlohmann::json hello = {{"type", "hello"}, {"seq", ++m_sequence}, {"version", MAITRE_VERSION}};
    raw->sendTextMessage(QString::fromStdString(hello.dump()));
    m_sockets.push_back(std::move(socket));
    Q_EMIT connectionCountChanged(connectionCount());
}

void WebSocketHub::removeConnection(QWebSocket* socket)
{
    const auto it = std::ranges::find_if(m_sockets, [socket](const auto& s) { return s.get() == socket; });
    if (it == m_sockets.end()) {
        return;
    }
    // Deleting a socket inside its own signal is unsafe: hand it to deleteLater.
    it->release()->deleteLater();
    m_sockets.erase(it);
    Q_EMIT connectionCountChanged(connectionCount());
}
