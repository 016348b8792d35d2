#include "runtime/cpu_features.h"

#include <fstream>
#include <sstream>

namespace noisynn {

std::string cpuFlags() {
    std::ifstream cpuinfo("/proc/cpuinfo");
    std::string line;
    while (std::getline(cpuinfo, line)) {
        if (line.rfind("flags", 0) == 0) {
            const auto colon = line.find(':');
            return colon == std::string::npos ? std::string() : line.substr(colon + 1);
        }
    }
    return {};
}

bool cpuHasNativeBf16() {
    std::istringstream flags(cpuFlags());
    std::string flag;
    while (flags >> flag) {
        if (flag == "avx512_bf16" || flag == "amx_bf16") {
            return true;
        }
    }
    return false;
}

}  // namespace noisynn
