#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QStackedLayout;

// What the window shows before the console is ready: progress while the
// database is prepared, an error that says what to do, or the first-run
// choice between demo data and an empty restaurant.
class StartupPage final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StartupPage)

public:
    explicit StartupPage(QWidget* parent = nullptr);

    void showProgress(const QString& message);
    void showError(const QString& message);
    void showFirstRun();

Q_SIGNALS:
    void demoRequested();
    void emptyRestaurantRequested(const QString& name);

private:
    QLabel* m_title;
    QLabel* m_message;
    QProgressBar* m_progress;
    QWidget* m_firstRun;
    QLineEdit* m_nameEdit;
    QPushButton* m_demoButton;
    QPushButton* m_emptyButton;
};
