#include "limitingtcpserver.h"

#include "problem.h"

#include <QCoreApplication>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#include <sys/socket.h>

namespace
{

// The value of a header in a block of "Name: value\r\n" lines, lower-cased.
QByteArray headerValue(QByteArrayView head, QByteArrayView name)
{
    qsizetype pos = 0;
    while (pos < head.size()) {
        qsizetype end = head.indexOf("\r\n", pos);
        if (end < 0) {
            end = head.size();
        }
        const QByteArrayView line = head.sliced(pos, end - pos);
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.first(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0) {
            return line.sliced(colon + 1).trimmed().toByteArray().toLower();
        }
        pos = end + 2;
    }
    return {};
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

// Everything buffered that the HTTP server has not consumed yet, from the
// start of its current request. QHttpServer reads a partial request inside a
// socket transaction and keeps it open until the request is complete, so the
// read position may sit mid-request; rolling back shows the whole request,
// and reading the same bytes again in a new transaction puts the server's
// position back where it was.
QByteArray unconsumed(QTcpSocket* socket)
{
    if (!socket->isTransactionStarted()) {
        return socket->peek(socket->bytesAvailable());
    }
    const qint64 unread = socket->bytesAvailable();
    socket->rollbackTransaction();
    const QByteArray all = socket->peek(socket->bytesAvailable());
    socket->startTransaction();
    socket->read(all.size() - unread);
    return all;
}

} // namespace

LimitingTcpServer::LimitingTcpServer(QObject* parent)
    : QTcpServer(parent)
{ }

LimitingTcpServer::Verdict LimitingTcpServer::inspect(const QByteArray& buffered) const
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
        const QByteArrayView head = QByteArrayView(buffered).sliced(pos, headEnd - pos);
        if (headerValue(head, "upgrade") == "websocket") {
            return Verdict::Upgrade;
        }
        const qint64 bodyStart = headEnd + 4;
        if (headerValue(head, "transfer-encoding").contains("chunked")) {
            qint64 declared = 0;
            bool complete = false;
            const qint64 span = chunkedBodySize(QByteArrayView(buffered).sliced(bodyStart), declared, complete);
            if (declared > m_maxBody) {
                return Verdict::BodyTooLarge;
            }
            if (!complete) {
                return Verdict::Fine;
            }
            pos = bodyStart + span;
            continue;
        }
        const QByteArray lengthText = headerValue(head, "content-length");
        qint64 length = 0;
        if (!lengthText.isEmpty()) {
            bool ok = false;
            length = lengthText.toLongLong(&ok);
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
    auto* idle = new QTimer(socket);
    idle->setSingleShot(true);
    idle->setInterval(m_idleTimeoutMs);
    connect(idle, &QTimer::timeout, socket, [socket] { socket->disconnectFromHost(); });
    idle->start();

    auto rejected = std::make_shared<bool>(false);
    auto upgraded = std::make_shared<bool>(false);
    // Connected before the HTTP server's own slot, so it runs first.
    connect(socket, &QTcpSocket::readyRead, this, [this, socket, idle, rejected, upgraded] {
        if (*rejected) {
            // Drain what the client still sends; the server never sees it.
            if (socket->isTransactionStarted()) {
                socket->rollbackTransaction();
            }
            socket->readAll();
            return;
        }
        if (*upgraded) {
            return; // a WebSocket now: it keeps itself alive with pings
        }
        idle->start();
        const Verdict verdict = inspect(unconsumed(socket));
        switch (verdict) {
        case Verdict::Fine:
            return;
        case Verdict::Upgrade:
            *upgraded = true;
            idle->stop();
            return;
        case Verdict::BodyTooLarge:
        case Verdict::HeaderTooLarge:
            *rejected = true;
            reject(socket, verdict);
            return;
        }
    });
    connect(socket, &QTcpSocket::bytesWritten, idle, [idle, upgraded] {
        if (!*upgraded) {
            idle->start();
        }
    });
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
