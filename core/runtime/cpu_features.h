#pragma once

#include <string>

namespace noisynn {

// Whether this CPU computes in bfloat16 natively (AVX512-BF16 or AMX-BF16). Without it LibTorch
// still runs bf16, but by converting in software, which is slower than fp32.
bool cpuHasNativeBf16();

// The CPU's flags line as the kernel reports it (empty when /proc/cpuinfo is unreadable).
std::string cpuFlags();

}  // namespace noisynn
