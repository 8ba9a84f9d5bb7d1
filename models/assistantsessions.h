#pragma once

#include "assistantcart.h"
#include "chat.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QString>
#include <functional>
#include <memory>

// One diner's conversation with the ordering assistant (an AG-UI thread).
struct AssistantSession
{
    QString id;
    QList<ChatMessage> history; // the conversation, oldest first (bounded)
    AssistantCart cart;
    QList<qint64> focus; // dishes last shown or added: "those", "it"
    QList<qint64> shown; // the dishes last shown, in order: "the second one"
    qint64 lastUsedMs = 0;
    bool busy = false; // a run is answering: one at a time per conversation
};

// The conversations of the diners' assistant, in memory and bounded: at most
// MAX_SESSIONS conversations (the least recently used goes first), each with
// its last MAX_HISTORY messages of at most MAX_MESSAGE characters, forgotten
// after IDLE_MS without a message. In memory on purpose: a conversation lasts a
// visit, it is no record the restaurant needs, and diners' words are kept no
// longer than that; the cart also lives on the diner's page (AG-UI state), so
// a restart loses only the chat. Used on one thread (the diner server's).
class AssistantSessions final
{
public:
    static constexpr int MAX_SESSIONS = 500;
    static constexpr int MAX_HISTORY = 20;
    static constexpr int MAX_MESSAGE = 2000;
    static constexpr qint64 IDLE_MS = 2 * 60 * 60 * 1000;

    // `clock`: milliseconds on a monotonic clock (a seam for tests).
    explicit AssistantSessions(std::function<qint64()> clock = {});

    // The conversation `id`, made when new (evicting as needed).
    AssistantSession& open(const QString& id);
    // nullptr when there is none (or it was forgotten).
    AssistantSession* find(const QString& id);
    int size() const { return int(m_sessions.size()); }

    // Appends to the history, keeping it within its bounds.
    static void remember(AssistantSession& session, ChatMessage message);

private:
    void forgetIdle();

    std::function<qint64()> m_clock;
    QElapsedTimer m_elapsed;
    QHash<QString, std::shared_ptr<AssistantSession>> m_sessions;
};
