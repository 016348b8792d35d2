#include "cli/cli.h"

#include "cli/bench_command.h"
#include "cli/entropy_command.h"
#include "cli/export_command.h"

#include "cli/command_line.h"
#include "cli/data_commands.h"
#include "cli/describe_command.h"
#include "cli/train_commands.h"
#include "error.h"
#include "runtime/library_versions.h"

#include <exception>

namespace noisynn {
namespace {

std::string usage() {
    return "usage: noisynn COMMAND [options]\n"
           "\n"
           "commands:\n"
           "  data inspect NAME|PATH   sample counts, classes, image shape, mean and std\n"
           "  data bench NAME|PATH     training batches per second through the loader\n"
           "  describe --preset NAME   the model a config builds: parameters, FLOPs, injection\n"
           "                           points, the resolved noise and its Delta S\n"
           "  presets                  the built-in presets\n"
           "  train --preset NAME      train; the run goes to runs/<time>-<name>/\n"
           "  resume RUN_DIR           continue a run from its last checkpoint\n"
           "  eval RUN_DIR             re-evaluate a checkpoint in any order and batch size\n"
           "  export RUN_DIR           features before and after the noise (NPY), image grids\n"
           "  bench --preset NAME      training and evaluation speed, the step split by phase\n"
           "  entropy --embeddings Z.npy --labels Y.npy\n"
           "                           the task entropy H(T; Z) of any features and labels\n"
           "  version                  versions of the libraries this build loads\n"
           "  help                     this text\n"
           "\n"
           "Exit codes: 0 success, 2 bad usage, config or input, 1 failure while running,\n"
           "130 training interrupted by Ctrl-C, after saving a checkpoint; resume continues at "
           "the\n"
           "next batch.\n";
}

int printVersion(std::ostream& out) {
    const LibraryVersions versions = loadedLibraryVersions();
    out << "noisynn " << NOISYNN_VERSION << "\n"
        << "LibTorch " << versions.libtorch << " (" << versions.torchThreads << " threads, CUDA "
        << (versions.cudaAvailable ? "available" : "not available") << ")\n"
        << "BLAS " << versions.blasLibrary << "\n";
    if (!versions.blasDetails.empty()) {
        out << "     " << versions.blasDetails << "\n";
    }
    out << "OpenCV " << versions.opencv << "\n"
        << "spdlog " << versions.spdlog << "\n"
        << "nlohmann-json " << versions.nlohmannJson << "\n";
    return 0;
}

int dispatch(const std::vector<std::string>& arguments, std::ostream& out, std::ostream& err) {
    if (arguments.empty() || arguments[0] == "help" || arguments[0] == "--help" ||
        arguments[0] == "-h") {
        out << usage();
        return arguments.empty() ? 2 : 0;
    }
    const std::string& command = arguments[0];
    if (command == "version" || command == "--version") {
        return printVersion(out);
    }
    if (command == "describe") {
        return runDescribe({arguments.begin() + 1, arguments.end()}, out);
    }
    if (command == "presets") {
        return runPresets(out);
    }
    if (command == "train") {
        return runTrain({arguments.begin() + 1, arguments.end()}, out, err);
    }
    if (command == "resume") {
        return runResume({arguments.begin() + 1, arguments.end()}, out, err);
    }
    if (command == "eval") {
        return runEval({arguments.begin() + 1, arguments.end()}, out, err);
    }
    if (command == "export") {
        return runExport({arguments.begin() + 1, arguments.end()}, out);
    }
    if (command == "entropy") {
        return runEntropy({arguments.begin() + 1, arguments.end()}, out);
    }
    if (command == "bench") {
        return runBench({arguments.begin() + 1, arguments.end()}, out);
    }
    if (command == "data") {
        if (arguments.size() >= 2 && arguments[1] == "inspect") {
            return runDataInspect({arguments.begin() + 2, arguments.end()}, out, err);
        }
        if (arguments.size() >= 2 && arguments[1] == "bench") {
            return runDataBench({arguments.begin() + 2, arguments.end()}, out, err);
        }
        const std::string found = arguments.size() >= 2 ? "\"" + arguments[1] + "\"" : "nothing";
        throw Error("data: found " + found + " where the subcommand inspect or bench was " +
                    "expected\n" + dataCommandUsage());
    }
    const std::string suggestion =
        closestMatch(command, {"data", "describe", "presets", "train", "resume", "eval", "export",
                               "bench", "entropy", "version", "help"});
    throw Error("unknown command \"" + command + "\"" +
                (suggestion.empty() ? "" : "; did you mean \"" + suggestion + "\"?") + "\n" +
                usage());
}

}  // namespace

int runCli(const std::vector<std::string>& arguments, std::ostream& out, std::ostream& err) {
    try {
        return dispatch(arguments, out, err);
    } catch (const Error& error) {
        err << "error: " << error.what() << "\n";
        return 2;
    } catch (const std::exception& error) {
        err << "failed: " << error.what() << "\n";
        return 1;
    }
}

}  // namespace noisynn
