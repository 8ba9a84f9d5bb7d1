#include "httphead.h"

namespace HttpHead
{

qint64 contentLength(QByteArrayView head)
{
    qsizetype pos = 0;
    while (pos < head.size()) {
        qsizetype end = head.indexOf("\r\n", pos);
        if (end < 0) {
            end = head.size();
        }
        const QByteArrayView line = head.sliced(pos, end - pos);
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.first(colon).trimmed().compare("content-length", Qt::CaseInsensitive) == 0) {
            return line.sliced(colon + 1).trimmed().toLongLong();
        }
        pos = end + 2;
    }
    return 0;
}

} // namespace HttpHead
