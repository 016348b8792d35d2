#pragma once

#include "data/image.h"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace noisynn {

// One split of a labelled image data set. Implementations are safe to read from several threads at
// once: the batch loader decodes on worker threads.
class Dataset {
public:
    virtual ~Dataset() = default;

    // Human-readable origin, e.g. "fashion-mnist train (/usr/share/datasets/fashion-mnist)".
    virtual std::string description() const = 0;
    virtual std::size_t size() const = 0;
    // The shape every image() returns.
    virtual ImageShape imageShape() const = 0;
    virtual const std::vector<std::string>& classNames() const = 0;
    virtual int label(std::size_t index) const = 0;
    // Throws noisynn::Error naming the file when an image cannot be read or decoded.
    virtual Image image(std::size_t index) const = 0;
    // The file an image is decoded from; empty for data sets held in memory.
    virtual std::string imagePath(std::size_t index) const { return {}; }
};

// A data set as the workbench uses it: a training split and an evaluation split with the same
// classes.
struct DatasetSplits {
    std::string name;                    // "fashion-mnist", "cifar10", "image-folder", ...
    std::string location;                // folder the files came from, empty for synthetic data
    std::string testSplitName = "test";  // "val" for image folders with a val/ subfolder
    std::shared_ptr<const Dataset> train;
    std::shared_ptr<const Dataset> test;
};

std::vector<std::size_t> classCounts(const Dataset& dataset);

}  // namespace noisynn
