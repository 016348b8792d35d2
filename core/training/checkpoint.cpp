#include "training/checkpoint.h"

#include "error.h"
#include "training/trainer_state.h"

#include <ATen/detail/CUDAHooksInterface.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>

#include <fcntl.h>
#include <unistd.h>

namespace noisynn {
namespace {

// Writes the archive to a file through a descriptor. A failed write (a full disk) is remembered
// and reported by finish() instead of to LibTorch: its archive writer would throw it from a
// destructor, which ends the process.
class CheckedFileSink {
public:
    explicit CheckedFileSink(const std::string& path)
        : m_descriptor(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) {
        if (m_descriptor < 0) {
            m_error = errno;
        }
    }
    ~CheckedFileSink() {
        if (m_descriptor >= 0) {
            ::close(m_descriptor);
        }
    }
    CheckedFileSink(const CheckedFileSink&) = delete;
    CheckedFileSink& operator=(const CheckedFileSink&) = delete;

    // Always claims the whole size, so that the archive writer never sees a failure.
    std::size_t write(const void* data, std::size_t size) {
        const char* bytes = static_cast<const char*>(data);
        std::size_t left = size;
        while (m_error == 0 && left > 0) {
            const ssize_t written = ::write(m_descriptor, bytes, left);
            if (written < 0) {
                if (errno != EINTR) {
                    m_error = errno;
                }
                continue;
            }
            bytes += written;
            left -= static_cast<std::size_t>(written);
        }
        return size;
    }

    // The bytes reach the disk before the rename makes them the checkpoint. Returns the errno of
    // the first failure, 0 when every byte is on disk.
    int finish() {
        if (m_descriptor >= 0) {
            if (m_error == 0 && ::fsync(m_descriptor) != 0) {
                m_error = errno;
            }
            if (::close(m_descriptor) != 0 && m_error == 0) {
                m_error = errno;
            }
            m_descriptor = -1;
        }
        return m_error;
    }

private:
    int m_descriptor;
    int m_error = 0;
};

// A model's parameters and buffers by name, in the module's order.
std::vector<std::pair<std::string, torch::Tensor>> modelTensors(torch::nn::Module& model) {
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const auto& item : model.named_parameters()) {
        tensors.emplace_back(item.key(), item.value());
    }
    for (const auto& item : model.named_buffers()) {
        tensors.emplace_back(item.key(), item.value());
    }
    return tensors;
}

// FNV-1a over the 64-bit words of every parameter and buffer. LibTorch reads a checkpoint's
// records without checking their CRC, so this is what tells damaged weights from trained ones.
int64_t modelChecksum(torch::nn::Module& model) {
    std::uint64_t hash = 14695981039346656037ull;
    const auto mix = [&hash](std::uint64_t word) {
        hash ^= word;
        hash *= 1099511628211ull;
    };
    for (const auto& [name, tensor] : modelTensors(model)) {
        const auto bytes = tensor.detach().to(torch::kCPU).contiguous();
        const auto* data = static_cast<const unsigned char*>(bytes.data_ptr());
        const std::size_t size = bytes.nbytes();
        std::size_t i = 0;
        for (; i + 8 <= size; i += 8) {
            std::uint64_t word;
            std::memcpy(&word, data + i, 8);
            mix(word);
        }
        for (; i < size; ++i) {
            mix(data[i]);
        }
    }
    return static_cast<int64_t>(hash);
}

std::string shapeText(const torch::IntArrayRef& sizes) {
    std::string text = "[";
    for (std::size_t i = 0; i < sizes.size(); ++i) {
        text += (i ? ", " : "") + std::to_string(sizes[i]);
    }
    return text + "]";
}

// LibTorch's load replaces a parameter's storage and shape with the checkpoint's without a word,
// so a config.json whose model keys were changed would load silently. Throws naming the first
// tensor whose shape differs from what the config builds.
void checkShapesKept(torch::nn::Module& model,
                     const std::vector<std::vector<int64_t>>& expected, const std::string& path) {
    const auto loaded = modelTensors(model);
    for (std::size_t i = 0; i < loaded.size() && i < expected.size(); ++i) {
        const auto sizes = loaded[i].second.sizes();
        if (sizes.vec() != expected[i]) {
            throw Error(path + ": tensor " + loaded[i].first + " has shape " + shapeText(sizes) +
                        ", but the run's config.json builds it as " + shapeText(expected[i]) +
                        "; expected config.json's model keys to match the checkpoint");
        }
    }
}

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

    archive.write("model_checksum", torch::tensor(modelChecksum(*state.model)));

    const std::string temporary = path + ".partial";
    int error = 0;
    {
        CheckedFileSink sink(temporary);
        try {
            archive.save_to(
                [&sink](const void* data, std::size_t size) { return sink.write(data, size); });
        } catch (const c10::Error&) {
            error = EIO;
        }
        const int finished = sink.finish();
        error = finished ? finished : error;
    }
    if (error) {
        std::remove(temporary.c_str());
        // A failure while running, not a bad input: the CLI exits 1.
        throw RunFailure(path + ": the checkpoint could not be written (" + std::strerror(error) +
                         "); the previous checkpoint is kept");
    }
    std::error_code failure;
    std::filesystem::rename(temporary, path, failure);
    if (failure) {
        std::remove(temporary.c_str());
        throw RunFailure(path + ": the checkpoint could not be put in place: " +
                         failure.message());
    }
}

int loadCheckpoint(Trainer& trainer, const std::string& path) {
    if (!std::filesystem::is_regular_file(path)) {
        throw Error(path + ": checkpoint not found");
    }
    auto& state = trainer.state();
    try {
        torch::serialize::InputArchive archive;
        archive.load_from(path);
        torch::serialize::InputArchive model;
        archive.read("model", model);
        std::vector<std::vector<int64_t>> shapes;
        for (const auto& [name, tensor] : modelTensors(*state.model)) {
            shapes.push_back(tensor.sizes().vec());
        }
        state.model->load(model);
        checkShapesKept(*state.model, shapes, path);
        torch::Tensor checksum;
        if (archive.try_read("model_checksum", checksum) &&
            checksum.item<int64_t>() != modelChecksum(*state.model)) {
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
