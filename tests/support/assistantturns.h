#pragma once

#include "assistantrun.h"
#include "dinerassistant.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QObject>
#include <QStringList>
#include <QTest>

// Runs one turn of the DinerAssistant and keeps what it emitted, for tests.
struct AssistantTurnResult
{
    bool started = false;
    Error error; // when !started
    QList<AssistantRunEvent> events;
    QString text;
    QString mode;
    QJsonObject cart;

    // The AG-UI type of each event, in order ("RUN_STARTED", "CUSTOM:maitre.cart", …).
    QStringList types() const
    {
        QStringList out;
        for (const AssistantRunEvent& e : events) {
            out << typeName(e);
        }
        return out;
    }
    static QString typeName(const AssistantRunEvent& e)
    {
        using T = AssistantRunEvent::Type;
        switch (e.type) {
        case T::RunStarted:
            return QStringLiteral("RUN_STARTED");
        case T::TextStart:
            return QStringLiteral("TEXT_MESSAGE_START");
        case T::TextContent:
            return QStringLiteral("TEXT_MESSAGE_CONTENT");
        case T::TextEnd:
            return QStringLiteral("TEXT_MESSAGE_END");
        case T::ToolCallStart:
            return QStringLiteral("TOOL_CALL_START:") + e.toolCallName;
        case T::ToolCallArgs:
            return QStringLiteral("TOOL_CALL_ARGS");
        case T::ToolCallEnd:
            return QStringLiteral("TOOL_CALL_END");
        case T::ToolCallResult:
            return QStringLiteral("TOOL_CALL_RESULT");
        case T::MenuCards:
            return QStringLiteral("CUSTOM:maitre.menu_cards");
        case T::Cart:
            return QStringLiteral("CUSTOM:maitre.cart");
        case T::State:
            return QStringLiteral("STATE_SNAPSHOT");
        case T::RunFinished:
            return QStringLiteral("RUN_FINISHED");
        case T::RunError:
            return QStringLiteral("RUN_ERROR");
        }
        return {};
    }
    // The dishes shown as cards, by name, in order.
    QStringList cardNames() const
    {
        QStringList out;
        for (const AssistantRunEvent& e : events) {
            if (e.type == AssistantRunEvent::Type::MenuCards) {
                for (const QJsonValue& item : e.value.toObject().value(QStringLiteral("items")).toArray()) {
                    out << item.toObject().value(QStringLiteral("name")).toString();
                }
            }
        }
        return out;
    }
    // The cart's lines as "2 × Tiramisù".
    QStringList cartLines() const
    {
        QStringList out;
        for (const QJsonValue& line : cart.value(QStringLiteral("lines")).toArray()) {
            out << QStringLiteral("%1 × %2")
                       .arg(line.toObject().value(QStringLiteral("quantity")).toInt())
                       .arg(line.toObject().value(QStringLiteral("name")).toString());
        }
        return out;
    }
    bool has(const QString& type) const { return types().contains(type); }
    const AssistantRunEvent* first(AssistantRunEvent::Type type) const
    {
        for (const AssistantRunEvent& e : events) {
            if (e.type == type) {
                return &e;
            }
        }
        return nullptr;
    }
};

inline AssistantTurnResult runAssistantTurn(DinerAssistant& assistant,
                                            qint64 restaurantId,
                                            const QString& thread,
                                            const QString& message,
                                            const QString& language = QStringLiteral("en"),
                                            std::optional<QJsonArray> pageCart = std::nullopt,
                                            int timeoutMs = 30000)
{
    AssistantTurn turn;
    turn.threadId = thread;
    turn.message = message;
    turn.language = language;
    turn.pageCart = std::move(pageCart);
    AssistantTurnResult out;
    const Result<AssistantRun*> run = assistant.start(restaurantId, turn);
    if (!run) {
        out.error = run.error();
        return out;
    }
    out.started = true;
    bool done = false;
    QObject::connect(*run, &AssistantRun::eventReady, *run, [&out](const AssistantRunEvent& e) { out.events << e; });
    QObject::connect(*run, &AssistantRun::finished, *run, [&out, &done, r = *run] {
        out.text = r->text();
        out.mode = r->mode();
        out.cart = r->cart();
        done = true;
    });
    if (!QTest::qWaitFor([&done] { return done; }, timeoutMs)) {
        qWarning("the assistant's turn did not finish");
    }
    return out;
}
