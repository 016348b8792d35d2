#pragma once

#include <QString>
#include <QStringList>
#include <QTreeWidget>
#include <QVector>

namespace noisynn {

// One run as the list shows it.
struct RunRow {
    QString path;  // identifies the run
    QString name;
    QString backbone;
    QString noise;
    double bestValAccuracy = -1;  // -1: no epoch yet
    int epochsCompleted = 0;
    int epochs = 0;
    QString status;
};

// The runs folder as a table; the check box of a run puts it on the plots (overlay).
class RunListWidget : public QTreeWidget {
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        BackboneColumn,
        NoiseColumn,
        AccuracyColumn,
        EpochsColumn,
        StatusColumn
    };

    explicit RunListWidget(QWidget* parent = nullptr);

    // Replaces the rows; the check marks and the selection of runs still listed are kept.
    void setRuns(const QVector<RunRow>& runs);
    // Adds the run when it is not listed yet (at the top).
    void updateRun(const RunRow& run);
    void removeRun(const QString& path);

    QStringList paths() const;
    QStringList selectedPaths() const;
    QStringList checkedPaths() const;
    void setChecked(const QString& path, bool checked);

Q_SIGNALS:
    void runActivated(const QString& path);
    void runChecked(const QString& path, bool checked);

private:
    QTreeWidgetItem* itemOf(const QString& path) const;
    void fill(QTreeWidgetItem* item, const RunRow& run);

    bool m_filling = false;
};

}  // namespace noisynn
