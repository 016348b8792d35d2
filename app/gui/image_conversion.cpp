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
