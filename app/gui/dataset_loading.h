#pragma once

#include "data/dataset.h"
#include "data/dataset_catalog.h"
#include "data/dataset_report.h"

#include <image_grid_widget.h>

#include <QString>
#include <QStringList>
#include <QVector>

#include <cstdint>
#include <optional>

namespace noisynn {

// Work the data-set browser runs off the GUI thread. Both functions catch noisynn::Error and hand
// its message back, because an exception cannot cross QtConcurrent's thread boundary.

struct LoadedDataset {
    DatasetSplits splits;
    DatasetReport report;
    double seconds = 0.0;  // opening plus inspecting
};

struct LoadOutcome {
    std::optional<LoadedDataset> dataset;
    QString error;
};

// Images per split that opening a data set decodes to check them and take their statistics.
constexpr std::size_t kMaxCheckedInWindow = 20000;

LoadOutcome loadAndInspect(const DatasetRequest& request, int threads);

struct SampleGrid {
    QStringList rowLabels;  // class names
    QVector<QVector<ImageGridWidget::Tile>> rows;
    int unreadable = 0;  // tiles left blank because their image did not decode (named in tool tips)
};

// Up to perClass images of every class, chosen at random from `seed`, one row per class.
SampleGrid sampleGrid(const Dataset& dataset, int perClass, std::uint64_t seed);

}  // namespace noisynn
