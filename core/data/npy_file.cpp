#include "data/npy_file.h"

#include "error.h"
#include "util/file_writing.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <numeric>
#include <regex>

namespace noisynn {
namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr std::size_t kMagicLength = 6;

std::size_t elementCount(const std::vector<std::size_t>& shape) {
    return std::accumulate(shape.begin(), shape.end(), std::size_t{1},
                           std::multiplies<std::size_t>());
}

// numpy.load refuses longer headers too; it also keeps std::regex's recursion shallow.
constexpr std::size_t kMaxHeaderLength = 10000;

// The element count of a shape read from a file, refused when it overflows.
std::size_t checkedElementCount(const std::vector<std::size_t>& shape, std::size_t width,
                                const std::string& path) {
    std::size_t count = 1;
    for (auto size : shape) {
        if (size != 0 && count > std::numeric_limits<std::size_t>::max() / width / size) {
            throw Error(path + ": the NPY shape is too large to be real; the header is damaged");
        }
        count *= size;
    }
    return count;
}

// The header dictionary's value for a key, as written (a quoted string, a word or a tuple).
std::string headerField(const std::string& header, const std::string& key,
                        const std::string& path) {
    const std::regex pattern("['\"]" + key + "['\"]\\s*:\\s*('[^']*'|\"[^\"]*\"|\\([^)]*\\)|\\w+)");
    std::smatch match;
    if (!std::regex_search(header, match, pattern)) {
        throw Error(path + ": the NPY header has no '" + key + "' entry; found " + header);
    }
    return match[1].str();
}

std::vector<std::size_t> parseShape(const std::string& tuple, const std::string& path) {
    std::vector<std::size_t> shape;
    const std::regex number("\\d+");
    for (std::sregex_iterator it(tuple.begin(), tuple.end(), number), end; it != end; ++it) {
        if (it->str().size() > 18) {
            throw Error(path + ": NPY shape " + tuple + " has a size too large to be real");
        }
        shape.push_back(std::stoull(it->str()));
    }
    const std::string rest = std::regex_replace(tuple, std::regex("[\\d\\s,()L]"), "");
    if (!rest.empty()) {
        throw Error(path + ": NPY shape " + tuple + " is not a tuple of sizes");
    }
    return shape;
}

template <typename T>
void appendAs(const char* bytes, std::size_t count, std::vector<double>& values) {
    for (std::size_t i = 0; i < count; ++i) {
        T value;
        std::memcpy(&value, bytes + i * sizeof(T), sizeof(T));
        values.push_back(static_cast<double>(value));
    }
}

template <typename T>
void write(const std::string& path, const std::vector<std::size_t>& shape,
           const std::vector<T>& values, const std::string& dtype) {
    if (elementCount(shape) != values.size()) {
        throw Error(path + ": NPY shape holds " + std::to_string(elementCount(shape)) +
                    " elements but " + std::to_string(values.size()) + " were given");
    }
    std::string tuple = "(";
    for (auto size : shape) {
        tuple += std::to_string(size) + ", ";
    }
    if (shape.size() > 1) {
        tuple.resize(tuple.size() - 1);  // "(3, 4)" but "(3,)"
        tuple.back() = ')';
    } else {
        tuple = shape.empty() ? "()" : "(" + std::to_string(shape[0]) + ",)";
    }
    std::string header =
        "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': " + tuple + ", }";
    // Magic, version and length take 10 bytes; NumPy pads the header to a multiple of 64.
    const std::size_t total = (10 + header.size() + 1 + 63) / 64 * 64;
    header.append(total - 10 - header.size() - 1, ' ');
    header.push_back('\n');
    const std::uint16_t length = static_cast<std::uint16_t>(header.size());
    const char prefix[4] = {1, 0, static_cast<char>(length & 0xff), static_cast<char>(length >> 8)};
    // Atomically: a failed re-export keeps the previous array rather than half of a new one.
    writeFileAtomically(path, {std::string_view(kMagic, kMagicLength), std::string_view(prefix, 4),
                               header,
                               std::string_view(reinterpret_cast<const char*>(values.data()),
                                                values.size() * sizeof(T))});
}

}  // namespace

std::size_t NpyArray::columns() const {
    return shape.size() <= 1 ? 1 : elementCount(shape) / std::max<std::size_t>(1, shape.front());
}

bool NpyArray::isInteger() const {
    return dtype.size() >= 2 && (dtype[1] == 'i' || dtype[1] == 'u' || dtype[1] == 'b');
}

NpyArray readNpy(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw Error(path + ": cannot be opened (" + std::strerror(errno) +
                    "); expected an NPY file");
    }
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.size() < 10 || bytes.compare(0, kMagicLength, kMagic, kMagicLength) != 0) {
        throw Error(path +
                    ": not an NPY file (it does not start with \\x93NUMPY); expected one "
                    "written by numpy.save or noisynn export");
    }
    const int major = static_cast<unsigned char>(bytes[6]);
    std::size_t headerLength = 0;
    std::size_t headerStart = 0;
    if (major == 1) {
        headerLength = static_cast<unsigned char>(bytes[8]) |
                       static_cast<std::size_t>(static_cast<unsigned char>(bytes[9])) << 8;
        headerStart = 10;
    } else if (major == 2 || major == 3) {
        if (bytes.size() < 12) {
            throw Error(path + ": the NPY header is truncated");
        }
        for (int i = 3; i >= 0; --i) {
            headerLength = headerLength << 8 | static_cast<unsigned char>(bytes[8 + i]);
        }
        headerStart = 12;
    } else {
        throw Error(path + ": NPY format version " + std::to_string(major) +
                    "; expected 1, 2 or 3");
    }
    if (headerLength > kMaxHeaderLength) {
        throw Error(path + ": the NPY header is " + std::to_string(headerLength) +
                    " bytes long; expected at most " + std::to_string(kMaxHeaderLength));
    }
    if (headerStart + headerLength > bytes.size()) {
        throw Error(path + ": the NPY header says " + std::to_string(headerLength) +
                    " bytes but the file ends before that");
    }
    const std::string header = bytes.substr(headerStart, headerLength);
    const auto open = header.find_first_not_of(" ");
    const auto close = header.find_last_not_of(" \n");
    if (open == std::string::npos || header[open] != '{' || header[close] != '}') {
        throw Error(path + ": the NPY header is not a dictionary in braces; found " + header);
    }
    NpyArray array;
    array.dtype = headerField(header, "descr", path);
    array.dtype = array.dtype.substr(1, array.dtype.size() - 2);
    const bool fortran = headerField(header, "fortran_order", path) == "True";
    array.shape = parseShape(headerField(header, "shape", path), path);

    const std::string& type = array.dtype;
    const bool littleOrAny = !type.empty() && (type[0] == '<' || type[0] == '|');
    const std::string kind = type.size() > 1 ? type.substr(1) : type;
    static const std::vector<std::string> supported{"f4", "f8", "i1", "i2", "i4", "i8",
                                                    "u1", "u2", "u4", "u8", "b1"};
    if (!littleOrAny || std::find(supported.begin(), supported.end(), kind) == supported.end()) {
        throw Error(path + ": NPY type '" + type +
                    "' is not supported; expected little-endian float32 or float64 ('<f4', "
                    "'<f8') or integers");
    }
    const std::size_t width = static_cast<std::size_t>(kind[1] - '0');
    const std::size_t count = checkedElementCount(array.shape, width, path);
    const std::size_t bodyStart = headerStart + headerLength;
    if (bytes.size() - bodyStart < count * width) {
        throw Error(path + ": truncated: shape " + headerField(header, "shape", path) + " of '" +
                    type + "' needs " + std::to_string(count * width) + " bytes of data, found " +
                    std::to_string(bytes.size() - bodyStart));
    }
    if (bytes.size() - bodyStart > count * width) {
        // More data than the shape holds: the header's shape is not the data's.
        throw Error(path + ": " + std::to_string(bytes.size() - bodyStart - count * width) +
                    " bytes after the data of shape " + headerField(header, "shape", path) +
                    "; expected the file to end with its data");
    }
    const char* body = bytes.data() + bodyStart;
    array.values.reserve(count);
    if (kind == "f4")
        appendAs<float>(body, count, array.values);
    else if (kind == "f8")
        appendAs<double>(body, count, array.values);
    else if (kind == "i1")
        appendAs<std::int8_t>(body, count, array.values);
    else if (kind == "i2")
        appendAs<std::int16_t>(body, count, array.values);
    else if (kind == "i4")
        appendAs<std::int32_t>(body, count, array.values);
    else if (kind == "i8")
        appendAs<std::int64_t>(body, count, array.values);
    else if (kind == "u1" || kind == "b1")
        appendAs<std::uint8_t>(body, count, array.values);
    else if (kind == "u2")
        appendAs<std::uint16_t>(body, count, array.values);
    else if (kind == "u4")
        appendAs<std::uint32_t>(body, count, array.values);
    else
        appendAs<std::uint64_t>(body, count, array.values);

    if (fortran && array.shape.size() == 2) {
        const std::size_t rows = array.shape[0];
        const std::size_t cols = array.shape[1];
        std::vector<double> cOrder(count);
        for (std::size_t r = 0; r < rows; ++r)
            for (std::size_t c = 0; c < cols; ++c)
                cOrder[r * cols + c] = array.values[c * rows + r];
        array.values.swap(cOrder);
    } else if (fortran && array.shape.size() > 2) {
        throw Error(path + ": a Fortran-order array of " + std::to_string(array.shape.size()) +
                    " dimensions; expected C order (numpy.ascontiguousarray) or at most 2-D");
    }
    return array;
}

void writeNpy(const std::string& path, const std::vector<std::size_t>& shape,
              const std::vector<float>& values) {
    write(path, shape, values, "<f4");
}

void writeNpy(const std::string& path, const std::vector<std::size_t>& shape,
              const std::vector<std::int64_t>& values) {
    write(path, shape, values, "<i8");
}

}  // namespace noisynn
