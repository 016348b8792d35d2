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

Chunk decodeRange(const Dataset& dataset, std::size_t begin, std::size_t end) {
    Chunk chunk{ChannelAccumulator(dataset.imageShape().channels), {}};
    for (std::size_t i = begin; i < end; ++i) {
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
                        ChannelAccumulator* statistics) {
    SplitReport report;
    report.name = name;
    report.samples = dataset.size();
    report.classCounts = classCounts(dataset);
    if (dynamic_cast<const InMemoryDataset*>(&dataset)) {
        if (statistics) {
            *statistics = ChannelAccumulator(dataset.imageShape().channels);
            const auto& buffer = static_cast<const InMemoryDataset&>(dataset).pixelBuffer();
            statistics->add(buffer.data(), buffer.size());
            statistics->addImages(dataset.size());
        }
        return report;
    }
    constexpr std::size_t kChunk = 256;
    std::vector<std::future<Chunk>> chunks;
    for (std::size_t begin = 0; begin < dataset.size(); begin += kChunk) {
        const std::size_t end = std::min(begin + kChunk, dataset.size());
        chunks.push_back(
            pool.submit([&dataset, begin, end] { return decodeRange(dataset, begin, end); }));
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

DatasetReport inspectDataset(const DatasetSplits& splits, int threads) {
    DatasetReport report;
    report.name = splits.name;
    report.location = splits.location;
    report.shape = splits.train->imageShape();
    report.classes = splits.train->classNames();
    ThreadPool pool(std::max(1, threads));
    ChannelAccumulator statistics(report.shape.channels);
    report.train = reportSplit(*splits.train, "train", pool, &statistics);
    report.test = reportSplit(*splits.test, splits.testSplitName, pool, nullptr);
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
