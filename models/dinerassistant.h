#pragma once

#include "assistantrunevent.h"
#include "assistantsessions.h"
#include "chat.h"
#include "result.h"

#include <QFuture>
#include <QHash>
#include <QJsonArray>
#include <QObject>
#include <QStringList>
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
