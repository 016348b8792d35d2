#pragma once

#include <QSet>
#include <QString>
#include <QStringList>
#include <QWidget>

class QCheckBox;
class QLabel;

namespace noisynn {

class RunListWidget;
struct RunListing;
struct RunRow;

// The Runs dock: the runs folder as a list, and what can be done with the selected runs. Hidden
// runs stay on disk and come back with "Show hidden"; deleted runs are removed from disk after
// a confirmation.
class RunsPanel : public QWidget {
    Q_OBJECT
public:
    explicit RunsPanel(QWidget* parent = nullptr);

    void setRunsFolder(const QString& folder);
    const QString& runsFolder() const { return m_folder; }
    void setHiddenRuns(const QStringList& paths);
    QStringList hiddenRuns() const { return QStringList(m_hidden.begin(), m_hidden.end()); }
    // The run being trained shows "running" until refresh() after it ends.
    void setActiveRun(const QString& path);

    void refresh();
    // Re-reads one run (after an epoch of the run training), not the whole folder.
    void refreshRun(const QString& path);
    void hideRuns(const QStringList& paths);
    // Removes the run directories; returns the ones that could not be removed.
    QStringList deleteRuns(const QStringList& paths);

    RunListWidget* list() const { return m_list; }
    QString currentRun() const;

Q_SIGNALS:
    void openRequested(const QString& path);
    void resumeRequested(const QString& path);
    void rerunRequested(const QString& path);
    void auditRequested(const QString& path);
    void overlayChanged(const QString& path, bool shown);
    void runsRemoved(const QStringList& paths);
    void message(const QString& text);

private:
    RunRow rowOf(const RunListing& listing) const;

    QString m_folder;
    QString m_active;
    QSet<QString> m_hidden;
    QLabel* m_folderLabel = nullptr;
    QCheckBox* m_showHidden = nullptr;
    RunListWidget* m_list = nullptr;
};

}  // namespace noisynn
