#include "timedapplication.h"

#include "latencystats.h"

#include <QEvent>
#include <QMetaEnum>
#include <QThread>
#include <algorithm>

TimedApplication::TimedApplication(int& argc, char** argv)
    : QApplication(argc, argv)
{ }

bool TimedApplication::notify(QObject* receiver, QEvent* event)
{
    if (m_depth > 0 || QThread::currentThread() != thread()) {
        return QApplication::notify(receiver, event);
    }
    // Named before delivery: the receiver may be gone after (deleteLater).
    const QEvent::Type type = event->type();
    const QMetaObject* meta = receiver->metaObject();
    const QString name = receiver->objectName();
    const qint64 start = LatencyStats::nowUs();
    ++m_depth;
    const bool handled = QApplication::notify(receiver, event);
    --m_depth;
    const qint64 took = LatencyStats::nowUs() - start;
    if (m_slowest.size() < KEEP || took > m_slowest.back().microseconds) {
        const char* typeName = QMetaEnum::fromType<QEvent::Type>().valueToKey(type);
        QString what = QString::fromLatin1(meta->className());
        if (!name.isEmpty()) {
            what += u'(' + name + u')';
        }
        what += u' ' + (typeName != nullptr ? QString::fromLatin1(typeName) : QString::number(int(type)));
        m_slowest.push_back({took, what});
        std::ranges::sort(m_slowest, std::ranges::greater(), &SlowEvent::microseconds);
        if (m_slowest.size() > KEEP) {
            m_slowest.pop_back();
        }
    }
    return handled;
}
