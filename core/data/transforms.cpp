#include "data/transforms.h"

#include "error.h"
#include "util/seeded_random.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>

namespace noisynn {

SampleTransform::SampleTransform(TransformOptions options, ImageShape input)
    : m_options(std::move(options)), m_input(input), m_output(input) {
    if ((m_options.resizeHeight > 0) != (m_options.resizeWidth > 0) || m_options.resizeHeight < 0 ||
        m_options.resizeWidth < 0) {
        throw Error("data.resize: " + std::to_string(m_options.resizeHeight) + "x" +
                    std::to_string(m_options.resizeWidth) +
                    "; expected both sides positive, or both 0 to keep the size");
    }
    if (m_options.resizeHeight > 0) {
        m_output.height = m_options.resizeHeight;
        m_output.width = m_options.resizeWidth;
    }
    if (m_options.cropPadding < 0 ||
        m_options.cropPadding > std::max(m_output.height, m_output.width)) {
        throw Error("data.crop_padding: " + std::to_string(m_options.cropPadding) +
                    " pixels; expected 0.." +
                    std::to_string(std::max(m_output.height, m_output.width)) +
                    " (at most the image side)");
    }
    const auto channels = static_cast<std::size_t>(input.channels);
    if (m_options.mean.size() != m_options.std.size() ||
        (!m_options.mean.empty() && m_options.mean.size() != channels)) {
        throw Error("data.normalize: " + std::to_string(m_options.mean.size()) + " means and " +
                    std::to_string(m_options.std.size()) + " stds for " + std::to_string(channels) +
                    "-channel images; expected one of each per channel");
    }
    for (float deviation : m_options.std) {
        if (!(deviation > 0.0f)) {
            throw Error("data.normalize.std: " + std::to_string(deviation) +
                        " is not positive (a data set of constant images has std 0; give the "
                        "statistics explicitly)");
        }
    }
}

void SampleTransform::apply(const Image& image, std::uint64_t seed, std::uint64_t epoch,
                            std::uint64_t sampleIndex, float* out) const {
    if (image.shape != m_input) {
        throw Error("image of shape " + toString(image.shape) + " where the data set declares " +
                    toString(m_input));
    }
    const std::uint8_t* pixels = image.pixels.data();
    cv::Mat resized;
    if (m_output.height != m_input.height || m_output.width != m_input.width) {
        const cv::Mat source(m_input.height, m_input.width, CV_8UC(m_input.channels),
                             const_cast<std::uint8_t*>(pixels));
        const bool shrinking = m_output.height < m_input.height;
        cv::resize(source, resized, cv::Size(m_output.width, m_output.height), 0, 0,
                   shrinking ? cv::INTER_AREA : cv::INTER_LINEAR);
        pixels = resized.data;
    }

    const int height = m_output.height;
    const int width = m_output.width;
    const int channels = m_output.channels;
    const std::uint64_t random = mixSeed(seed, epoch, sampleIndex);
    int offsetY = 0;
    int offsetX = 0;
    if (m_options.cropPadding > 0) {
        const auto span = static_cast<std::uint64_t>(2 * m_options.cropPadding + 1);
        offsetY = static_cast<int>(splitMix64(random ^ 1) % span) - m_options.cropPadding;
        offsetX = static_cast<int>(splitMix64(random ^ 2) % span) - m_options.cropPadding;
    }
    const bool flip = m_options.horizontalFlip && (splitMix64(random ^ 3) & 1u);

    const bool normalise = !m_options.mean.empty();
    for (int c = 0; c < channels; ++c) {
        const float scale = normalise ? 1.0f / (255.0f * m_options.std[c]) : 1.0f / 255.0f;
        const float shift = normalise ? -m_options.mean[c] / m_options.std[c] : 0.0f;
        float* plane = out + static_cast<std::size_t>(c) * height * width;
        for (int y = 0; y < height; ++y) {
            const int sourceY = y + offsetY;
            for (int x = 0; x < width; ++x) {
                const int sourceX = (flip ? width - 1 - x : x) + offsetX;
                // Outside the image is the zero padding, i.e. black before normalisation.
                const bool inside =
                    sourceY >= 0 && sourceY < height && sourceX >= 0 && sourceX < width;
                const float value =
                    inside
                        ? pixels[(static_cast<std::size_t>(sourceY) * width + sourceX) * channels +
                                 c]
                        : 0.0f;
                plane[static_cast<std::size_t>(y) * width + x] = value * scale + shift;
            }
        }
    }
}

}  // namespace noisynn
