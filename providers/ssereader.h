#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

// Reads a Server-Sent Events stream (the WHATWG event-stream format) as it
// arrives in arbitrary pieces: lines end in LF, CRLF or CR; "data:" lines are
// joined with newlines; comments (":…") and unknown fields are skipped; an
// event is dispatched at a blank line. Bytes are decoded as UTF-8 per line,
// so a character split between two pieces arrives whole.
class SseReader final
{
public:
    struct Event
    {
        QString type; // "event:" ("message" when absent)
        QString data;
        QString id;
    };

    // Appends `bytes` and returns the events they completed.
    QList<Event> feed(const QByteArray& bytes);
    // Bytes held back: a line or an event still incomplete.
    bool hasPartialEvent() const { return !m_buffer.isEmpty() || m_hasData || !m_type.isEmpty(); }
    // Refuses to grow past this many bytes without a line break (a broken stream).
    static constexpr qsizetype MAX_LINE = 1024 * 1024;
    bool overflowed() const { return m_overflowed; }

private:
    void line(const QByteArray& text, QList<Event>& out);

    QByteArray m_buffer;
    bool m_skipLf = false; // the last piece ended in CR: a following LF belongs to it
    QString m_type;
    QString m_data;
    QString m_id;
    bool m_hasData = false;
    bool m_overflowed = false;
};
