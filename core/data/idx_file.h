#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace noisynn {

// The contents of an IDX file (the MNIST family's format): unsigned bytes and their dimensions.
struct IdxArray {
    std::vector<std::uint32_t> dimensions;
    std::vector<std::uint8_t> values;
};

// Reads an IDX file of unsigned bytes with the given number of dimensions, gzip-compressed or raw.
// Throws noisynn::Error naming the file for a missing file, a wrong magic number, a truncated body
// or trailing bytes.
IdxArray readIdxFile(const std::string& path, int expectedDimensions);

}  // namespace noisynn
