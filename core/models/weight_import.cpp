#include "models/weight_import.h"

#include "error.h"
#include "models/backbone.h"
#include "models/torch_save_reader.h"

#include <map>
#include <sstream>

namespace noisynn {
namespace {

std::string shapeText(const torch::Tensor& tensor) {
    std::ostringstream out;
    out << "[";
    for (int64_t d = 0; d < tensor.dim(); ++d) {
        out << (d ? ", " : "") << tensor.size(d);
    }
    out << "]";
    return out.str();
}

// The state dict inside whatever torch.save wrote: the dict itself, or one under "state_dict" or
// "model" (training checkpoints), with DataParallel's "module." prefixes removed.
std::map<std::string, torch::Tensor> stateDictOf(const PickleValue& value,
                                                 const std::string& path) {
    if (value.kind != PickleValue::Kind::Dict) {
        throw Error(path +
                    ": holds no dict; expected a state dict (a dict of tensors, as "
                    "torch.save(model.state_dict()) writes)");
    }
    for (const char* wrapper : {"state_dict", "model"}) {
        const PickleValue* inner = dictEntry(value, wrapper);
        if (inner && inner->kind == PickleValue::Kind::Dict) {
            return stateDictOf(*inner, path);
        }
    }
    std::map<std::string, torch::Tensor> tensors;
    for (auto& [name, tensor] : tensorEntries(value)) {
        tensors[name.rfind("module.", 0) == 0 ? name.substr(7) : name] = tensor;
    }
    if (tensors.empty()) {
        throw Error(path + ": the dict holds no tensors; expected a state dict");
    }
    return tensors;
}

bool isHead(const std::string& name, const std::string& backbone) {
    const std::string prefix = backbone.rfind("vit", 0) == 0      ? "head."
                               : backbone.rfind("resnet", 0) == 0 ? "fc."
                                                                  : "fc2.";
    return name.rfind(prefix, 0) == 0;
}

}  // namespace

WeightImportReport importWeights(BackboneImpl& model, const std::string& path,
                                 bool reinitialiseHead) {
    auto file = stateDictOf(*readTorchSave(path), path);

    std::map<std::string, torch::Tensor> targets;
    for (const auto& item : model.named_parameters())
        targets[item.key()] = item.value();
    for (const auto& item : model.named_buffers())
        targets[item.key()] = item.value();

    // Check everything before copying anything: a refused file leaves the model as it was.
    std::vector<std::string> unknown;
    for (const auto& [name, tensor] : file) {
        if (!targets.count(name))
            unknown.push_back(name);
    }
    if (!unknown.empty()) {
        std::string list;
        for (std::size_t i = 0; i < unknown.size() && i < 5; ++i)
            list += (i ? ", " : "") + unknown[i];
        throw Error(path + ": " + std::to_string(unknown.size()) +
                    " tensors the model does not have (" + list +
                    (unknown.size() > 5 ? ", ..." : "") + "); expected the state dict of a " +
                    model.spec().backbone);
    }
    WeightImportReport report;
    for (const auto& [name, target] : targets) {
        const auto found = file.find(name);
        if (found == file.end()) {
            throw Error(path + ": no tensor " + name + "; the model expects one of shape " +
                        shapeText(target));
        }
        if (found->second.sizes() != target.sizes()) {
            if (isHead(name, model.spec().backbone) && reinitialiseHead) {
                report.reinitialised.push_back(name);
                continue;
            }
            throw Error(path + ": " + name + " is " + shapeText(found->second) +
                        " in the file but " + shapeText(target) + " in the model" +
                        (isHead(name, model.spec().backbone)
                             ? "; set model.reinit_head=true to train a new head"
                             : ""));
        }
    }
    torch::NoGradGuard noGrad;
    for (auto& [name, target] : targets) {
        const auto found = file.find(name);
        if (found->second.sizes() != target.sizes()) {
            continue;  // a head left to its fresh initialisation
        }
        target.copy_(found->second.to(target.dtype()));
        ++report.copied;
    }
    return report;
}

}  // namespace noisynn
