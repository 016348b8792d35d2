#include "cli/data_commands.h"

#include "cli/command_line.h"
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

std::string dataCommandUsage() {
    std::string names;
    for (const auto& name : knownDatasetNames()) {
        names += (names.empty() ? "" : ", ") + name;
    }
    return "usage: noisynn data inspect NAME|PATH [options]\n"
           "  NAME is one of " +
           names +
           ";\n"
           "  PATH is a folder of IDX files, CIFAR binaries, or images (root/<class>/<image>).\n" +
           optionHelp(inspectOptions());
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
    const DatasetReport report = inspectDataset(splits, threads);
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

}  // namespace noisynn
