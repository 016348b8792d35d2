#include "cli/entropy_command.h"

#include "cli/command_line.h"
#include "data/npy_file.h"
#include "entropy/task_entropy.h"
#include "error.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>

namespace noisynn {

int runEntropy(const std::vector<std::string>& arguments, std::ostream& out) {
    const std::vector<OptionSpec> options{
        {"embeddings", true, "NPY file of features: one row per sample, float32 or float64"},
        {"labels", true, "NPY file of integer class labels, one per row"},
        {"json", false, "print one JSON object"},
        {"help", false, "show this help"}};
    const CommandLine line(arguments, options);
    if (line.has("help")) {
        out << "usage: noisynn entropy --embeddings Z.npy --labels Y.npy [--json]\n"
               "The Gaussian estimate of H(Z), H(Y, Z) and the task entropy H(T; Z) = H(Y, Z) -\n"
               "H(Z), in nats, as the workbench computes it during training (NOISYNN.md).\n"
            << optionHelp(options);
        return 0;
    }
    if (!line.has("embeddings") || !line.has("labels")) {
        throw Error("entropy needs --embeddings Z.npy and --labels Y.npy");
    }
    const std::string featuresPath = line.value("embeddings");
    const std::string labelsPath = line.value("labels");
    const NpyArray features = readNpy(featuresPath);
    const NpyArray labels = readNpy(labelsPath);
    if (features.dtype.substr(1) != "f4" && features.dtype.substr(1) != "f8") {
        throw Error(featuresPath + ": NPY type '" + features.dtype +
                    "'; expected float32 ('<f4') or float64 ('<f8') features");
    }
    if (features.shape.empty() || features.shape.size() > 2) {
        throw Error(featuresPath + ": an array of " + std::to_string(features.shape.size()) +
                    " dimensions; expected rows x features (2-D) or one feature per row (1-D)");
    }
    if (!labels.isInteger()) {
        throw Error(labelsPath + ": NPY type '" + labels.dtype + "'; expected integer labels");
    }
    if (labels.shape.size() != 1 && !(labels.shape.size() == 2 && labels.shape[1] == 1)) {
        throw Error(labelsPath + ": labels of shape with " + std::to_string(labels.shape.size()) +
                    " dimensions; expected one label per row (1-D)");
    }
    if (labels.rows() != features.rows()) {
        throw Error(featuresPath + " has " + std::to_string(features.rows()) + " rows but " +
                    labelsPath + " has " + std::to_string(labels.rows()) +
                    " labels; expected one label per row");
    }
    for (std::size_t i = 0; i < features.values.size(); ++i) {
        if (!std::isfinite(features.values[i])) {
            throw Error(featuresPath + ": row " + std::to_string(i / features.columns()) +
                        ", column " + std::to_string(i % features.columns()) + " is " +
                        std::to_string(features.values[i]) + "; expected finite values");
        }
    }
    std::vector<std::int64_t> classes;
    for (std::size_t i = 0; i < labels.values.size(); ++i) {
        const double label = labels.values[i];
        // Doubles hold integers exactly up to 2^53; class labels never come near.
        if (std::fabs(label) > 9007199254740992.0) {
            throw Error(labelsPath + ": label " + std::to_string(i) + " is " +
                        std::to_string(label) + "; expected a class number below 2^53");
        }
        classes.push_back(static_cast<std::int64_t>(label));
    }
    const TaskEntropy result =
        estimateTaskEntropy(features.values, features.rows(), features.columns(), classes);
    const nlohmann::json json{{"embeddings", featuresPath},
                              {"labels", labelsPath},
                              {"h_z", result.hZ},
                              {"h_yz", result.hYZ},
                              {"task_entropy", result.taskEntropy},
                              {"samples", result.samples},
                              {"classes", result.classes},
                              {"dimension", result.dimension},
                              {"dimension_used", result.dimensionUsed},
                              {"within_class_spread", result.withinClassSpread},
                              {"units", "nats"}};
    if (line.has("json")) {
        out << json.dump(2) << "\n";
        return 0;
    }
    char text[400];
    std::snprintf(text, sizeof text,
                  "%zu samples, %zu classes, dimension %zu (%zu used)\n"
                  "H(Z)     %.6f nats\nH(Y, Z)  %.6f nats\nH(T; Z)  %.6f nats\n"
                  "within-class spread %.6g\n",
                  result.samples, result.classes, result.dimension, result.dimensionUsed, result.hZ,
                  result.hYZ, result.taskEntropy, result.withinClassSpread);
    out << text;
    return 0;
}

}  // namespace noisynn
