#include "cli/export_command.h"

#include "cli/command_line.h"
#include "cli/evaluation_options.h"
#include "cli/task_progress.h"
#include "config/run_dataset.h"
#include "data/image_grid_file.h"
#include "data/npy_file.h"
#include "error.h"
#include "runs/checkpoint_evaluation.h"
#include "runs/run_directory.h"
#include "training/checkpoint.h"
#include "training/trainer.h"
#include "util/file_writing.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace noisynn {

int runExport(const std::vector<std::string>& arguments, std::ostream& out) {
    auto options = evaluationOptions();
    options.insert(options.end(),
                   {{"out", true, "folder for the files (default RUN_DIR/exports)"},
                    {"images", true, "images in each PNG grid (default 64)"},
                    {"json", false, "print one JSON object describing what was written"},
                    {"help", false, "show this help"}});
    const CommandLine line(arguments, options);
    if (line.has("help")) {
        out << "usage: noisynn export RUN_DIR [--out DIR] [--checkpoint best|last] "
               "[--eval-order ORDER] [--eval-batch N] [--images N] [--json]\n"
               "Writes z_before.npy and z_after.npy (float32, one row per evaluation sample: the\n"
               "features at the injection point, pooled, before and after the noise), labels.npy\n"
               "and sample_indices.npy (int64), rows in the evaluation order; images_before.png\n"
               "and images_after.png (the first images before and after image noise); and\n"
               "export.json, which says how they were made. A run with image noise only\n"
               "(noise.type none) gets the PNG grids and export.json.\n"
            << optionHelp(options);
        return 0;
    }
    if (line.positional().size() != 1) {
        throw Error("export needs exactly one RUN_DIR; found " +
                    std::to_string(line.positional().size()) + " arguments");
    }
    RunDirectory run = RunDirectory::open(line.positional().front());
    const RunConfig& config = run.config();
    const auto [which, order, batch] = evaluationChoice(line, config);
    const auto imageCount = static_cast<std::size_t>(line.integer("images", 64, 1, 4096));
    const std::filesystem::path folder =
        line.value("out", (std::filesystem::path(run.path()) / "exports").string());

    // Features need an injection point; image grids are worth writing when images get noise.
    const bool withFeatures = config.text("noise.type") != "none";
    const bool withImages = config.text("noise.image.type") != "none";
    if (!withFeatures && !withImages) {
        throw Error(run.path() + ": noise.type and noise.image.type are both none, so there is no "
                    "injection point to export features from and no image noise to show; "
                    "expected a run with latent or image noise");
    }

    if (folder.empty()) {
        throw Error("--out: an empty path; expected a folder for the exported files");
    }
    const RunConfig chosen = withEvaluation(config, order, batch);
    Trainer trainer(chosen, openDataset(datasetRequestFrom(chosen)));
    const int epoch = loadCheckpoint(trainer, chosenCheckpoint(run, which));
    // Made once everything that can be refused was, and before the features, which take minutes.
    makeFolders(folder, "expected a writable folder for --out");
    // export.json is written last: a folder holds one only when every file beside it belongs to
    // the export it describes, even after a re-export that failed half-way.
    std::error_code ignored;
    std::filesystem::remove(folder / "export.json", ignored);
    FeatureSet features;
    if (withFeatures) {
        TaskProgress progress(out, line.has("json"), "exporting", "read the features of");
        features = trainer.collectFeatures(
            order, batch, 0, [&](std::size_t images, std::size_t total) {
                progress.update(images, total);
            });
    }
    // The grids show the first images of the same evaluation order as the features.
    const ImagePreview preview = trainer.previewImageNoise(imageCount, order);

    const auto file = [&](const char* name) { return (folder / name).string(); };
    std::vector<std::string> written;
    if (withFeatures) {
        writeNpy(file("z_before.npy"), {features.rows, features.dimension}, features.before);
        writeNpy(file("z_after.npy"), {features.rows, features.dimension}, features.after);
        writeNpy(file("labels.npy"), {features.rows}, features.labels);
        writeNpy(file("sample_indices.npy"), {features.rows}, features.sampleIndices);
        written = {"z_before.npy", "z_after.npy", "labels.npy", "sample_indices.npy"};
    }
    const int columns = preview.count >= 64 ? 16 : 8;
    const int scale = preview.shape.height < 64 ? 3 : 1;
    writeImageGridPng(file("images_before.png"), preview.shape, preview.before, preview.count,
                      columns, scale);
    writeImageGridPng(file("images_after.png"), preview.shape, preview.after, preview.count,
                      columns, scale);
    written.insert(written.end(), {"images_before.png", "images_after.png"});

    const nlohmann::json manifest{{"run_dir", run.path()},
                                  {"checkpoint", which},
                                  {"epoch", epoch},
                                  {"eval_order", toString(order)},
                                  {"eval_batch", batch},
                                  {"rows", features.rows},
                                  {"dimension", features.dimension},
                                  {"noise_type", config.text("noise.type")},
                                  {"noise_layer", config.text("noise.layer")},
                                  {"noise_position", config.text("noise.position")},
                                  {"image_noise_type", config.text("noise.image.type")},
                                  {"images", preview.count},
                                  {"class_names", trainer.classNames()},
                                  {"files", written},
                                  {"out", folder.string()}};
    writeFileAtomically(file("export.json"), manifest.dump(2) + "\n");
    if (line.has("json")) {
        out << manifest.dump(2) << "\n";
        return 0;
    }
    out << "exported ";
    if (withFeatures) {
        out << features.rows << " x " << features.dimension
            << " features before and after the noise and ";
    }
    out << preview.count << " images before and after image noise (" << toString(order)
        << " order, batch " << batch << ", " << which << " checkpoint of epoch " << epoch
        << ") to " << folder.string() << "\n";
    return 0;
}

}  // namespace noisynn
