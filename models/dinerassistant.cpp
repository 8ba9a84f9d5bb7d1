#include "dinerassistant.h"

#include "assistantphrasebook.h"
#include "assistantrun.h"
#include "languagemodel.h"
#include "offlineassistant.h"
#include "restaurantsettings.h"
#include "settingsservice.h"

#include <QUuid>

DinerAssistant::DinerAssistant(Store& store, MenuService& menu, SettingsService& settings, QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_menu(menu)
    , m_settings(settings)
{
    qRegisterMetaType<AssistantRunEvent>();
}

DinerAssistant::~DinerAssistant()
{
    // Runs are children: they go with the assistant, their model calls stopped.
    for (AssistantRun* run : findChildren<AssistantRun*>(QString(), Qt::FindDirectChildrenOnly)) {
        run->cancel();
    }
}

void DinerAssistant::setLanguageModel(std::shared_ptr<LanguageModel> model)
{
    m_model = std::move(model);
}

QFuture<Result<DinerAssistant::Persona>> DinerAssistant::persona(qint64 restaurantId, const QString& language)
{
    const bool hasModel = m_model != nullptr;
    return m_settings.settings(restaurantId).then([language, hasModel](const Result<RestaurantSettings>& settings) {
        if (!settings) {
            return Result<Persona>(unexpected(settings.error()));
        }
        const AssistantPhrasebook phrases(language);
        return Result<Persona>(Persona{settings->assistantName,
                                       settings->assistantTone,
                                       OfflineAssistant::greetingFor(*settings, phrases),
                                       hasModel && settings->usesLanguageModel()});
    });
}

int DinerAssistant::activeRuns() const
{
    int n = 0;
    for (const AssistantRun* run : findChildren<AssistantRun*>(QString(), Qt::FindDirectChildrenOnly)) {
        n += run->isFinished() ? 0 : 1;
    }
    return n;
}

Result<AssistantRun*> DinerAssistant::start(qint64 restaurantId, const AssistantTurn& turn)
{
    const QString message = turn.message.trimmed();
    if (message.size() > MAX_MESSAGE) {
        return unexpected(
            Error::invalid(QStringLiteral("message"),
                           tr("A message to the assistant can have at most %1 characters.").arg(MAX_MESSAGE)));
    }
    if (turn.threadId.isEmpty()) {
        return unexpected(Error::invalid(QStringLiteral("threadId"), tr("The conversation has no id.")));
    }
    AssistantSession* existing = m_sessions.find(turn.threadId);
    if (existing && existing->busy) {
        return unexpected(
            Error::conflict(tr("The assistant is still answering the last message of this conversation.")));
    }
    AssistantSession& session = m_sessions.open(turn.threadId);
    session.busy = true;
    AssistantTurn clean = turn;
    clean.message = message;
    clean.language = AssistantPhrasebook::normalizedLanguage(turn.language);
    if (clean.runId.isEmpty()) {
        clean.runId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    }
    auto* run = new AssistantRun(*this, restaurantId, std::move(clean), session);
    // Begin once the caller has connected to the run's signals.
    QMetaObject::invokeMethod(run, &AssistantRun::begin, Qt::QueuedConnection);
    return run;
}
