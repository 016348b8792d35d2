#include "data/in_memory_dataset.h"

#include "error.h"

#include <algorithm>

namespace noisynn {

std::string toString(const ImageShape& shape) {
    return std::to_string(shape.height) + "x" + std::to_string(shape.width) + "x" +
           std::to_string(shape.channels);
}

std::vector<std::size_t> classCounts(const Dataset& dataset) {
    std::vector<std::size_t> counts(dataset.classNames().size(), 0);
    for (std::size_t i = 0; i < dataset.size(); ++i) {
        ++counts.at(static_cast<std::size_t>(dataset.label(i)));
    }
    return counts;
}

InMemoryDataset::InMemoryDataset(std::string description, ImageShape shape,
                                 std::vector<std::string> classNames,
                                 std::vector<std::uint8_t> pixels,
                                 std::vector<std::uint16_t> labels)
    : m_description(std::move(description)),
      m_shape(shape),
      m_classNames(std::move(classNames)),
      m_pixels(std::move(pixels)),
      m_labels(std::move(labels)) {
    if (m_pixels.size() != m_labels.size() * m_shape.elementCount()) {
        throw Error(m_description + ": " + std::to_string(m_pixels.size()) +
                    " pixel bytes do not make " + std::to_string(m_labels.size()) + " images of " +
                    toString(m_shape));
    }
    const auto classCount = m_classNames.size();
    for (std::size_t i = 0; i < m_labels.size(); ++i) {
        if (m_labels[i] >= classCount) {
            throw Error(m_description + ": label " + std::to_string(m_labels[i]) + " of sample " +
                        std::to_string(i) + " is out of range; expected 0.." +
                        std::to_string(classCount - 1));
        }
    }
}

int InMemoryDataset::label(std::size_t index) const {
    return m_labels.at(index);
}

Image InMemoryDataset::image(std::size_t index) const {
    const std::size_t count = m_shape.elementCount();
    if (index >= m_labels.size()) {
        throw Error(m_description + ": image index " + std::to_string(index) +
                    " is out of range; the split holds " + std::to_string(m_labels.size()));
    }
    Image result{m_shape, {}};
    const auto begin = m_pixels.begin() + static_cast<std::ptrdiff_t>(index * count);
    result.pixels.assign(begin, begin + static_cast<std::ptrdiff_t>(count));
    return result;
}

}  // namespace noisynn
