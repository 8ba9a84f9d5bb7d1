#include "voicewebhookcontroller.h"

#include "httpjson.h"
#include "menumatcher.h"
#include "menuservice.h"
#include "orderservice.h"
#include "problem.h"
#include "restaurantservice.h"
#include "routetable.h"
#include "servercontext.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDateTime>
#include <QFutureWatcher>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QTimeZone>
#include <cstdlib>

const QByteArray VoiceWebhookController::SIGNATURE_HEADER = QByteArrayLiteral("X-Maitre-Signature");

namespace
{

const QString PLACE_ORDER = QStringLiteral("place_order");

void send(QHttpServerResponder& responder, QHttpServerResponse&& response)
{
    HttpJson::addStandardHeaders(response);
    responder.sendResponse(response);
}

QHttpServerResponse malformed(const QString& detail)
{
    return Problem::response(QHttpServerResponse::StatusCode::BadRequest,
                             QCoreApplication::translate("VoiceWebhookController", "Malformed request"),
                             detail);
}

// What the caller said, safe to read back: one line, not too long.
QString spoken(const QString& text)
{
    QString out = text.simplified();
    out.removeIf([](QChar c) { return c.category() == QChar::Other_Control || c.category() == QChar::Other_Format; });
    return out.left(VoiceWebhookController::MAX_SPOKEN_NAME);
}

// "A", "A or B", "A, B or C".
QString orList(const QList<MenuItem>& items)
{
    QStringList names;
    for (const MenuItem& item : items) {
        names.append(item.name);
    }
    if (names.size() <= 1) {
        return names.join(QString());
    }
    const QString last = names.takeLast();
    return QCoreApplication::translate("VoiceWebhookController", "%1 or %2")
        .arg(names.join(QStringLiteral(", ")), last);
}

// A code read letter by letter: "K 7 P Q".
QString spelled(const QString& code)
{
    QStringList letters;
    for (QChar c : code) {
        letters.append(QString(c));
    }
    return letters.join(u' ');
}

QString money(int cents, const QString& currency)
{
    const QString amount = QStringLiteral("%1.%2").arg(cents / 100).arg(cents % 100, 2, 10, QLatin1Char('0'));
    if (currency == u"EUR") {
        return QCoreApplication::translate("VoiceWebhookController", "%1 euros").arg(amount);
    }
    if (currency == u"USD") {
        return QCoreApplication::translate("VoiceWebhookController", "%1 dollars").arg(amount);
    }
    if (currency == u"GBP") {
        return QCoreApplication::translate("VoiceWebhookController", "%1 pounds").arg(amount);
    }
    return amount + u' ' + currency;
}

// What the agent tells the caller once the order is in. Built from the order
// alone (not the clock), so a retried call gets the very same sentence.
QString confirmation(const Order& order, const QString& currency, const QTimeZone& zone)
{
    const QString code = spelled(order.code);
    const QString total = money(order.totalCents, currency);
    const bool delivery = order.kind == u"delivery";
    if (!order.eta.isValid()) {
        return delivery ? QCoreApplication::translate("VoiceWebhookController",
                                                      "Thank you, %1. Your order code is %2. The total is %3, "
                                                      "including delivery, to pay the driver.")
                              .arg(order.customerName, code, total)
                        : QCoreApplication::translate(
                              "VoiceWebhookController",
                              "Thank you, %1. Your order code is %2. The total is %3, to pay when you collect it.")
                              .arg(order.customerName, code, total);
    }
    // The clock time in the restaurant's zone, not "in N minutes": a retry later reads the same.
    const QString at = order.eta.toTimeZone(zone).toString(QStringLiteral("HH:mm"));
    if (delivery) {
        return QCoreApplication::translate("VoiceWebhookController",
                                           "Thank you, %1. Your order code is %2. The total is %3, including "
                                           "delivery, to pay the driver. It should arrive around %4.")
            .arg(order.customerName, code, total, at);
    }
    return QCoreApplication::translate("VoiceWebhookController",
                                       "Thank you, %1. Your order code is %2. The total is %3, to pay when you "
                                       "collect it. It will be ready for pickup at %4.")
        .arg(order.customerName, code, total, at);
}

// What to ask the caller about one dish that cannot be ordered as said; empty when it can.
QString itemProblem(const QString& said, const MenuMatcher::Match& match)
{
    switch (match.outcome) {
    case MenuMatcher::Outcome::Found:
        return {};
    case MenuMatcher::Outcome::SoldOut:
        return QCoreApplication::translate("VoiceWebhookController", "Sorry, %1 is sold out today.")
            .arg(match.item.name);
    case MenuMatcher::Outcome::Ambiguous:
        return QCoreApplication::translate("VoiceWebhookController", "By \"%1\", do you mean %2?")
            .arg(said, orList(match.candidates));
    case MenuMatcher::Outcome::Unknown:
        if (match.candidates.isEmpty()) {
            return QCoreApplication::translate("VoiceWebhookController", "We don't have \"%1\" on the menu.").arg(said);
        }
        return QCoreApplication::translate("VoiceWebhookController", "We don't have \"%1\". Did you mean %2?")
            .arg(said, orList(match.candidates));
    }
    return {};
}

QString text(const QJsonValue& value)
{
    if (value.isDouble()) {
        return QString::number(value.toInteger()); // a phone number sent as a number
    }
    return value.toString();
}

} // namespace

// One webhook request on its way: its tool calls, what each answers, and the
// connection to answer on once the last order is in.
struct VoiceWebhookController::Exchange
{
    struct Call
    {
        QString id;
        QString function;
        QJsonObject arguments;
        bool readable = true;
        QString result;
        std::optional<Error> failure; // the database or a provider is down: 503 for the whole request
    };

    explicit Exchange(QHttpServerResponder&& r)
        : responder(std::move(r))
    { }

    QHttpServerResponder responder;
    QList<Call> calls;
    QTimeZone zone = QTimeZone::systemTimeZone();
    QString currency;
    int pending = 0;
};

VoiceWebhookController::VoiceWebhookController(ServerContext& context, QObject* parent)
    : QObject(parent)
    , m_context(context)
    , m_restaurants(new RestaurantService(context.store, this))
{ }

VoiceWebhookController::~VoiceWebhookController() = default;

void VoiceWebhookController::setSecret(const QByteArray& secret)
{
    m_secret = secret;
}

QByteArray VoiceWebhookController::sign(const QByteArray& secret, const QByteArray& body, qint64 unixSeconds)
{
    const QByteArray timestamp = QByteArray::number(unixSeconds);
    const QByteArray mac =
        QMessageAuthenticationCode::hash(QByteArray(timestamp + '.' + body), secret, QCryptographicHash::Sha256)
            .toHex();
    return "t=" + timestamp + ",v1=" + mac;
}

VoiceWebhookController::Verdict VoiceWebhookController::verify(const QByteArray& secret,
                                                               const QByteArray& header,
                                                               const QByteArray& body,
                                                               qint64 nowUnixSeconds)
{
    if (header.trimmed().isEmpty()) {
        return Verdict::Missing;
    }
    QByteArray timestamp;
    QByteArrayList signatures; // several during a change of secret
    for (const QByteArray& part : header.split(',')) {
        const QByteArray field = part.trimmed();
        if (field.startsWith("t=")) {
            timestamp = field.mid(2);
        } else if (field.startsWith("v1=")) {
            signatures.append(field.mid(3));
        }
    }
    bool ok = false;
    const qint64 sentAt = timestamp.toLongLong(&ok);
    if (!ok || signatures.isEmpty()) {
        return Verdict::Wrong;
    }
    const QByteArray expected =
        QMessageAuthenticationCode::hash(QByteArray(timestamp + '.' + body), secret, QCryptographicHash::Sha256)
            .toHex();
    bool matched = false;
    for (const QByteArray& candidate : signatures) {
        if (candidate.size() != expected.size()) {
            continue;
        }
        // Constant time: every byte is compared whatever the first difference.
        unsigned char difference = 0;
        for (qsizetype i = 0; i < expected.size(); ++i) {
            difference |= static_cast<unsigned char>(expected.at(i) ^ candidate.at(i));
        }
        matched = matched || difference == 0;
    }
    if (!matched) {
        return Verdict::Wrong;
    }
    return std::abs(nowUnixSeconds - sentAt) > MAX_CLOCK_SKEW_SECONDS ? Verdict::Stale : Verdict::Valid;
}

void VoiceWebhookController::registerRoutes(RouteTable& routes)
{
    // POST /api/v1/webhooks/voice, signed (X-Maitre-Signature: t=…,v1=…):
    // {"message": {"type": "tool-calls", "toolCalls": [{"id", "type": "function",
    //   "function": {"name": "place_order", "arguments": {"customer_name", "phone",
    //   "items": [{"name", "quantity", "note"?}], "address"?: {"line1", "city", "postcode"},
    //   "notes"?}}}]}}   (arguments may also be a JSON string)
    // → 200 {"results": [{"toolCallId", "result": "<sentence to read to the caller>"}]}
    routes.add(
        QStringLiteral("/api/v1/webhooks/voice"),
        QHttpServerRequest::Method::Post,
        this,
        [this](const QHttpServerRequest& request, QHttpServerResponder& responder) { handle(request, responder); });
}

void VoiceWebhookController::handle(const QHttpServerRequest& request, QHttpServerResponder& responder)
{
    if (m_context.restaurantId == 0) {
        send(responder, ServerContext::notReady());
        return;
    }
    if (m_secret.isEmpty()) {
        send(responder,
             Problem::response(QHttpServerResponse::StatusCode::ServiceUnavailable,
                               tr("Voice ordering is not set up"),
                               tr("Voice ordering is not set up: set the voice webhook secret in the settings.")));
        return;
    }
    switch (verify(m_secret, request.value(SIGNATURE_HEADER), request.body(), QDateTime::currentSecsSinceEpoch())) {
    case Verdict::Valid:
        break;
    case Verdict::Missing:
        send(
            responder,
            Problem::response(
                QHttpServerResponse::StatusCode::Unauthorized,
                tr("Unauthorized"),
                tr("The request is not signed: the %1 header is missing.").arg(QString::fromLatin1(SIGNATURE_HEADER))));
        return;
    case Verdict::Wrong:
        send(responder,
             Problem::response(QHttpServerResponse::StatusCode::Unauthorized,
                               tr("Unauthorized"),
                               tr("The signature does not match the voice webhook secret.")));
        return;
    case Verdict::Stale:
        send(responder,
             Problem::response(QHttpServerResponse::StatusCode::Unauthorized,
                               tr("Unauthorized"),
                               tr("The signature's time is more than %1 minutes away from ours; the request may be a "
                                  "replay.")
                                   .arg(MAX_CLOCK_SKEW_SECONDS / 60)));
        return;
    }
    if (m_context.orders == nullptr) {
        send(responder, Problem::fromError(Error::unavailable(tr("Orders cannot be taken yet."))));
        return;
    }

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(request.body(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        send(responder, malformed(tr("The body must be a JSON object.")));
        return;
    }
    const QJsonValue messageValue = document.object().value(u"message");
    if (!messageValue.isObject()) {
        send(responder, malformed(tr("\"message\" must be an object.")));
        return;
    }
    const QJsonObject message = messageValue.toObject();
    if (message.value(u"type").toString() != u"tool-calls") {
        // Status updates and reports the service also posts here: nothing to do.
        send(responder, HttpJson::response(nlohmann::json::object()));
        return;
    }
    const QJsonValue list =
        message.contains(u"toolCalls") ? message.value(u"toolCalls") : message.value(u"toolCallList");
    if (!list.isArray()) {
        send(responder, malformed(tr("\"message.toolCalls\" must be a list.")));
        return;
    }
    const QJsonArray toolCalls = list.toArray();
    if (toolCalls.size() > MAX_TOOL_CALLS) {
        send(responder,
             Problem::fromError(Error::invalid(QStringLiteral("message.toolCalls"),
                                               tr("At most %1 tool calls at a time.").arg(MAX_TOOL_CALLS))));
        return;
    }

    auto exchange = std::make_shared<Exchange>(std::move(responder));
    bool placing = false;
    for (qsizetype i = 0; i < toolCalls.size(); ++i) {
        const QJsonObject call = toolCalls.at(i).toObject();
        Exchange::Call parsed;
        parsed.id = call.value(u"id").toString();
        if (parsed.id.isEmpty() || parsed.id.size() > MAX_TOOL_CALL_ID) {
            send(exchange->responder,
                 Problem::fromError(
                     Error::invalid(QStringLiteral("message.toolCalls[%1].id").arg(i),
                                    tr("Each tool call needs an id of at most %1 characters.").arg(MAX_TOOL_CALL_ID))));
            return;
        }
        // {"function": {"name", "arguments"}}, or name and arguments on the call itself.
        const QJsonObject function = call.value(u"function").isObject() ? call.value(u"function").toObject() : call;
        parsed.function = function.value(u"name").toString();
        const QJsonValue arguments = function.value(u"arguments");
        if (arguments.isObject()) {
            parsed.arguments = arguments.toObject();
        } else if (arguments.isString()) {
            const QJsonDocument inner = QJsonDocument::fromJson(arguments.toString().toUtf8());
            parsed.readable = inner.isObject();
            parsed.arguments = inner.object();
        } else {
            parsed.readable = arguments.isUndefined() || arguments.isNull();
        }
        if (parsed.function != PLACE_ORDER) {
            parsed.result =
                tr("There is no tool called \"%1\" here; use place_order to order food.").arg(spoken(parsed.function));
        } else if (!parsed.readable) {
            parsed.result = tr("The order details could not be read. Nothing has been ordered yet.");
        } else {
            placing = true;
        }
        exchange->calls.append(std::move(parsed));
    }
    if (!placing) {
        finish(exchange);
        return;
    }
    // The restaurant's time zone (pickup times are read in it), then the menu.
    auto* restaurant = new QFutureWatcher<Result<std::optional<Restaurant>>>(this);
    connect(restaurant, &QFutureWatcherBase::finished, this, [this, restaurant, exchange] {
        restaurant->deleteLater();
        const auto found = restaurant->result();
        if (!found) {
            send(exchange->responder, Problem::fromError(found.error()));
            return;
        }
        if (*found && (*found)->id == m_context.restaurantId) {
            const QTimeZone zone((*found)->timezone.toUtf8());
            if (zone.isValid()) {
                exchange->zone = zone;
            }
        }
        auto* menu = new QFutureWatcher<Result<Menu>>(this);
        connect(menu, &QFutureWatcherBase::finished, this, [this, menu, exchange] {
            menu->deleteLater();
            placeOrders(exchange, menu->result());
        });
        menu->setFuture(m_context.menu.menu(m_context.restaurantId));
    });
    restaurant->setFuture(m_restaurants->current());
}

void VoiceWebhookController::placeOrders(const std::shared_ptr<Exchange>& exchange, const Result<Menu>& menu)
{
    if (!menu) {
        send(exchange->responder, Problem::fromError(menu.error()));
        return;
    }
    if (m_context.orders == nullptr) {
        send(exchange->responder, Problem::fromError(Error::unavailable(tr("Orders cannot be taken yet."))));
        return;
    }
    exchange->currency = menu->currency;
    const MenuMatcher matcher(*menu);
    for (qsizetype index = 0; index < exchange->calls.size(); ++index) {
        Exchange::Call& call = exchange->calls[index];
        if (call.function != PLACE_ORDER || !call.readable) {
            continue;
        }
        const QJsonObject& arguments = call.arguments;
        OrderRequest request;
        request.source = QStringLiteral("voice");
        request.paymentMethod = QStringLiteral("counter"); // at the counter, or to the driver
        request.customerName = text(arguments.value(u"customer_name")).trimmed();
        request.customerPhone = text(arguments.value(u"phone")).trimmed();
        const QJsonValue address = arguments.value(u"address");
        if (address.isObject() && !address.toObject().isEmpty()) {
            const QJsonObject a = address.toObject();
            request.address = DeliveryAddress{text(a.value(u"line1")).trimmed(),
                                              text(a.value(u"city")).trimmed(),
                                              text(a.value(u"postcode")).trimmed(),
                                              std::nullopt,
                                              std::nullopt};
        } else if (address.isString() && !address.toString().trimmed().isEmpty()) {
            request.address = DeliveryAddress{address.toString().trimmed(), {}, {}, std::nullopt, std::nullopt};
        }
        // A voice order for pickup is kind "voice"; one with an address goes out as a delivery.
        request.kind = request.address ? QStringLiteral("delivery") : QStringLiteral("voice");

        QStringList problems;
        const QJsonArray items = arguments.value(u"items").toArray();
        for (const QJsonValue& value : items) {
            const QJsonObject item = value.toObject();
            const QString said = spoken(text(item.value(u"name")));
            const MenuMatcher::Match match = matcher.match(said);
            if (const QString problem = itemProblem(said, match); !problem.isEmpty()) {
                problems.append(problem);
                continue;
            }
            OrderRequest::Line line;
            line.menuItemId = match.item.id;
            // Agents sometimes send numbers as text ("2"); anything else fails validation by name.
            const QJsonValue quantity = item.value(u"quantity");
            line.quantity = quantity.isUndefined() || quantity.isNull() ? 1
                : quantity.isString()                                   ? quantity.toString().trimmed().toInt()
                                                                        : quantity.toInt(0);
            line.note = text(item.value(u"note")).trimmed();
            request.items.append(line);
        }
        if (!problems.isEmpty()) {
            problems.append(tr("Nothing has been ordered yet."));
            call.result = problems.join(u' ');
            continue;
        }
        // The order's own notes ride on its first line, where the kitchen sees them.
        const QString notes = text(arguments.value(u"notes")).trimmed();
        if (!notes.isEmpty() && !request.items.isEmpty()) {
            QString& note = request.items.first().note;
            note = (note.isEmpty() ? notes : note + QStringLiteral(" — ") + notes).left(OrderService::MAX_NOTE_LENGTH);
        }
        // The tool call id is the idempotency key: a retried webhook finds the first order.
        request.idempotencyKey = QStringLiteral("voice:") + call.id;
        request.fingerprint = QCryptographicHash::hash(QJsonDocument(arguments).toJson(QJsonDocument::Compact),
                                                       QCryptographicHash::Sha256);

        ++exchange->pending;
        auto* watcher = new QFutureWatcher<Result<Order>>(this);
        connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, exchange, index] {
            watcher->deleteLater();
            const Result<Order> order = watcher->result();
            Exchange::Call& done = exchange->calls[index];
            if (order) {
                done.result = confirmation(*order, exchange->currency, exchange->zone);
            } else if (order.error().kind == Error::Kind::Unavailable || order.error().kind == Error::Kind::Internal) {
                done.failure = order.error();
            } else if (order.error().field == u"Idempotency-Key") {
                done.result = tr("This tool call id was already used for a different order. Nothing new has been "
                                 "ordered.");
            } else {
                done.result = tr("Sorry, the order could not be placed: %1 Nothing has been ordered yet.")
                                  .arg(order.error().message);
            }
            if (--exchange->pending == 0) {
                finish(exchange);
            }
        });
        watcher->setFuture(m_context.orders->create(m_context.restaurantId, request));
    }
    if (exchange->pending == 0) {
        finish(exchange);
    }
}

void VoiceWebhookController::finish(const std::shared_ptr<Exchange>& exchange)
{
    // Nothing was written for a call that failed this way, and the others are
    // idempotent: the service may retry the whole request.
    for (const Exchange::Call& call : exchange->calls) {
        if (call.failure) {
            send(exchange->responder, Problem::fromError(*call.failure));
            return;
        }
    }
    nlohmann::json results = nlohmann::json::array();
    for (const Exchange::Call& call : exchange->calls) {
        results.push_back({{"toolCallId", call.id.toStdString()}, {"result", call.result.toStdString()}});
    }
    send(exchange->responder, HttpJson::response({{"results", results}}));
}
