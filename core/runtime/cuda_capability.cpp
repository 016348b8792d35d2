#include "runtime/cuda_capability.h"

#include <dlfcn.h>

namespace noisynn {
namespace {

// The driver API's values (cuda.h), declared here because a CPU-only machine has no cuda.h.
constexpr int kCudaSuccess = 0;
// CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR
constexpr int kComputeCapabilityMajorAttribute = 75;

using InitFunction = int (*)(unsigned int);
using DeviceGetFunction = int (*)(int*, int);
using DeviceGetAttributeFunction = int (*)(int*, int, int);

}  // namespace

std::optional<int> cudaComputeCapabilityMajor(int index) {
    // Opened once and never closed: once initialised, the driver keeps threads that must not lose
    // their code.
    static void* const driver = ::dlopen("libcuda.so.1", RTLD_LAZY | RTLD_LOCAL);
    if (!driver) {
        return std::nullopt;
    }
    std::optional<int> major;
    const auto init = reinterpret_cast<InitFunction>(::dlsym(driver, "cuInit"));
    const auto deviceGet = reinterpret_cast<DeviceGetFunction>(::dlsym(driver, "cuDeviceGet"));
    const auto attribute =
        reinterpret_cast<DeviceGetAttributeFunction>(::dlsym(driver, "cuDeviceGetAttribute"));
    int device = 0;
    int value = 0;
    if (init && deviceGet && attribute && init(0) == kCudaSuccess &&
        deviceGet(&device, index) == kCudaSuccess &&
        attribute(&value, kComputeCapabilityMajorAttribute, device) == kCudaSuccess) {
        major = value;
    }
    return major;
}

}  // namespace noisynn
