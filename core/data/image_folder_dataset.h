#pragma once

#include "data/dataset.h"
#include "data/image_decoding.h"

#include <cstdint>
#include <string>
#include <vector>

namespace noisynn {

struct ImageFolderOptions {
    std::string root;
    int height = 0;  // 0 with width 0: the size of the first image, in sorted order
    int width = 0;
    ColorMode color = ColorMode::Auto;  // Auto: gray when the first image is gray
    // Used only when root has no train/ and val/ (or test/) subfolders: the seeded, per-class
    // fraction of each class folder that becomes the evaluation split.
    double valFraction = 0.2;
    std::uint64_t seed = 0;
};

// root/<class>/<image>, decoded on the fly with OpenCV; classes are the sub-folder names in sorted
// order.
class ImageFolderDataset : public Dataset {
public:
    struct Entry {
        std::string path;
        int label = 0;
    };

    ImageFolderDataset(std::string description, std::vector<Entry> entries,
                       std::vector<std::string> classNames, ImageShape shape);

    std::string description() const override { return m_description; }
    std::size_t size() const override { return m_entries.size(); }
    ImageShape imageShape() const override { return m_shape; }
    const std::vector<std::string>& classNames() const override { return m_classNames; }
    int label(std::size_t index) const override { return m_entries.at(index).label; }
    Image image(std::size_t index) const override;
    std::string imagePath(std::size_t index) const override { return m_entries.at(index).path; }

private:
    std::string m_description;
    std::vector<Entry> m_entries;
    std::vector<std::string> m_classNames;
    ImageShape m_shape;
};

bool looksLikeImageFolder(const std::string& root);

// Throws noisynn::Error for a missing root, no class folders, an empty class folder, or evaluation
// classes that the training split does not have.
DatasetSplits loadImageFolder(const ImageFolderOptions& options);

}  // namespace noisynn
