#include "analyticsaccesspage.h"

#include "analyticsaccess.h"
#include "analyticsrole.h"
#include "consolesession.h"
#include "dialogs.h"
#include "secretstore.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QUrl>
#include <QVBoxLayout>

AnalyticsAccessPage::AnalyticsAccessPage(qint64 restaurantId,
                                         AnalyticsAccess& access,
                                         SecretStore& secrets,
                                         ConsoleSession& session,
                                         const Connection& connection,
                                         QWidget* parent)
    : SettingsPage(tr("BI tools"),
                   tr("Power BI, Metabase, Grafana or Excel can read the analytics views through a read-only "
                      "database role. It sees sales, dishes, the queue and ratings, and never staff, secrets "
                      "or diners' names and phone numbers."),
                   Permission::EditSettings,
                   Layout::Tool,
                   parent)
    , m_restaurantId(restaurantId)
    , m_access(access)
    , m_secrets(secrets)
    , m_session(session)
    , m_connection(connection)
    , m_status(new QLabel(this))
    , m_passwordEdit(new QLineEdit(this))
    , m_urlEdit(new QLineEdit(this))
    , m_showButton(new QPushButton(tr("Show"), this))
    , m_renewButton(new QPushButton(tr("New password…"), this))
{
    setObjectName(QStringLiteral("analyticsAccessPage"));
    m_status->setObjectName(QStringLiteral("analyticsRoleStatusLabel"));
    m_status->setWordWrap(true);

    const auto readOnly = [this](const QString& name, const QString& text) {
        auto* edit = new QLineEdit(text, this);
        edit->setObjectName(name);
        edit->setReadOnly(true);
        return edit;
    };
    const auto copyRow = [this](QLineEdit* edit, const std::function<QString()>& value, const QString& name) {
        auto* row = new QHBoxLayout;
        row->addWidget(edit, 1);
        auto* copy = new QPushButton(tr("Copy"), this);
        copy->setObjectName(name);
        connect(copy, &QPushButton::clicked, this, [this, value] {
            QApplication::clipboard()->setText(value());
            showInfo(tr("Copied."));
        });
        row->addWidget(copy);
        return row;
    };
    m_passwordEdit->setObjectName(QStringLiteral("analyticsPasswordLineEdit"));
    m_passwordEdit->setReadOnly(true);
    m_passwordEdit->setEchoMode(QLineEdit::Password);
    m_showButton->setObjectName(QStringLiteral("showAnalyticsPasswordButton"));
    m_showButton->setCheckable(true);
    connect(m_showButton, &QPushButton::toggled, this, [this](bool on) {
        m_passwordEdit->setEchoMode(on ? QLineEdit::Normal : QLineEdit::Password);
        m_showButton->setText(on ? tr("Hide") : tr("Show"));
    });
    m_renewButton->setObjectName(QStringLiteral("renewAnalyticsPasswordButton"));
    connect(m_renewButton, &QPushButton::clicked, this, &AnalyticsAccessPage::renewPassword);
    m_urlEdit->setObjectName(QStringLiteral("analyticsUrlLineEdit"));
    m_urlEdit->setReadOnly(true);

    auto* form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignLeft);
    form->addRow(formLabel(tr("Host")), readOnly(QStringLiteral("analyticsHostLineEdit"), connection.host));
    form->addRow(formLabel(tr("Port")),
                 readOnly(QStringLiteral("analyticsPortLineEdit"), QString::number(connection.port)));
    form->addRow(formLabel(tr("Database")), readOnly(QStringLiteral("analyticsDatabaseLineEdit"), connection.database));
    form->addRow(formLabel(tr("User")), readOnly(QStringLiteral("analyticsUserLineEdit"), AnalyticsRole::name()));
    auto* passwordRow =
        copyRow(m_passwordEdit, [this] { return m_password; }, QStringLiteral("copyAnalyticsPasswordButton"));
    passwordRow->insertWidget(1, m_showButton);
    passwordRow->addWidget(m_renewButton);
    form->addRow(formLabel(tr("Password")), passwordRow);
    form->addRow(formLabel(tr("Schema")),
                 readOnly(QStringLiteral("analyticsSchemaLineEdit"), QStringLiteral("analytics")));
    form->addRow(
        formLabel(tr("Connection URL")),
        copyRow(m_urlEdit, [this] { return connectionString(true); }, QStringLiteral("copyAnalyticsUrlButton")));

    content()->addWidget(m_status);
    content()->addLayout(form);
    if (connection.managed) {
        m_network = new QCheckBox(
            tr("Accept BI tools from the network (port %1, password required)").arg(connection.port), this);
        m_network->setObjectName(QStringLiteral("analyticsNetworkCheckBox"));
        m_network->setChecked(QSettings().value(QLatin1String(NETWORK_SETTING), false).toBool());
        m_networkNote = new QLabel(this);
        m_networkNote->setObjectName(QStringLiteral("analyticsNetworkNoteLabel"));
        m_networkNote->setWordWrap(true);
        m_networkNote->setProperty("muted", true);
        connect(m_network, &QCheckBox::toggled, this, [this](bool on) {
            // This PC's database: a console setting, applied when its PostgreSQL next starts.
            QSettings().setValue(QLatin1String(NETWORK_SETTING), on);
            updateNetworkNote();
        });
        content()->addSpacing(8);
        content()->addWidget(m_network);
        content()->addWidget(m_networkNote);
        updateNetworkNote();
    } else {
        auto* external = new QLabel(tr("This database is not Maitre's own: whether BI tools can reach it over the "
                                       "network is up to its administrator."),
                                    this);
        external->setWordWrap(true);
        external->setProperty("muted", true);
        content()->addWidget(external);
    }
    if (!connection.eventsUrl.isEmpty()) {
        auto* events = new QLabel(tr("Live events for a BI tool or another system: %1 with an API token that has "
                                     "the events scope (see API tokens).")
                                      .arg(connection.eventsUrl),
                                  this);
        events->setObjectName(QStringLiteral("analyticsEventsLabel"));
        events->setWordWrap(true);
        events->setTextInteractionFlags(Qt::TextSelectableByMouse);
        content()->addSpacing(8);
        content()->addWidget(events);
    }
    content()->addStretch(1);
}

QString AnalyticsAccessPage::connectionString(bool withPassword) const
{
    QUrl url;
    url.setScheme(QStringLiteral("postgresql"));
    url.setUserName(AnalyticsRole::name());
    if (withPassword && !m_password.isEmpty()) {
        url.setPassword(m_password);
    }
    url.setHost(m_connection.host);
    url.setPort(m_connection.port);
    url.setPath(u'/' + m_connection.database);
    return withPassword ? url.toString(QUrl::FullyEncoded) : url.toString(QUrl::RemovePassword);
}

void AnalyticsAccessPage::updateNetworkNote()
{
    if (!m_network) {
        return;
    }
    QString note;
    if (m_network->isChecked() == m_connection.networkOn) {
        note = m_connection.networkOn ? tr("The database accepts BI tools from the network now.")
                                      : tr("The database accepts connections from this PC only.");
    } else {
        note = m_network->isChecked()
            ? tr("The database will accept BI tools from the network when Maitre next starts.")
            : tr("The database will stop accepting network connections when Maitre next starts.");
    }
    if (!m_connection.networkProblem.isEmpty()) {
        note += u'\n' + tr("Network access was asked for but could not start: %1").arg(m_connection.networkProblem);
    }
    m_networkNote->setText(note);
}

void AnalyticsAccessPage::showPassword(const QString& password)
{
    m_password = password;
    m_passwordEdit->setText(password.isEmpty() ? QString() : password);
    m_passwordEdit->setPlaceholderText(password.isEmpty() ? tr("not set") : QString());
    m_urlEdit->setText(connectionString(false));
}

void AnalyticsAccessPage::reload()
{
    setBusy(true);
    watch(m_access.status(), [this](const Result<AnalyticsRole::Status>& status) {
        setBusy(false);
        if (!status) {
            m_status->setText(tr("The database could not be asked about the role: %1").arg(describe(status.error())));
        } else if (!status->exists) {
            m_status->setText(tr("The read-only role maitre_analytics does not exist in this database, and Maitre's "
                                 "user may not create it. Ask the database's administrator to create it; Maitre "
                                 "grants it the analytics views at its next start."));
        } else {
            m_status->setText(tr("The read-only role maitre_analytics is ready: it can read the analytics schema "
                                 "and nothing else."));
        }
        m_renewButton->setEnabled(status && status->exists && status->manageable);
        Q_EMIT loaded();
    });
    watch(m_secrets.read(SecretStore::analyticsPassword()),
          [this](const Result<QString>& secret) { showPassword(secret.value_or(QString())); });
}

void AnalyticsAccessPage::renewPassword()
{
    Dialogs::confirm(this,
                     tr("New password"),
                     tr("Give maitre_analytics a new password? BI tools using the old one must be given the new one."),
                     tr("New password"),
                     tr("Cancel"),
                     [this] {
                         const QString password = AnalyticsRole::generatePassword();
                         setBusy(true);
                         watch(m_access.changePassword(m_restaurantId, m_session.actor(), password),
                               [this, password](const VoidResult& changed) {
                                   if (!changed) {
                                       setBusy(false);
                                       showError(changed.error());
                                       return;
                                   }
                                   watch(m_secrets.write(SecretStore::analyticsPassword(), password),
                                         [this, password](const VoidResult& kept) {
                                             setBusy(false);
                                             showPassword(password);
                                             if (kept) {
                                                 showInfo(tr("The role has a new password."));
                                             } else {
                                                 showError(tr("The role has a new password, but the keychain "
                                                              "could not keep it (%1): note it down now.")
                                                               .arg(describe(kept.error())));
                                             }
                                             Q_EMIT saved(true);
                                         });
                               });
                     });
}
