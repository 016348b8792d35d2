#pragma once

#include "data/dataset.h"

#include <cstdint>

namespace noisynn {

// Every image held as uint8 in one contiguous buffer: Fashion-MNIST's 60000 training images take
// 47 MB, which is far cheaper than decoding on every epoch.
class InMemoryDataset : public Dataset {
public:
    InMemoryDataset(std::string description, ImageShape shape, std::vector<std::string> classNames,
                    std::vector<std::uint8_t> pixels, std::vector<std::uint16_t> labels);

    std::string description() const override { return m_description; }
    std::size_t size() const override { return m_labels.size(); }
    ImageShape imageShape() const override { return m_shape; }
    const std::vector<std::string>& classNames() const override { return m_classNames; }
    int label(std::size_t index) const override;
    Image image(std::size_t index) const override;

    // Direct access for fast statistics and batching; pixels of image i start at i *
    // elementCount().
    const std::vector<std::uint8_t>& pixelBuffer() const { return m_pixels; }

private:
    std::string m_description;
    ImageShape m_shape;
    std::vector<std::string> m_classNames;
    std::vector<std::uint8_t> m_pixels;
    std::vector<std::uint16_t> m_labels;
};

}  // namespace noisynn
