#pragma once

#include "chat.h"
#include "result.h"

#include <QObject>
#include <QString>
#include <functional>

// A chat model that can call tools: the diner assistant and the managers'
// co-pilot talk to it. Implementations: an OpenAI-compatible chat-completions
// client (providers/openaichatmodel: OpenAI, Groq, vLLM, Ollama, llama.cpp's
// server). With none configured both work offline, rule-based.
//
// Errors are Unavailable (timeout, unreachable, rate limited, server trouble:
// fall back and say so), Internal (a key it refused, an answer it could not
// read) or Invalid (a request it refused, e.g. an unknown model). A stopped
// completion finishes with isCancellation(error).
class LanguageModel
{
public:
    // Called on the context object's thread, in the order the model produced
    // them; `finished` exactly once, last. Nothing is called once the context
    // is destroyed.
    struct Callbacks
    {
        std::function<void(const QString& delta)> text;
        // A tool call begins (streamed answers): its position, id and name;
        // then its arguments in fragments, in order.
        std::function<void(int index, const QString& id, const QString& name)> toolCallStarted;
        std::function<void(int index, const QString& fragment)> toolCallArguments;
        std::function<void(const Result<ChatCompletion>& completion)> finished;
    };

    virtual ~LanguageModel() = default;
    // "openai-compatible"
    virtual QString name() const = 0;
    // What the settings point at, for the console and logs: "llama3.1 at http://…/v1".
    virtual QString describe() const = 0;
    // Starts a completion; callable from any thread (the network work runs on
    // the model's own thread). Returns an id for cancel().
    virtual quint64 complete(const ChatRequest& request, QObject* context, Callbacks callbacks) = 0;
    // Stops a completion; its `finished` reports a cancellation. Callable from any thread.
    virtual void cancel(quint64 id) = 0;

    static Error cancellation(const QString& message)
    {
        return Error{Error::Kind::Unavailable, message, QStringLiteral("cancelled")};
    }
    static bool isCancellation(const Error& error)
    {
        return error.kind == Error::Kind::Unavailable && error.field == u"cancelled";
    }
};
