#pragma once

#include <optional>
#include <string>

namespace noisynn {

enum class Precision { Fp32, Bf16, Fp16 };

std::string toString(Precision precision);

// What the hardware behind a device offers for reduced precision.
struct PrecisionHardware {
    bool cuda = false;
    std::optional<int> cudaCapabilityMajor;  // empty when the driver could not say
    bool cpuNativeBf16 = false;              // AVX512-BF16 or AMX
};

// What train.precision auto means: bf16 where the hardware computes it natively (a GPU of compute
// capability 8 or later, a CPU with AVX512-BF16 or AMX); fp16 on GPUs of capability 7, whose
// tensor cores know fp16 but not bf16; fp32 elsewhere: older GPUs have no tensor cores (some do
// fp16 slowly), a GPU the driver cannot describe is not worth the risk, and other CPUs emulate
// bf16 many times slower than fp32.
Precision automaticPrecision(const PrecisionHardware& hardware);

// Settles train.precision for a device ("cpu", "cuda:0"), auto as automaticPrecision decides for
// that device's hardware. Throws noisynn::Error naming train.precision for fp16 on the CPU:
// LibTorch's CPU autocast knows only bf16.
Precision resolvePrecision(const std::string& setting, const std::string& device);

// Autocast to the precision's type while alive, for the forward pass only (backward follows the
// types the forward pass chose, as in PyTorch). Restores the previous autocast state on exit.
class AutocastScope {
public:
    AutocastScope(Precision precision, bool cuda);
    ~AutocastScope();
    AutocastScope(const AutocastScope&) = delete;
    AutocastScope& operator=(const AutocastScope&) = delete;

private:
    bool m_active = false;
    bool m_cuda = false;
    bool m_wasEnabled = false;
    int m_previousType = 0;
};

}  // namespace noisynn
