#pragma once

#include <string>

namespace noisynn {

// The libraries this process actually loaded, for the About box and `noisynn --version`.
struct LibraryVersions {
    std::string libtorch;     // e.g. "1.13.1"
    std::string opencv;       // e.g. "4.6.0"
    std::string blasLibrary;  // the resolved file behind libblas.so.3
    std::string blasDetails;  // OpenBLAS's own configuration string, when it is OpenBLAS
    std::string spdlog;
    std::string nlohmannJson;
    int torchThreads = 0;  // intra-op threads LibTorch uses now
    bool cudaAvailable = false;
};

LibraryVersions loadedLibraryVersions();

// True when the BLAS behind LibTorch is OpenBLAS: the reference BLAS trains about 17x slower.
bool isOptimisedBlas(const LibraryVersions& versions);

}  // namespace noisynn
