#include "gui/dataset_loading.h"

#include "gui/image_conversion.h"

#include <chrono>
#include <numeric>
#include <random>

namespace noisynn {

LoadOutcome loadAndInspect(const DatasetRequest& request, int threads) {
    LoadOutcome outcome;
    const auto start = std::chrono::steady_clock::now();
    try {
        LoadedDataset loaded;
        loaded.splits = openDataset(request);
        // Decoding a million JPEGs to open a folder would take an hour; the command line's
        // `data inspect` checks every image.
        loaded.report = inspectDataset(loaded.splits, {threads, kMaxCheckedInWindow});
        loaded.seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        outcome.dataset = std::move(loaded);
    } catch (const std::exception& error) {
        // noisynn::Error carries the file and the fault; anything else (out of memory, a
        // filesystem error) is shown as it comes rather than taking the window down.
        outcome.error = QString::fromStdString(error.what());
    }
    return outcome;
}

SampleGrid sampleGrid(const Dataset& dataset, int perClass, std::uint64_t seed) {
    SampleGrid grid;
    const auto& names = dataset.classNames();
    for (const auto& name : names) {
        grid.rowLabels << QString::fromStdString(name);
    }
    grid.rows.resize(static_cast<int>(names.size()));

    std::vector<std::size_t> order(dataset.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::mt19937_64 generator(seed);
    std::shuffle(order.begin(), order.end(), generator);

    std::size_t rowsFull = 0;
    for (std::size_t index : order) {
        if (rowsFull == names.size()) {
            break;
        }
        const int label = dataset.label(index);
        auto& row = grid.rows[label];
        if (row.size() >= perClass) {
            continue;
        }
        ImageGridWidget::Tile tile;
        const QString where = QString::fromStdString(dataset.imagePath(index));
        try {
            tile.image = toQImage(dataset.image(index));
            tile.toolTip = QStringLiteral("#%1  %2%3")
                               .arg(index)
                               .arg(grid.rowLabels[label])
                               .arg(where.isEmpty() ? QString() : QStringLiteral("\n") + where);
        } catch (const std::exception& error) {
            // A blank tile that names the file: one bad image must not hide the others.
            tile.toolTip = QString::fromStdString(error.what());
            ++grid.unreadable;
        }
        row.push_back(tile);
        if (row.size() == perClass) {
            ++rowsFull;
        }
    }
    return grid;
}

}  // namespace noisynn
