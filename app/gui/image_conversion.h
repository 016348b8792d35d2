#pragma once

#include "data/image.h"

#include <QImage>

namespace noisynn {

// A deep copy as Grayscale8 or RGB888; safe to make on a worker thread.
QImage toQImage(const Image& image);

}  // namespace noisynn
