#include "consolesession.h"
#include "dialogs.h"
#include "geocoder.h"
#include "orderexporter.h"
#include "orderlistmodel.h"
#include "orderservice.h"
#include "ordersview.h"
#include "paymentprovider.h"
#include "store/store.h"
#include "testdatabase.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QDateEdit>
#include <QDir>
#include <QFile>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>
#include <QVBoxLayout>

namespace
{

// The view only moves and reads orders: payments and geocoding are never asked.
class UnusedPayments final : public PaymentProvider
{
public:
    QString name() const override { return QStringLiteral("unused"); }
    QFuture<Result<Charge>> charge(int, const QString&, const QString&, const QString&, const QString&) override
    {
        return QtFuture::makeReadyValueFuture(Result<Charge>(unexpected(Error::internal(QStringLiteral("unused")))));
    }
    QFuture<VoidResult> refund(const QString&, const QString&) override
    {
        return QtFuture::makeReadyValueFuture(VoidResult());
    }
};

class UnusedGeocoder final : public Geocoder
{
public:
    QString name() const override { return QStringLiteral("unused"); }
    QFuture<Result<Place>> geocode(const DeliveryAddress&) override
    {
        return QtFuture::makeReadyValueFuture(Result<Place>(unexpected(Error::internal(QStringLiteral("unused")))));
    }
};

} // namespace

// The orders view, offscreen, over a real database: the list and its
// filters, the detail pane, status moves written to the database, what a
// role may not do, the day's totals and the export.
class TestOrdersView final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void listsTodaysOrdersNewestFirst();
    void filtersByStatusAndKind();
    void detailPaneShowsItemsAndTotals();
    void readyMovesTheOrderInTheDatabase();
    void cancelAsksForAReason();
    void kitchenMayNotCancelAndHostMayNotExport();
    void totalsCountTheDay();
    void exportWritesTheChosenFile();
    void screenshot(); // docs/screenshots/orders.png with MAITRE_TEST_SCREENSHOT_DIR

private:
    qint64 placeOrder(const QString& code,
                      const QString& kind,
                      const QString& status,
                      const QString& customer,
                      int minutesAgo,
                      const QList<std::pair<QString, int>>& lines,
                      const QString& payment = QStringLiteral("counter"));
    void openView(const QSize& size = QSize(1280, 800));
    QPushButton* button(const QString& name) const;
    // A staff row, so audit lines can name who acted.
    Actor staff(const QString& name, Role role);
    QString status(qint64 orderId);

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Store> m_store;
    UnusedPayments m_payments;
    UnusedGeocoder m_geocoder;
    std::unique_ptr<OrderService> m_orders;
    std::unique_ptr<OrderExporter> m_exporter;
    std::unique_ptr<ConsoleSession> m_session;
    std::unique_ptr<QWidget> m_window;
    OrdersView* m_view = nullptr;
    qint64 m_restaurant = 0;
};

void TestOrdersView::init()
{
    m_db = std::make_unique<TestDatabase>();
    QVERIFY2(m_db->isValid(), qPrintable(m_db->error()));
    QVERIFY(m_db->migrate(true).isEmpty());
    m_restaurant = m_db->scalar(QStringLiteral("SELECT id FROM restaurants")).toLongLong();
    // The view's "today" is this PC's; keep the restaurant's day the same.
    QVERIFY(m_db->exec(QStringLiteral("UPDATE restaurants SET timezone = ?"),
                       {QString::fromUtf8(QTimeZone::systemTimeZoneId())}));
    m_store = std::make_unique<Store>(m_db->settings(), 2);
    m_orders = std::make_unique<OrderService>(*m_store, m_payments, m_geocoder);
    m_exporter = std::make_unique<OrderExporter>(*m_store, *m_orders);
    m_session = std::make_unique<ConsoleSession>();
    m_session->signIn(staff(QStringLiteral("Marta"), Role::Manager));
}

void TestOrdersView::cleanup()
{
    Dialogs::setHook({});
    m_window.reset();
    m_view = nullptr;
    m_session.reset();
    m_exporter.reset();
    m_orders.reset();
    m_store.reset();
    m_db.reset();
}

qint64 TestOrdersView::placeOrder(const QString& code,
                                  const QString& kind,
                                  const QString& status,
                                  const QString& customer,
                                  int minutesAgo,
                                  const QList<std::pair<QString, int>>& lines,
                                  const QString& payment)
{
    // Never before today's midnight, so the order is today's whenever the test runs.
    const qint64 id =
        m_db->scalar(QStringLiteral("INSERT INTO orders (restaurant_id, kind, status, token, code,"
                                    " customer_name, customer_phone, created_at, updated_at)"
                                    " VALUES (?, ?, ?, ?, ?, ?, '+34 611 222 333',"
                                    " greatest(now() - make_interval(mins => ?), date_trunc('day', now())),"
                                    " now()) RETURNING id"),
                     {m_restaurant,
                      kind,
                      status,
                      QUuid::createUuid().toString(QUuid::WithoutBraces),
                      code,
                      customer,
                      minutesAgo})
            .toLongLong();
    for (const auto& [dish, quantity] : lines) {
        m_db->exec(QStringLiteral("INSERT INTO order_items (restaurant_id, order_id, menu_item_id, name, quantity,"
                                  " unit_price_cents) SELECT ?, ?, id, name, ?, price_cents FROM menu_items"
                                  " WHERE name = ?"),
                   {m_restaurant, id, quantity, dish});
    }
    const int fee = kind == u"delivery" ? 350 : 0;
    m_db->exec(QStringLiteral("UPDATE orders o SET subtotal_cents = s.sum, tax_cents = (s.sum + 5) / 10,"
                              " delivery_fee_cents = ?, total_cents = s.sum + (s.sum + 5) / 10 + ?"
                              " FROM (SELECT COALESCE(sum(quantity * unit_price_cents), 0)::int AS sum"
                              " FROM order_items WHERE order_id = ?) s WHERE o.id = ?"),
               {fee, fee, id, id});
    m_db->exec(
        QStringLiteral("INSERT INTO payments (restaurant_id, order_id, method, amount_cents, status)"
                       " SELECT ?, id, ?, total_cents, ? FROM orders WHERE id = ?"),
        {m_restaurant, payment, payment == u"card" ? QStringLiteral("captured") : QStringLiteral("pending"), id});
    if (kind == u"delivery") {
        m_db->exec(QStringLiteral("INSERT INTO deliveries (restaurant_id, order_id, address)"
                                  " VALUES (?, ?, '{\"line1\": \"Calle Mayor 12\", \"city\": \"Madrid\","
                                  " \"postcode\": \"28013\"}'::jsonb)"),
                   {m_restaurant, id});
    }
    return id;
}

void TestOrdersView::openView(const QSize& size)
{
    m_window = std::make_unique<QWidget>();
    m_window->resize(size);
    m_view = new OrdersView(*m_orders, m_restaurant, m_window.get());
    m_view->setSession(m_session.get());
    m_view->setExporter(m_exporter.get());
    m_view->setCurrencySymbol(QStringLiteral("€"));
    new QAbstractItemModelTester(m_view->model(), QAbstractItemModelTester::FailureReportingMode::QtTest, m_view);
    QSignalSpy loaded(m_view, &OrdersView::loaded);
    auto* layout = new QVBoxLayout(m_window.get());
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    m_window->show();
    QVERIFY(loaded.wait());
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

Actor TestOrdersView::staff(const QString& name, Role role)
{
    const QString roleName = role == Role::Kitchen ? QStringLiteral("kitchen")
        : role == Role::Host                       ? QStringLiteral("host")
                                                   : QStringLiteral("manager");
    const qint64 id = m_db->scalar(QStringLiteral("INSERT INTO staff (restaurant_id, name, role, pin_hash)"
                                                  " VALUES (?, ?, ?, '$argon2id$test') RETURNING id"),
                                   {m_restaurant, name, roleName})
                          .toLongLong();
    return Actor::staff(id, name, role);
}

QPushButton* TestOrdersView::button(const QString& name) const
{
    return m_view->findChild<QPushButton*>(name);
}

QString TestOrdersView::status(qint64 orderId)
{
    return m_db->scalar(QStringLiteral("SELECT status FROM orders WHERE id = ?"), {orderId}).toString();
}

void TestOrdersView::listsTodaysOrdersNewestFirst()
{
    placeOrder(QStringLiteral("T100"),
               QStringLiteral("takeout"),
               QStringLiteral("received"),
               QStringLiteral("Ana"),
               20,
               {{QStringLiteral("Burrata"), 2}});
    placeOrder(QStringLiteral("T101"),
               QStringLiteral("delivery"),
               QStringLiteral("preparing"),
               QStringLiteral("Ben"),
               5,
               {{QStringLiteral("Arancini"), 1}});
    // Yesterday's order is not today's.
    m_db->exec(QStringLiteral("INSERT INTO orders (restaurant_id, kind, status, token, code, customer_name, created_at)"
                              " VALUES (?, 'takeout', 'received', ?, 'OLD1', 'Old', now() - interval '2 days')"),
               {m_restaurant, QUuid::createUuid().toString(QUuid::WithoutBraces)});
    openView();
    OrderListModel* model = m_view->model();
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(model->index(0, OrderListModel::CodeColumn).data().toString(), QStringLiteral("T101"));
    QCOMPARE(model->index(1, OrderListModel::CodeColumn).data().toString(), QStringLiteral("T100"));
    QCOMPARE(model->index(1, OrderListModel::KindColumn).data().toString(), QStringLiteral("Takeout"));
    QCOMPARE(model->index(1, OrderListModel::ItemsColumn).data().toString(), QStringLiteral("2× Burrata"));
    QCOMPARE(model->index(1, OrderListModel::TotalColumn).data().toString(), QStringLiteral("€25.30"));
    QCOMPARE(model->index(1, OrderListModel::StatusColumn).data().toString(), QStringLiteral("New"));
    QVERIFY(model->index(1, OrderListModel::AgeColumn).data().toString().endsWith(QStringLiteral("min")));
}

void TestOrdersView::filtersByStatusAndKind()
{
    placeOrder(QStringLiteral("FLT1"),
               QStringLiteral("takeout"),
               QStringLiteral("received"),
               QStringLiteral("A"),
               3,
               {{QStringLiteral("Burrata"), 1}});
    placeOrder(QStringLiteral("FLT2"),
               QStringLiteral("delivery"),
               QStringLiteral("delivered"),
               QStringLiteral("B"),
               4,
               {{QStringLiteral("Burrata"), 1}});
    placeOrder(QStringLiteral("FLT3"),
               QStringLiteral("voice"),
               QStringLiteral("cancelled"),
               QStringLiteral("C"),
               5,
               {{QStringLiteral("Burrata"), 1}});
    placeOrder(QStringLiteral("FLT4"),
               QStringLiteral("delivery"),
               QStringLiteral("ready"),
               QStringLiteral("D"),
               6,
               {{QStringLiteral("Burrata"), 1}});
    openView();
    auto* statusFilter = m_view->findChild<QComboBox*>(QStringLiteral("statusFilterComboBox"));
    auto* kindFilter = m_view->findChild<QComboBox*>(QStringLiteral("kindFilterComboBox"));
    QVERIFY(statusFilter && kindFilter);
    const auto codes = [this] {
        QStringList list;
        for (int row = 0; row < m_view->model()->rowCount(); ++row) {
            list << m_view->model()->index(row, OrderListModel::CodeColumn).data().toString();
        }
        return list;
    };
    QCOMPARE(codes(), (QStringList{QStringLiteral("FLT1"), QStringLiteral("FLT4")})); // open, the default
    statusFilter->setCurrentIndex(statusFilter->findData(int(OrderListModel::StatusFilter::Done)));
    QCOMPARE(codes(), QStringList{QStringLiteral("FLT2")});
    statusFilter->setCurrentIndex(statusFilter->findData(int(OrderListModel::StatusFilter::Cancelled)));
    QCOMPARE(codes(), QStringList{QStringLiteral("FLT3")});
    statusFilter->setCurrentIndex(statusFilter->findData(int(OrderListModel::StatusFilter::All)));
    QCOMPARE(codes().size(), 4);
    kindFilter->setCurrentIndex(kindFilter->findData(QStringLiteral("delivery")));
    QCOMPARE(codes(), (QStringList{QStringLiteral("FLT2"), QStringLiteral("FLT4")}));
}

void TestOrdersView::detailPaneShowsItemsAndTotals()
{
    const qint64 id = placeOrder(QStringLiteral("DTL7"),
                                 QStringLiteral("delivery"),
                                 QStringLiteral("ready"),
                                 QStringLiteral("Lucía Gómez"),
                                 12,
                                 {{QStringLiteral("Burrata"), 2}, {QStringLiteral("Arancini"), 1}},
                                 QStringLiteral("card"));
    openView();
    auto* none = m_view->findChild<QLabel*>(QStringLiteral("orderNoSelectionLabel"));
    QVERIFY(none->isVisible());
    QVERIFY(m_view->selectOrder(id));
    QVERIFY(!none->isVisible());
    const QString detail = m_view->findChild<QLabel*>(QStringLiteral("orderDetailLabel"))->text();
    QVERIFY(detail.contains(QStringLiteral("Lucía Gómez")));
    QVERIFY(detail.contains(QStringLiteral("Calle Mayor 12")));
    QVERIFY2(detail.contains(QStringLiteral("Card")), qPrintable(detail));
    auto* items = m_view->findChild<QTableWidget*>(QStringLiteral("orderItemsTableWidget"));
    QCOMPARE(items->rowCount(), 2);
    QCOMPARE(items->item(0, 0)->text(), QStringLiteral("2"));
    QCOMPARE(items->item(0, 1)->text(), QStringLiteral("Burrata"));
    QCOMPARE(items->item(0, 2)->text(), QStringLiteral("€23.00"));
    // 31.50 + 3.15 tax + 3.50 delivery
    const QString totals = m_view->findChild<QLabel*>(QStringLiteral("orderTotalsLabel"))->text();
    QVERIFY2(totals.contains(QStringLiteral("€38.15")), qPrintable(totals));
    QVERIFY(totals.contains(QStringLiteral("€3.50")));
    // A ready delivery goes out next; picking up is not offered.
    QVERIFY(button(QStringLiteral("outForDeliveryOrderButton"))->isVisible());
    QVERIFY(button(QStringLiteral("outForDeliveryOrderButton"))->isEnabled());
    QVERIFY(!button(QStringLiteral("pickedUpOrderButton"))->isVisible());
}

void TestOrdersView::readyMovesTheOrderInTheDatabase()
{
    const qint64 id = placeOrder(QStringLiteral("RDY1"),
                                 QStringLiteral("takeout"),
                                 QStringLiteral("preparing"),
                                 QStringLiteral("Rita"),
                                 8,
                                 {{QStringLiteral("Burrata"), 1}});
    openView();
    QVERIFY(m_view->selectOrder(id));
    QPushButton* ready = button(QStringLiteral("readyOrderButton"));
    QVERIFY(ready->isEnabled());
    QSignalSpy loaded(m_view, &OrdersView::loaded);
    QTest::mouseClick(ready, Qt::LeftButton);
    QVERIFY(loaded.wait());
    QCOMPARE(status(id), QStringLiteral("ready"));
    QVERIFY(m_view->selectedOrder() != nullptr);
    QCOMPARE(m_view->selectedOrder()->status, OrderStatus::Ready);
    QVERIFY(!ready->isEnabled());
    QVERIFY(button(QStringLiteral("pickedUpOrderButton"))->isEnabled());
}

void TestOrdersView::cancelAsksForAReason()
{
    const qint64 id = placeOrder(QStringLiteral("KCL1"),
                                 QStringLiteral("takeout"),
                                 QStringLiteral("received"),
                                 QStringLiteral("Kim"),
                                 2,
                                 {{QStringLiteral("Burrata"), 1}});
    openView();
    QVERIFY(m_view->selectOrder(id));
    // No reason: nothing changes.
    Dialogs::setHook([](QDialog* dialog) {
        auto* input = qobject_cast<QInputDialog*>(dialog);
        return input != nullptr ? int(QDialog::Accepted) : int(QDialog::Rejected);
    });
    QTest::mouseClick(button(QStringLiteral("cancelOrderButton")), Qt::LeftButton);
    QCOMPARE(status(id), QStringLiteral("received"));
    QVERIFY(
        m_view->findChild<QLabel*>(QStringLiteral("ordersMessageLabel"))->text().contains(QStringLiteral("reason")));

    QString asked;
    Dialogs::setHook([&asked](QDialog* dialog) {
        auto* input = qobject_cast<QInputDialog*>(dialog);
        if (input == nullptr) {
            return int(QDialog::Rejected);
        }
        asked = input->objectName();
        input->setTextValue(QStringLiteral("Customer called to cancel"));
        return int(QDialog::Accepted);
    });
    QSignalSpy loaded(m_view, &OrdersView::loaded);
    QTest::mouseClick(button(QStringLiteral("cancelOrderButton")), Qt::LeftButton);
    QVERIFY(loaded.wait());
    QCOMPARE(asked, QStringLiteral("cancelReasonDialog"));
    QCOMPARE(status(id), QStringLiteral("cancelled"));
    QCOMPARE(m_db->scalar(QStringLiteral("SELECT cancel_reason FROM orders WHERE id = ?"), {id}).toString(),
             QStringLiteral("Customer called to cancel"));
}

void TestOrdersView::kitchenMayNotCancelAndHostMayNotExport()
{
    const qint64 id = placeOrder(QStringLiteral("PRM1"),
                                 QStringLiteral("takeout"),
                                 QStringLiteral("preparing"),
                                 QStringLiteral("Pia"),
                                 2,
                                 {{QStringLiteral("Burrata"), 1}});
    openView();
    QVERIFY(m_view->selectOrder(id));
    QVERIFY(button(QStringLiteral("cancelOrderButton"))->isEnabled());
    QVERIFY(button(QStringLiteral("exportOrdersButton"))->isEnabled());

    // The kitchen bumps (ready) but may not cancel.
    m_session->signIn(staff(QStringLiteral("Kai"), Role::Kitchen));
    QVERIFY(button(QStringLiteral("readyOrderButton"))->isEnabled());
    QVERIFY(!button(QStringLiteral("cancelOrderButton"))->isEnabled());
    QVERIFY(!button(QStringLiteral("exportOrdersButton"))->isEnabled());

    // The permission table lets a host cancel (and move orders), not export.
    m_session->signIn(staff(QStringLiteral("Hana"), Role::Host));
    QVERIFY(button(QStringLiteral("cancelOrderButton"))->isEnabled());
    QVERIFY(!button(QStringLiteral("exportOrdersButton"))->isEnabled());

    // Signed out: nothing at all.
    m_session->signOut();
    QVERIFY(!button(QStringLiteral("readyOrderButton"))->isEnabled());
    QVERIFY(!button(QStringLiteral("cancelOrderButton"))->isEnabled());
    QCOMPARE(status(id), QStringLiteral("preparing"));
}

void TestOrdersView::totalsCountTheDay()
{
    placeOrder(QStringLiteral("SUM1"),
               QStringLiteral("takeout"),
               QStringLiteral("picked_up"),
               QStringLiteral("A"),
               40,
               {{QStringLiteral("Burrata"), 1}}); // 12.65
    placeOrder(QStringLiteral("SUM2"),
               QStringLiteral("takeout"),
               QStringLiteral("received"),
               QStringLiteral("B"),
               4,
               {{QStringLiteral("Arancini"), 1}}); // 9.35
    placeOrder(QStringLiteral("SUM3"),
               QStringLiteral("takeout"),
               QStringLiteral("cancelled"),
               QStringLiteral("C"),
               9,
               {{QStringLiteral("Burrata"), 3}});
    openView();
    const QString totals =
        m_view->findChild<QLabel*>(QStringLiteral("ordersTotalsLabel"))->text().replace(QChar::Nbsp, u' ');
    QVERIFY2(totals.contains(QStringLiteral("2 orders today")), qPrintable(totals));
    QVERIFY(totals.contains(QStringLiteral("1 open")));
    QVERIFY(totals.contains(QStringLiteral("revenue €22.00")));
    QVERIFY(totals.contains(QStringLiteral("average €11.00")));
    QVERIFY(totals.contains(QStringLiteral("1 cancelled")));
}

void TestOrdersView::exportWritesTheChosenFile()
{
    placeOrder(QStringLiteral("EXP1"),
               QStringLiteral("takeout"),
               QStringLiteral("received"),
               QStringLiteral("Eva"),
               3,
               {{QStringLiteral("Burrata"), 1}});
    openView();
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("today.csv"));
    Dialogs::setHook([path](QDialog* dialog) {
        if (dialog->objectName() != u"exportOrdersDialog") {
            return int(QDialog::Rejected);
        }
        auto* format = dialog->findChild<QComboBox*>(QStringLiteral("exportFormatComboBox"));
        format->setCurrentIndex(format->findData(QStringLiteral("csv")));
        dialog->findChild<QLineEdit*>(QStringLiteral("exportPathLineEdit"))->setText(path);
        return int(QDialog::Accepted);
    });
    QSignalSpy finished(m_view, &OrdersView::exportFinished);
    QTest::mouseClick(button(QStringLiteral("exportOrdersButton")), Qt::LeftButton);
    QVERIFY(finished.wait());
    QVERIFY2(finished.first().first().toBool(),
             qPrintable(m_view->findChild<QLabel*>(QStringLiteral("ordersMessageLabel"))->text()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().contains("EXP1,takeout,received,Eva"));
    QCOMPARE(
        m_db->scalar(QStringLiteral("SELECT actor_name FROM audit_log WHERE action = 'orders.exported'")).toString(),
        QStringLiteral("Marta"));
}

void TestOrdersView::screenshot()
{
    struct Sample
    {
        const char* code;
        const char* kind;
        const char* status;
        const char* customer;
        int minutes;
        QList<std::pair<QString, int>> lines;
        const char* payment;
    };
    const QList<Sample> samples{
        {"Q7K2",
         "delivery",
         "received",
         "Lucía Gómez",
         2,
         {{QStringLiteral("Pizza Margherita"), 2}, {QStringLiteral("Burrata"), 1}},
         "card"},
        {"M4PX", "takeout", "received", "Tom Becker", 4, {{QStringLiteral("Arancini"), 2}}, "counter"},
        {"H8WD",
         "voice",
         "preparing",
         "Carmen Ruiz",
         9,
         {{QStringLiteral("Fritto misto"), 1}, {QStringLiteral("Pizza Margherita"), 1}},
         "counter"},
        {"Z3NA",
         "delivery",
         "preparing",
         "Oliver Smith",
         14,
         {{QStringLiteral("Bistecca alla griglia"), 1}, {QStringLiteral("Burrata"), 1}},
         "card"},
        {"B5RT", "takeout", "ready", "Aiko Tanaka", 18, {{QStringLiteral("Pizza Margherita"), 3}}, "card"},
        {"K2LM", "delivery", "ready", "Pablo Martín", 23, {{QStringLiteral("Arancini"), 1}}, "card"},
        {"W9QE",
         "delivery",
         "out_for_delivery",
         "Sofía Navarro",
         31,
         {{QStringLiteral("Pizza Margherita"), 2}, {QStringLiteral("Fritto misto"), 1}},
         "card"},
        {"D6YU", "takeout", "picked_up", "Jonas Weber", 44, {{QStringLiteral("Burrata"), 2}}, "counter"},
        {"F1GH", "delivery", "delivered", "Marie Dubois", 58, {{QStringLiteral("Bistecca alla griglia"), 2}}, "card"},
        {"N7VC", "voice", "picked_up", "Diego Fernández", 66, {{QStringLiteral("Pizza Margherita"), 1}}, "counter"},
        {"T3XS", "takeout", "cancelled", "Emma Rossi", 72, {{QStringLiteral("Fritto misto"), 2}}, "card"},
        {"P8JA",
         "delivery",
         "delivered",
         "Hugo Moreau",
         95,
         {{QStringLiteral("Arancini"), 2}, {QStringLiteral("Burrata"), 1}},
         "card"},
    };
    qint64 first = 0;
    for (const Sample& s : samples) {
        const qint64 id = placeOrder(QString::fromUtf8(s.code),
                                     QString::fromUtf8(s.kind),
                                     QString::fromUtf8(s.status),
                                     QString::fromUtf8(s.customer),
                                     s.minutes,
                                     s.lines,
                                     QString::fromUtf8(s.payment));
        first = first == 0 ? id : first;
    }
    m_db->exec(QStringLiteral("UPDATE order_items SET note = 'extra basil, no olives' WHERE order_id = ?"
                              " AND name = 'Pizza Margherita'"),
               {first});
    openView(QSize(1280, 760));
    auto* statusFilter = m_view->findChild<QComboBox*>(QStringLiteral("statusFilterComboBox"));
    statusFilter->setCurrentIndex(statusFilter->findData(int(OrderListModel::StatusFilter::All)));
    QCOMPARE(m_view->model()->rowCount(), samples.size());
    QVERIFY(m_view->selectOrder(first));

    const QString shots = qEnvironmentVariable("MAITRE_TEST_SCREENSHOT_DIR");
    if (!shots.isEmpty()) {
        QTest::qWait(200);
        QVERIFY(QDir().mkpath(shots));
        const QString path = QDir(shots).filePath(QStringLiteral("orders.png"));
        QVERIFY2(m_window->grab().save(path), qPrintable(path));
        qInfo() << "saved" << path;
    }
}

QTEST_MAIN(TestOrdersView)
#include "tst_ordersview.moc"
