#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace noisynn {

struct ImageShape {
    int height = 0;
    int width = 0;
    int channels = 0;

    std::size_t elementCount() const {
        return static_cast<std::size_t>(height) * static_cast<std::size_t>(width) *
               static_cast<std::size_t>(channels);
    }
    bool operator==(const ImageShape& other) const {
        return height == other.height && width == other.width && channels == other.channels;
    }
    bool operator!=(const ImageShape& other) const { return !(*this == other); }
};

std::string toString(const ImageShape& shape);  // "28x28x1" (height x width x channels)

// An 8-bit image, pixels interleaved row by row (height, width, channels), as data sets store them.
struct Image {
    ImageShape shape;
    std::vector<std::uint8_t> pixels;
};

}  // namespace noisynn
