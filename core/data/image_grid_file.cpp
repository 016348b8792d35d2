#include "data/image_grid_file.h"

#include "error.h"
#include "util/file_writing.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace noisynn {

void writeImageGridPng(const std::string& path, const ImageShape& shape,
                       const std::vector<float>& pixels, std::size_t count, int columns,
                       int scale) {
    if (count == 0 || pixels.size() < count * shape.elementCount()) {
        throw Error(path + ": an image grid needs " + std::to_string(count) + " images of " +
                    std::to_string(shape.elementCount()) + " values; found " +
                    std::to_string(pixels.size()) + " values");
    }
    constexpr int kGap = 2;
    columns = std::max(1, std::min(columns, static_cast<int>(count)));
    const int rows = static_cast<int>((count + columns - 1) / columns);
    const int cellHeight = shape.height * scale;
    const int cellWidth = shape.width * scale;
    const bool colour = shape.channels == 3;
    cv::Mat grid(rows * (cellHeight + kGap) - kGap, columns * (cellWidth + kGap) - kGap,
                 colour ? CV_8UC3 : CV_8UC1, cv::Scalar::all(255));
    const std::size_t plane = static_cast<std::size_t>(shape.height) * shape.width;
    for (std::size_t i = 0; i < count; ++i) {
        cv::Mat image(shape.height, shape.width, colour ? CV_8UC3 : CV_8UC1);
        const float* source = pixels.data() + i * shape.elementCount();
        for (int y = 0; y < shape.height; ++y) {
            for (int x = 0; x < shape.width; ++x) {
                const std::size_t at = static_cast<std::size_t>(y) * shape.width + x;
                const auto byte = [&](int channel) {
                    const float value = source[channel * plane + at];
                    return static_cast<unsigned char>(
                        std::lround(std::clamp(value, 0.0f, 1.0f) * 255));
                };
                if (colour) {  // OpenCV stores BGR
                    image.at<cv::Vec3b>(y, x) = cv::Vec3b(byte(2), byte(1), byte(0));
                } else {
                    image.at<unsigned char>(y, x) = byte(0);
                }
            }
        }
        const int row = static_cast<int>(i) / columns;
        const int column = static_cast<int>(i) % columns;
        cv::Mat cell = grid(cv::Rect(column * (cellWidth + kGap), row * (cellHeight + kGap),
                                     cellWidth, cellHeight));
        cv::resize(image, cell, cell.size(), 0, 0, cv::INTER_NEAREST);
    }
    // Encoded in memory and written by us: cv::imwrite reports a disk that fills up mid-file
    // as success or as a bare false, without the reason.
    std::vector<unsigned char> encoded;
    try {
        if (!cv::imencode(".png", grid, encoded)) {
            throw Error(path + ": the PNG encoder refused the image grid");
        }
    } catch (const cv::Exception& error) {
        throw Error(path + ": the PNG could not be encoded (" + error.what() + ")");
    }
    writeFileAtomically(path, std::string(encoded.begin(), encoded.end()));
}

}  // namespace noisynn
