#include "startuppage.h"

#include <QLabel>
#include <QProgressBar>
#include <QVBoxLayout>

StartupPage::StartupPage(QWidget* parent)
    : QWidget(parent)
    , m_title(new QLabel(tr("Maitre"), this))
    , m_message(new QLabel(this))
    , m_progress(new QProgressBar(this))
{
    setObjectName(QStringLiteral("startupPage"));
    m_title->setObjectName(QStringLiteral("startupTitleLabel"));
    m_message->setObjectName(QStringLiteral("startupMessageLabel"));
    m_progress->setObjectName(QStringLiteral("startupProgressBar"));

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

    auto* layout = new QVBoxLayout(this);
    layout->addStretch(2);
    layout->addWidget(m_title);
    layout->addSpacing(16);
    layout->addWidget(m_message);
    layout->addWidget(m_progress, 0, Qt::AlignHCenter);
    layout->addStretch(3);
}

void StartupPage::showProgress(const QString& message)
{
    m_message->setText(message);
    m_message->setStyleSheet({});
    m_progress->show();
}

void StartupPage::showError(const QString& message)
{
    m_message->setText(message);
    m_message->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_progress->hide();
}
