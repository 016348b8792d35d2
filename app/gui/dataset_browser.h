#pragma once

#include "data/dataset_catalog.h"

#include <QFutureWatcher>
#include <QWidget>

#include <memory>
#include <optional>

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTimer;

namespace noisynn {

class ClassCountTable;
class ImageGridWidget;
struct LoadOutcome;
struct LoadedDataset;
struct SampleGrid;

// Pick a data set; see its classes, per-split counts, image shape, channel statistics and a grid of
// sample images per class. Loading and decoding happen on a worker thread.
class DatasetBrowser : public QWidget {
    Q_OBJECT
public:
    explicit DatasetBrowser(QWidget* parent = nullptr);
    ~DatasetBrowser() override;

    void openDataset(const DatasetRequest& request);
    bool isBusy() const;

    ClassCountTable* classTable() const { return m_classTable; }
    ImageGridWidget* imageGrid() const { return m_grid; }
    QString summaryText() const;
    QString statusText() const;
    const LoadedDataset* current() const { return m_current.get(); }

Q_SIGNALS:
    void datasetShown(const QString& summary);
    void loadFailed(const QString& message);
    void samplesShown(int images);

private:
    void openSelectedName();
    void chooseFolder();
    void showLoaded(const LoadOutcome& outcome, int generation);
    void refreshSamples();
    void showSamples(const SampleGrid& grid, int generation);
    void setBusy(const QString& message);
    void selectSourceOf(const std::string& source);

    QComboBox* m_source = nullptr;
    QPushButton* m_folderButton = nullptr;
    QComboBox* m_split = nullptr;
    QSpinBox* m_perClass = nullptr;
    QPushButton* m_shuffleButton = nullptr;
    ClassCountTable* m_classTable = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_status = nullptr;
    ImageGridWidget* m_grid = nullptr;
    QTimer* m_sampleDelay = nullptr;  // coalesces spin-box ticks into one sampling job

    std::shared_ptr<LoadedDataset> m_current;
    std::uint64_t m_sampleSeed = 1;
    // Results of an older request are dropped when a newer one is already under way.
    int m_loadGeneration = 0;
    int m_sampleGeneration = 0;
    int m_pending = 0;
};

}  // namespace noisynn
