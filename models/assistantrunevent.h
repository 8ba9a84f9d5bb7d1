#pragma once

#include <QJsonValue>
#include <QMetaType>
#include <QString>

// What happens during one turn of the ordering assistant, in order: the run
// begins, text streams, tools are called and answer, dishes and the cart are
// shown, the run ends (or fails). These are AG-UI's event types; the server
// writes them in AG-UI's wire format (server/aguievents).
struct AssistantRunEvent
{
    enum class Type
    {
        RunStarted,
        TextStart, // messageId
        TextContent, // messageId, delta
        TextEnd, // messageId
        ToolCallStart, // toolCallId, toolCallName, parentMessageId
        ToolCallArgs, // toolCallId, delta
        ToolCallEnd, // toolCallId
        ToolCallResult, // toolCallId, messageId (of the tool message), delta (the result, JSON text)
        MenuCards, // value: {"items": [dishes]}
        Cart, // value: the cart card
        State, // value: the page's state ({"cart": [...]}) after the run
        RunFinished, // value: the run's result
        RunError // delta: a message for the diner; code
    };

    Type type = Type::RunStarted;
    QString messageId;
    QString toolCallId;
    QString toolCallName;
    QString parentMessageId;
    QString delta;
    QJsonValue value;
    QString code;
};

Q_DECLARE_METATYPE(AssistantRunEvent)
