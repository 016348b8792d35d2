#pragma once

#include "data/dataset.h"

#include <string>

namespace noisynn {

// The binary versions of CIFAR-10 and CIFAR-100 (the "-bin" archives). CIFAR-100 records carry a
// coarse (20 superclasses) and a fine (100 classes) label; the variant picks one.
enum class CifarVariant { Cifar10, Cifar100Fine, Cifar100Coarse };

std::string cifarVariantName(CifarVariant variant);  // "cifar10", "cifar100", "cifar100-coarse"

// The folder holding the .bin files: the given folder or its cifar-10-batches-bin /
// cifar-100-binary subfolder. Empty when neither holds them.
std::string findCifarFolder(const std::string& folder, CifarVariant variant);

DatasetSplits loadCifarDataset(CifarVariant variant, const std::string& folder);

}  // namespace noisynn
