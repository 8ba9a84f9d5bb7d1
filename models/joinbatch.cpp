#include "joinbatch.h"

#include "queuesnapshot.h"
#include "store/eventlog.h"
#include "store/sql.h"
#include "tokengenerator.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <optional>

namespace
{

// Rows travel as one JSON parameter, so each statement is the same whatever the batch size.
QString jsonText(const QJsonArray& rows)
{
    return QString::fromUtf8(QJsonDocument(rows).toJson(QJsonDocument::Compact));
}

QJsonValue nullable(const QString& text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

// A code to read aloud that no active party has; longer once short ones get crowded.
QString freshCode(QSet<QString>& used)
{
    for (int attempt = 0;; ++attempt) {
        const int length = used.size() < 2000 && attempt < 10 ? 4 : (attempt < 30 ? 5 : 6);
        QString code = TokenGenerator::code(length);
        if (!used.contains(code)) {
            used.insert(code);
            return code;
        }
    }
}

struct Fresh
{
    size_t request = 0;
    Party party;
};

} // namespace

Result<std::vector<Result<Party>>> JoinBatch::write(QSqlDatabase& db,
                                                    qint64 restaurantId,
                                                    const std::vector<JoinRequest>& requests,
                                                    const WaitEstimator& estimator)
{
    const size_t count = requests.size();
    std::vector<std::optional<Result<Party>>> answers(count);

    // Joins to one restaurant take turns here (this process's batches and any
    // other console's), so each sees the ones before it and positions stay unique.
    auto locked = Sql::exec(db, QStringLiteral("SELECT id FROM restaurants WHERE id = ? FOR UPDATE"), {restaurantId});
    if (!locked) {
        return unexpected(locked.error());
    }
    if (!locked->next()) {
        return unexpected(Error::notFound(QCoreApplication::translate("QueueService", "No such restaurant.")));
    }

    // Retries: keys already used, read in one query.
    QJsonArray keys;
    QJsonArray menuIds;
    for (const JoinRequest& request : requests) {
        if (!request.idempotencyKey.isEmpty()) {
            keys.append(request.idempotencyKey);
        }
        for (const JoinRequest::Item& item : request.items) {
            menuIds.append(item.menuItemId);
        }
    }
    QHash<QString, std::pair<qint64, QString>> earlier; // key → (party, fingerprint)
    if (!keys.isEmpty()) {
        auto used = Sql::exec(db,
                              QStringLiteral("SELECT idempotency_key, id, coalesce(idempotency_hash, '') FROM parties"
                                             " WHERE restaurant_id = ? AND idempotency_key IN"
                                             " (SELECT jsonb_array_elements_text(?::jsonb))"),
                              {restaurantId, jsonText(keys)});
        if (!used) {
            return unexpected(used.error());
        }
        while (used->next()) {
            earlier.insert(used->value(0).toString(), {used->value(1).toLongLong(), used->value(2).toString()});
        }
    }

    // Server-side prices: whatever a client thinks a dish costs is ignored.
    QHash<qint64, PreorderLine> dishes;
    QSet<qint64> unavailable;
    if (!menuIds.isEmpty()) {
        auto menu = Sql::exec(db,
                              QStringLiteral("SELECT id, name, price_cents, prep_minutes, available FROM menu_items"
                                             " WHERE restaurant_id = ? AND id IN"
                                             " (SELECT (jsonb_array_elements_text(?::jsonb))::bigint)"),
                              {restaurantId, jsonText(menuIds)});
        if (!menu) {
            return unexpected(menu.error());
        }
        while (menu->next()) {
            const qint64 id = menu->value(0).toLongLong();
            dishes.insert(id, {id, menu->value(1).toString(), 0, {}, menu->value(2).toInt(), menu->value(3).toInt()});
            if (!menu->value(4).toBool()) {
                unavailable.insert(id);
            }
        }
    }

    // Only the new parties' quotes are needed (the others' are not answered here).
    auto snapshot = QueueSnapshot::load(db, restaurantId, estimator, QueueSnapshot::Quotes::Nobody);
    if (!snapshot) {
        return unexpected(snapshot.error());
    }
    QSet<QString> codes;
    qsizetype active = 0;
    for (const Party& p : snapshot->parties) {
        if (p.isActive()) {
            codes.insert(p.code);
            ++active;
        }
    }

    std::vector<Fresh> fresh;
    QHash<QString, size_t> keyInBatch; // key → the request in this batch that writes it
    std::vector<std::optional<size_t>> sameAs(count);
    std::vector<qint64> replayed(count, 0);
    for (size_t i = 0; i < count; ++i) {
        const JoinRequest& request = requests[i];
        const QString& key = request.idempotencyKey;
        if (!key.isEmpty()) {
            const auto first = earlier.constFind(key);
            const auto inBatch = keyInBatch.constFind(key);
            const bool reused = first != earlier.cend() || inBatch != keyInBatch.cend();
            const QString& fingerprint = first != earlier.cend()
                ? first->second
                : (inBatch != keyInBatch.cend() ? requests[*inBatch].fingerprint : QString());
            if (reused && fingerprint != request.fingerprint) {
                answers[i] = unexpected(Error::invalid(
                    QStringLiteral("Idempotency-Key"),
                    QCoreApplication::translate("QueueService",
                                                "This Idempotency-Key was already used for a different request.")));
                continue;
            }
            if (first != earlier.cend()) {
                replayed[i] = first->first;
                continue;
            }
            if (inBatch != keyInBatch.cend()) {
                sameAs[i] = *inBatch;
                continue;
            }
        }

        QList<PreorderLine> lines;
        std::optional<Error> refused;
        for (qsizetype k = 0; k < request.items.size() && !refused; ++k) {
            const JoinRequest::Item& item = request.items.at(k);
            const QString field = QStringLiteral("items[%1].menu_item_id").arg(k);
            if (!dishes.contains(item.menuItemId)) {
                refused = Error::invalid(field,
                                         QCoreApplication::translate("QueueService", "There is no dish %1 on the menu.")
                                             .arg(item.menuItemId));
            } else if (unavailable.contains(item.menuItemId)) {
                refused = Error::invalid(field,
                                         QCoreApplication::translate("QueueService", "%1 is not available right now.")
                                             .arg(dishes.value(item.menuItemId).name));
            } else {
                PreorderLine line = dishes.value(item.menuItemId);
                line.quantity = item.quantity;
                line.note = item.note.trimmed();
                lines.append(line);
            }
        }
        const WaitQuote quote = refused ? WaitQuote{} : snapshot->quoteForNewParty(request.partySize, estimator);
        // A host can combine tables for a party no single table fits; the
        // online queue cannot promise that.
        if (!refused && !quote.canSeat && request.source != u"host") {
            refused = Error::invalid(
                QStringLiteral("party_size"),
                QCoreApplication::translate(
                    "QueueService", "We cannot seat a party of %1 from the online queue. Please ask at the door.")
                    .arg(request.partySize));
        }
        if (refused) {
            answers[i] = unexpected(*refused);
            continue;
        }
        if (!key.isEmpty()) {
            keyInBatch.insert(key, i);
        }

        Party party;
        party.restaurantId = restaurantId;
        party.name = request.name.trimmed();
        party.size = request.partySize;
        party.phone = request.phone.trimmed();
        party.notes = request.notes.trimmed();
        party.source = request.source;
        party.status = PartyStatus::Waiting;
        party.token = TokenGenerator::token();
        party.code = freshCode(codes);
        party.joinedAt = snapshot->now; // now() is the transaction's start, as in the row's default
        party.quotedMinutes = quote.minutes;
        party.holdMinutes = snapshot->holdMinutes;
        party.position = quote.partiesAhead + 1;
        party.quote = quote;
        if (!lines.isEmpty()) {
            Preorder preorder;
            preorder.lines = lines;
            // Fire so the food is ready as the party sits down.
            preorder.fireAt =
                std::max(snapshot->now, snapshot->now.addSecs(60LL * (quote.minutes - preorder.longestPrepMinutes())));
            party.preorder = preorder;
        }
        // The next request in this batch queues behind this one.
        snapshot->parties.insert(active++, party);
        fresh.push_back({i, party});
    }

    if (!fresh.empty()) {
        QJsonArray rows;
        for (const Fresh& f : fresh) {
            const Party& p = f.party;
            const JoinRequest& request = requests[f.request];
            rows.append(QJsonObject{{QStringLiteral("i"), qint64(rows.size())},
                                    {QStringLiteral("name"), p.name},
                                    {QStringLiteral("size"), p.size},
                                    {QStringLiteral("phone"), nullable(p.phone)},
                                    {QStringLiteral("notes"), p.notes},
                                    {QStringLiteral("source"), p.source},
                                    {QStringLiteral("token"), p.token},
                                    {QStringLiteral("code"), p.code},
                                    {QStringLiteral("quoted"), p.quote.minutes},
                                    {QStringLiteral("low"), p.quote.low},
                                    {QStringLiteral("high"), p.quote.high},
                                    {QStringLiteral("key"), nullable(request.idempotencyKey)},
                                    {QStringLiteral("hash"), nullable(request.fingerprint)}});
        }
        auto inserted = Sql::exec(
            db,
            QStringLiteral("INSERT INTO parties (restaurant_id, name, size, phone, notes, source, token, code,"
                           " quoted_wait_minutes, quote_low_minutes, quote_high_minutes, idempotency_key,"
                           " idempotency_hash)"
                           " SELECT ?, x.name, x.size, x.phone, x.notes, x.source, x.token, x.code, x.quoted, x.low,"
                           " x.high, x.key, x.hash FROM jsonb_to_recordset(?::jsonb) AS x(i int, name text, size int,"
                           " phone text, notes text, source text, token text, code text, quoted int, low int,"
                           " high int, key text, hash text) ORDER BY x.i RETURNING id, token"),
            {restaurantId, jsonText(rows)});
        if (!inserted) {
            return unexpected(inserted.error());
        }
        QHash<QString, qint64> ids;
        while (inserted->next()) {
            ids.insert(inserted->value(1).toString(), inserted->value(0).toLongLong());
        }
        for (Fresh& f : fresh) {
            f.party.id = ids.value(f.party.token);
            if (f.party.id == 0) {
                return unexpected(Error::internal(QStringLiteral("a joined party was not written")));
            }
        }

        QJsonArray quotes;
        QList<EventLog::Entry> events;
        for (Fresh& f : fresh) {
            Party& p = f.party;
            quotes.append(QJsonObject{{QStringLiteral("party"), p.id},
                                      {QStringLiteral("size"), p.size},
                                      {QStringLiteral("ahead"), p.quote.partiesAhead},
                                      {QStringLiteral("quoted"), p.quote.minutes},
                                      {QStringLiteral("low"), p.quote.low},
                                      {QStringLiteral("high"), p.quote.high}});
            if (p.preorder) {
                Preorder& preorder = *p.preorder;
                const int subtotal = preorder.subtotalCents();
                auto order =
                    Sql::exec(db,
                              QStringLiteral("INSERT INTO orders (restaurant_id, party_id, kind, status, token, code,"
                                             " customer_name, customer_phone, subtotal_cents, total_cents, fire_at)"
                                             " VALUES (?, ?, 'preorder', 'held', ?, ?, ?, ?, ?, ?, ?) RETURNING id"),
                              {restaurantId,
                               p.id,
                               TokenGenerator::token(),
                               p.code,
                               p.name,
                               p.phone.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(p.phone),
                               subtotal,
                               subtotal,
                               preorder.fireAt});
                if (!order || !order->next()) {
                    return unexpected(order ? Error::internal(QStringLiteral("pre-order not created")) : order.error());
                }
                preorder.orderId = order->value(0).toLongLong();
                QJsonArray items;
                for (const PreorderLine& line : preorder.lines) {
                    items.append(QJsonObject{{QStringLiteral("i"), qint64(items.size())},
                                             {QStringLiteral("item"), line.menuItemId},
                                             {QStringLiteral("name"), line.name},
                                             {QStringLiteral("quantity"), line.quantity},
                                             {QStringLiteral("price"), line.unitPriceCents},
                                             {QStringLiteral("note"), line.note}});
                }
                if (auto written = Sql::exec(
                        db,
                        QStringLiteral("INSERT INTO order_items (restaurant_id, order_id, menu_item_id, name, quantity,"
                                       " unit_price_cents, note) SELECT ?, ?, x.item, x.name, x.quantity, x.price,"
                                       " x.note FROM jsonb_to_recordset(?::jsonb) AS x(i int, item bigint, name text,"
                                       " quantity int, price int, note text) ORDER BY x.i"),
                        {restaurantId, preorder.orderId, jsonText(items)});
                    !written) {
                    return unexpected(written.error());
                }
                events.append({QStringLiteral("order.held"),
                               {{QStringLiteral("order_id"), preorder.orderId},
                                {QStringLiteral("party_id"), p.id},
                                {QStringLiteral("kind"), QStringLiteral("preorder")},
                                {QStringLiteral("subtotal_cents"), subtotal},
                                {QStringLiteral("fire_at"), preorder.fireAt.toString(Qt::ISODateWithMs)}}});
            }
            events.append({QStringLiteral("party.joined"),
                           {{QStringLiteral("party_id"), p.id},
                            {QStringLiteral("size"), p.size},
                            {QStringLiteral("quoted_minutes"), p.quote.minutes},
                            {QStringLiteral("parties_ahead"), p.quote.partiesAhead},
                            {QStringLiteral("source"), p.source},
                            {QStringLiteral("preorder"), p.preorder.has_value()}}});
            answers[f.request] = p;
        }
        if (auto recorded = Sql::exec(
                db,
                QStringLiteral("INSERT INTO wait_quotes (restaurant_id, party_id, party_size, parties_ahead,"
                               " quoted_minutes, low_minutes, high_minutes) SELECT ?, x.party, x.size, x.ahead,"
                               " x.quoted, x.low, x.high FROM jsonb_to_recordset(?::jsonb) AS x(party bigint,"
                               " size int, ahead int, quoted int, low int, high int)"),
                {restaurantId, jsonText(quotes)});
            !recorded) {
            return unexpected(recorded.error());
        }
        if (auto appended = EventLog::appendAll(db, restaurantId, events); !appended) {
            return unexpected(appended.error());
        }
    }

    std::vector<Result<Party>> results;
    results.reserve(count);
    for (size_t i = 0; i < count; ++i) {
        if (replayed[i] != 0) {
            // A retry of a committed join: the same party, as it is now.
            auto party = QueueSnapshot::loadCurrent(db, restaurantId, replayed[i]);
            if (!party && party.error().kind != Error::Kind::NotFound) {
                return unexpected(party.error());
            }
            results.push_back(std::move(party));
        } else if (sameAs[i]) {
            results.push_back(*answers[*sameAs[i]]);
        } else {
            results.push_back(*answers[i]);
        }
    }
    return results;
}
