#pragma once

#include <string>
#include <vector>

namespace noisynn {

class BackboneImpl;

struct WeightImportReport {
    std::size_t copied = 0;                  // tensors copied into the model
    std::vector<std::string> reinitialised;  // head tensors left fresh (another class count)
};

// Copies a state dict written by Python's torch.save (timm's names for the ViTs, torchvision's for
// the ResNets; a {"state_dict": ...} or {"model": ...} wrapper and DataParallel's "module." prefix
// are accepted) into the model. Every model tensor must be found with its shape, and every tensor
// in the file must belong to the model; otherwise noisynn::Error names the file, the key and both
// shapes. A head of another class count is re-initialised when reinitialiseHead, else refused
// naming model.reinit_head.
WeightImportReport importWeights(BackboneImpl& model, const std::string& path,
                                 bool reinitialiseHead);

}  // namespace noisynn
