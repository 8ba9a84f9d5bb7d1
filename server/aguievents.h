#pragma once

#include "assistantrunevent.h"
#include "dinerassistant.h"
#include "result.h"

#include <QByteArray>
#include <nlohmann/json.hpp>

// The AG-UI protocol (https://docs.ag-ui.com, spec 1.0) on the wire: the
// assistant's run events as AG-UI events (RUN_STARTED, TEXT_MESSAGE_*,
// TOOL_CALL_*, CUSTOM "maitre.menu_cards" and "maitre.cart",
// STATE_SNAPSHOT, RUN_FINISHED, RUN_ERROR), Server-Sent Events framing, and
// RunAgentInput read into an AssistantTurn.
class AgUiEvents final
{
public:
    static inline const char* MENU_CARDS = "maitre.menu_cards";
    static inline const char* CART = "maitre.cart";

    static nlohmann::json toJson(const AssistantRunEvent& event, const QString& threadId, const QString& runId);
    // "data: {…}\n\n"
    static QByteArray frame(const nlohmann::json& event);

    // RunAgentInput {threadId, runId, messages, tools, context, state, forwardedProps}
    // → a turn: the last user message is what the diner just said, earlier
    // ones seed a conversation the server does not know, state.cart is the
    // page's cart, forwardedProps.language the answer's language. Invalid
    // naming the field (422) or a malformed-JSON error (400).
    static Result<AssistantTurn> runAgentInput(const QByteArray& body);
    // Session ids and AG-UI thread ids: 8–128 of [A-Za-z0-9._:-].
    static bool isValidThreadId(const QString& id);
};
