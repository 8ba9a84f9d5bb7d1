#pragma once

#include <QString>

// The restaurant this console runs (the first, for single-location installs).
struct Restaurant
{
    qint64 id = 0;
    QString slug;
    QString name;
    QString timezone;
};
