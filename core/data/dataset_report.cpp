#include "data/dataset_report.h"

#include "data/in_memory_dataset.h"
#include "error.h"
#include "util/thread_pool.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace noisynn {
namespace {

struct Chunk {
    ChannelAccumulator accumulator;
    std::vector<UnreadableImage> unreadable;
};

Chunk decodeSome(const Dataset& dataset, const std::vector<std::size_t>& indices, std::size_t begin,
                 std::size_t end) {
    Chunk chunk{ChannelAccumulator(dataset.imageShape().channels), {}};
    for (std::size_t position = begin; position < end; ++position) {
        const std::size_t i = indices[position];
        try {
            const Image image = dataset.image(i);
            chunk.accumulator.add(image.pixels.data(), image.pixels.size());
            chunk.accumulator.addImages(1);
        } catch (const Error& error) {
            chunk.unreadable.push_back({dataset.imagePath(i), error.what()});
        } catch (const std::exception& error) {
            // Out of memory on a huge file, a file removed while we read: still this image's fault.
            chunk.unreadable.push_back(
                {dataset.imagePath(i), dataset.imagePath(i) + ": cannot be read: " + error.what()});
        }
    }
    return chunk;
}

SplitReport reportSplit(const Dataset& dataset, const std::string& name, ThreadPool& pool,
                        std::size_t maxChecked, ChannelAccumulator* statistics) {
    SplitReport report;
    report.name = name;
    report.samples = dataset.size();
    report.classCounts = classCounts(dataset);
    if (dynamic_cast<const InMemoryDataset*>(&dataset)) {
        report.checked = dataset.size();
        if (statistics) {
            *statistics = ChannelAccumulator(dataset.imageShape().channels);
            const auto& buffer = static_cast<const InMemoryDataset&>(dataset).pixelBuffer();
            statistics->add(buffer.data(), buffer.size());
            statistics->addImages(dataset.size());
        }
        return report;
    }
    // Evenly strided, so that a partial check still visits every class of a class-ordered split.
    const std::size_t count =
        maxChecked == 0 ? dataset.size() : std::min(maxChecked, dataset.size());
    std::vector<std::size_t> indices(count);
    for (std::size_t k = 0; k < count; ++k) {
        indices[k] = k * dataset.size() / count;
    }
    report.checked = count;
    constexpr std::size_t kChunk = 256;
    std::vector<std::future<Chunk>> chunks;
    for (std::size_t begin = 0; begin < count; begin += kChunk) {
        const std::size_t end = std::min(begin + kChunk, count);
        chunks.push_back(pool.submit(
            [&dataset, &indices, begin, end] { return decodeSome(dataset, indices, begin, end); }));
    }
    for (auto& future : chunks) {
        Chunk chunk = future.get();
        if (statistics) {
            statistics->merge(chunk.accumulator);
        }
        for (auto& item : chunk.unreadable) {
            report.unreadable.push_back(std::move(item));
        }
    }
    return report;
}

std::string formatted(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.4f", value);
    return buffer;
}

}  // namespace

DatasetReport inspectDataset(const DatasetSplits& splits, const InspectOptions& options) {
    DatasetReport report;
    report.name = splits.name;
    report.location = splits.location;
    report.shape = splits.train->imageShape();
    report.classes = splits.train->classNames();
    ThreadPool pool(std::max(1, options.threads));
    ChannelAccumulator statistics(report.shape.channels);
    report.train = reportSplit(*splits.train, "train", pool, options.maxChecked, &statistics);
    report.test =
        reportSplit(*splits.test, splits.testSplitName, pool, options.maxChecked, nullptr);
    report.trainStats = statistics.result();
    return report;
}

nlohmann::json toJson(const DatasetReport& report) {
    auto split = [](const SplitReport& part) {
        nlohmann::json unreadable = nlohmann::json::array();
        for (const auto& item : part.unreadable) {
            unreadable.push_back(item.reason);
        }
        return nlohmann::json{{"name", part.name},
                              {"samples", part.samples},
                              {"checked", part.checked},
                              {"class_counts", part.classCounts},
                              {"unreadable", unreadable}};
    };
    return {{"dataset", report.name},
            {"location", report.location},
            {"train_samples", report.train.samples},
            {"test_samples", report.test.samples},
            {"num_classes", report.classes.size()},
            {"classes", report.classes},
            {"image_shape",
             {{"height", report.shape.height},
              {"width", report.shape.width},
              {"channels", report.shape.channels}}},
            {"mean", report.trainStats.mean},
            {"std", report.trainStats.std},
            {"stats_samples", report.trainStats.samples},
            {"unreadable_count", report.unreadableCount()},
            {"splits", {split(report.train), split(report.test)}}};
}

std::string toText(const DatasetReport& report) {
    std::ostringstream out;
    out << "data set     " << report.name << "\n";
    if (!report.location.empty()) {
        out << "location     " << report.location << "\n";
    }
    out << "image shape  " << toString(report.shape) << " (height x width x channels)\n";
    out << "samples      " << report.train.name << " " << report.train.samples << ", "
        << report.test.name << " " << report.test.samples << "\n";
    out << "mean / std   ";
    for (std::size_t c = 0; c < report.trainStats.mean.size(); ++c) {
        out << (c ? ", " : "") << formatted(report.trainStats.mean[c]) << " / "
            << formatted(report.trainStats.std[c]);
    }
    out << "  (training images, pixels scaled to 0..1)\n";
    out << "classes      " << report.classes.size() << "\n";
    std::size_t width = 5;
    for (const auto& name : report.classes) {
        width = std::max(width, name.size());
    }
    out << "  " << std::string(width, ' ') << "  " << report.train.name << "\t" << report.test.name
        << "\n";
    for (std::size_t k = 0; k < report.classes.size(); ++k) {
        out << "  " << report.classes[k] << std::string(width - report.classes[k].size(), ' ')
            << "  " << report.train.classCounts[k] << "\t" << report.test.classCounts[k] << "\n";
    }
    const std::size_t checked = report.train.checked + report.test.checked;
    const std::size_t total = report.train.samples + report.test.samples;
    if (checked < total) {
        out << "checked      " << checked << " of " << total
            << " images decoded (an evenly spread subset)\n";
    }
    if (report.unreadableCount() > 0) {
        out << "unreadable   " << report.unreadableCount() << " images\n";
        for (const auto* split : {&report.train, &report.test}) {
            for (const auto& item : split->unreadable) {
                out << "  " << item.reason << "\n";
            }
        }
    }
    return out.str();
}

}  // namespace noisynn
