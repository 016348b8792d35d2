#pragma once

#include "data/sample_order.h"

#include <QFutureWatcher>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <atomic>
#include <deque>
#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace noisynn {

// One evaluation of a run's checkpoint, as asked for and as it came out.
struct AuditRequest {
    QString label;
    QString checkpoint = QStringLiteral("best");
    SampleOrder order = SampleOrder::Shuffled;
    std::size_t batch = 100;
    QStringList overrides;  // "noise.type=none"
};

// The NoisyNN audit: one checkpoint evaluated under several orders, batch sizes and with the
// noise off, side by side. Evaluations run one after another off the GUI thread.
class AuditView : public QWidget {
    Q_OBJECT
public:
    explicit AuditView(QWidget* parent = nullptr);
    // Cancels an evaluation still running, so that closing the window does not wait for it.
    ~AuditView() override;

    // The run whose checkpoint is evaluated; clears the table when it changes.
    void setRun(const QString& runPath);
    const QString& run() const { return m_run; }
    // The standard audit: as configured, shuffled at the same batch size, shuffled at batch 100
    // (1000 when that is the configured size), and without the noise.
    void auditRun();
    void enqueue(const AuditRequest& request);
    bool isBusy() const { return m_busy; }
    // While held (a run is training), evaluations wait: they would draw from LibTorch's global
    // generator and thread settings, which the run is using.
    void setHeld(bool held);
    QTableWidget* table() const { return m_table; }

Q_SIGNALS:
    void evaluated(const QString& label, double accuracy);
    void failed(const QString& message);
    void idle();
    void evaluationStarted();

private:
    struct Outcome {
        bool ok = false;
        QString error;
        QStringList cells;
    };
    void next();
    static Outcome evaluate(const QString& runPath, const AuditRequest& request,
                            std::shared_ptr<std::atomic<bool>> cancel);

    QString m_run;
    QLabel* m_title = nullptr;
    QComboBox* m_checkpoint = nullptr;
    QComboBox* m_order = nullptr;
    QSpinBox* m_batch = nullptr;
    QCheckBox* m_noNoise = nullptr;
    QPushButton* m_audit = nullptr;
    QPushButton* m_evaluate = nullptr;
    QTableWidget* m_table = nullptr;
    std::deque<AuditRequest> m_queue;
    QFutureWatcher<Outcome> m_watcher;
    bool m_busy = false;
    bool m_held = false;
    std::shared_ptr<std::atomic<bool>> m_cancel = std::make_shared<std::atomic<bool>>(false);
    int m_row = -1;
};

}  // namespace noisynn
