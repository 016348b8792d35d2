#pragma once

#include "data/image.h"

#include <QImage>

#include <algorithm>
#include <cmath>
#include <functional>

namespace noisynn {

// A deep copy as Grayscale8 or RGB888; safe to make on a worker thread.
QImage toQImage(const Image& image);

}  // namespace noisynn

namespace noisynn {

// One image of a preview (channels x height x width floats in [0, 1]) as Grayscale8 or RGB888.
QImage toQImage(const float* planes, const ImageShape& shape);
// |after - before| scaled so that `fullScale` is white: what the image noise changed.
QImage differenceImage(const float* before, const float* after, const ImageShape& shape,
                       float fullScale);

}  // namespace noisynn
