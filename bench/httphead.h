#pragma once

#include <QByteArrayView>

// What the benchmarks' HTTP clients read from a response head.
namespace HttpHead
{
// The value of Content-Length in a response head; 0 when absent.
qint64 contentLength(QByteArrayView head);
} // namespace HttpHead
