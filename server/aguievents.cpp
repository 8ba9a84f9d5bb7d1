#include "aguievents.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonDocument>
#include <QRegularExpression>

using nlohmann::json;

namespace
{

std::string text(const QString& s)
{
    return s.toStdString();
}

QString fromJson(const json& value)
{
    return QString::fromStdString(value.get<std::string>());
}

// Qt's JSON values (the run's cards, cart and state) as nlohmann's.
json fromQt(const QJsonValue& value)
{
    if (value.isUndefined() || value.isNull()) {
        return nullptr;
    }
    const QByteArray bytes = value.isObject() ? QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact)
        : value.isArray()                     ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                                              : QByteArray();
    if (bytes.isEmpty()) {
        if (value.isBool()) {
            return value.toBool();
        }
        if (value.isDouble()) {
            return value.toDouble();
        }
        return text(value.toString());
    }
    return json::parse(bytes.constBegin(), bytes.constEnd(), nullptr, false);
}

Error invalid(const QString& field, const QString& message)
{
    return Error::invalid(field, message);
}

// A message's text: a string, or AG-UI's content parts [{"type": "text", "text": …}].
std::optional<QString> contentOf(const json& message)
{
    if (!message.contains("content")) {
        return QString();
    }
    const json& content = message["content"];
    if (content.is_null()) {
        return QString();
    }
    if (content.is_string()) {
        return fromJson(content);
    }
    if (content.is_array()) {
        QString out;
        for (const json& part : content) {
            if (part.is_object() && part.value("type", std::string()) == "text" && part.contains("text")
                && part["text"].is_string()) {
                out += fromJson(part["text"]);
            }
        }
        return out;
    }
    return std::nullopt;
}

} // namespace

bool AgUiEvents::isValidThreadId(const QString& id)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9._:-]{8,128}$"));
    return pattern.match(id).hasMatch();
}

json AgUiEvents::toJson(const AssistantRunEvent& e, const QString& threadId, const QString& runId)
{
    using Type = AssistantRunEvent::Type;
    json out;
    switch (e.type) {
    case Type::RunStarted:
        out = {{"type", "RUN_STARTED"}, {"threadId", text(threadId)}, {"runId", text(runId)}};
        break;
    case Type::TextStart:
        out = {{"type", "TEXT_MESSAGE_START"}, {"messageId", text(e.messageId)}, {"role", "assistant"}};
        break;
    case Type::TextContent:
        out = {{"type", "TEXT_MESSAGE_CONTENT"}, {"messageId", text(e.messageId)}, {"delta", text(e.delta)}};
        break;
    case Type::TextEnd:
        out = {{"type", "TEXT_MESSAGE_END"}, {"messageId", text(e.messageId)}};
        break;
    case Type::ToolCallStart:
        out = {{"type", "TOOL_CALL_START"},
               {"toolCallId", text(e.toolCallId)},
               {"toolCallName", text(e.toolCallName)},
               {"parentMessageId", text(e.parentMessageId)}};
        break;
    case Type::ToolCallArgs:
        out = {{"type", "TOOL_CALL_ARGS"}, {"toolCallId", text(e.toolCallId)}, {"delta", text(e.delta)}};
        break;
    case Type::ToolCallEnd:
        out = {{"type", "TOOL_CALL_END"}, {"toolCallId", text(e.toolCallId)}};
        break;
    case Type::ToolCallResult:
        out = {{"type", "TOOL_CALL_RESULT"},
               {"messageId", text(e.messageId)},
               {"toolCallId", text(e.toolCallId)},
               {"content", text(e.delta)},
               {"role", "tool"}};
        break;
    case Type::MenuCards:
        out = {{"type", "CUSTOM"}, {"name", MENU_CARDS}, {"value", fromQt(e.value)}};
        break;
    case Type::Cart:
        out = {{"type", "CUSTOM"}, {"name", CART}, {"value", fromQt(e.value)}};
        break;
    case Type::State:
        out = {{"type", "STATE_SNAPSHOT"}, {"snapshot", fromQt(e.value)}};
        break;
    case Type::RunFinished:
        out = {{"type", "RUN_FINISHED"}, {"threadId", text(threadId)}, {"runId", text(runId)}};
        if (!e.value.isUndefined() && !e.value.isNull()) {
            out["result"] = fromQt(e.value);
        }
        break;
    case Type::RunError:
        out = {{"type", "RUN_ERROR"}, {"message", text(e.delta)}};
        if (!e.code.isEmpty()) {
            out["code"] = text(e.code);
        }
        break;
    }
    out["timestamp"] = QDateTime::currentMSecsSinceEpoch();
    return out;
}

QByteArray AgUiEvents::frame(const json& event)
{
    const std::string data = event.dump(-1, ' ', false, json::error_handler_t::replace);
    // JSON from dump() has no raw line breaks, so one data line carries it.
    return "data: " + QByteArray(data.data(), qsizetype(data.size())) + "\n\n";
}

Result<AssistantTurn> AgUiEvents::runAgentInput(const QByteArray& body)
{
    const json doc = json::parse(body.constBegin(), body.constEnd(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        return unexpected(Error{Error::Kind::Internal,
                                QCoreApplication::translate("AgUiEvents", "The request body is not a JSON object."),
                                QStringLiteral("body")});
    }
    AssistantTurn turn;
    turn.language.clear(); // forwardedProps, else the request's Accept-Language
    if (!doc.contains("threadId") || !doc["threadId"].is_string() || !isValidThreadId(fromJson(doc["threadId"]))) {
        return unexpected(invalid(QStringLiteral("threadId"),
                                  QCoreApplication::translate("AgUiEvents",
                                                              "threadId must be 8 to 128 letters, digits or . _ : "
                                                              "-.")));
    }
    turn.threadId = fromJson(doc["threadId"]);
    if (!doc.contains("runId") || !doc["runId"].is_string() || doc["runId"].get<std::string>().empty()
        || doc["runId"].get<std::string>().size() > 128) {
        return unexpected(
            invalid(QStringLiteral("runId"),
                    QCoreApplication::translate("AgUiEvents", "runId must be a text of 1 to 128 characters.")));
    }
    turn.runId = fromJson(doc["runId"]);
    if (!doc.contains("messages") || !doc["messages"].is_array()) {
        return unexpected(
            invalid(QStringLiteral("messages"), QCoreApplication::translate("AgUiEvents", "messages must be a list.")));
    }
    const json& messages = doc["messages"];
    qsizetype lastUser = -1;
    QList<ChatMessage> all;
    for (size_t i = 0; i < messages.size(); ++i) {
        const json& message = messages[i];
        const QString field = QStringLiteral("messages[%1]").arg(i);
        if (!message.is_object() || !message.contains("role") || !message["role"].is_string()) {
            return unexpected(invalid(
                field, QCoreApplication::translate("AgUiEvents", "%1 must be a message with a role.").arg(field)));
        }
        const std::string role = message["role"].get<std::string>();
        const std::optional<QString> content = contentOf(message);
        if (!content) {
            return unexpected(invalid(field + QStringLiteral(".content"),
                                      QCoreApplication::translate("AgUiEvents", "%1 must be a text.")
                                          .arg(field + QStringLiteral(".content"))));
        }
        if (role == "user") {
            if (content->size() > DinerAssistant::MAX_MESSAGE) {
                return unexpected(invalid(field + QStringLiteral(".content"),
                                          QCoreApplication::translate("AgUiEvents",
                                                                      "A message to the assistant can have at most %1 "
                                                                      "characters.")
                                              .arg(DinerAssistant::MAX_MESSAGE)));
            }
            lastUser = all.size();
            all.append(ChatMessage::user(*content));
        } else if (role == "assistant") {
            all.append(ChatMessage::assistant(content->left(DinerAssistant::MAX_MESSAGE * 4)));
        }
        // System, developer, tool and activity messages from a client are not
        // passed on: the assistant's instructions are its own.
    }
    if (lastUser < 0) {
        return unexpected(invalid(QStringLiteral("messages"),
                                  QCoreApplication::translate("AgUiEvents",
                                                              "messages must include the diner's message (role "
                                                              "\"user\").")));
    }
    turn.message = all.at(lastUser).content;
    turn.earlierMessages = all.mid(0, lastUser);
    if (doc.contains("state") && doc["state"].is_object() && doc["state"].contains("cart")) {
        const json& cart = doc["state"]["cart"];
        if (!cart.is_array()) {
            return unexpected(invalid(QStringLiteral("state.cart"),
                                      QCoreApplication::translate("AgUiEvents", "state.cart must be a list.")));
        }
        const std::string dumped = cart.dump(-1, ' ', false, json::error_handler_t::replace);
        turn.pageCart = QJsonDocument::fromJson(QByteArray(dumped.data(), qsizetype(dumped.size()))).array();
    }
    if (doc.contains("forwardedProps") && doc["forwardedProps"].is_object()) {
        const json& props = doc["forwardedProps"];
        for (const char* key : {"language", "locale", "lang"}) {
            if (props.contains(key) && props[key].is_string()) {
                turn.language = fromJson(props[key]).left(16);
                break;
            }
        }
        if (props.contains("diner_name") && props["diner_name"].is_string()) {
            const QString name = fromJson(props["diner_name"]).simplified().left(60);
            if (!name.isEmpty()) {
                turn.privateNames << name;
            }
        }
    }
    return turn;
}
