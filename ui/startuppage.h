#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;

// What the window shows before the console is ready: progress while the
// database is prepared, or an error that says what to do. (The first-run
// guide is FirstRunWizard.)
class StartupPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StartupPage)

public:
    explicit StartupPage(QWidget* parent = nullptr);

    void showProgress(const QString& message);
    void showError(const QString& message);

private:
    QLabel* m_title;
    QLabel* m_message;
    QProgressBar* m_progress;
};
