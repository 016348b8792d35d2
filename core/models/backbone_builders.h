#pragma once

// Internal to core/models: one builder per backbone family, called by makeBackbone().

#include "models/backbone.h"

namespace noisynn {

std::shared_ptr<BackboneImpl> makeVit(const ModelSpec& spec, const NoiseSpec& noise);
std::shared_ptr<BackboneImpl> makeResnet(const ModelSpec& spec, const NoiseSpec& noise);
std::shared_ptr<BackboneImpl> makeSmallCnn(const ModelSpec& spec, const NoiseSpec& noise);

}  // namespace noisynn
