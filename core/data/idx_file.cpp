#include "data/idx_file.h"

#include "error.h"

#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>

namespace noisynn {
namespace {

struct GzCloser {
    void operator()(gzFile file) const { gzclose(file); }
};
using GzHandle = std::unique_ptr<gzFile_s, GzCloser>;

std::string hex32(std::uint32_t value) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "0x%08X", value);
    return buffer;
}

// gzread reads raw files unchanged, so one path serves .gz and uncompressed IDX files.
std::size_t readUpTo(gzFile file, const std::string& path, std::uint8_t* into, std::size_t count) {
    std::size_t done = 0;
    while (done < count) {
        const auto chunk = static_cast<unsigned>(std::min<std::size_t>(count - done, 1u << 30));
        const int got = gzread(file, into + done, chunk);
        if (got < 0) {
            int code = 0;
            const char* message = gzerror(file, &code);
            if (code == Z_BUF_ERROR) {
                break;  // a gzip stream cut short: the caller reports how much was there
            }
            throw Error(path + ": cannot be read: " + (message ? message : "zlib error"));
        }
        if (got == 0) {
            break;
        }
        done += static_cast<std::size_t>(got);
    }
    return done;
}

}  // namespace

IdxArray readIdxFile(const std::string& path, int expectedDimensions) {
    if (!std::filesystem::is_regular_file(path)) {
        throw Error(path + ": file not found");
    }
    GzHandle file(gzopen(path.c_str(), "rb"));
    if (!file) {
        throw Error(path + ": cannot be opened");
    }

    std::uint8_t header[4];
    if (readUpTo(file.get(), path, header, 4) != 4) {
        throw Error(path + ": truncated: shorter than the 4-byte IDX magic number");
    }
    const std::uint32_t magic = (std::uint32_t{header[0]} << 24) |
                                (std::uint32_t{header[1]} << 16) | (std::uint32_t{header[2]} << 8) |
                                header[3];
    const std::uint32_t expectedMagic = 0x0800u | static_cast<std::uint32_t>(expectedDimensions);
    if (magic != expectedMagic) {
        throw Error(path + ": wrong magic number " + hex32(magic) + "; expected " +
                    hex32(expectedMagic) + " (unsigned bytes, " +
                    std::to_string(expectedDimensions) + " dimensions)");
    }

    IdxArray result;
    // A damaged header can declare sizes whose product overflows; the body is therefore read in
    // chunks as it arrives, never allocated from the header's word alone.
    constexpr std::uint64_t kMaxBytes = std::uint64_t{1} << 40;
    std::uint64_t total = 1;
    for (int d = 0; d < expectedDimensions; ++d) {
        std::uint8_t bytes[4];
        if (readUpTo(file.get(), path, bytes, 4) != 4) {
            throw Error(path + ": truncated inside the header (dimension " + std::to_string(d) +
                        " missing)");
        }
        const std::uint32_t size = (std::uint32_t{bytes[0]} << 24) |
                                   (std::uint32_t{bytes[1]} << 16) |
                                   (std::uint32_t{bytes[2]} << 8) | bytes[3];
        if (size == 0) {
            throw Error(path + ": dimension " + std::to_string(d) +
                        " of the header is 0; expected at least 1");
        }
        result.dimensions.push_back(size);
        if (total > kMaxBytes / size) {
            throw Error(path + ": the header declares more than 2^40 data bytes; the file is " +
                        "damaged or not an IDX file");
        }
        total *= size;
    }

    constexpr std::size_t kChunk = std::size_t{16} << 20;
    std::size_t got = 0;
    while (got < total) {
        const std::size_t want = std::min<std::uint64_t>(kChunk, total - got);
        result.values.resize(got + want);
        const std::size_t read = readUpTo(file.get(), path, result.values.data() + got, want);
        got += read;
        if (read < want) {
            break;
        }
    }
    result.values.resize(got);
    if (got != total) {
        throw Error(path + ": truncated: the header declares " + std::to_string(total) +
                    " data bytes, the file holds " + std::to_string(got));
    }
    std::uint8_t extra = 0;
    if (readUpTo(file.get(), path, &extra, 1) != 0) {
        throw Error(path + ": holds more data than its header declares (" + std::to_string(total) +
                    " bytes); the file is not a single IDX array");
    }
    return result;
}

}  // namespace noisynn
