#include "support/fixture_files.h"

#include <zlib.h>
#include <opencv2/imgcodecs.hpp>

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace noisynn::fixtures {
namespace {

void appendBigEndian(std::vector<std::uint8_t>& bytes, std::uint32_t value) {
    for (int shift = 24; shift >= 0; shift -= 8) {
        bytes.push_back(static_cast<std::uint8_t>(value >> shift));
    }
}

void writeMaybeGzip(const std::string& path, const std::vector<std::uint8_t>& bytes, bool gzip) {
    if (!gzip) {
        writeBytes(path, bytes);
        return;
    }
    gzFile file = gzopen(path.c_str(), "wb");
    if (!file || gzwrite(file, bytes.data(), static_cast<unsigned>(bytes.size())) !=
                     static_cast<int>(bytes.size())) {
        throw std::runtime_error("cannot write " + path);
    }
    gzclose(file);
}

void writeCifarFile(const std::string& path, std::size_t count, std::size_t firstIndex,
                    bool hundred) {
    std::vector<std::uint8_t> bytes;
    for (std::size_t r = 0; r < count; ++r) {
        const std::size_t i = firstIndex + r;
        if (hundred) {
            bytes.push_back(static_cast<std::uint8_t>(i % 20));
            bytes.push_back(static_cast<std::uint8_t>(i % 100));
        } else {
            bytes.push_back(static_cast<std::uint8_t>(i % 10));
        }
        // Three planes: red = i, green = i + 1, blue = i + 2 (mod 256), so that interleaving can be
        // checked.
        for (int plane = 0; plane < 3; ++plane) {
            bytes.insert(bytes.end(), 1024, static_cast<std::uint8_t>((i + plane) % 256));
        }
    }
    writeBytes(path, bytes);
}

}  // namespace

std::vector<std::uint8_t> patternPixels(std::size_t count, int height, int width, int channels) {
    std::vector<std::uint8_t> pixels;
    const std::size_t per = static_cast<std::size_t>(height) * width * channels;
    pixels.reserve(count * per);
    for (std::size_t i = 0; i < count; ++i) {
        pixels.insert(pixels.end(), per, static_cast<std::uint8_t>((i * 7 + 3) % 256));
    }
    return pixels;
}

std::vector<std::uint8_t> cyclicLabels(std::size_t count, int classes) {
    std::vector<std::uint8_t> labels(count);
    for (std::size_t i = 0; i < count; ++i) {
        labels[i] = static_cast<std::uint8_t>(i % static_cast<std::size_t>(classes));
    }
    return labels;
}

void writeIdxImages(const std::string& path, const std::vector<std::uint8_t>& pixels,
                    std::uint32_t count, std::uint32_t height, std::uint32_t width, bool gzip) {
    std::vector<std::uint8_t> bytes;
    appendBigEndian(bytes, 0x00000803);
    appendBigEndian(bytes, count);
    appendBigEndian(bytes, height);
    appendBigEndian(bytes, width);
    bytes.insert(bytes.end(), pixels.begin(), pixels.end());
    writeMaybeGzip(path, bytes, gzip);
}

void writeIdxLabels(const std::string& path, const std::vector<std::uint8_t>& labels, bool gzip) {
    std::vector<std::uint8_t> bytes;
    appendBigEndian(bytes, 0x00000801);
    appendBigEndian(bytes, static_cast<std::uint32_t>(labels.size()));
    bytes.insert(bytes.end(), labels.begin(), labels.end());
    writeMaybeGzip(path, bytes, gzip);
}

void writeIdxFolder(const std::string& folder, std::size_t trainCount, std::size_t testCount,
                    bool gzip) {
    fs::create_directories(folder);
    const std::string suffix = gzip ? ".gz" : "";
    const auto base = fs::path(folder);
    writeIdxImages((base / ("train-images-idx3-ubyte" + suffix)).string(),
                   patternPixels(trainCount, 28, 28, 1), static_cast<std::uint32_t>(trainCount), 28,
                   28, gzip);
    writeIdxLabels((base / ("train-labels-idx1-ubyte" + suffix)).string(),
                   cyclicLabels(trainCount, 10), gzip);
    writeIdxImages((base / ("t10k-images-idx3-ubyte" + suffix)).string(),
                   patternPixels(testCount, 28, 28, 1), static_cast<std::uint32_t>(testCount), 28,
                   28, gzip);
    writeIdxLabels((base / ("t10k-labels-idx1-ubyte" + suffix)).string(),
                   cyclicLabels(testCount, 10), gzip);
}

void writeCifar10Folder(const std::string& folder, std::size_t perBatch, std::size_t testCount) {
    fs::create_directories(folder);
    for (int batch = 1; batch <= 5; ++batch) {
        writeCifarFile(
            (fs::path(folder) / ("data_batch_" + std::to_string(batch) + ".bin")).string(),
            perBatch, (batch - 1) * perBatch, false);
    }
    writeCifarFile((fs::path(folder) / "test_batch.bin").string(), testCount, 0, false);
    std::ofstream(fs::path(folder) / "batches.meta.txt")
        << "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n";
}

void writeCifar100Folder(const std::string& folder, std::size_t trainCount, std::size_t testCount) {
    fs::create_directories(folder);
    writeCifarFile((fs::path(folder) / "train.bin").string(), trainCount, 0, true);
    writeCifarFile((fs::path(folder) / "test.bin").string(), testCount, 0, true);
    std::ofstream fine(fs::path(folder) / "fine_label_names.txt");
    for (int k = 0; k < 100; ++k)
        fine << "fine" << k << "\n";
    std::ofstream coarse(fs::path(folder) / "coarse_label_names.txt");
    for (int k = 0; k < 20; ++k)
        coarse << "coarse" << k << "\n";
}

void writeImageFolder(const std::string& root, const std::vector<std::string>& classes,
                      int perClass, int height, int width, bool colour) {
    for (std::size_t c = 0; c < classes.size(); ++c) {
        const fs::path folder = fs::path(root) / classes[c];
        fs::create_directories(folder);
        for (int n = 0; n < perClass; ++n) {
            const int value = static_cast<int>(40 * c + 5 * n) % 256;
            const cv::Mat image(height, width, colour ? CV_8UC3 : CV_8UC1,
                                colour ? cv::Scalar(value, 255 - value, 128) : cv::Scalar(value));
            const std::string path = (folder / ("img" + std::to_string(n) + ".png")).string();
            if (!cv::imwrite(path, image)) {
                throw std::runtime_error("cannot write " + path);
            }
        }
    }
}

void writeBytes(const std::string& path, const std::vector<std::uint8_t>& bytes) {
    std::ofstream stream(path, std::ios::binary | std::ios::trunc);
    stream.write(reinterpret_cast<const char*>(bytes.data()),
                 static_cast<std::streamsize>(bytes.size()));
    if (!stream) {
        throw std::runtime_error("cannot write " + path);
    }
}

std::vector<std::uint8_t> readBytes(const std::string& path) {
    std::ifstream stream(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>()};
}

void truncateFile(const std::string& path, std::size_t keep) {
    auto bytes = readBytes(path);
    bytes.resize(std::min(keep, bytes.size()));
    writeBytes(path, bytes);
}

}  // namespace noisynn::fixtures
