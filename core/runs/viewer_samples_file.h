#pragma once

#include "training/training_events.h"

#include <string>
#include <vector>

namespace noisynn {

// The viewer samples of each epoch, kept in the run directory (viewer/epoch-NNN/, one NPY file
// per array) so that a finished run's inspect views, and their epoch slider, come back from disk.
void writeViewerSamples(const std::string& runPath, const ViewerSamples& samples);
// Throws noisynn::Error naming the file when one is missing or does not fit the others.
ViewerSamples readViewerSamples(const std::string& runPath, int epoch);
// The epochs with samples on disk, in order.
std::vector<int> viewerSampleEpochs(const std::string& runPath);

}  // namespace noisynn
