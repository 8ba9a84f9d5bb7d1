#include "assistantsessions.h"

AssistantSessions::AssistantSessions(std::function<qint64()> clock)
    : m_clock(std::move(clock))
{
    m_elapsed.start();
    if (!m_clock) {
        m_clock = [this] { return m_elapsed.elapsed(); };
    }
}

void AssistantSessions::forgetIdle()
{
    const qint64 now = m_clock();
    m_sessions.removeIf([now](QHash<QString, std::shared_ptr<AssistantSession>>::iterator it) {
        return !it.value()->busy && now - it.value()->lastUsedMs > IDLE_MS;
    });
}

AssistantSession& AssistantSessions::open(const QString& id)
{
    forgetIdle();
    auto found = m_sessions.find(id);
    if (found == m_sessions.end()) {
        if (m_sessions.size() >= MAX_SESSIONS) {
            // The conversation left alone longest makes room (never one that is answering).
            auto oldest = m_sessions.end();
            for (auto it = m_sessions.begin(); it != m_sessions.end(); ++it) {
                if (!it.value()->busy
                    && (oldest == m_sessions.end() || it.value()->lastUsedMs < oldest.value()->lastUsedMs)) {
                    oldest = it;
                }
            }
            if (oldest != m_sessions.end()) {
                m_sessions.erase(oldest);
            }
        }
        auto session = std::make_shared<AssistantSession>();
        session->id = id;
        found = m_sessions.insert(id, session);
    }
    found.value()->lastUsedMs = m_clock();
    return *found.value();
}

AssistantSession* AssistantSessions::find(const QString& id)
{
    forgetIdle();
    const auto found = m_sessions.constFind(id);
    return found == m_sessions.cend() ? nullptr : found->get();
}

void AssistantSessions::remember(AssistantSession& session, ChatMessage message)
{
    message.content.truncate(MAX_MESSAGE);
    for (ChatToolCall& call : message.toolCalls) {
        call.arguments.truncate(MAX_MESSAGE);
    }
    session.history.append(std::move(message));
    while (session.history.size() > MAX_HISTORY) {
        session.history.removeFirst();
    }
    // A tool result must follow the call it answers: never start with one.
    while (!session.history.isEmpty() && session.history.first().role == ChatMessage::Role::Tool) {
        session.history.removeFirst();
    }
}
