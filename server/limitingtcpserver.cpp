#include "limitingtcpserver.h"

#include "problem.h"

#include <QCoreApplication>
#include <QHttpServerRequest>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#include <sys/socket.h>

namespace
{

// What the limits look at in a request's head, found in one pass without
// copying; the first of each header counts, a missing one is empty.
struct HeadFields
{
    QByteArrayView contentLength;
    QByteArrayView transferEncoding;
    QByteArrayView upgrade;
};

HeadFields headFields(QByteArrayView head)
{
    HeadFields fields;
    bool length = false;
    bool encoding = false;
    bool upgrade = false;
    qsizetype pos = 0;
    while (pos < head.size()) {
        qsizetype end = head.indexOf("\r\n", pos);
        if (end < 0) {
            end = head.size();
        }
        const QByteArrayView line = head.sliced(pos, end - pos);
        if (const qsizetype colon = line.indexOf(':'); colon > 0) {
            const QByteArrayView name = line.first(colon).trimmed();
            const QByteArrayView value = line.sliced(colon + 1).trimmed();
            if (!length && name.compare("content-length", Qt::CaseInsensitive) == 0) {
                fields.contentLength = value;
                length = true;
            } else if (!encoding && name.compare("transfer-encoding", Qt::CaseInsensitive) == 0) {
                fields.transferEncoding = value;
                encoding = true;
            } else if (!upgrade && name.compare("upgrade", Qt::CaseInsensitive) == 0) {
                fields.upgrade = value;
                upgrade = true;
            }
        }
        pos = end + 2;
    }
    return fields;
}

// Sums the chunk sizes of a chunked body that are already buffered; sets
// `complete` and returns the bytes the whole chunked body spans when the
// final chunk is in.
qint64 chunkedBodySize(QByteArrayView body, qint64& declared, bool& complete)
{
    qint64 pos = 0;
    declared = 0;
    complete = false;
    while (pos < body.size()) {
        const qsizetype lineEnd = body.indexOf("\r\n", pos);
        if (lineEnd < 0) {
            return pos;
        }
        QByteArrayView sizeText = body.sliced(pos, lineEnd - pos);
        if (const qsizetype semi = sizeText.indexOf(';'); semi >= 0) {
            sizeText = sizeText.first(semi);
        }
        bool ok = false;
        const qint64 size = sizeText.trimmed().toLongLong(&ok, 16);
        if (!ok || size < 0) {
            declared = std::numeric_limits<qint64>::max(); // malformed: let it be refused
            return pos;
        }
        declared += size;
        if (size == 0) {
            const qsizetype trailerEnd = body.indexOf("\r\n\r\n", lineEnd);
            const bool bareEnd =
                body.sliced(lineEnd).startsWith("\r\n\r\n") || body.sliced(lineEnd + 2).startsWith("\r\n");
            if (trailerEnd >= 0 || bareEnd) {
                complete = true;
                return (trailerEnd >= 0 ? trailerEnd : lineEnd) + 4;
            }
            return pos;
        }
        pos = lineEnd + 2 + size + 2;
    }
    return pos;
}

} // namespace

LimitingTcpServer::LimitingTcpServer(QObject* parent)
    : QTcpServer(parent)
{
    m_clock.start();
}

QTcpSocket* LimitingTcpServer::connectionOf(const QHttpServerRequest& request) const
{
    QTcpSocket* socket = m_connections.value(
        Ends{request.remoteAddress(), request.remotePort(), request.localAddress(), request.localPort()});
    return socket && socket->state() == QAbstractSocket::ConnectedState ? socket : nullptr;
}

void LimitingTcpServer::writeAnswer(QTcpSocket* socket, const QByteArray& bytes, bool close)
{
    qint64 sent = 0;
    if (socket->bytesToWrite() == 0) {
        // Straight to the kernel when nothing is queued before it: through
        // the socket's buffer it would wait for a write notification, turned
        // on and off around it (two wake-ups of the event loop per answer).
        const ssize_t n = ::send(
            int(socket->socketDescriptor()), bytes.constData(), size_t(bytes.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
        sent = n > 0 ? n : 0; // on an error the socket's own write reports it
    }
    if (sent == 0) {
        socket->write(bytes);
    } else if (sent < bytes.size()) {
        socket->write(bytes.constData() + sent, bytes.size() - sent);
    }
    if (!close) {
        return;
    }
    if (socket->bytesToWrite() == 0) {
        socket->disconnectFromHost();
        return;
    }
    // Not while bytes are pending: QHttpServer deletes a socket that is no
    // longer connected once the request is over, dropping what is unsent.
    connect(socket, &QTcpSocket::bytesWritten, socket, [socket] {
        if (socket->bytesToWrite() == 0) {
            socket->disconnectFromHost();
        }
    });
}

LimitingTcpServer::Verdict LimitingTcpServer::inspect(QTcpSocket* socket) const
{
    // Everything buffered that the HTTP server has not consumed yet, from the
    // start of its current request. QHttpServer reads a request inside a
    // socket transaction and keeps it open until the request is complete (or
    // opens an empty one looking for the next), so the read position may sit
    // mid-request; rolling back shows the whole request, and reading the same
    // bytes again in a new transaction puts the position back where it was.
    const bool transaction = socket->isTransactionStarted();
    qint64 consumed = 0;
    if (transaction) {
        const qint64 unread = socket->bytesAvailable();
        socket->rollbackTransaction();
        consumed = socket->bytesAvailable() - unread;
    }
    Verdict verdict = Verdict::Fine;
    // Most reads are one small request: look at it without a heap copy.
    constexpr qint64 SMALL = 4096;
    if (const qint64 available = socket->bytesAvailable(); available <= SMALL) {
        char buffer[SMALL];
        const qint64 peeked = socket->peek(buffer, available);
        verdict = inspect(QByteArrayView(buffer, qMax<qint64>(peeked, 0)));
    } else {
        verdict = inspect(QByteArrayView(socket->peek(available)));
    }
    if (transaction) {
        socket->startTransaction();
        if (consumed > 0) {
            socket->read(consumed);
        }
    }
    return verdict;
}

LimitingTcpServer::Verdict LimitingTcpServer::inspect(QByteArrayView buffered) const
{
    qint64 pos = 0;
    while (pos < buffered.size()) {
        const qsizetype headEnd = buffered.indexOf("\r\n\r\n", pos);
        if (headEnd < 0) {
            return buffered.size() - pos > MAX_HEADER ? Verdict::HeaderTooLarge : Verdict::Fine;
        }
        if (headEnd - pos > MAX_HEADER) {
            return Verdict::HeaderTooLarge;
        }
        const HeadFields fields = headFields(buffered.sliced(pos, headEnd - pos));
        if (fields.upgrade.compare("websocket", Qt::CaseInsensitive) == 0) {
            return Verdict::Upgrade;
        }
        const qint64 bodyStart = headEnd + 4;
        if (!fields.transferEncoding.isEmpty() && fields.transferEncoding.toByteArray().toLower().contains("chunked")) {
            qint64 declared = 0;
            bool complete = false;
            const qint64 span = chunkedBodySize(buffered.sliced(bodyStart), declared, complete);
            if (declared > m_maxBody) {
                return Verdict::BodyTooLarge;
            }
            if (!complete) {
                return Verdict::Fine;
            }
            pos = bodyStart + span;
            continue;
        }
        qint64 length = 0;
        if (!fields.contentLength.isEmpty()) {
            bool ok = false;
            length = fields.contentLength.toLongLong(&ok);
            if (!ok || length < 0) {
                return Verdict::BodyTooLarge;
            }
        }
        if (length > m_maxBody) {
            return Verdict::BodyTooLarge;
        }
        pos = bodyStart + length;
    }
    return Verdict::Fine;
}

void LimitingTcpServer::incomingConnection(qintptr socketDescriptor)
{
    auto* socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        delete socket;
        return;
    }
    // Answers go out at once: without this a body that needs a second segment
    // waits for the client's delayed ACK (about 40 ms per keep-alive request).
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);

    const Ends ends{socket->peerAddress(), socket->peerPort(), socket->localAddress(), socket->localPort()};
    m_connections.insert(ends, socket);
    connect(socket, &QObject::destroyed, this, [this, ends, socket] {
        // A new connection from the same port may already have taken the slot.
        if (const auto it = m_connections.constFind(ends); it != m_connections.cend() && it.value() == socket) {
            m_connections.erase(it);
        }
    });

    struct State
    {
        qint64 lastActive = 0; // m_clock, ms
        bool rejected = false;
        bool upgraded = false;
    };
    auto state = std::make_shared<State>();
    state->lastActive = m_clock.elapsed();

    // Activity only notes the time; the timer is re-armed when it fires.
    // Restarting it on every read and write cost more than the rest of
    // this class's work on a request.
    auto* idle = new QTimer(socket);
    idle->setSingleShot(true);
    connect(idle, &QTimer::timeout, this, [this, socket, idle, state] {
        if (state->upgraded) {
            return; // a WebSocket now: it keeps itself alive with pings
        }
        const qint64 quiet = m_clock.elapsed() - state->lastActive;
        if (quiet < m_idleTimeoutMs) {
            idle->start(int(m_idleTimeoutMs - quiet));
            return;
        }
        socket->disconnectFromHost();
    });
    idle->start(m_idleTimeoutMs);

    // Connected before the HTTP server's own slot, so it runs first.
    connect(socket, &QTcpSocket::readyRead, this, [this, socket, state] {
        if (state->rejected) {
            // Drain what the client still sends; the server never sees it.
            if (socket->isTransactionStarted()) {
                socket->rollbackTransaction();
            }
            socket->readAll();
            return;
        }
        // Nothing new: QHttpServer emits readyRead again after each answer to
        // look for a next request.
        if (state->upgraded || socket->bytesAvailable() == 0) {
            return;
        }
        state->lastActive = m_clock.elapsed();
        const Verdict verdict = inspect(socket);
        switch (verdict) {
        case Verdict::Fine:
            return;
        case Verdict::Upgrade:
            state->upgraded = true;
            return;
        case Verdict::BodyTooLarge:
        case Verdict::HeaderTooLarge:
            state->rejected = true;
            reject(socket, verdict);
            return;
        }
    });
    connect(socket, &QTcpSocket::bytesWritten, this, [this, state] { state->lastActive = m_clock.elapsed(); });
    addPendingConnection(socket);
}

void LimitingTcpServer::reject(QTcpSocket* socket, Verdict verdict)
{
    const bool body = verdict == Verdict::BodyTooLarge;
    const int status = body ? 413 : 431;
    const QByteArray raw = body
        ? Problem::rawResponse(413,
                               "Content Too Large",
                               QCoreApplication::translate("LimitingTcpServer", "Request too large"),
                               QCoreApplication::translate("LimitingTcpServer", "Request bodies are limited to %1 KiB.")
                                   .arg(m_maxBody / 1024))
        : Problem::rawResponse(
              431,
              "Request Header Fields Too Large",
              QCoreApplication::translate("LimitingTcpServer", "Request headers too large"),
              QCoreApplication::translate("LimitingTcpServer", "Request headers are limited to %1 KiB.")
                  .arg(MAX_HEADER / 1024));
    if (socket->isTransactionStarted()) {
        socket->rollbackTransaction();
    }
    socket->readAll();
    socket->write(raw);
    Q_EMIT requestRejected(status);
    // Lingering close: stop sending, keep draining for a moment so the client
    // reads the answer instead of a reset, then let go.
    const QPointer<QTcpSocket> guard(socket);
    const auto finish = [guard] {
        if (guard && guard->bytesToWrite() == 0 && guard->state() == QAbstractSocket::ConnectedState) {
            ::shutdown(int(guard->socketDescriptor()), SHUT_WR);
        }
    };
    connect(socket, &QTcpSocket::bytesWritten, socket, finish);
    QTimer::singleShot(2000, socket, [guard] {
        if (guard) {
            guard->abort();
        }
    });
}
