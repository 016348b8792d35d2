#include "training/device.h"

#include "error.h"

namespace noisynn {

std::string resolveDevice(const std::string& setting) {
    const bool available = torch::cuda::is_available();
    if (setting == "auto") {
        return available ? "cuda:0" : "cpu";
    }
    if (setting == "cpu") {
        return "cpu";
    }
    if (setting == "cuda" || setting.rfind("cuda:", 0) == 0) {
        const int index = setting == "cuda" ? 0 : std::atoi(setting.c_str() + 5);
        const auto count = static_cast<int>(torch::cuda::device_count());
        if (!available || index < 0 || index >= count) {
            throw Error("train.device: \"" + setting + "\" but LibTorch sees " +
                        std::to_string(count) +
                        " CUDA devices; expected auto or cpu here (a CUDA build of LibTorch and a "
                        "GPU are needed for cuda)");
        }
        return "cuda:" + std::to_string(index);
    }
    throw Error("train.device: \"" + setting +
                "\" is not a device; expected auto, cpu, cuda or "
                "cuda:N");
}

}  // namespace noisynn
