#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace noisynn {

// NumPy's .npy format (versions 1 to 3), the way embeddings and labels leave and enter the
// workbench: numpy.load reads what writeNpy writes, and readNpy reads what numpy.save writes.
struct NpyArray {
    std::vector<std::size_t> shape;
    std::string dtype;           // as NumPy spells it: "<f4", "<f8", "<i8", "|u1", ...
    std::vector<double> values;  // every element, C order, whatever the stored type

    std::size_t rows() const { return shape.empty() ? 1 : shape.front(); }
    // Elements per row (1 for a 1-D array).
    std::size_t columns() const;
    bool isInteger() const;
};

// Reads little-endian float (f4, f8), integer (i1-i8, u1-u8) and bool arrays in C or Fortran
// order. Throws noisynn::Error naming the file for a missing file, a file that is not NPY, a
// damaged header, an unsupported type (with the type found) or a truncated body.
NpyArray readNpy(const std::string& path);

// Writes a C-order array; `shape` must multiply out to the element count. Throws noisynn::Error
// naming the file when it cannot be written completely (a full disk, a missing folder).
void writeNpy(const std::string& path, const std::vector<std::size_t>& shape,
              const std::vector<float>& values);
void writeNpy(const std::string& path, const std::vector<std::size_t>& shape,
              const std::vector<std::int64_t>& values);

}  // namespace noisynn
