#include "menucsvimporter.h"
#include "menuservice.h"
#include "store/store.h"
#include "tableservice.h"
#include "testdatabase.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

// Editing the menu and the tables on a real database: validation before any
// write, permissions, audit lines and events, and the all-or-nothing import.
class TestMenuEditing final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void createAndUpdateItem();
    void eightySixAndRestore();
    void removeItem();
    void categories();
    void invalidItemIsRejected_data();
    void invalidItemIsRejected();
    void onlyMenuEditorsMayEdit();
    void importAddsAndUpdates();
    void importIsAllOrNothing();
    void importFromCsv();
    void addTablesForFirstRun();
    void editTables();
    void removeTableRules();
    void onlySettingsEditorsMayChangeTables();

private:
    Actor staff(const QString& name, Role role);
    qint64 itemId(const QString& name);
    qint64 categoryId(const QString& name);
    qint64 tableId(const QString& label);
    int count(const QString& sql, const QVariantList& bindings = {});
    QJsonObject lastAudit(const QString& action);
    // Every menu row, the audit log and events, as text: equal when nothing changed.
    QString menuState();
    QString tableState();
    // An order with one line of `itemId`.
    void order(qint64 menuItemId);

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<MenuService> m_menu;
    std::unique_ptr<TableService> m_tables;
    qint64 m_restaurant = 0;
    std::optional<Actor> m_manager;
};

void TestMenuEditing::init()
{
    m_db = std::make_unique<TestDatabase>();
    QVERIFY(m_db->migrate(true).isEmpty());
    m_restaurant = m_db->scalar(QStringLiteral("SELECT id FROM restaurants")).toLongLong();
    m_store = std::make_unique<Store>(m_db->settings(), 2);
    m_menu = std::make_unique<MenuService>(*m_store);
    m_tables = std::make_unique<TableService>(*m_store);
    m_manager = staff(QStringLiteral("Marco"), Role::Manager);
}

void TestMenuEditing::cleanup()
{
    m_tables.reset();
    m_menu.reset();
    m_store.reset();
    m_db.reset();
}

Actor TestMenuEditing::staff(const QString& name, Role role)
{
    const qint64 id = m_db->scalar(QStringLiteral("INSERT INTO staff (restaurant_id, name, role, pin_hash)"
                                                  " VALUES (?, ?, ?, '$argon2id$test') RETURNING id"),
                                   {m_restaurant, name, Roles::toString(role)})
                          .toLongLong();
    return Actor::staff(id, name, role);
}

qint64 TestMenuEditing::itemId(const QString& name)
{
    return m_db->scalar(QStringLiteral("SELECT id FROM menu_items WHERE name = ?"), {name}).toLongLong();
}

qint64 TestMenuEditing::categoryId(const QString& name)
{
    return m_db->scalar(QStringLiteral("SELECT id FROM menu_categories WHERE name = ?"), {name}).toLongLong();
}

qint64 TestMenuEditing::tableId(const QString& label)
{
    return m_db->scalar(QStringLiteral("SELECT id FROM dining_tables WHERE label = ?"), {label}).toLongLong();
}

int TestMenuEditing::count(const QString& sql, const QVariantList& bindings)
{
    return m_db->scalar(sql, bindings).toInt();
}

QJsonObject TestMenuEditing::lastAudit(const QString& action)
{
    return QJsonDocument::fromJson(m_db->scalar(QStringLiteral("SELECT details::text FROM audit_log WHERE action = ?"
                                                               " ORDER BY id DESC LIMIT 1"),
                                                {action})
                                       .toString()
                                       .toUtf8())
        .object();
}

QString TestMenuEditing::menuState()
{
    return m_db
        ->scalar(QStringLiteral("SELECT (SELECT string_agg(row_to_json(i)::text, ';' ORDER BY id) FROM menu_items i)"
                                " || (SELECT string_agg(row_to_json(c)::text, ';' ORDER BY id) FROM menu_categories c)"
                                " || (SELECT count(*) FROM audit_log) || '/' || (SELECT count(*) FROM events)"))
        .toString();
}

QString TestMenuEditing::tableState()
{
    return m_db
        ->scalar(QStringLiteral("SELECT (SELECT string_agg(row_to_json(t)::text, ';' ORDER BY id) FROM dining_tables t)"
                                " || (SELECT count(*) FROM audit_log) || '/' || (SELECT count(*) FROM events)"))
        .toString();
}

void TestMenuEditing::order(qint64 menuItemId)
{
    const qint64 orderId =
        m_db->scalar(
                QStringLiteral("INSERT INTO orders (restaurant_id, kind, status, token, code)"
                               " VALUES (?, 'takeout', 'received', 'tok-0123456789abcdefghijkl', 'AB12') RETURNING id"),
                {m_restaurant})
            .toLongLong();
    QVERIFY(m_db->exec(QStringLiteral("INSERT INTO order_items (restaurant_id, order_id, menu_item_id, name, quantity,"
                                      " unit_price_cents) SELECT ?, ?, id, name, 1, price_cents FROM menu_items"
                                      " WHERE id = ?"),
                       {m_restaurant, orderId, menuItemId}));
}

void TestMenuEditing::createAndUpdateItem()
{
    MenuItem item;
    item.categoryId = categoryId(QStringLiteral("Mains"));
    item.name = QStringLiteral("  Ossobuco ");
    item.description = QStringLiteral("Braised veal shank, gremolata");
    item.priceCents = 2600;
    item.prepMinutes = 25;
    item.station = QStringLiteral("Grill");
    item.tags = {QStringLiteral("gluten-free"), QStringLiteral(" ")};
    QVERIFY(MenuService::validate(item)); // checked as it will be stored: trimmed, station in lower case
    const auto created = awaitFuture(m_menu->saveItem(m_restaurant, *m_manager, item));
    QVERIFY2(created, created ? "" : qPrintable(created.error().message));
    QVERIFY(created->id > 0);
    QCOMPARE(created->name, QStringLiteral("Ossobuco")); // trimmed
    QCOMPARE(created->station, QStringLiteral("grill"));
    QCOMPARE(created->tags, QStringList{QStringLiteral("gluten-free")});
    QVERIFY(created->available);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'menu.item_created'")), 1);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM events WHERE type = 'menu.changed'")), 1);

    // It is on the menu, in its category.
    const auto menu = awaitFuture(m_menu->menu(m_restaurant));
    QVERIFY(menu);
    bool found = false;
    for (const MenuCategory& category : menu->categories) {
        for (const MenuItem& i : category.items) {
            found = found || (i.id == created->id && category.name == u"Mains" && i.priceCents == 2600);
        }
    }
    QVERIFY(found);

    // A price change is audited with the old and the new price.
    MenuItem changed = *created;
    changed.priceCents = 2750;
    changed.tags.append(QStringLiteral("house special"));
    const auto updated = awaitFuture(m_menu->saveItem(m_restaurant, *m_manager, changed));
    QVERIFY2(updated, updated ? "" : qPrintable(updated.error().message));
    QCOMPARE(updated->priceCents, 2750);
    QCOMPARE(updated->tags.size(), 2);
    const QJsonObject audit = lastAudit(QStringLiteral("menu.item_changed"));
    QCOMPARE(audit.value(QStringLiteral("old_price_cents")).toInt(), 2600);
    QCOMPARE(audit.value(QStringLiteral("new_price_cents")).toInt(), 2750);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'menu.item_changed' AND staff_id = ?"),
                   {m_manager->staffId()}),
             1);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM events WHERE type = 'menu.changed'")), 2);

    // Saving it unchanged writes nothing.
    const QString before = menuState();
    QVERIFY(awaitFuture(m_menu->saveItem(m_restaurant, *m_manager, *updated)));
    QCOMPARE(menuState(), before);

    // Names are unique, in any letter case; an unknown item is not found.
    MenuItem clash = item;
    clash.name = QStringLiteral("TIRAMISÙ");
    const auto duplicate = awaitFuture(m_menu->saveItem(m_restaurant, *m_manager, clash));
    QVERIFY(!duplicate);
    QCOMPARE(duplicate.error().kind, Error::Kind::Invalid);
    QCOMPARE(duplicate.error().field, QStringLiteral("name"));
    MenuItem ghost = *updated;
    ghost.id = 999999;
    ghost.name = QStringLiteral("Ghost");
    QCOMPARE(awaitFuture(m_menu->saveItem(m_restaurant, *m_manager, ghost)).error().kind, Error::Kind::NotFound);
    QCOMPARE(menuState(), before);
}

void TestMenuEditing::eightySixAndRestore()
{
    const qint64 id = itemId(QStringLiteral("Tiramisù"));
    const auto off = awaitFuture(m_menu->setAvailable(m_restaurant, *m_manager, id, false));
    QVERIFY(off);
    QVERIFY(!off->available);
    QVERIFY(!m_db->scalar(QStringLiteral("SELECT available FROM menu_items WHERE id = ?"), {id}).toBool());
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'menu.item_86d'")), 1);
    QCOMPARE(lastAudit(QStringLiteral("menu.item_86d")).value(QStringLiteral("name")).toString(),
             QStringLiteral("Tiramisù"));
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM events WHERE type = 'menu.changed'")), 1);

    // The console's menu still lists it, as unavailable.
    const auto menu = awaitFuture(m_menu->menu(m_restaurant));
    QVERIFY(menu);
    int listed = 0;
    for (const MenuCategory& category : menu->categories) {
        for (const MenuItem& item : category.items) {
            if (item.id == id) {
                ++listed;
                QVERIFY(!item.available);
            }
        }
    }
    QCOMPARE(listed, 1);

    // 86'ing it again changes nothing.
    const QString before = menuState();
    QVERIFY(awaitFuture(m_menu->setAvailable(m_restaurant, *m_manager, id, false)));
    QCOMPARE(menuState(), before);

    const auto on = awaitFuture(m_menu->setAvailable(m_restaurant, *m_manager, id, true));
    QVERIFY(on);
    QVERIFY(on->available);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'menu.item_restored'")), 1);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM events WHERE type = 'menu.changed'")), 2);

    QCOMPARE(awaitFuture(m_menu->setAvailable(m_restaurant, *m_manager, 999999, false)).error().kind,
             Error::Kind::NotFound);
}

void TestMenuEditing::removeItem()
{
    // Never ordered: it goes.
    const qint64 espresso = itemId(QStringLiteral("Espresso"));
    QVERIFY(awaitFuture(m_menu->removeItem(m_restaurant, *m_manager, espresso)));
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM menu_items WHERE id = ?"), {espresso}), 0);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'menu.item_removed'")), 1);

    // Ordered before: it stays, with a message that says what to do instead.
    const qint64 negroni = itemId(QStringLiteral("Negroni"));
    order(negroni);
    const QString before = menuState();
    const auto refused = awaitFuture(m_menu->removeItem(m_restaurant, *m_manager, negroni));
    QVERIFY(!refused);
    QCOMPARE(refused.error().kind, Error::Kind::Conflict);
    QVERIFY(refused.error().message.contains(QStringLiteral("Negroni")));
    QVERIFY(refused.error().message.contains(QStringLiteral("unavailable")));
    QCOMPARE(menuState(), before);

    QCOMPARE(awaitFuture(m_menu->removeItem(m_restaurant, *m_manager, espresso)).error().kind, Error::Kind::NotFound);
}

void TestMenuEditing::categories()
{
    const auto created =
        awaitFuture(m_menu->saveCategory(m_restaurant, *m_manager, {0, QStringLiteral(" Specials "), {}}));
    QVERIFY2(created, created ? "" : qPrintable(created.error().message));
    QCOMPARE(created->name, QStringLiteral("Specials"));
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'menu.category_created'")), 1);
    // Last in menu order.
    const auto menu = awaitFuture(m_menu->menu(m_restaurant));
    QVERIFY(menu);
    QCOMPARE(menu->categories.last().name, QStringLiteral("Specials"));

    const auto renamed = awaitFuture(
        m_menu->saveCategory(m_restaurant, *m_manager, {created->id, QStringLiteral("Chef's specials"), {}}));
    QVERIFY(renamed);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT name FROM menu_categories WHERE id = ?"), {created->id}).toString(),
             QStringLiteral("Chef's specials"));
    QCOMPARE(lastAudit(QStringLiteral("menu.category_changed")).value(QStringLiteral("old_name")).toString(),
             QStringLiteral("Specials"));

    const QString before = menuState();
    for (const QString& bad :
         {QStringLiteral(""), QStringLiteral("   "), QString(81, u'c'), QStringLiteral("desserts")}) {
        const auto refused = awaitFuture(m_menu->saveCategory(m_restaurant, *m_manager, {0, bad, {}}));
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, Error::Kind::Invalid);
        QCOMPARE(refused.error().field, QStringLiteral("name"));
    }
    // Only an empty category goes.
    const auto notEmpty =
        awaitFuture(m_menu->removeCategory(m_restaurant, *m_manager, categoryId(QStringLiteral("Drinks"))));
    QVERIFY(!notEmpty);
    QCOMPARE(notEmpty.error().kind, Error::Kind::Conflict);
    QCOMPARE(menuState(), before);

    QVERIFY(awaitFuture(m_menu->removeCategory(m_restaurant, *m_manager, created->id)));
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM menu_categories WHERE id = ?"), {created->id}), 0);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'menu.category_removed'")), 1);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM events WHERE type = 'menu.changed'")), 3);
}

void TestMenuEditing::invalidItemIsRejected_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<std::function<void(MenuItem&)>>("spoil");

    const auto row = [](const char* name, const char* field, std::function<void(MenuItem&)> spoil) {
        QTest::newRow(name) << QString::fromLatin1(field) << spoil;
    };
    row("no name", "name", [](MenuItem& i) { i.name = QStringLiteral("  "); });
    row("long name", "name", [](MenuItem& i) { i.name = QString(121, u'n'); });
    row("long description", "description", [](MenuItem& i) { i.description = QString(1001, u'd'); });
    row("negative price", "price_cents", [](MenuItem& i) { i.priceCents = -1; });
    row("huge price", "price_cents", [](MenuItem& i) { i.priceCents = 1000001; });
    row("negative prep", "prep_minutes", [](MenuItem& i) { i.prepMinutes = -1; });
    row("long prep", "prep_minutes", [](MenuItem& i) { i.prepMinutes = 241; });
    row("no station", "station", [](MenuItem& i) { i.station.clear(); });
    row("long station", "station", [](MenuItem& i) { i.station = QString(41, u's'); });
    row("odd station", "station", [](MenuItem& i) { i.station = QStringLiteral("grill/fry"); });
    row("many tags", "tags", [](MenuItem& i) {
        i.tags.clear();
        for (int n = 0; n < 11; ++n) {
            i.tags << QStringLiteral("t%1").arg(n);
        }
    });
    row("long tag", "tags", [](MenuItem& i) { i.tags = {QString(31, u't')}; });
    row("no category", "category", [](MenuItem& i) { i.categoryId = 0; });
    row("unknown category", "category", [](MenuItem& i) { i.categoryId = 999999; });
}

void TestMenuEditing::invalidItemIsRejected()
{
    QFETCH(QString, field);
    QFETCH(std::function<void(MenuItem&)>, spoil);
    const auto menu = awaitFuture(m_menu->menu(m_restaurant));
    QVERIFY(menu);
    // A new item and a change to an existing one, each spoiled the same way.
    MenuItem fresh;
    fresh.categoryId = categoryId(QStringLiteral("Mains"));
    fresh.name = QStringLiteral("Saltimbocca");
    fresh.priceCents = 2100;
    fresh.prepMinutes = 15;
    fresh.station = QStringLiteral("grill");
    MenuItem existing = menu->categories.first().items.first();
    existing.priceCents += 100;
    for (MenuItem item : {fresh, existing}) {
        spoil(item);
        const QString before = menuState();
        const auto saved = awaitFuture(m_menu->saveItem(m_restaurant, *m_manager, item));
        QVERIFY(!saved);
        QCOMPARE(saved.error().kind, Error::Kind::Invalid);
        QCOMPARE(saved.error().field, field);
        QVERIFY(!saved.error().message.isEmpty());
        QCOMPARE(menuState(), before);
    }
}

void TestMenuEditing::onlyMenuEditorsMayEdit()
{
    const qint64 tiramisu = itemId(QStringLiteral("Tiramisù"));
    MenuItem item;
    item.categoryId = categoryId(QStringLiteral("Mains"));
    item.name = QStringLiteral("Saltimbocca");
    item.priceCents = 2100;
    item.station = QStringLiteral("grill");
    MenuCsvImporter::Row row;
    row.line = 2;
    row.category = QStringLiteral("Mains");
    row.name = QStringLiteral("Saltimbocca");
    row.priceCents = 2100;
    row.station = QStringLiteral("grill");

    const QString before = menuState();
    for (const Actor& actor : {staff(QStringLiteral("Hana"), Role::Host), Actor::kitchenDisplay(), Actor::nobody()}) {
        QCOMPARE(awaitFuture(m_menu->saveItem(m_restaurant, actor, item)).error().kind, Error::Kind::Forbidden);
        QCOMPARE(awaitFuture(m_menu->setAvailable(m_restaurant, actor, tiramisu, false)).error().kind,
                 Error::Kind::Forbidden);
        QCOMPARE(awaitFuture(m_menu->removeItem(m_restaurant, actor, tiramisu)).error().kind, Error::Kind::Forbidden);
        QCOMPARE(awaitFuture(m_menu->saveCategory(m_restaurant, actor, {0, QStringLiteral("X"), {}})).error().kind,
                 Error::Kind::Forbidden);
        QCOMPARE(
            awaitFuture(m_menu->removeCategory(m_restaurant, actor, categoryId(QStringLiteral("Drinks")))).error().kind,
            Error::Kind::Forbidden);
        QCOMPARE(awaitFuture(m_menu->importRows(m_restaurant, actor, {row})).error().kind, Error::Kind::Forbidden);
    }
    QCOMPARE(menuState(), before);
    // The owner may.
    QVERIFY(
        awaitFuture(m_menu->setAvailable(m_restaurant, staff(QStringLiteral("Olivia"), Role::Owner), tiramisu, false)));
}

void TestMenuEditing::importAddsAndUpdates()
{
    const int itemsBefore = count(QStringLiteral("SELECT count(*) FROM menu_items"));
    QList<MenuCsvImporter::Row> rows;
    MenuCsvImporter::Row r;
    r.line = 2;
    r.category = QStringLiteral("Desserts");
    r.name = QStringLiteral("tiramisù"); // an existing item, in another letter case
    r.description = QStringLiteral("Now with amaretto");
    r.priceCents = 800;
    r.prepMinutes = 4;
    r.station = QStringLiteral("pastry");
    r.tags = {QStringLiteral("vegetarian")};
    r.available = false;
    rows << r;
    r.line = 3;
    r.category = QStringLiteral("Specials"); // a new category
    r.name = QStringLiteral("Vitello tonnato");
    r.description.clear();
    r.priceCents = 1800;
    r.prepMinutes = 8;
    r.station = QStringLiteral("cold");
    r.tags = {QStringLiteral("gluten-free"), QStringLiteral("contains fish")};
    r.available = true;
    rows << r;
    r.line = 4;
    r.name = QStringLiteral("Cassata");
    r.station = QStringLiteral("pastry");
    rows << r;

    const auto imported = awaitFuture(m_menu->importRows(m_restaurant, *m_manager, rows));
    QVERIFY2(imported, imported ? "" : qPrintable(imported.error().message));
    QCOMPARE(*imported, 3);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM menu_items")), itemsBefore + 2);
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT price_cents FROM menu_items WHERE lower(name) = 'tiramisù'")).toInt(),
             800);
    QVERIFY(!m_db->scalar(QStringLiteral("SELECT available FROM menu_items WHERE lower(name) = 'tiramisù'")).toBool());
    QCOMPARE(
        m_db->scalar(QStringLiteral("SELECT c.name FROM menu_items i JOIN menu_categories c ON c.id = i.category_id"
                                    " WHERE i.name = 'Cassata'"))
            .toString(),
        QStringLiteral("Specials"));
    QCOMPARE(
        m_db->scalar(QStringLiteral("SELECT array_to_string(tags, ',') FROM menu_items WHERE name = 'Vitello tonnato'"))
            .toString(),
        QStringLiteral("gluten-free,contains fish"));
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM menu_categories WHERE name = 'Specials'")), 1);
    const QJsonObject audit = lastAudit(QStringLiteral("menu.imported"));
    QCOMPARE(audit.value(QStringLiteral("rows")).toInt(), 3);
    QCOMPARE(audit.value(QStringLiteral("items_created")).toInt(), 2);
    QCOMPARE(audit.value(QStringLiteral("items_updated")).toInt(), 1);
    QCOMPARE(audit.value(QStringLiteral("categories_created")).toInt(), 1);
    // One event for the whole import.
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM events WHERE type = 'menu.changed'")), 1);
}

void TestMenuEditing::importIsAllOrNothing()
{
    QList<MenuCsvImporter::Row> rows;
    for (int n = 0; n < 5; ++n) {
        MenuCsvImporter::Row r;
        r.line = n + 2;
        r.category = QStringLiteral("Specials");
        r.name = QStringLiteral("Special %1").arg(n);
        r.priceCents = 1000 + n;
        r.prepMinutes = 10;
        r.station = QStringLiteral("grill");
        rows << r;
    }
    const QString before = menuState();

    // A bad row in the middle: nothing at all is written.
    QList<MenuCsvImporter::Row> bad = rows;
    bad[2].prepMinutes = 300;
    auto refused = awaitFuture(m_menu->importRows(m_restaurant, *m_manager, bad));
    QVERIFY(!refused);
    QCOMPARE(refused.error().kind, Error::Kind::Invalid);
    QCOMPARE(refused.error().field, QStringLiteral("prep_minutes"));
    QVERIFY2(refused.error().message.contains(QStringLiteral("4")), qPrintable(refused.error().message));
    QCOMPARE(menuState(), before);

    // The same name twice.
    bad = rows;
    bad[3].name = QStringLiteral("special 1");
    refused = awaitFuture(m_menu->importRows(m_restaurant, *m_manager, bad));
    QVERIFY(!refused);
    QCOMPARE(refused.error().field, QStringLiteral("name"));
    QCOMPARE(menuState(), before);

    // A category name too long for the database.
    bad = rows;
    bad[4].category = QString(81, u'c');
    refused = awaitFuture(m_menu->importRows(m_restaurant, *m_manager, bad));
    QVERIFY(!refused);
    QCOMPARE(refused.error().kind, Error::Kind::Invalid);
    QCOMPARE(menuState(), before);

    QCOMPARE(awaitFuture(m_menu->importRows(m_restaurant, *m_manager, {})).error().kind, Error::Kind::Invalid);
    QCOMPARE(menuState(), before);

    // And the good rows go in.
    QCOMPARE(awaitFuture(m_menu->importRows(m_restaurant, *m_manager, rows)).value_or(0), 5);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM menu_items WHERE name LIKE 'Special %'")), 5);
}

void TestMenuEditing::importFromCsv()
{
    const QByteArray csv = "\xEF\xBB\xBF"
                           "name,category,price,prep_minutes,station,tags,available,description\r\n"
                           "Espresso doppio,Drinks,3.20,2,bar,vegan|gluten-free,yes,\"Two shots, no sugar\"\r\n"
                           "Negroni,Drinks,10,3,bar,,no,\r\n";
    const auto parsed = MenuCsvImporter::parse(csv);
    QVERIFY(parsed.problems.isEmpty());
    const auto imported = awaitFuture(m_menu->importRows(m_restaurant, *m_manager, parsed.rows));
    QVERIFY2(imported, imported ? "" : qPrintable(imported.error().message));
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT price_cents FROM menu_items WHERE name = 'Espresso doppio'")).toInt(),
             320);
    QCOMPARE(
        m_db->scalar(QStringLiteral("SELECT description FROM menu_items WHERE name = 'Espresso doppio'")).toString(),
        QStringLiteral("Two shots, no sugar"));
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT price_cents FROM menu_items WHERE name = 'Negroni'")).toInt(), 1000);
    QVERIFY(!m_db->scalar(QStringLiteral("SELECT available FROM menu_items WHERE name = 'Negroni'")).toBool());
}

void TestMenuEditing::addTablesForFirstRun()
{
    // On an empty dining room: T1, T2, T3.
    QVERIFY(m_db->exec(QStringLiteral("DELETE FROM dining_tables")));
    auto added = awaitFuture(m_tables->addTables(m_restaurant, *m_manager, {2, 4, 6}));
    QVERIFY2(added, added ? "" : qPrintable(added.error().message));
    QCOMPARE(added->size(), 3);
    QCOMPARE(added->at(0).label, QStringLiteral("T1"));
    QCOMPARE(added->at(2).label, QStringLiteral("T3"));
    QCOMPARE(added->at(2).seats, 6);
    const auto listed = awaitFuture(m_tables->tables(m_restaurant));
    QVERIFY(listed);
    QCOMPARE(listed->size(), 3);
    QCOMPARE(listed->at(1).label, QStringLiteral("T2"));
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'table.added'")), 1);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM events WHERE type = 'table.changed'")), 1);

    // More later go on from the highest number, past labels already taken.
    QVERIFY(m_db->exec(QStringLiteral("UPDATE dining_tables SET label = 'T7' WHERE label = 'T3'")));
    QVERIFY(m_db->exec(QStringLiteral("INSERT INTO dining_tables (restaurant_id, label, seats) VALUES (?, 't8', 2)"),
                       {m_restaurant}));
    added = awaitFuture(m_tables->addTables(m_restaurant, *m_manager, {2, 2}));
    QVERIFY(added);
    QCOMPARE(added->at(0).label, QStringLiteral("T9"));
    QCOMPARE(added->at(1).label, QStringLiteral("T10"));

    // Bad sizes add nothing.
    const QString before = tableState();
    for (const QList<int>& seats : {QList<int>{}, QList<int>{2, 0, 4}, QList<int>{51}}) {
        const auto refused = awaitFuture(m_tables->addTables(m_restaurant, *m_manager, seats));
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, Error::Kind::Invalid);
        QCOMPARE(refused.error().field, QStringLiteral("seats"));
    }
    QCOMPARE(tableState(), before);
}

void TestMenuEditing::editTables()
{
    const auto added =
        awaitFuture(m_tables->saveTable(m_restaurant, *m_manager, {0, QStringLiteral(" Terrace 1 "), 4, true, {}}));
    QVERIFY2(added, added ? "" : qPrintable(added.error().message));
    QCOMPARE(added->label, QStringLiteral("Terrace 1"));
    QCOMPARE(added->seats, 4);
    QVERIFY(added->combinable);
    QCOMPARE(added->state, DiningTable::State::Free);
    // Last on the floor.
    QCOMPARE(awaitFuture(m_tables->tables(m_restaurant))->last().label, QStringLiteral("Terrace 1"));

    DiningTable changed = *added;
    changed.seats = 6;
    changed.label = QStringLiteral("Terrace A");
    changed.state = DiningTable::State::Occupied; // not the settings' business: ignored
    const auto saved = awaitFuture(m_tables->saveTable(m_restaurant, *m_manager, changed));
    QVERIFY(saved);
    QCOMPARE(saved->seats, 6);
    QCOMPARE(saved->label, QStringLiteral("Terrace A"));
    QCOMPARE(saved->state, DiningTable::State::Free);
    QCOMPARE(lastAudit(QStringLiteral("table.changed"))
                 .value(QStringLiteral("old"))
                 .toObject()
                 .value(QStringLiteral("seats"))
                 .toInt(),
             4);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM events WHERE type = 'table.changed'")), 2);

    const QString before = tableState();
    const struct
    {
        DiningTable table;
        const char* field;
    } bad[] = {
        {{0, QStringLiteral("t5"), 2, false, {}}, "label"}, // T5 exists: a readable message, not a SQL error
        {{added->id, QStringLiteral("T1"), 2, false, {}}, "label"},
        {{0, QStringLiteral("  "), 2, false, {}}, "label"},
        {{0, QString(41, u'x'), 2, false, {}}, "label"},
        {{0, QStringLiteral("X1"), 0, false, {}}, "seats"},
        {{0, QStringLiteral("X1"), 51, false, {}}, "seats"},
    };
    for (const auto& b : bad) {
        const auto refused = awaitFuture(m_tables->saveTable(m_restaurant, *m_manager, b.table));
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, Error::Kind::Invalid);
        QCOMPARE(refused.error().field, QString::fromLatin1(b.field));
        QVERIFY(!refused.error().message.contains(QStringLiteral("duplicate key")));
    }
    QCOMPARE(tableState(), before);
    QCOMPARE(awaitFuture(m_tables->saveTable(m_restaurant, *m_manager, {999999, QStringLiteral("Z"), 2, false, {}}))
                 .error()
                 .kind,
             Error::Kind::NotFound);
}

void TestMenuEditing::removeTableRules()
{
    // Never used: it goes.
    QVERIFY(awaitFuture(m_tables->removeTable(m_restaurant, *m_manager, tableId(QStringLiteral("P1")))));
    QCOMPARE(tableId(QStringLiteral("P1")), 0);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'table.removed'")), 1);
    QCOMPARE(count(QStringLiteral("SELECT count(*) FROM events WHERE type = 'table.changed'")), 1);

    const QString before = tableState();
    // Occupied.
    QVERIFY(m_db->exec(QStringLiteral("UPDATE dining_tables SET state = 'occupied' WHERE label = 'T1'")));
    const QString occupied = tableState();
    auto refused = awaitFuture(m_tables->removeTable(m_restaurant, *m_manager, tableId(QStringLiteral("T1"))));
    QVERIFY(!refused);
    QCOMPARE(refused.error().kind, Error::Kind::Conflict);
    QVERIFY(refused.error().message.contains(QStringLiteral("T1")));
    QCOMPARE(tableState(), occupied);
    QVERIFY(m_db->exec(QStringLiteral("UPDATE dining_tables SET state = 'free' WHERE label = 'T1'")));
    QCOMPARE(tableState(), before);

    // A seated party on it (combined tables), the table marked free by mistake.
    const qint64 party =
        m_db->scalar(QStringLiteral("INSERT INTO parties (restaurant_id, name, size, status, token, code)"
                                    " VALUES (?, 'Ana', 8, 'seated', 'tok-ana-0123456789abcdefg', 'ANA1')"
                                    " RETURNING id"),
                     {m_restaurant})
            .toLongLong();
    QVERIFY(m_db->exec(QStringLiteral("INSERT INTO party_tables (restaurant_id, party_id, table_id) VALUES (?, ?, ?)"),
                       {m_restaurant, party, tableId(QStringLiteral("T2"))}));
    const QString seated = tableState();
    refused = awaitFuture(m_tables->removeTable(m_restaurant, *m_manager, tableId(QStringLiteral("T2"))));
    QVERIFY(!refused);
    QCOMPARE(refused.error().kind, Error::Kind::Conflict);
    QCOMPARE(tableState(), seated);

    // Parties sat there before: kept for the history, with advice.
    QVERIFY(m_db->exec(QStringLiteral("UPDATE parties SET status = 'done' WHERE id = ?"), {party}));
    refused = awaitFuture(m_tables->removeTable(m_restaurant, *m_manager, tableId(QStringLiteral("T2"))));
    QVERIFY(!refused);
    QCOMPARE(refused.error().kind, Error::Kind::Conflict);
    QVERIFY(refused.error().message.contains(QStringLiteral("out of service")));
    QVERIFY(tableId(QStringLiteral("T2")) > 0);

    QCOMPARE(awaitFuture(m_tables->removeTable(m_restaurant, *m_manager, 999999)).error().kind, Error::Kind::NotFound);
}

void TestMenuEditing::onlySettingsEditorsMayChangeTables()
{
    const QString before = tableState();
    for (const Actor& actor : {staff(QStringLiteral("Hana"), Role::Host),
                               staff(QStringLiteral("Kenji"), Role::Kitchen),
                               Actor::kitchenDisplay(),
                               Actor::nobody()}) {
        QCOMPARE(
            awaitFuture(m_tables->saveTable(m_restaurant, actor, {0, QStringLiteral("X1"), 2, false, {}})).error().kind,
            Error::Kind::Forbidden);
        QCOMPARE(awaitFuture(m_tables->removeTable(m_restaurant, actor, tableId(QStringLiteral("P1")))).error().kind,
                 Error::Kind::Forbidden);
        QCOMPARE(awaitFuture(m_tables->addTables(m_restaurant, actor, {2})).error().kind, Error::Kind::Forbidden);
    }
    QCOMPARE(tableState(), before);
    QVERIFY(awaitFuture(m_tables->saveTable(
        m_restaurant, staff(QStringLiteral("Olivia"), Role::Owner), {0, QStringLiteral("X1"), 2, false, {}})));
}

QTEST_GUILESS_MAIN(TestMenuEditing)
#include "tst_menuediting.moc"
