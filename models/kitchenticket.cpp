#include "kitchenticket.h"

QString KitchenTicketItem::statusToString(Status status)
{
    switch (status) {
    case Status::Open:
        return QStringLiteral("open");
    case Status::Started:
        return QStringLiteral("started");
    case Status::Done:
        return QStringLiteral("done");
    }
    return {};
}

std::optional<KitchenTicketItem::Status> KitchenTicketItem::statusFromString(const QString& text)
{
    for (auto s : {Status::Open, Status::Started, Status::Done}) {
        if (statusToString(s) == text) {
            return s;
        }
    }
    return std::nullopt;
}

QString KitchenTicket::statusToString(Status status)
{
    switch (status) {
    case Status::Open:
        return QStringLiteral("open");
    case Status::Bumped:
        return QStringLiteral("bumped");
    }
    return {};
}

std::optional<KitchenTicket::Status> KitchenTicket::statusFromString(const QString& text)
{
    for (auto s : {Status::Open, Status::Bumped}) {
        if (statusToString(s) == text) {
            return s;
        }
    }
    return std::nullopt;
}
