#pragma once

#include "data/image.h"

#include <string>

namespace noisynn {

enum class ColorMode { Auto, Gray, Color };

// Decodes an image file into 8-bit pixels with OpenCV: gray (1 channel) or RGB (3 channels),
// resized to height x width unless both are 0. Throws noisynn::Error naming the file and what is
// wrong: not an image, a truncated JPEG, a corrupt PNG and so on.
Image decodeImageFile(const std::string& path, ColorMode color, int height, int width);

// The channel count and size of the file as stored, without resizing (for defaults).
ImageShape probeImageFile(const std::string& path);

}  // namespace noisynn
