#include "gui/audit_view.h"

#include "runs/checkpoint_evaluation.h"
#include "runs/run_directory.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <chrono>
#include <cmath>

namespace noisynn {
namespace {

QString figure(double value, int decimals = 4) {
    return std::isnan(value) ? QStringLiteral("–") : QString::number(value, 'f', decimals);
}

}  // namespace

AuditView::AuditView(QWidget* parent) : QWidget(parent) {
    m_title = new QLabel(tr("Select a run with a checkpoint in the Runs list."));
    m_title->setWordWrap(true);
    m_audit = new QPushButton(tr("Audit this run"));
    m_audit->setObjectName(QStringLiteral("auditButton"));
    m_audit->setToolTip(
        tr("Evaluate the checkpoint as configured, over shuffled batches of the "
           "same size and of another size, and without the noise"));
    m_checkpoint = new QComboBox;
    m_checkpoint->addItems({QStringLiteral("best"), QStringLiteral("last")});
    m_order = new QComboBox;
    m_order->addItems(
        {QStringLiteral("sorted"), QStringLiteral("shuffled"), QStringLiteral("single")});
    m_order->setCurrentText(QStringLiteral("shuffled"));
    m_batch = new QSpinBox;
    m_batch->setRange(1, 1 << 20);
    m_batch->setValue(100);
    m_noNoise = new QCheckBox(tr("noise off"));
    m_evaluate = new QPushButton(tr("Evaluate"));
    m_evaluate->setObjectName(QStringLiteral("evaluateButton"));

    auto* controls = new QHBoxLayout;
    controls->addWidget(m_audit);
    controls->addSpacing(24);
    controls->addWidget(new QLabel(tr("Checkpoint")));
    controls->addWidget(m_checkpoint);
    controls->addWidget(new QLabel(tr("Order")));
    controls->addWidget(m_order);
    controls->addWidget(new QLabel(tr("Batch")));
    controls->addWidget(m_batch);
    controls->addWidget(m_noNoise);
    controls->addWidget(m_evaluate);
    controls->addStretch(1);

    m_table = new QTableWidget(0, 11);
    m_table->setObjectName(QStringLiteral("auditTable"));
    m_table->setHorizontalHeaderLabels(
        {tr("Evaluation"), tr("Checkpoint"), tr("Order"), tr("Batch"), tr("Noise"), tr("Accuracy"),
         tr("Loss"), tr("H(T;Z) before"), tr("H(T;Z) after"), tr("ΔS estimated"), tr("ΔS theory")});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->setVisible(false);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addLayout(controls);
    layout->addWidget(m_table, 1);

    connect(m_audit, &QPushButton::clicked, this, [this] { auditRun(); });
    connect(m_evaluate, &QPushButton::clicked, this, [this] {
        AuditRequest request;
        request.checkpoint = m_checkpoint->currentText();
        request.order = parseSampleOrder(m_order->currentText().toStdString(), "order");
        request.batch = request.order == SampleOrder::Single ? 1 : m_batch->value();
        if (m_noNoise->isChecked()) {
            request.overrides << QStringLiteral("noise.type=none")
                              << QStringLiteral("noise.image.type=none");
        }
        request.label = tr("custom");
        enqueue(request);
    });
    connect(&m_watcher, &QFutureWatcher<Outcome>::finished, this, [this] {
        const Outcome outcome = m_watcher.result();
        if (m_row >= 0 && m_row < m_table->rowCount()) {
            if (outcome.ok) {
                for (int column = 5; column < m_table->columnCount(); ++column) {
                    m_table->setItem(m_row, column,
                                     new QTableWidgetItem(outcome.cells.value(column - 5)));
                }
                Q_EMIT evaluated(m_table->item(m_row, 0)->text(),
                                 outcome.cells.value(0).toDouble());
            } else {
                auto* item = new QTableWidgetItem(outcome.error);
                item->setToolTip(outcome.error);
                m_table->setItem(m_row, 5, item);
                Q_EMIT failed(outcome.error);
            }
        }
        m_busy = false;
        next();
    });
    setRun(QString());
}

AuditView::~AuditView() {
    *m_cancel = true;
}

void AuditView::setRun(const QString& runPath) {
    if (runPath == m_run) {
        return;
    }
    m_run = runPath;
    m_queue.clear();
    m_table->setRowCount(0);
    m_row = -1;
    const bool usable = !runPath.isEmpty();
    m_audit->setEnabled(usable);
    m_evaluate->setEnabled(usable);
    m_title->setText(usable ? tr("Checkpoint evaluations of %1").arg(runPath)
                            : tr("Select a run with a checkpoint in the Runs list."));
}

void AuditView::auditRun() {
    if (m_run.isEmpty()) {
        return;
    }
    SampleOrder order;
    std::size_t batch = 0;
    try {
        const RunConfig config = RunDirectory::open(m_run.toStdString()).config();
        order = parseSampleOrder(config.text("eval.order"), "eval.order");
        batch = static_cast<std::size_t>(config.integer("eval.batch_size"));
    } catch (const std::exception& error) {
        Q_EMIT failed(QString::fromStdString(error.what()));
        return;
    }
    const QString checkpoint = m_checkpoint->currentText();
    enqueue({tr("as configured"), checkpoint, order, batch, {}});
    if (order != SampleOrder::Shuffled) {
        enqueue({tr("shuffled, same batch"), checkpoint, SampleOrder::Shuffled, batch, {}});
    }
    const std::size_t other = batch == 100 ? 1000 : 100;
    enqueue({tr("shuffled, batch %1").arg(other), checkpoint, SampleOrder::Shuffled, other, {}});
    enqueue({tr("noise off"),
             checkpoint,
             order,
             batch,
             {QStringLiteral("noise.type=none"), QStringLiteral("noise.image.type=none")}});
}

void AuditView::enqueue(const AuditRequest& request) {
    if (m_run.isEmpty()) {
        return;
    }
    m_queue.push_back(request);
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    const QStringList cells{
        request.label, request.checkpoint, QString::fromStdString(toString(request.order)),
        QString::number(request.batch),
        request.overrides.isEmpty() ? tr("as trained") : request.overrides.join(QLatin1Char(' '))};
    for (int column = 0; column < cells.size(); ++column) {
        m_table->setItem(row, column, new QTableWidgetItem(cells[column]));
    }
    m_table->setItem(row, 5, new QTableWidgetItem(tr("waiting…")));
    if (!m_busy) {
        next();
    }
}

void AuditView::setHeld(bool held) {
    m_held = held;
    if (!held && !m_busy) {
        next();
    }
}

void AuditView::next() {
    if (m_queue.empty()) {
        Q_EMIT idle();
        return;
    }
    if (m_held) {
        for (int row = m_table->rowCount() - static_cast<int>(m_queue.size());
             row < m_table->rowCount(); ++row) {
            m_table->setItem(row, 5, new QTableWidgetItem(tr("waits for the run to end")));
        }
        return;
    }
    const AuditRequest request = m_queue.front();
    m_queue.pop_front();
    m_row = m_table->rowCount() - static_cast<int>(m_queue.size()) - 1;
    m_table->setItem(m_row, 5, new QTableWidgetItem(tr("evaluating…")));
    m_busy = true;
    Q_EMIT evaluationStarted();
    m_watcher.setFuture(QtConcurrent::run(&AuditView::evaluate, m_run, request, m_cancel));
}

AuditView::Outcome AuditView::evaluate(const QString& runPath, const AuditRequest& request,
                                       std::shared_ptr<std::atomic<bool>> cancel) {
    Outcome outcome;
    try {
        const RunDirectory run = RunDirectory::open(runPath.toStdString());
        std::vector<std::string> overrides;
        for (const QString& setting : request.overrides) {
            overrides.push_back(setting.toStdString());
        }
        const RunConfig config = evaluationConfig(run.config(), overrides);
        const CheckpointEvaluation evaluation =
            evaluateCheckpoint(config, run.checkpointPath(request.checkpoint.toStdString()),
                               request.order, request.batch, cancel.get());
        const EvaluationResult& result = evaluation.result;
        outcome.cells = {figure(result.accuracy),
                         figure(result.loss),
                         figure(result.entropy.before),
                         figure(result.entropy.after),
                         figure(result.entropy.deltaSEstimated),
                         figure(result.entropy.deltaSTheory)};
        outcome.ok = true;
    } catch (const std::exception& error) {
        outcome.error = QString::fromStdString(error.what());
    }
    return outcome;
}

}  // namespace noisynn
