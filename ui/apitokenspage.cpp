#include "apitokenspage.h"

#include "apitokenservice.h"
#include "consolesession.h"
#include "dialogs.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace
{

enum Column
{
    NameColumn,
    ScopesColumn,
    CreatedColumn,
    LastUsedColumn,
    StatusColumn,
    ColumnCount
};

QString when(const QDateTime& at)
{
    return at.isValid() ? QLocale().toString(at.toLocalTime(), QLocale::ShortFormat) : ApiTokensPage::tr("Never");
}

QString describeScope(const QString& scope)
{
    if (scope == u"events") {
        return ApiTokensPage::tr("events — read the live event stream (SSE)");
    }
    if (scope == u"staff") {
        return ApiTokensPage::tr("staff — use staff-only endpoints");
    }
    return scope;
}

} // namespace

ApiTokensPage::ApiTokensPage(qint64 restaurantId, ApiTokenService& tokens, ConsoleSession& session, QWidget* parent)
    : SettingsPage(tr("API tokens"),
                   tr("Tokens let integrations such as a BI tool read the event stream. Maitre keeps only a hash: "
                      "a token is shown once, when it is created."),
                   Permission::ManageStaff,
                   Layout::Tool,
                   parent)
    , m_restaurantId(restaurantId)
    , m_service(tokens)
    , m_session(session)
    , m_list(new QTableWidget(0, ColumnCount, this))
    , m_createButton(new QPushButton(tr("+ Create token…"), this))
    , m_revokeButton(new QPushButton(tr("Revoke…"), this))
{
    setObjectName(QStringLiteral("apiTokensPage"));
    m_list->setObjectName(QStringLiteral("tokensTableWidget"));
    m_list->setHorizontalHeaderLabels({tr("Name"), tr("Scopes"), tr("Created"), tr("Last used"), tr("Status")});
    m_list->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->verticalHeader()->hide();
    m_list->horizontalHeader()->setStretchLastSection(true);
    m_list->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_list->setColumnWidth(NameColumn, 200);
    m_list->setColumnWidth(ScopesColumn, 130);
    m_list->setColumnWidth(CreatedColumn, 160);
    m_list->setColumnWidth(LastUsedColumn, 160);
    m_list->setAlternatingRowColors(true);
    m_list->setShowGrid(false);
    connect(m_list, &QTableWidget::itemSelectionChanged, this, &ApiTokensPage::updateButtons);

    m_createButton->setObjectName(QStringLiteral("createTokenButton"));
    m_createButton->setProperty("role", QStringLiteral("primary"));
    m_revokeButton->setObjectName(QStringLiteral("revokeTokenButton"));
    m_revokeButton->setProperty("role", QStringLiteral("danger"));
    connect(m_createButton, &QPushButton::clicked, this, &ApiTokensPage::createToken);
    connect(m_revokeButton, &QPushButton::clicked, this, &ApiTokensPage::revokeSelected);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_createButton);
    buttons->addStretch(1);
    buttons->addWidget(m_revokeButton);
    content()->addLayout(buttons);
    content()->addWidget(m_list, 1);
    updateButtons();
}

bool ApiTokensPage::selectToken(const QString& name)
{
    for (int row = 0; row < m_tokens.size(); ++row) {
        if (m_tokens.at(row).name == name && !m_tokens.at(row).isRevoked()) {
            m_list->selectRow(row);
            return true;
        }
    }
    return false;
}

void ApiTokensPage::reload()
{
    setBusy(true);
    watch(m_service.list(m_restaurantId, m_session.actor()), [this](const Result<QList<ApiToken>>& tokens) {
        setBusy(false);
        if (tokens) {
            showTokens(*tokens);
        } else {
            showError(tokens.error());
        }
        Q_EMIT loaded();
    });
}

void ApiTokensPage::showTokens(const QList<ApiToken>& tokens)
{
    m_tokens = tokens;
    const QSignalBlocker blocker(m_list);
    m_list->clearSelection();
    m_list->setRowCount(int(tokens.size()));
    for (int row = 0; row < tokens.size(); ++row) {
        const ApiToken& token = tokens.at(row);
        const QStringList cells{token.name,
                                token.scopes.join(QStringLiteral(", ")),
                                when(token.createdAt),
                                when(token.lastUsedAt),
                                token.isRevoked() ? tr("Revoked %1").arg(when(token.revokedAt)) : tr("Active")};
        for (int column = 0; column < ColumnCount; ++column) {
            auto* item = new QTableWidgetItem(cells.at(column));
            if (token.isRevoked()) {
                item->setForeground(QColor(0x80, 0x86, 0x8b));
            }
            m_list->setItem(row, column, item);
        }
    }
    updateButtons();
}

const ApiToken* ApiTokensPage::selected() const
{
    const QList<QTableWidgetItem*> items = m_list->selectedItems();
    if (items.isEmpty()) {
        return nullptr;
    }
    const int row = items.constFirst()->row();
    return row >= 0 && row < m_tokens.size() ? &m_tokens.at(row) : nullptr;
}

void ApiTokensPage::updateButtons()
{
    const ApiToken* token = selected();
    m_revokeButton->setEnabled(token != nullptr && !token->isRevoked());
}

void ApiTokensPage::createToken()
{
    clearMessage();
    auto* dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("createTokenDialog"));
    dialog->setWindowTitle(tr("Create an API token"));
    dialog->setMinimumWidth(440);
    auto* name = new QLineEdit(dialog);
    name->setObjectName(QStringLiteral("tokenNameLineEdit"));
    name->setMaxLength(80);
    name->setPlaceholderText(tr("e.g. Metabase"));
    auto* scopesBox = new QWidget(dialog);
    auto* scopesLayout = new QVBoxLayout(scopesBox);
    scopesLayout->setContentsMargins(0, 0, 0, 0);
    QList<QCheckBox*> scopes;
    const QStringList known = ApiTokenService::knownScopes();
    for (const QString& scope : known) {
        auto* box = new QCheckBox(describeScope(scope), scopesBox);
        box->setObjectName(QStringLiteral("scopeCheckBox_") + scope);
        box->setProperty("scope", scope);
        box->setChecked(scope == u"events");
        scopesLayout->addWidget(box);
        scopes << box;
    }
    auto* error = new QLabel(dialog);
    error->setObjectName(QStringLiteral("tokenDialogErrorLabel"));
    error->setStyleSheet(QStringLiteral("color: #b3261e;"));
    error->setWordWrap(true);
    error->hide();
    auto* form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignTop);
    form->setHorizontalSpacing(14);
    form->setVerticalSpacing(10);
    form->addRow(tr("Name"), name);
    form->addRow(tr("Scopes"), scopesBox);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Create"));
    auto* layout = new QVBoxLayout(dialog);
    layout->addLayout(form);
    layout->addWidget(error);
    layout->addWidget(buttons);

    const auto problem = [name, scopes]() -> QString {
        if (name->text().trimmed().isEmpty()) {
            return tr("Give the token a name that says who uses it.");
        }
        if (name->text().trimmed().size() > 60) {
            return tr("A token's name can have at most 60 characters.");
        }
        for (const QCheckBox* box : scopes) {
            if (box->isChecked()) {
                return {};
            }
        }
        return tr("Choose at least one scope.");
    };
    connect(buttons, &QDialogButtonBox::accepted, dialog, [dialog, error, problem] {
        const QString text = problem();
        error->setText(text);
        error->setVisible(!text.isEmpty());
        if (text.isEmpty()) {
            dialog->accept();
        }
    });
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);

    Dialogs::open(dialog, [this, name, scopes, problem](int result) {
        if (result != QDialog::Accepted) {
            return;
        }
        if (const QString text = problem(); !text.isEmpty()) {
            showError(tr("No token was created: %1").arg(text));
            Q_EMIT saved(false);
            return;
        }
        QStringList chosen;
        for (const QCheckBox* box : scopes) {
            if (box->isChecked()) {
                chosen << box->property("scope").toString();
            }
        }
        const QString tokenName = name->text().trimmed();
        setBusy(true);
        watch(m_service.create(m_restaurantId, m_session.actor(), tokenName, chosen),
              [this](const Result<ApiTokenService::Created>& created) {
                  setBusy(false);
                  if (!created) {
                      showError(created.error());
                      Q_EMIT saved(false);
                      return;
                  }
                  showInfo(tr("Token %1 created.").arg(created->token.name));
                  reload();
                  showSecretOnce(created->token.name, created->secret);
                  Q_EMIT saved(true);
              });
    });
}

void ApiTokensPage::showSecretOnce(const QString& name, const QString& secret)
{
    auto* dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("tokenSecretDialog"));
    dialog->setWindowTitle(tr("Token %1").arg(name));
    dialog->setMinimumWidth(520);
    auto* warning = new QLabel(tr("Copy this token now. It will not be shown again: Maitre keeps only a hash of it. "
                                  "If it is lost, revoke it and create a new one."),
                               dialog);
    warning->setObjectName(QStringLiteral("tokenSecretWarningLabel"));
    warning->setWordWrap(true);
    warning->setStyleSheet(
        QStringLiteral("color: #5f3b00; background: #fff4d6; border-left: 5px solid #d49b00; padding: 8px 12px;"));
    auto* value = new QLineEdit(secret, dialog);
    value->setObjectName(QStringLiteral("tokenSecretLineEdit"));
    value->setReadOnly(true);
    value->setFont(QFont(QStringLiteral("monospace")));
    value->selectAll();
    auto* copy = new QPushButton(tr("Copy"), dialog);
    copy->setObjectName(QStringLiteral("copyTokenButton"));
    connect(copy, &QPushButton::clicked, dialog, [value, copy] {
        QApplication::clipboard()->setText(value->text());
        copy->setText(tr("Copied"));
    });
    auto* row = new QHBoxLayout;
    row->addWidget(value, 1);
    row->addWidget(copy);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    buttons->button(QDialogButtonBox::Close)->setText(tr("I have copied it"));
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    auto* layout = new QVBoxLayout(dialog);
    layout->setSpacing(12);
    layout->addWidget(warning);
    layout->addLayout(row);
    layout->addWidget(buttons);
    Dialogs::open(dialog, {});
}

void ApiTokensPage::revokeSelected()
{
    const ApiToken* token = selected();
    if (token == nullptr || token->isRevoked()) {
        return;
    }
    clearMessage();
    const QString name = token->name;
    Dialogs::confirm(this,
                     tr("Revoke token"),
                     tr("Revoke the token %1? Anything using it stops working at once.").arg(name),
                     tr("Revoke"),
                     tr("Keep"),
                     [this, name] {
                         setBusy(true);
                         watch(m_service.revoke(m_restaurantId, m_session.actor(), name),
                               [this](const Result<ApiToken>& revoked) {
                                   setBusy(false);
                                   if (!revoked) {
                                       showError(revoked.error());
                                       Q_EMIT saved(false);
                                       return;
                                   }
                                   showInfo(tr("Token %1 revoked.").arg(revoked->name));
                                   reload();
                                   Q_EMIT saved(true);
                               });
                     });
}
