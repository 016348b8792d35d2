#pragma once

#include "data/dataset.h"
#include "data/image_folder_dataset.h"
#include "data/synthetic_dataset.h"

#include <string>
#include <vector>

namespace noisynn {

struct DatasetRequest {
    // A known name (see knownDatasetNames) or the path of a folder, whose format is detected: IDX
    // files, CIFAR binaries, or an image folder.
    std::string source = "fashion-mnist";
    // The folder of a named data set; empty: look in datasetSearchFolders(name).
    std::string root;
    ImageFolderOptions imageFolder;  // size, colour and split of image folders (root is ignored)
    SyntheticOptions synthetic;
};

std::vector<std::string> knownDatasetNames();

// Where a named data set is looked for, in order: $NOISYNN_DATA_DIR/<name>,
// $XDG_DATA_HOME/noisynn/datasets/<name> (~/.local/share/...), /usr/share/datasets/<name>.
std::vector<std::string> datasetSearchFolders(const std::string& name);

// Opens the data set, or throws noisynn::Error naming the file, folder or name at fault.
DatasetSplits openDataset(const DatasetRequest& request);

}  // namespace noisynn
