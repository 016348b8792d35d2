#pragma once

#include "data/image.h"

#include <cstddef>
#include <string>
#include <vector>

namespace noisynn {

// Writes `count` images (channels x height x width each, values in [0, 1]) as one PNG grid,
// `columns` wide, each image enlarged `scale` times without smoothing and a 2-pixel white gap
// between them. Throws naming the file when it cannot be written (see throwWriteFailure).
void writeImageGridPng(const std::string& path, const ImageShape& shape,
                       const std::vector<float>& pixels, std::size_t count, int columns, int scale);

}  // namespace noisynn
