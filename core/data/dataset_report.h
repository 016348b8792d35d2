#pragma once

#include "data/channel_stats.h"
#include "data/dataset.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace noisynn {

struct UnreadableImage {
    std::string path;
    std::string reason;  // the decoder's message, naming the file
};

struct SplitReport {
    std::string name;  // "train", "test" or "val"
    std::size_t samples = 0;
    std::vector<std::size_t> classCounts;
    // Images decoded to check them: all of them, or an evenly spread subset when the caller
    // limited the check. Data sets held in memory are checked whole when they load.
    std::size_t checked = 0;
    std::vector<UnreadableImage> unreadable;  // only data sets decoded on the fly can have these
};

// What `noisynn data inspect` prints and the data-set browser shows.
struct DatasetReport {
    std::string name;
    std::string location;
    ImageShape shape;
    std::vector<std::string> classes;
    SplitReport train;
    SplitReport test;
    ChannelStats trainStats;  // over the readable training images

    std::size_t unreadableCount() const { return train.unreadable.size() + test.unreadable.size(); }
};

struct InspectOptions {
    int threads = 1;
    // Images decoded per split for data sets decoded on the fly; 0: every one. The window limits
    // this so that opening ImageNet does not take an hour; `noisynn data inspect` checks all.
    std::size_t maxChecked = 0;
};

// Counts every split and class; for data sets decoded on the fly, decodes the images (all, or an
// evenly spread subset) on worker threads and lists those that fail, by name.
DatasetReport inspectDataset(const DatasetSplits& splits, const InspectOptions& options);

nlohmann::json toJson(const DatasetReport& report);
std::string toText(const DatasetReport& report);

}  // namespace noisynn
