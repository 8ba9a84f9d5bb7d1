#pragma once

#include "assistantrunevent.h"
#include "assistantsessions.h"
#include "chat.h"
#include "result.h"

#include <QFuture>
#include <QHash>
#include <QJsonArray>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>
#include <memory>
#include <optional>

class AssistantRun;
class LanguageModel;
struct AssistantStep;
class MenuService;
class SettingsService;
class Store;

// One turn asked of the ordering assistant.
struct AssistantTurn
{
    QString threadId; // the conversation (an AG-UI thread; the chat API's session)
    QString runId;
    QString message; // what the diner just said
    QString language = QStringLiteral("en"); // the diner's, for the answer
    // The page's cart (AG-UI state "cart"); the conversation's own when absent.
    std::optional<QJsonArray> pageCart;
    // Earlier messages the client sent along (AG-UI), for a conversation the
    // server does not know (it restarted, or the thread began elsewhere).
    QList<ChatMessage> earlierMessages;
    // Names of this diner's to keep from the language model (their party's).
    QStringList privateNames;
};

// The diners' ordering assistant: helps choose from the menu and builds the
// pre-order or takeout cart, by rules from the menu in the database or with
// the configured language model, through the same tools either way
// (AssistantTools). It never places an order: the diner confirms on the page.
// A model that cannot be reached falls back to the rules, and says so.
// Lives on one thread (the diner server's); so do its runs.
class DinerAssistant final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DinerAssistant)

public:
    static constexpr int MAX_MESSAGE = 1000; // characters in one message from a diner
    static constexpr int MAX_TOOL_ROUNDS = 4; // model answers with tool calls, per turn
    // How long a diner waits for the model before the rules answer instead
    // (below the server's 30 s idle timeout, which a JSON answer cannot outlast).
    static constexpr int TURN_BUDGET_MS = 25'000;

    DinerAssistant(Store& store, MenuService& menu, SettingsService& settings, QObject* parent = nullptr);
    ~DinerAssistant() override;

    // The model to use when the settings switch one on; null: rules only.
    void setLanguageModel(std::shared_ptr<LanguageModel> model);
    std::shared_ptr<LanguageModel> languageModel() const { return m_model; }
    void setTurnBudget(int milliseconds) { m_turnBudgetMs = milliseconds; }

    // Starts a turn. The run belongs to the assistant and deletes itself once
    // finished; its events come as signals. Conflict while the same
    // conversation is still being answered; Invalid for an empty or too long message.
    Result<AssistantRun*> start(qint64 restaurantId, const AssistantTurn& turn);

    struct Persona
    {
        QString name;
        QString tone;
        QString greeting; // in the diner's language (or the restaurant's own words)
        bool usesModel = false;
    };
    // The persona this location's settings give, for the page's drawer. Any thread.
    QFuture<Result<Persona>> persona(qint64 restaurantId, const QString& language);

    AssistantSessions& sessions() { return m_sessions; }
    int activeRuns() const;

private:
    friend class AssistantRun;
    Store& m_store;
    MenuService& m_menu;
    SettingsService& m_settings;
    std::shared_ptr<LanguageModel> m_model;
    AssistantSessions m_sessions;
    int m_turnBudgetMs = TURN_BUDGET_MS;
};

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
    QString m_roundText;
    QHash<int, QString> m_openCalls; // index → AG-UI tool call id, started and not ended
    int m_messageNumber = 0;
    bool m_userRemembered = false;
    bool m_toolsRan = false; // the model's tools already did something this turn
    QTimer* m_budget = nullptr;
};
