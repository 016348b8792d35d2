#include "cli/data_commands.h"

#include "cli/command_line.h"
#include "data/batch_loader.h"
#include "data/channel_stats.h"
#include "data/dataset_catalog.h"
#include "data/dataset_report.h"
#include "error.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <thread>

namespace noisynn {
namespace {

const std::vector<OptionSpec>& inspectOptions() {
    static const std::vector<OptionSpec> options = {
        {"json", false, "print one JSON object"},
        {"root", true, "folder of a named data set (default: the standard places)"},
        {"threads", true, "threads decoding image folders (default: all cores)"},
        {"image-size", true, "image folders: resize to N x N pixels (default: first image's size)"},
        {"color", true, "image folders: gray, color or auto (default auto)"},
        {"val-fraction", true, "image folders without val/: fraction held out (default 0.2)"},
        {"seed", true, "image folders without val/: seed of the split (default 0)"},
        {"help", false, "show this help"},
    };
    return options;
}

const std::vector<OptionSpec>& benchOptions() {
    static const std::vector<OptionSpec> options = {
        {"json", false, "print one JSON object"},
        {"root", true, "folder of a named data set (default: the standard places)"},
        {"batch-size", true, "images per batch (default 128)"},
        {"workers", true, "threads preparing batches (default: all cores)"},
        {"batches", true, "batches to time (default: one epoch)"},
        {"crop-padding", true, "padded random crop, pixels (default 2)"},
        {"no-flip", false, "no random horizontal flip"},
        {"image-size", true, "resize to N x N pixels (default: the data set's size)"},
        {"help", false, "show this help"},
    };
    return options;
}

void requireOneDataset(const CommandLine& line, const std::string& command) {
    if (line.positional().size() != 1) {
        throw Error("data " + command + " needs exactly one data set, a NAME or a PATH; found " +
                    std::to_string(line.positional().size()) + " arguments\n" +
                    dataCommandUsage(command));
    }
}

ColorMode parseColor(const std::string& text) {
    if (text == "auto")
        return ColorMode::Auto;
    if (text == "gray")
        return ColorMode::Gray;
    if (text == "color")
        return ColorMode::Color;
    throw Error("option --color: \"" + text +
                "\" is not a colour mode; expected gray, color or auto");
}

}  // namespace

std::string dataCommandUsage(const std::string& command) {
    std::string names;
    for (const auto& name : knownDatasetNames()) {
        names += (names.empty() ? "" : ", ") + name;
    }
    return "usage: noisynn data " + command + " NAME|PATH [options]\n"
           "  NAME is one of " +
           names +
           ";\n"
           "  PATH is a folder of IDX files, CIFAR binaries, or images (root/<class>/<image>).\n" +
           optionHelp(command == "bench" ? benchOptions() : inspectOptions());
}

int runDataInspect(const std::vector<std::string>& arguments, std::ostream& out,
                   std::ostream& err) {
    const CommandLine line(arguments, inspectOptions());
    if (line.has("help")) {
        out << dataCommandUsage();
        return 0;
    }
    if (line.positional().size() != 1) {
        throw Error("data inspect needs exactly one data set, a NAME or a PATH; found " +
                    std::to_string(line.positional().size()) + " arguments\n" + dataCommandUsage());
    }
    DatasetRequest request;
    request.source = line.positional().front();
    request.root = line.value("root");
    const int size = static_cast<int>(line.integer("image-size", 0, 0, 4096));
    request.imageFolder.height = size;
    request.imageFolder.width = size;
    request.imageFolder.color = parseColor(line.value("color", "auto"));
    request.imageFolder.valFraction = line.number("val-fraction", 0.2, 0.0, 0.99);
    request.imageFolder.seed = static_cast<std::uint64_t>(line.integer("seed", 0, 0, 1LL << 62));
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    const int threads = static_cast<int>(line.integer("threads", cores, 1, 256));

    const auto start = std::chrono::steady_clock::now();
    const DatasetSplits splits = openDataset(request);
    const DatasetReport report = inspectDataset(splits, {threads, 0});
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    if (line.has("json")) {
        nlohmann::json json = toJson(report);
        json["load_seconds"] = seconds;
        // Folder and class names are bytes on disk, not always UTF-8: replace what is not.
        out << json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    } else {
        char timing[64];
        std::snprintf(timing, sizeof timing, "%.3f s", seconds);
        out << toText(report) << "loaded in    " << timing << "\n";
    }
    if (report.unreadableCount() > 0) {
        err << "error: " << report.unreadableCount() << " unreadable images in " << report.location
            << " (listed above)\n";
        return 2;
    }
    return 0;
}

int runDataBench(const std::vector<std::string>& arguments, std::ostream& out, std::ostream& err) {
    const CommandLine line(arguments, benchOptions());
    if (line.has("help")) {
        out << dataCommandUsage("bench");
        return 0;
    }
    requireOneDataset(line, "bench");
    DatasetRequest request;
    request.source = line.positional().front();
    request.root = line.value("root");
    const DatasetSplits splits = openDataset(request);

    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    LoaderOptions options;
    options.batchSize = static_cast<std::size_t>(line.integer("batch-size", 128, 1, 1 << 16));
    options.workers = static_cast<int>(line.integer("workers", cores, 1, 256));
    options.prefetch = static_cast<std::size_t>(2 * options.workers);
    options.transform.cropPadding = static_cast<int>(line.integer("crop-padding", 2, 0, 64));
    options.transform.horizontalFlip = !line.has("no-flip");
    const int size = static_cast<int>(line.integer("image-size", 0, 0, 4096));
    options.transform.resizeHeight = size;
    options.transform.resizeWidth = size;
    // Normalising with statistics from a sample is what training does, and costs the same.
    const ChannelStats stats = computeChannelStats(*splits.train, 2000, 0);
    options.transform.mean.assign(stats.mean.begin(), stats.mean.end());
    options.transform.std.assign(stats.std.begin(), stats.std.end());
    for (float& deviation : options.transform.std) {
        deviation = std::max(deviation, 1e-3f);
    }

    BatchLoader loader(splits.train, options);
    const std::size_t perEpoch = loader.batchesPerEpoch();
    const auto wanted = static_cast<std::size_t>(
        line.integer("batches", static_cast<long long>(perEpoch), 1, 1LL << 40));
    std::size_t batches = 0;
    std::size_t images = 0;
    std::uint64_t epoch = 0;
    const auto start = std::chrono::steady_clock::now();
    while (batches < wanted) {
        auto batch = loader.next();
        if (!batch) {
            loader.startEpoch(++epoch);
            continue;
        }
        images += batch->size();
        ++batches;
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double perSecond = images / std::max(seconds, 1e-9);

    if (line.has("json")) {
        nlohmann::json json{{"dataset", splits.name},
                            {"images", images},
                            {"batches", batches},
                            {"batch_size", options.batchSize},
                            {"workers", options.workers},
                            {"crop_padding", options.transform.cropPadding},
                            {"horizontal_flip", options.transform.horizontalFlip},
                            {"seconds", seconds},
                            {"images_per_second", perSecond}};
        out << json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    } else {
        char text[160];
        std::snprintf(text, sizeof text,
                      "%zu images in %zu batches of %zu, %d workers: %.3f s, %.0f images/s\n",
                      images, batches, options.batchSize, options.workers, seconds, perSecond);
        out << text;
    }
    return 0;
}

}  // namespace noisynn
