#pragma once

#include "data/dataset.h"

#include <string>
#include <vector>

namespace noisynn {

// The MNIST family, stored as four IDX files (train/t10k images/labels), gzip-compressed or raw.
enum class IdxFamily { FashionMnist, Mnist, Kmnist };

std::string idxFamilyName(IdxFamily family);  // "fashion-mnist", "mnist", "kmnist"
std::vector<std::string> idxFamilyClassNames(IdxFamily family);

// True when the folder holds the training images file under one of its usual names.
bool looksLikeIdxFolder(const std::string& folder);

// Loads both splits into memory. Throws noisynn::Error naming the file for every kind of bad input.
DatasetSplits loadIdxDataset(IdxFamily family, const std::string& folder);

}  // namespace noisynn
