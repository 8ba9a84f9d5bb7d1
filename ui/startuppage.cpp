#include "startuppage.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

StartupPage::StartupPage(QWidget* parent)
    : QWidget(parent)
    , m_title(new QLabel(tr("Maitre"), this))
    , m_message(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_firstRun(new QWidget(this))
    , m_nameEdit(new QLineEdit(m_firstRun))
    , m_demoButton(new QPushButton(tr("Load the demo restaurant"), m_firstRun))
    , m_emptyButton(new QPushButton(tr("Start with my restaurant"), m_firstRun))
{
    setObjectName(QStringLiteral("startupPage"));
    m_title->setObjectName(QStringLiteral("startupTitleLabel"));
    m_message->setObjectName(QStringLiteral("startupMessageLabel"));
    m_progress->setObjectName(QStringLiteral("startupProgressBar"));
    m_demoButton->setObjectName(QStringLiteral("demoButton"));
    m_emptyButton->setObjectName(QStringLiteral("emptyRestaurantButton"));
    m_nameEdit->setObjectName(QStringLiteral("restaurantNameLineEdit"));

    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 2.4);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setAlignment(Qt::AlignHCenter);
    m_message->setAlignment(Qt::AlignHCenter);
    m_message->setWordWrap(true);
    m_progress->setRange(0, 0); // busy
    m_progress->setTextVisible(false);
    m_progress->setMaximumWidth(360);

    m_demoButton->setDefault(true);
    m_demoButton->setMinimumHeight(m_demoButton->sizeHint().height() * 3 / 2);
    m_emptyButton->setMinimumHeight(m_demoButton->minimumHeight());
    m_nameEdit->setPlaceholderText(tr("Restaurant name"));
    m_nameEdit->setMinimumHeight(m_demoButton->minimumHeight());

    auto* choice = new QVBoxLayout(m_firstRun);
    auto* intro = new QLabel(tr("Welcome! Try Maitre with a demo restaurant (tables, a menu with prices and "
                                "prep times), or start with your own."),
                             m_firstRun);
    intro->setWordWrap(true);
    intro->setAlignment(Qt::AlignHCenter);
    choice->addWidget(intro);
    choice->addSpacing(12);
    choice->addWidget(m_demoButton);
    choice->addSpacing(12);
    auto* own = new QHBoxLayout;
    own->addWidget(m_nameEdit, 1);
    own->addWidget(m_emptyButton);
    choice->addLayout(own);
    m_firstRun->setFixedWidth(560);
    m_firstRun->hide();

    auto* layout = new QVBoxLayout(this);
    layout->addStretch(2);
    layout->addWidget(m_title);
    layout->addSpacing(16);
    layout->addWidget(m_message);
    layout->addWidget(m_progress, 0, Qt::AlignHCenter);
    layout->addWidget(m_firstRun, 0, Qt::AlignHCenter);
    layout->addStretch(3);

    connect(m_demoButton, &QPushButton::clicked, this, [this] {
        showProgress(tr("Creating the demo restaurant…"));
        Q_EMIT demoRequested();
    });
    const auto requestEmpty = [this] {
        const QString name = m_nameEdit->text().trimmed();
        if (name.isEmpty()) {
            m_message->setText(tr("Type your restaurant's name first."));
            m_nameEdit->setFocus();
            return;
        }
        showProgress(tr("Creating %1…").arg(name));
        Q_EMIT emptyRestaurantRequested(name);
    };
    connect(m_emptyButton, &QPushButton::clicked, this, requestEmpty);
    connect(m_nameEdit, &QLineEdit::returnPressed, this, requestEmpty);
}

void StartupPage::showProgress(const QString& message)
{
    m_message->setText(message);
    m_message->setStyleSheet({});
    m_progress->show();
    m_firstRun->hide();
}

void StartupPage::showError(const QString& message)
{
    m_message->setText(message);
    m_message->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_progress->hide();
    m_firstRun->hide();
}

void StartupPage::showFirstRun()
{
    m_message->setText({});
    m_progress->hide();
    m_firstRun->show();
    m_demoButton->setFocus();
}
