#pragma once

#include <string>

namespace noisynn {

class Trainer;

// A checkpoint holds the model, the optimizer, the schedule's step, LibTorch's CPU generator (and,
// on CUDA, the GPU's), the last completed epoch and, when it is taken inside the next epoch (a
// stopped run), how far that epoch got, so that resuming continues at the next batch. It is
// written to a temporary file beside the target, flushed and renamed, so a crash leaves the
// previous checkpoint intact; a write that fails throws naming the file (as throwWriteFailure:
// RunFailure for a full disk) and keeps the previous one.
void saveCheckpoint(Trainer& trainer, int epoch, const std::string& path);
// Restores everything saveCheckpoint wrote and returns the epoch. Throws noisynn::Error naming the
// file when it is missing, damaged or belongs to another model.
int loadCheckpoint(Trainer& trainer, const std::string& path);

}  // namespace noisynn
