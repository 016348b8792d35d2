#pragma once

#include <string>

namespace noisynn {

enum class Precision { Fp32, Bf16, Fp16 };

std::string toString(Precision precision);

// Settles train.precision for a device ("cpu", "cuda:0"). auto is bf16 on CUDA and on CPUs that
// compute bf16 natively, fp32 otherwise. Throws noisynn::Error naming train.precision for fp16 on
// the CPU: LibTorch's CPU autocast knows only bf16.
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
