#pragma once

#include <torch/torch.h>

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace noisynn {

// A value of the pickle inside a file Python's torch.save wrote. LibTorch 1.13's own pickle_load
// cannot read what torch.save(model.state_dict()) writes: it turns every collections.OrderedDict
// into None (measured), so the workbench reads those files with this small unpickler.
struct PickleValue {
    PickleValue() = default;
    // Takes nested values apart in a loop: a pickle nested a million levels deep would otherwise
    // recurse a destructor per level and overflow the stack.
    ~PickleValue();
    PickleValue(const PickleValue&) = delete;
    PickleValue& operator=(const PickleValue&) = delete;

    enum class Kind { None, Bool, Int, Float, String, Tuple, List, Dict, Global, Tensor, Object };
    Kind kind = Kind::None;
    bool boolean = false;
    std::int64_t integer = 0;
    double number = 0.0;
    std::string text;  // String; Global as "module.name"; Object: its class
    std::vector<std::shared_ptr<PickleValue>> items;  // Tuple, List; Object: its arguments
    std::vector<std::pair<std::shared_ptr<PickleValue>, std::shared_ptr<PickleValue>>> entries;
    torch::Tensor tensor;
};

// Reads a file torch.save wrote (the zip format, PyTorch 1.6 and later). Throws noisynn::Error
// naming the file for a missing file, another format, or a pickle it cannot follow.
std::shared_ptr<const PickleValue> readTorchSave(const std::string& path);

// The entries of a dict whose keys are strings and values tensors, in file order.
std::vector<std::pair<std::string, torch::Tensor>> tensorEntries(const PickleValue& dict);
// The value under a string key of a dict, or null.
const PickleValue* dictEntry(const PickleValue& dict, const std::string& key);

}  // namespace noisynn
