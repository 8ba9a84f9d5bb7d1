#include "settingsservice.h"
#include "store/store.h"
#include "testdatabase.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

// Restaurant-wide settings on a real database: defaults, a round trip that
// keeps other code's keys, validation that saves nothing, the permission
// check, and the audit line and event a save leaves.
class TestSettingsService final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void loadsDefaults();
    void saveRoundTrip();
    void unchangedSaveWritesNothing();
    void invalidFieldIsRejectedAndNothingSaved_data();
    void invalidFieldIsRejectedAndNothingSaved();
    void hostIsRefused();
    void unknownRestaurant();

private:
    // The restaurants row, the audit log and the events, as text: equal when nothing changed.
    QString stored();
    Actor staff(const QString& name, Role role);
    RestaurantSettings current();

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<SettingsService> m_settings;
    qint64 m_restaurant = 0;
};

void TestSettingsService::init()
{
    m_db = std::make_unique<TestDatabase>();
    QVERIFY(m_db->migrate(true).isEmpty());
    m_restaurant = m_db->scalar(QStringLiteral("SELECT id FROM restaurants")).toLongLong();
    m_store = std::make_unique<Store>(m_db->settings(), 2);
    m_settings = std::make_unique<SettingsService>(*m_store);
}

void TestSettingsService::cleanup()
{
    m_settings.reset();
    m_store.reset();
    m_db.reset();
}

QString TestSettingsService::stored()
{
    return m_db
        ->scalar(QStringLiteral("SELECT (SELECT row_to_json(r)::text FROM restaurants r WHERE id = ?)"
                                " || (SELECT count(*) FROM audit_log) || '/' || (SELECT count(*) FROM events)"),
                 {m_restaurant})
        .toString();
}

Actor TestSettingsService::staff(const QString& name, Role role)
{
    const qint64 id = m_db->scalar(QStringLiteral("INSERT INTO staff (restaurant_id, name, role, pin_hash)"
                                                  " VALUES (?, ?, ?, '$argon2id$test') RETURNING id"),
                                   {m_restaurant, name, Roles::toString(role)})
                          .toLongLong();
    return Actor::staff(id, name, role);
}

RestaurantSettings TestSettingsService::current()
{
    const auto loaded = awaitFuture(m_settings->settings(m_restaurant));
    if (!loaded) {
        qWarning() << loaded.error().message;
        return {};
    }
    return *loaded;
}

void TestSettingsService::loadsDefaults()
{
    // The demo restaurant's own values, defaults for the rest.
    const RestaurantSettings demo = current();
    QCOMPARE(demo.name, QStringLiteral("Trattoria Demo"));
    QCOMPARE(demo.timezone, QStringLiteral("Europe/Madrid"));
    QCOMPARE(demo.currency, QStringLiteral("EUR"));
    QCOMPARE(demo.deliveryFeeCents, 350);
    QCOMPARE(demo.taxRateBasisPoints, 1000);
    QCOMPARE(demo.holdMinutes, RestaurantSettings().holdMinutes);
    QVERIFY(demo.validate());

    // A restaurant with an empty settings object: every default.
    const qint64 plain = m_db->scalar(QStringLiteral("INSERT INTO restaurants (slug, name) VALUES ('plain', 'Plain')"
                                                     " RETURNING id"))
                             .toLongLong();
    const auto loaded = awaitFuture(m_settings->settings(plain));
    QVERIFY(loaded);
    RestaurantSettings expected;
    expected.name = QStringLiteral("Plain");
    QVERIFY(*loaded == expected);
    QVERIFY(loaded->openingHours.isEmpty());
}

void TestSettingsService::saveRoundTrip()
{
    // A key some other part of Maitre keeps in the same JSON.
    QVERIFY(m_db->exec(QStringLiteral("UPDATE restaurants SET settings = settings || '{\"printer_note\": \"keep\"}'")));
    const Actor manager = staff(QStringLiteral("Marco"), Role::Manager);

    RestaurantSettings s = current();
    s.name = QStringLiteral("Trattoria Nuova");
    s.timezone = QStringLiteral("America/New_York");
    s.currency = QStringLiteral("USD");
    s.openingHours = {
        {1, QTime(12, 0), QTime(23, 0)}, {5, QTime(18, 0), QTime(2, 0)}, {7, QTime(11, 30), QTime(15, 0)}};
    s.holdMinutes = 15;
    s.defaultTurnMinutesSmall = 40;
    s.defaultTurnMinutesMedium = 70;
    s.defaultTurnMinutesLarge = 100;
    s.taxRateBasisPoints = 825;
    s.deliveryFeeCents = 499;
    s.deliveryRadiusMeters = 8000;
    s.paymentProvider = QStringLiteral("stripe");
    s.geocoder = QStringLiteral("nominatim");
    s.nominatimUrl = QStringLiteral("http://geo.local:8080");
    s.llmBaseUrl = QStringLiteral("http://localhost:11434/v1");
    s.llmModel = QStringLiteral("llama3.2");
    s.tileServerUrl = QStringLiteral("https://tiles.example.org/{z}/{x}/{y}.png");
    s.coversPerServer = 25;
    s.llmEnabled = true;
    s.assistantName = QStringLiteral("Luca");
    s.assistantTone = QStringLiteral("playful");
    s.assistantGreeting = QStringLiteral("Ciao! What can I get you?");

    const auto saved = awaitFuture(m_settings->save(m_restaurant, manager, s));
    QVERIFY2(saved, saved ? "" : qPrintable(saved.error().message));
    QVERIFY(*saved == s);
    const RestaurantSettings reloaded = current();
    QVERIFY(reloaded == s);
    QCOMPARE(reloaded.openingHours.size(), 3);
    QCOMPARE(reloaded.openingHours.at(1).closes, QTime(2, 0));

    // Columns and the keys other code reads by name.
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT name FROM restaurants WHERE id = ?"), {m_restaurant}).toString(),
             QStringLiteral("Trattoria Nuova"));
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT timezone FROM restaurants WHERE id = ?"), {m_restaurant}).toString(),
             QStringLiteral("America/New_York"));
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT (settings->>'hold_minutes')::int FROM restaurants")).toInt(), 15);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT settings->>'currency' FROM restaurants")).toString(),
             QStringLiteral("USD"));
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT (settings->>'tax_rate_bp')::int FROM restaurants")).toInt(), 825);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT (settings->>'delivery_fee_cents')::int FROM restaurants")).toInt(),
             499);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT settings->>'printer_note' FROM restaurants")).toString(),
             QStringLiteral("keep"));

    // One audit line naming who changed what, with old and new values.
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'settings.changed'")).toInt(),
             1);
    QCOMPARE(
        m_db->scalar(QStringLiteral("SELECT staff_id FROM audit_log WHERE action = 'settings.changed'")).toLongLong(),
        manager.staffId());
    const QJsonObject details =
        QJsonDocument::fromJson(
            m_db->scalar(QStringLiteral("SELECT details::text FROM audit_log WHERE action = 'settings.changed'"))
                .toString()
                .toUtf8())
            .object();
    const QJsonArray fields = details.value(QStringLiteral("fields")).toArray();
    for (const char* field : {"name", "timezone", "currency", "hold_minutes", "tax_rate_bp", "opening_hours"}) {
        QVERIFY2(fields.contains(QLatin1String(field)), field);
    }
    const QJsonObject tax =
        details.value(QStringLiteral("changes")).toObject().value(QStringLiteral("tax_rate_bp")).toObject();
    QCOMPARE(tax.value(QStringLiteral("old")).toInt(), 1000);
    QCOMPARE(tax.value(QStringLiteral("new")).toInt(), 825);

    // And the event every console and the diner server reload on.
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT count(*) FROM events WHERE type = 'restaurant.updated'")).toInt(), 1);
    const QJsonObject payload =
        QJsonDocument::fromJson(
            m_db->scalar(QStringLiteral("SELECT payload::text FROM events WHERE type = 'restaurant.updated'"))
                .toString()
                .toUtf8())
            .object();
    QVERIFY(payload.value(QStringLiteral("fields")).toArray().contains(QStringLiteral("timezone")));
}

void TestSettingsService::unchangedSaveWritesNothing()
{
    const QString before = stored();
    const auto saved = awaitFuture(m_settings->save(m_restaurant, Actor::system(), current()));
    QVERIFY(saved);
    QCOMPARE(stored(), before);
}

void TestSettingsService::invalidFieldIsRejectedAndNothingSaved_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<std::function<void(RestaurantSettings&)>>("spoil");

    using S = RestaurantSettings;
    const auto row = [](const char* name, const char* field, std::function<void(S&)> spoil) {
        QTest::newRow(name) << QString::fromLatin1(field) << spoil;
    };
    row("empty name", "name", [](S& s) { s.name = QStringLiteral("   "); });
    row("long name", "name", [](S& s) { s.name = QString(201, u'x'); });
    row("unknown time zone", "timezone", [](S& s) { s.timezone = QStringLiteral("Mars/Olympus_Mons"); });
    row("empty time zone", "timezone", [](S& s) { s.timezone.clear(); });
    row("lower-case currency", "currency", [](S& s) { s.currency = QStringLiteral("eur"); });
    row("long currency", "currency", [](S& s) { s.currency = QStringLiteral("EURO"); });
    row("day twice", "opening_hours", [](S& s) {
        s.openingHours = {{2, QTime(12, 0), QTime(15, 0)}, {2, QTime(19, 0), QTime(23, 0)}};
    });
    row("day eight", "opening_hours", [](S& s) { s.openingHours = {{8, QTime(12, 0), QTime(15, 0)}}; });
    row("invalid time", "opening_hours", [](S& s) { s.openingHours = {{3, QTime(), QTime(15, 0)}}; });
    row("opens when it closes", "opening_hours", [](S& s) { s.openingHours = {{3, QTime(9, 0), QTime(9, 0)}}; });
    row("no hold", "hold_minutes", [](S& s) { s.holdMinutes = 0; });
    row("long hold", "hold_minutes", [](S& s) { s.holdMinutes = 121; });
    row("short turn", "default_turn_minutes_small", [](S& s) { s.defaultTurnMinutesSmall = 9; });
    row("long turn", "default_turn_minutes_medium", [](S& s) { s.defaultTurnMinutesMedium = 481; });
    row("large turn", "default_turn_minutes_large", [](S& s) { s.defaultTurnMinutesLarge = 0; });
    row("negative tax", "tax_rate_bp", [](S& s) { s.taxRateBasisPoints = -1; });
    row("high tax", "tax_rate_bp", [](S& s) { s.taxRateBasisPoints = 5001; });
    row("negative fee", "delivery_fee_cents", [](S& s) { s.deliveryFeeCents = -5; });
    row("high fee", "delivery_fee_cents", [](S& s) { s.deliveryFeeCents = 10001; });
    row("small radius", "delivery_radius_m", [](S& s) { s.deliveryRadiusMeters = 99; });
    row("big radius", "delivery_radius_m", [](S& s) { s.deliveryRadiusMeters = 50001; });
    row("payment provider", "payment_provider", [](S& s) { s.paymentProvider = QStringLiteral("paypal"); });
    row("geocoder", "geocoder", [](S& s) { s.geocoder = QStringLiteral("google"); });
    row("nominatim not a url", "nominatim_url", [](S& s) { s.nominatimUrl = QStringLiteral("geo.local"); });
    row("nominatim needed", "nominatim_url", [](S& s) {
        s.geocoder = QStringLiteral("nominatim");
        s.nominatimUrl.clear();
    });
    row("password in a url", "llm_base_url", [](S& s) {
        s.llmBaseUrl = QStringLiteral("https://me:sk-secret@llm.local/v1");
    });
    row("llm ftp", "llm_base_url", [](S& s) { s.llmBaseUrl = QStringLiteral("ftp://models.local/"); });
    row("tiles without host", "tile_server_url", [](S& s) { s.tileServerUrl = QStringLiteral("https://"); });
    row("tiles with a space", "tile_server_url", [](S& s) {
        s.tileServerUrl = QStringLiteral("https://tiles local/");
    });
    row("long model", "llm_model", [](S& s) { s.llmModel = QString(201, u'm'); });
    row("no covers", "covers_per_server", [](S& s) { s.coversPerServer = 0; });
    row("many covers", "covers_per_server", [](S& s) { s.coversPerServer = 201; });
    row("model on without a url", "llm_base_url", [](S& s) {
        s.llmEnabled = true;
        s.llmBaseUrl.clear();
        s.llmModel = QStringLiteral("llama3.2");
    });
    row("model on without a name", "llm_model", [](S& s) {
        s.llmEnabled = true;
        s.llmBaseUrl = QStringLiteral("http://localhost:11434/v1");
        s.llmModel.clear();
    });
    row("assistant without a name", "assistant_name", [](S& s) { s.assistantName = QStringLiteral("  "); });
    row("assistant tone", "assistant_tone", [](S& s) { s.assistantTone = QStringLiteral("grumpy"); });
    row("long greeting", "assistant_greeting", [](S& s) { s.assistantGreeting = QString(301, u'g'); });
}

void TestSettingsService::invalidFieldIsRejectedAndNothingSaved()
{
    QFETCH(QString, field);
    QFETCH(std::function<void(RestaurantSettings&)>, spoil);
    RestaurantSettings s = current();
    s.holdMinutes = 20; // a good change alongside the bad one
    spoil(s);

    const VoidResult valid = s.validate();
    QVERIFY(!valid);
    QCOMPARE(valid.error().kind, Error::Kind::Invalid);
    QCOMPARE(valid.error().field, field);
    QVERIFY(!valid.error().message.isEmpty());

    const QString before = stored();
    const auto saved = awaitFuture(m_settings->save(m_restaurant, Actor::system(), s));
    QVERIFY(!saved);
    QCOMPARE(saved.error().kind, Error::Kind::Invalid);
    QCOMPARE(saved.error().field, field);
    QCOMPARE(stored(), before);
}

void TestSettingsService::hostIsRefused()
{
    for (const Actor& actor : {staff(QStringLiteral("Hana"), Role::Host),
                               staff(QStringLiteral("Kenji"), Role::Kitchen),
                               Actor::kitchenDisplay(),
                               Actor::nobody()}) {
        RestaurantSettings s = current();
        s.name = QStringLiteral("Taken over");
        const QString before = stored();
        const auto saved = awaitFuture(m_settings->save(m_restaurant, actor, s));
        QVERIFY(!saved);
        QCOMPARE(saved.error().kind, Error::Kind::Forbidden);
        QVERIFY(!saved.error().message.isEmpty());
        QCOMPARE(stored(), before);
    }
    QCOMPARE(current().name, QStringLiteral("Trattoria Demo"));
    // The owner may.
    RestaurantSettings s = current();
    s.name = QStringLiteral("Owned");
    QVERIFY(awaitFuture(m_settings->save(m_restaurant, staff(QStringLiteral("Olivia"), Role::Owner), s)));
    QCOMPARE(current().name, QStringLiteral("Owned"));
}

void TestSettingsService::unknownRestaurant()
{
    const auto loaded = awaitFuture(m_settings->settings(m_restaurant + 100));
    QVERIFY(!loaded);
    QCOMPARE(loaded.error().kind, Error::Kind::NotFound);
    RestaurantSettings s = current();
    const auto saved = awaitFuture(m_settings->save(m_restaurant + 100, Actor::system(), s));
    QVERIFY(!saved);
    QCOMPARE(saved.error().kind, Error::Kind::NotFound);
}

QTEST_GUILESS_MAIN(TestSettingsService)
#include "tst_settingsservice.moc"
