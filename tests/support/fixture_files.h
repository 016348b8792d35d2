#pragma once

// Writers of real data-set files for tests: the same formats the workbench reads in the wild, made
// small and with known contents, plus the damaged variants the loaders must refuse.

#include <cstdint>
#include <string>
#include <vector>

namespace noisynn::fixtures {

// Image i has every pixel equal to (i * 7 + 3) % 256; labels are i % classes.
std::vector<std::uint8_t> patternPixels(std::size_t count, int height, int width, int channels);
std::vector<std::uint8_t> cyclicLabels(std::size_t count, int classes);

void writeIdxImages(const std::string& path, const std::vector<std::uint8_t>& pixels,
                    std::uint32_t count, std::uint32_t height, std::uint32_t width, bool gzip);
void writeIdxLabels(const std::string& path, const std::vector<std::uint8_t>& labels, bool gzip);

// The four MNIST-family files: train (trainCount) and t10k (testCount), 28x28, 10 classes.
void writeIdxFolder(const std::string& folder, std::size_t trainCount, std::size_t testCount,
                    bool gzip);

// CIFAR-10: data_batch_1..5.bin with perBatch records each, test_batch.bin, batches.meta.txt.
void writeCifar10Folder(const std::string& folder, std::size_t perBatch, std::size_t testCount);
// CIFAR-100: train.bin, test.bin, fine/coarse label-name files. Fine label i % 100, coarse i % 20.
void writeCifar100Folder(const std::string& folder, std::size_t trainCount, std::size_t testCount);

// root/<class>/<n>.png solid-colour images of height x width; colour depends on class and n.
void writeImageFolder(const std::string& root, const std::vector<std::string>& classes,
                      int perClass, int height, int width, bool colour);

void writeBytes(const std::string& path, const std::vector<std::uint8_t>& bytes);
std::vector<std::uint8_t> readBytes(const std::string& path);
// Keeps the first `keep` bytes of a file.
void truncateFile(const std::string& path, std::size_t keep);

}  // namespace noisynn::fixtures
