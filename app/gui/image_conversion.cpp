#include "gui/image_conversion.h"

namespace noisynn {

QImage toQImage(const Image& image) {
    const auto format =
        image.shape.channels == 1 ? QImage::Format_Grayscale8 : QImage::Format_RGB888;
    const QImage view(image.pixels.data(), image.shape.width, image.shape.height,
                      image.shape.width * image.shape.channels, format);
    return view.copy();  // the view borrows pixels that die with `image`
}

}  // namespace noisynn

namespace noisynn {
namespace {

QImage fromPlanes(const ImageShape& shape, const std::function<float(std::size_t)>& valueAt) {
    const bool grey = shape.channels == 1;
    QImage image(shape.width, shape.height,
                 grey ? QImage::Format_Grayscale8 : QImage::Format_RGB888);
    const std::size_t plane = static_cast<std::size_t>(shape.width) * shape.height;
    for (int y = 0; y < shape.height; ++y) {
        uchar* line = image.scanLine(y);
        for (int x = 0; x < shape.width; ++x) {
            const std::size_t pixel = static_cast<std::size_t>(y) * shape.width + x;
            for (int c = 0; c < (grey ? 1 : 3); ++c) {
                const int channel = std::min(c, shape.channels - 1);
                const float value = std::clamp(valueAt(channel * plane + pixel), 0.0f, 1.0f);
                line[x * (grey ? 1 : 3) + c] = static_cast<uchar>(std::lround(value * 255.0f));
            }
        }
    }
    return image;
}

}  // namespace

QImage toQImage(const float* planes, const ImageShape& shape) {
    return fromPlanes(shape, [planes](std::size_t i) { return planes[i]; });
}

QImage differenceImage(const float* before, const float* after, const ImageShape& shape,
                       float fullScale) {
    const float scale = fullScale > 0 ? 1.0f / fullScale : 0.0f;
    return fromPlanes(shape,
                      [=](std::size_t i) { return std::fabs(after[i] - before[i]) * scale; });
}

}  // namespace noisynn
