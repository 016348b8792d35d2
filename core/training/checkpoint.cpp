#include "training/checkpoint.h"

#include "error.h"
#include "training/model_fingerprint.h"
#include "training/trainer_state.h"
#include "util/checked_file_sink.h"
#include "util/file_writing.h"

#include <ATen/detail/CUDAHooksInterface.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <mutex>

namespace noisynn {
namespace {

// The first line of a LibTorch message (the rest is a backtrace or a listing of its sources).
std::string firstLine(const std::string& text) {
    return text.substr(0, text.find('\n'));
}

// The generator a CUDA device's random numbers come from. Reached through LibTorch's CUDA hooks, so
// this compiles against a CPU-only LibTorch, where it is never called.
// A device without an index means the current one (-1).
at::Generator cudaGenerator(const torch::Device& device) {
    return at::detail::getCUDAHooks().getDefaultCUDAGenerator(device.has_index() ? device.index()
                                                                                  : -1);
}

}  // namespace

void saveCheckpoint(Trainer& trainer, int epoch, const std::string& path) {
    auto& state = trainer.state();
    torch::serialize::OutputArchive archive;
    torch::serialize::OutputArchive model;
    state.model->save(model);
    archive.write("model", model);
    torch::serialize::OutputArchive optimizer;
    state.optimizer->save(optimizer);
    archive.write("optimizer", optimizer);
    archive.write("epoch", torch::tensor(static_cast<int64_t>(epoch)));
    archive.write("step", torch::tensor(static_cast<int64_t>(state.step)));
    archive.write("rng", torch::globalContext().defaultGenerator(torch::kCPU).get_state());
    if (state.device.is_cuda()) {
        // Dropout and the latent noise draw on the GPU's own generator.
        auto generator = cudaGenerator(state.device);
        std::lock_guard<std::mutex> lock(generator.mutex());
        archive.write("rng_cuda", generator.get_state());
    }
    // Where the epoch after `epoch` stands when the checkpoint is taken inside it.
    archive.write("loss_scale",
                  torch::tensor({state.lossScaler.scale(), double(state.lossScaler.goodSteps())},
                                torch::kFloat64));
    const EpochProgress& progress = state.progress;
    const bool inside = progress.epoch == epoch + 1 && progress.batches > 0;
    archive.write(
        "progress",
        torch::tensor({inside ? double(progress.batches) : 0.0, inside ? progress.lossSum : 0.0,
                       inside ? double(progress.correct) : 0.0,
                       inside ? double(progress.seen) : 0.0, inside ? progress.seconds : 0.0},
                      torch::kFloat64));

    archive.write("model_checksum", torch::tensor(weightChecksum(*state.model)));

    const std::string temporary = path + ".partial";
    std::string reason;
    int fileError = 0;
    {
        CheckedFileSink sink(temporary);
        try {
            archive.save_to(
                [&sink](const void* data, std::size_t size) { return sink.write(data, size); });
        } catch (const c10::Error& error) {
            reason = firstLine(error.what_without_backtrace());
        } catch (const std::exception& error) {
            reason = firstLine(error.what());
        }
        fileError = sink.finish();  // the file's failure explains the archive's
    }
    if (fileError != 0 || !reason.empty()) {
        std::remove(temporary.c_str());
        if (fileError != 0) {
            throwWriteFailure(fileError, path + ": the checkpoint could not be written",
                              "the previous checkpoint is kept");
        }
        throw RunFailure(path + ": the checkpoint could not be written (" + reason +
                         "); the previous checkpoint is kept");
    }
    std::error_code failure;
    std::filesystem::rename(temporary, path, failure);
    if (failure) {
        std::remove(temporary.c_str());
        throwWriteFailure(failure.value(), path + ": the checkpoint could not be put in place",
                          "the previous checkpoint is kept");
    }
}

int loadCheckpoint(Trainer& trainer, const std::string& path) {
    if (!std::filesystem::is_regular_file(path)) {
        throw Error(path + ": checkpoint not found");
    }
    auto& state = trainer.state();
    try {
        torch::serialize::InputArchive archive;
        // Onto the run's device: a checkpoint saved on a GPU evaluates on a CPU too.
        archive.load_from(path, state.device);
        torch::serialize::InputArchive model;
        archive.read("model", model);
        const TensorShapes shapes = tensorShapes(*state.model);
        state.model->load(model);
        requireShapes(*state.model, shapes, path);
        torch::Tensor checksum;
        if (archive.try_read("model_checksum", checksum) &&
            checksum.item<int64_t>() != weightChecksum(*state.model)) {
            throw Error(path + ": the model's weights are damaged (their checksum differs from "
                        "the one saved with them); expected the file as the run wrote it");
        }
        torch::serialize::InputArchive optimizer;
        archive.read("optimizer", optimizer);
        state.optimizer->load(optimizer);
        torch::Tensor epoch, step, rng;
        archive.read("epoch", epoch);
        archive.read("step", step);
        archive.read("rng", rng);
        state.step = static_cast<std::size_t>(step.item<int64_t>());
        const int completed = static_cast<int>(epoch.item<int64_t>());
        torch::Tensor lossScale;
        if (archive.try_read("loss_scale", lossScale) && lossScale.numel() == 2) {
            state.lossScaler.restore(lossScale[0].item<double>(),
                                     static_cast<int>(lossScale[1].item<double>()));
        }
        torch::Tensor progress;
        state.progress = EpochProgress{};
        if (archive.try_read("progress", progress) && progress.numel() == 5 &&
            progress[0].item<double>() > 0) {
            const auto value = [&](int i) { return progress[i].item<double>(); };
            for (int i : {0, 2, 3}) {
                if (!(value(i) >= 0 && value(i) < 9007199254740992.0)) {
                    throw Error(path + ": its epoch progress is damaged (" +
                                std::to_string(value(i)) + "); expected a count");
                }
            }
            state.progress = EpochProgress{completed + 1,
                                           static_cast<std::size_t>(value(0)),
                                           value(1),
                                           static_cast<std::size_t>(value(2)),
                                           static_cast<std::size_t>(value(3)),
                                           value(4)};
        }
        at::Generator generator = torch::globalContext().defaultGenerator(torch::kCPU);  // a handle
        generator.set_state(rng);
        torch::Tensor cudaRng;
        if (state.device.is_cuda() && archive.try_read("rng_cuda", cudaRng)) {
            auto cuda = cudaGenerator(state.device);
            std::lock_guard<std::mutex> lock(cuda.mutex());
            cuda.set_state(cudaRng);
        }
        return completed;
    } catch (const Error&) {
        throw;
    } catch (const c10::Error& error) {
        throw Error(path + ": not a checkpoint of this run's model (" +
                    firstLine(error.what_without_backtrace()) + ")");
    } catch (const std::exception& error) {
        // TorchScript's reader reports a damaged archive entry with its own exception type.
        throw Error(path + ": not a readable checkpoint (" + firstLine(error.what()) + ")");
    }
}

}  // namespace noisynn
