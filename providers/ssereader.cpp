#include "ssereader.h"

QList<SseReader::Event> SseReader::feed(const QByteArray& bytes)
{
    QList<Event> out;
    if (m_overflowed) {
        return out;
    }
    qsizetype start = 0;
    const qsizetype n = bytes.size();
    if (m_skipLf && n > 0) {
        m_skipLf = false;
        if (bytes.at(0) == '\n') {
            start = 1;
        }
    }
    for (qsizetype i = start; i < n; ++i) {
        const char c = bytes.at(i);
        if (c != '\n' && c != '\r') {
            continue;
        }
        m_buffer.append(bytes.constData() + start, i - start);
        line(m_buffer, out);
        m_buffer.clear();
        if (c == '\r') {
            if (i + 1 < n && bytes.at(i + 1) == '\n') {
                ++i;
            } else if (i + 1 == n) {
                m_skipLf = true;
            }
        }
        start = i + 1;
    }
    m_buffer.append(bytes.constData() + start, n - start);
    if (m_buffer.size() > MAX_LINE) {
        m_overflowed = true;
        m_buffer.clear();
    }
    return out;
}

void SseReader::line(const QByteArray& text, QList<Event>& out)
{
    if (text.isEmpty()) {
        // Dispatch; an event without data is dropped, as the standard says.
        if (m_hasData) {
            out.append(Event{m_type.isEmpty() ? QStringLiteral("message") : m_type, m_data, m_id});
        }
        m_type.clear();
        m_data.clear();
        m_hasData = false;
        return;
    }
    if (text.startsWith(':')) {
        return; // a comment (keep-alive)
    }
    const qsizetype colon = text.indexOf(':');
    const QByteArray field = colon < 0 ? text : text.left(colon);
    QByteArray value = colon < 0 ? QByteArray() : text.mid(colon + 1);
    if (value.startsWith(' ')) {
        value.remove(0, 1);
    }
    if (field == "data") {
        if (m_hasData) {
            m_data.append(u'\n');
        }
        m_data.append(QString::fromUtf8(value));
        m_hasData = true;
    } else if (field == "event") {
        m_type = QString::fromUtf8(value);
    } else if (field == "id") {
        if (!value.contains('\0')) {
            m_id = QString::fromUtf8(value);
        }
    }
    // "retry" and unknown fields: nothing to do for a client that does not reconnect.
}
