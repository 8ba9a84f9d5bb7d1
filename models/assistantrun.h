#pragma once

#include "assistantrunevent.h"
#include "dinerassistant.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QTimer>
#include <memory>
#include <optional>

struct AssistantStep;

// One turn of the assistant, answering as its events happen.
class AssistantRun final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AssistantRun)

public:
    ~AssistantRun() override;
    const QList<AssistantRunEvent>& events() const { return m_events; }
    bool isFinished() const { return m_finished; }
    QString mode() const { return m_mode; } // "offline", "model" or "offline-fallback"
    // The answer's text, the dishes shown and the cart after it, for clients that want no stream.
    QString text() const { return m_text; }
    QJsonArray cards() const { return m_cards; }
    QJsonObject cart() const { return m_cart; }
    bool confirmNeeded() const { return m_confirmNeeded; }

public Q_SLOTS:
    // The client left: stop (and stop the model), emitting nothing more.
    void cancel();

Q_SIGNALS:
    void eventReady(const AssistantRunEvent& event);
    void finished();

private:
    friend class DinerAssistant;
    AssistantRun(DinerAssistant& assistant, qint64 restaurantId, AssistantTurn turn, AssistantSession& session);
    void begin();
    void contextLoaded();
    void answerOffline(const QString& notice);
    void askModel();
    void modelFinished(const Result<ChatCompletion>& completion);
    void emitEvent(AssistantRunEvent event);
    void emitSteps(const QList<AssistantStep>& steps, const QString& notice);
    void openText();
    void closeText();
    void textDelta(const QString& delta); // in the open text message
    void say(const QString& messageId, const QString& text); // a whole text message
    // A tool call as AG-UI tells it: start, arguments, end; then its result.
    void announceToolCall(const QString& callId,
                          const QString& name,
                          const QString& arguments,
                          const QString& parentMessageId);
    void endToolCall(const QString& callId);
    void toolResult(const QString& callId, const QString& content);
    void showCart(bool confirm);
    void showCards(const QJsonArray& items);
    void rememberUser();
    void fail(const QString& message, const QString& code);
    void finish();
    QString nextMessageId();

    DinerAssistant& m_assistant;
    qint64 m_restaurantId;
    AssistantTurn m_turn;
    AssistantSession* m_session;
    std::shared_ptr<LanguageModel> m_model;
    // Loaded for the turn.
    struct Context;
    std::unique_ptr<Context> m_context;
    int m_loading = 0;
    std::optional<Error> m_loadError;

    QList<AssistantRunEvent> m_events;
    QString m_mode = QStringLiteral("offline");
    QString m_text;
    QJsonArray m_cards;
    QJsonObject m_cart;
    bool m_confirmNeeded = false;
    bool m_cartChanged = false;
    bool m_finished = false;
    bool m_cancelled = false;
    // Model mode.
    QList<ChatMessage> m_conversation; // sent to the model this turn
    int m_round = 0;
    quint64 m_completion = 0;
    QString m_messageId; // the assistant message of this round
    bool m_textOpen = false;
    QHash<int, QString> m_openCalls; // index → AG-UI tool call id, started and not ended
    int m_messageNumber = 0;
    bool m_userRemembered = false;
    bool m_toolsRan = false; // the model's tools already did something this turn
    QTimer* m_budget = nullptr;
};
