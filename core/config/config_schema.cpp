#include "config/config_schema.h"

#include <limits>

namespace noisynn {
namespace {

using Kind = ConfigKey::Kind;

ConfigKey integer(std::string name, long long value, double min, double max, std::string help) {
    return {std::move(name), Kind::Integer, value, std::move(help), {}, min, max};
}

ConfigKey number(std::string name, double value, double min, double max, std::string help) {
    return {std::move(name), Kind::Number, value, std::move(help), {}, min, max};
}

ConfigKey boolean(std::string name, bool value, std::string help) {
    return {std::move(name), Kind::Boolean, value, std::move(help), {}, 0, 0};
}

ConfigKey text(std::string name, std::string value, std::string help) {
    return {std::move(name), Kind::String, value, std::move(help), {}, 0, 0};
}

ConfigKey choice(std::string name, std::string value, std::vector<std::string> choices,
                 std::string help) {
    return {std::move(name), Kind::Choice, value, std::move(help), std::move(choices), 0, 0};
}

constexpr double kHuge = 1e12;

}  // namespace

const std::vector<ConfigKey>& configSchema() {
    static const std::vector<ConfigKey> schema = {
        integer("schema_version", kConfigSchemaVersion, 1, kConfigSchemaVersion,
                "version of this config's layout"),
        text("name", "", "a short name for the run"),
        text("app_version", NOISYNN_VERSION, "the workbench version that wrote the config"),

        choice("model.backbone", "small-cnn",
               {"small-cnn", "vit", "vit-tiny", "vit-small", "vit-base", "resnet18", "resnet34",
                "resnet50"},
               "network; vit takes its size from model.width/depth/heads"),
        text("model.weights", "",
             "state dict saved by Python's torch.save (timm/torchvision names)"),
        integer("model.image_size", 0, 0, 4096, "input side in pixels; 0: the data set's"),
        integer("model.channels", 0, 0, 64, "input channels; 0: the data set's"),
        integer("model.classes", 0, 0, 100000, "output classes; 0: the data set's"),
        integer("model.patch", 16, 1, 512, "ViT patch side in pixels"),
        integer("model.width", 192, 8, 8192, "ViT embedding width (vit only)"),
        integer("model.depth", 12, 1, 128, "ViT blocks (vit only)"),
        integer("model.heads", 3, 1, 128, "ViT attention heads (vit only)"),
        number("model.mlp_ratio", 4.0, 0.25, 16.0, "ViT MLP hidden width / embedding width"),
        choice(
            "model.stem", "auto", {"auto", "imagenet", "small"},
            "ResNet stem: 7x7/2 + max-pool (imagenet) or 3x3/1 (small); auto: small below 64 px"),
        boolean("model.reinit_head", false,
                "re-initialise an imported head whose class count differs"),

        text("data.dataset", "fashion-mnist", "a data-set name or folder"),
        text("data.root", "", "folder of a named data set; empty: the standard places"),
        integer("data.train_subset", 0, 0, kHuge, "use only this many training images; 0: all"),
        number("data.val_fraction", 0.2, 0.0, 0.99, "image folders without val/: held-out share"),
        integer("data.crop_padding", 0, 0, 512, "padded random crop in training, pixels"),
        boolean("data.flip", false, "random horizontal flip in training"),
        integer("data.workers", 2, 1, 64, "threads preparing batches"),

        choice("noise.type", "none",
               {"none", "gaussian", "linear-optimal", "linear-shift", "impulse"},
               "latent noise kind"),
        text("noise.layer", "-1",
             "ViT block (0..depth-1, negative from the end), ResNet stage.block (\"4.2\"), "
             "small-cnn layer (1..3)"),
        choice("noise.position", "auto", {"auto", "attention-input", "block-input", "block-output"},
               "where in the layer; auto: attention-input for ViTs, block-input otherwise"),
        choice("noise.scope", "patch", {"patch", "all"}, "ViT tokens the noise touches"),
        number("noise.strength", 0.1, 0.0, kHuge,
               "gaussian: scale s; linear-shift: a; impulse: probability p"),
        number("noise.mean", 0.0, -kHuge, kHuge, "gaussian: mean"),
        number("noise.std", 1.0, 0.0, kHuge, "gaussian: standard deviation"),
        choice("noise.phase", "auto", {"auto", "train", "eval", "both"},
               "when the noise acts; auto: eval for ViTs (the paper), both otherwise"),
        boolean("noise.shift_gradient", false,
                "linear-shift: let the gradient flow through the mixed-in neighbour"),
        choice("noise.image.type", "none", {"none", "gaussian", "salt-and-pepper"},
               "noise on the input pixels"),
        number("noise.image.strength", 0.1, 0.0, kHuge, "image noise scale or probability"),

        integer("train.epochs", 10, 0, 100000, "training epochs; 0: evaluate only (the model as it is)"),
        integer("train.batch_size", 128, 1, 1 << 20, "training batch"),
        choice("train.optimizer", "adamw", {"adamw", "sgd"}, "optimizer"),
        number("train.lr", 1e-3, 0.0, 10.0, "peak learning rate"),
        number("train.lr_min", 0.0, 0.0, 10.0, "cosine schedule floor"),
        number("train.weight_decay", 0.05, 0.0, 10.0, "decoupled (adamw) or L2 (sgd)"),
        number("train.momentum", 0.9, 0.0, 1.0, "sgd momentum"),
        boolean("train.nesterov", false, "sgd Nesterov momentum"),
        number("train.warmup_epochs", 0.0, 0.0, 100000.0, "linear warm-up length"),
        number("train.label_smoothing", 0.0, 0.0, 0.99, "cross-entropy label smoothing"),
        number("train.grad_clip", 0.0, 0.0, kHuge, "gradient norm clip; 0: none"),
        choice("train.precision", "fp32", {"fp32", "bf16", "fp16", "auto"}, "autocast precision"),
        text("train.device", "auto", "auto, cpu, cuda or cuda:N"),
        integer("train.threads", 0, 0, 1024, "CPU threads; 0: all cores"),
        integer("train.seed", 0, 0, std::numeric_limits<std::int32_t>::max(), "random seed"),
        integer("train.log_every", 50, 1, 1000000,
                "metrics.csv gets a row every this many batches"),

        choice("eval.order", "shuffled", {"sorted", "shuffled", "single"},
               "evaluation order: class-sorted (the paper's code), shuffled, one at a time"),
        integer("eval.batch_size", 100, 1, 1 << 20, "evaluation batch"),
        integer("entropy.samples", 2000, 0, 1 << 24,
                "evaluation samples in the task-entropy estimate; 0: no estimate"),
    };
    return schema;
}

const ConfigKey* findConfigKey(const std::string& name) {
    for (const auto& key : configSchema()) {
        if (key.name == name) {
            return &key;
        }
    }
    return nullptr;
}

}  // namespace noisynn
