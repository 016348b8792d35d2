#include "runtime/library_versions.h"

#include <spdlog/version.h>
#include <torch/version.h>
#include <nlohmann/json.hpp>
#include <opencv2/core/version.hpp>

#include <dlfcn.h>

#include <climits>
#include <cstdlib>

namespace noisynn {
namespace {

// Asks the dynamic linker which file provides the BLAS entry point LibTorch calls; with Debian's
// alternatives, libblas.so.3 is a symlink whose target is the answer.
std::string resolvedBlasLibrary() {
    void* symbol = dlsym(RTLD_DEFAULT, "dgemm_");
    Dl_info info{};
    if (!symbol || !dladdr(symbol, &info) || !info.dli_fname) {
        return "not loaded";
    }
    char resolved[PATH_MAX];
    if (realpath(info.dli_fname, resolved)) {
        return std::string(resolved);
    }
    return info.dli_fname;
}

std::string openBlasConfig() {
    using ConfigFunction = char* (*)();
    auto config = reinterpret_cast<ConfigFunction>(dlsym(RTLD_DEFAULT, "openblas_get_config"));
    return config ? std::string(config()) : std::string();
}

}  // namespace

LibraryVersions loadedLibraryVersions() {
    LibraryVersions versions;
    versions.libtorch = TORCH_VERSION;
    versions.opencv = CV_VERSION;
    versions.spdlog = std::to_string(SPDLOG_VER_MAJOR) + "." + std::to_string(SPDLOG_VER_MINOR) +
                      "." + std::to_string(SPDLOG_VER_PATCH);
    versions.nlohmannJson = std::to_string(NLOHMANN_JSON_VERSION_MAJOR) + "." +
                            std::to_string(NLOHMANN_JSON_VERSION_MINOR) + "." +
                            std::to_string(NLOHMANN_JSON_VERSION_PATCH);
    versions.torchThreads = at::get_num_threads();
    versions.cudaAvailable = torch::cuda::is_available();
    versions.blasLibrary = resolvedBlasLibrary();
    versions.blasDetails = openBlasConfig();
    return versions;
}

bool isOptimisedBlas(const LibraryVersions& versions) {
    return !versions.blasDetails.empty() ||
           versions.blasLibrary.find("openblas") != std::string::npos ||
           versions.blasLibrary.find("mkl") != std::string::npos ||
           versions.blasLibrary.find("blis") != std::string::npos;
}

}  // namespace noisynn
