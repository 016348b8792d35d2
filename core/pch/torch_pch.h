// Precompiled for every core translation unit and, with Qt Test added, for every test: parsing
// <torch/torch.h> costs about 25 s per file on two cores, loading this header a fraction of that.
#pragma once

#include <torch/torch.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>
