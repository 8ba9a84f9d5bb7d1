#pragma once

#include <QList>
#include <QString>
#include <QStringList>

// The menu as diners and the kitchen see it.
struct MenuItem
{
    qint64 id = 0;
    qint64 categoryId = 0;
    QString name;
    QString description;
    int priceCents = 0;
    int prepMinutes = 0;
    QString station;
    QStringList tags;
    bool available = true;
};

struct MenuCategory
{
    qint64 id = 0;
    QString name;
    QList<MenuItem> items;
};

struct Menu
{
    QString currency;
    QList<MenuCategory> categories;
};
