#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

// The vocabulary of a conversation with a language model, independent of any
// vendor's wire format: messages with roles, the tools a model may call, and
// what it answered. LanguageModel implementations translate it.

// One call of a tool the model asked for. `arguments` is the JSON text as the
// model wrote it: callers parse and check it, never trust it.
struct ChatToolCall
{
    QString id;
    QString name;
    QString arguments;
    bool operator==(const ChatToolCall&) const = default;
};

struct ChatMessage
{
    enum class Role
    {
        System,
        User,
        Assistant,
        Tool // the result of `toolCallId`, in `content`
    };

    Role role = Role::User;
    QString content;
    QList<ChatToolCall> toolCalls; // Assistant only
    QString toolCallId; // Tool only

    static ChatMessage system(const QString& text) { return {Role::System, text, {}, {}}; }
    static ChatMessage user(const QString& text) { return {Role::User, text, {}, {}}; }
    static ChatMessage assistant(const QString& text, const QList<ChatToolCall>& calls = {})
    {
        return {Role::Assistant, text, calls, {}};
    }
    static ChatMessage toolResult(const QString& callId, const QString& text) { return {Role::Tool, text, {}, callId}; }
    bool operator==(const ChatMessage&) const = default;
};

// A function the model may call; `parameters` is its JSON Schema.
struct ChatTool
{
    QString name;
    QString description;
    QJsonObject parameters;
};

struct ChatRequest
{
    QList<ChatMessage> messages;
    QList<ChatTool> tools;
    double temperature = 0.3;
    int maxTokens = 600;
    bool stream = true; // deltas as they come; false: one answer at the end
};

// What the model answered once it was done: text, tool calls, or both.
struct ChatCompletion
{
    QString text;
    QList<ChatToolCall> toolCalls;
    QString finishReason; // "stop", "tool_calls", "length", … as the model said
    QString model; // the model that answered, when the server says
};
