#include "training/precision.h"

#include "error.h"
#include "runtime/cpu_features.h"
#include "runtime/cuda_capability.h"

#include <ATen/autocast_mode.h>

#include <cstdlib>

namespace noisynn {

std::string toString(Precision precision) {
    switch (precision) {
        case Precision::Bf16:
            return "bf16";
        case Precision::Fp16:
            return "fp16";
        case Precision::Fp32:
            break;
    }
    return "fp32";
}

Precision automaticPrecision(const PrecisionHardware& hardware) {
    if (hardware.cuda) {
        const int major = hardware.cudaCapabilityMajor.value_or(0);
        return major >= 8 ? Precision::Bf16 : major == 7 ? Precision::Fp16 : Precision::Fp32;
    }
    return hardware.cpuNativeBf16 ? Precision::Bf16 : Precision::Fp32;
}

Precision resolvePrecision(const std::string& setting, const std::string& device) {
    const bool cuda = device.rfind("cuda", 0) == 0;
    if (setting == "fp32") {
        return Precision::Fp32;
    }
    if (setting == "bf16") {
        return Precision::Bf16;
    }
    if (setting == "fp16") {
        if (!cuda) {
            throw Error("train.precision: fp16 on " + device +
                        ", but LibTorch's CPU autocast computes only in bf16; expected fp32 or "
                        "bf16 on the CPU (fp16 needs train.device cuda)");
        }
        return Precision::Fp16;
    }
    if (setting == "auto") {
        PrecisionHardware hardware;
        hardware.cuda = cuda;
        if (cuda) {
            // "cuda:N", as resolveDevice spells it.
            const auto colon = device.find(':');
            hardware.cudaCapabilityMajor = cudaComputeCapabilityMajor(
                colon == std::string::npos ? 0 : std::atoi(device.c_str() + colon + 1));
        } else {
            hardware.cpuNativeBf16 = cpuHasNativeBf16();
        }
        return automaticPrecision(hardware);
    }
    throw Error("train.precision: \"" + setting + "\"; expected fp32, bf16, fp16 or auto");
}

AutocastScope::AutocastScope(Precision precision, bool cuda) : m_cuda(cuda) {
    if (precision == Precision::Fp32) {
        return;
    }
    m_active = true;
    const auto type = precision == Precision::Bf16 ? at::kBFloat16 : at::kHalf;
    if (cuda) {
        m_wasEnabled = at::autocast::is_enabled();
        m_previousType = static_cast<int>(at::autocast::get_autocast_gpu_dtype());
        at::autocast::set_autocast_gpu_dtype(type);
        at::autocast::set_enabled(true);
    } else {
        m_wasEnabled = at::autocast::is_cpu_enabled();
        m_previousType = static_cast<int>(at::autocast::get_autocast_cpu_dtype());
        at::autocast::set_autocast_cpu_dtype(type);
        at::autocast::set_cpu_enabled(true);
    }
    at::autocast::increment_nesting();
}

AutocastScope::~AutocastScope() {
    if (!m_active) {
        return;
    }
    // The cast weights are cached for the scope's lifetime; leaving the outermost scope frees them
    // (the weights change with every optimizer step).
    if (at::autocast::decrement_nesting() == 0) {
        at::autocast::clear_cache();
    }
    const auto previous = static_cast<at::ScalarType>(m_previousType);
    if (m_cuda) {
        at::autocast::set_enabled(m_wasEnabled);
        at::autocast::set_autocast_gpu_dtype(previous);
    } else {
        at::autocast::set_cpu_enabled(m_wasEnabled);
        at::autocast::set_autocast_cpu_dtype(previous);
    }
}

}  // namespace noisynn
