#include "gui/runs_panel.h"

#include "run_list_widget.h"
#include "runs/run_catalog.h"

#include <QCheckBox>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

#include <filesystem>

namespace noisynn {

RunsPanel::RunsPanel(QWidget* parent) : QWidget(parent) {
    m_folderLabel = new QLabel;
    m_folderLabel->setWordWrap(true);
    auto* chooseFolder = new QPushButton(tr("Folder…"));
    auto* refresh = new QPushButton(tr("Refresh"));
    m_showHidden = new QCheckBox(tr("Show hidden"));
    auto* top = new QHBoxLayout;
    top->addWidget(m_folderLabel, 1);
    top->addWidget(m_showHidden);
    top->addWidget(refresh);
    top->addWidget(chooseFolder);

    m_list = new RunListWidget;
    m_list->setObjectName(QStringLiteral("runList"));

    const auto button = [this](const QString& text, const QString& name, const QString& tip) {
        auto* b = new QPushButton(text);
        b->setObjectName(name);
        b->setToolTip(tip);
        return b;
    };
    auto* open = button(tr("Open"), QStringLiteral("openRunButton"),
                        tr("Show the run's curves and inspect views from disk"));
    auto* resume = button(tr("Resume"), QStringLiteral("resumeRunButton"),
                          tr("Continue a stopped run from its last checkpoint"));
    auto* rerun = button(tr("Rerun…"), QStringLiteral("rerunButton"),
                         tr("Train the run's config again with another seed"));
    auto* audit = button(tr("Audit"), QStringLiteral("auditRunButton"),
                         tr("Re-evaluate the checkpoint under other orders and batch sizes"));
    auto* hide = button(tr("Hide"), QStringLiteral("hideRunButton"),
                        tr("Leave the run out of the list; it stays on disk"));
    auto* remove = button(tr("Delete…"), QStringLiteral("deleteRunButton"),
                          tr("Remove the run directory from disk"));
    auto* actions = new QHBoxLayout;
    for (QPushButton* b : {open, resume, rerun, audit, hide, remove}) {
        actions->addWidget(b);
    }
    actions->addStretch(1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_list, 1);
    layout->addLayout(actions);

    connect(refresh, &QPushButton::clicked, this, &RunsPanel::refresh);
    connect(m_showHidden, &QCheckBox::toggled, this, &RunsPanel::refresh);
    connect(chooseFolder, &QPushButton::clicked, this, [this] {
        const QString folder =
            QFileDialog::getExistingDirectory(this, tr("Choose the runs folder"), m_folder);
        if (!folder.isEmpty()) {
            setRunsFolder(folder);
        }
    });
    connect(m_list, &RunListWidget::runActivated, this, &RunsPanel::openRequested);
    connect(m_list, &RunListWidget::runChecked, this, &RunsPanel::overlayChanged);
    const auto withCurrent = [this](void (RunsPanel::*signal)(const QString&)) {
        return [this, signal] {
            const QString run = currentRun();
            if (run.isEmpty()) {
                Q_EMIT message(tr("Select a run in the list first."));
            } else {
                Q_EMIT(this->*signal)(run);
            }
        };
    };
    connect(open, &QPushButton::clicked, this, withCurrent(&RunsPanel::openRequested));
    connect(resume, &QPushButton::clicked, this, withCurrent(&RunsPanel::resumeRequested));
    connect(rerun, &QPushButton::clicked, this, withCurrent(&RunsPanel::rerunRequested));
    connect(audit, &QPushButton::clicked, this, withCurrent(&RunsPanel::auditRequested));
    connect(hide, &QPushButton::clicked, this, [this] { hideRuns(m_list->selectedPaths()); });
    connect(remove, &QPushButton::clicked, this, [this] {
        const QStringList paths = m_list->selectedPaths();
        if (paths.isEmpty()) {
            return;
        }
        const auto answer = QMessageBox::question(
            this, tr("Delete runs"),
            tr("Delete %n run directory(s) from disk, checkpoints included?\n\n%1", "",
               static_cast<int>(paths.size()))
                .arg(paths.join(QLatin1Char('\n'))));
        if (answer == QMessageBox::Yes) {
            deleteRuns(paths);
        }
    });
}

void RunsPanel::setRunsFolder(const QString& folder) {
    m_folder = folder;
    m_folderLabel->setText(tr("Runs in %1").arg(QDir::toNativeSeparators(folder)));
    refresh();
}

void RunsPanel::setHiddenRuns(const QStringList& paths) {
    m_hidden = QSet<QString>(paths.begin(), paths.end());
    refresh();
}

void RunsPanel::setActiveRun(const QString& path) {
    m_active = path;
    refresh();
}

RunRow RunsPanel::rowOf(const RunListing& listing) const {
    RunRow row;
    row.path = QString::fromStdString(listing.path);
    // The folder, not the config's name: reruns of one config share the name.
    row.name = QString::fromStdString(listing.folder);
    row.backbone = QString::fromStdString(listing.backbone);
    row.noise = QString::fromStdString(listing.noise);
    row.bestValAccuracy = listing.bestValAccuracy;
    row.epochsCompleted = listing.epochsCompleted;
    row.epochs = listing.epochs;
    row.status = row.path == m_active ? tr("running") : QString::fromStdString(listing.status);
    if (m_hidden.contains(row.path)) {
        row.status += tr(" (hidden)");
    }
    return row;
}

void RunsPanel::refresh() {
    QVector<RunRow> rows;
    for (const RunListing& listing : listRuns(m_folder.toStdString())) {
        const QString path = QString::fromStdString(listing.path);
        if (!m_hidden.contains(path) || m_showHidden->isChecked()) {
            rows.push_back(rowOf(listing));
        }
    }
    m_list->setRuns(rows);
}

void RunsPanel::refreshRun(const QString& path) {
    m_list->updateRun(rowOf(readRunListing(path.toStdString())));
}

void RunsPanel::hideRuns(const QStringList& paths) {
    for (const QString& path : paths) {
        m_hidden.insert(path);
    }
    refresh();
}

QStringList RunsPanel::deleteRuns(const QStringList& paths) {
    QStringList failed;
    QStringList removed;
    for (const QString& path : paths) {
        if (path == m_active) {
            failed << path;
            Q_EMIT message(tr("%1 is training; stop it before deleting it").arg(path));
            continue;
        }
        std::error_code error;
        std::filesystem::remove_all(path.toStdString(), error);
        if (error) {
            failed << path;
            Q_EMIT message(tr("%1 could not be deleted: %2")
                               .arg(path, QString::fromStdString(error.message())));
        } else {
            removed << path;
            m_hidden.remove(path);
        }
    }
    refresh();
    if (!removed.isEmpty()) {
        Q_EMIT runsRemoved(removed);
    }
    return failed;
}

QString RunsPanel::currentRun() const {
    const QStringList selected = m_list->selectedPaths();
    return selected.isEmpty() ? QString() : selected.first();
}

}  // namespace noisynn
