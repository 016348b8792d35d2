#include "data/image_decoding.h"

#include "data/file_bytes.h"
#include "error.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cstdint>
#include <cstring>

#include <zlib.h>

namespace noisynn {
namespace {

bool startsWith(const std::vector<std::uint8_t>& bytes, const char* signature, std::size_t length) {
    return bytes.size() >= length && std::memcmp(bytes.data(), signature, length) == 0;
}

// Names the format from the file's first bytes, so that "not an image" and "a damaged image" get
// different messages. Empty when the signature is not one OpenCV decodes.
std::string formatOf(const std::vector<std::uint8_t>& bytes) {
    if (startsWith(bytes, "\xFF\xD8\xFF", 3))
        return "JPEG";
    if (startsWith(bytes, "\x89PNG\r\n\x1A\n", 8))
        return "PNG";
    if (startsWith(bytes, "BM", 2))
        return "BMP";
    if (startsWith(bytes, "II*\0", 4) || startsWith(bytes, "MM\0*", 4))
        return "TIFF";
    if (bytes.size() >= 12 && startsWith(bytes, "RIFF", 4) &&
        std::memcmp(bytes.data() + 8, "WEBP", 4) == 0)
        return "WebP";
    if (bytes.size() >= 2 && bytes[0] == 'P' && bytes[1] >= '1' && bytes[1] <= '6')
        return "PNM";
    return {};
}

// libjpeg decodes a JPEG cut short into a half-grey picture with only a warning; a missing
// end-of-image marker is how such a file is caught.
bool jpegHasEndMarker(const std::vector<std::uint8_t>& bytes) {
    std::size_t end = bytes.size();
    while (end > 0 && bytes[end - 1] == 0) {
        --end;  // some writers pad after the marker
    }
    return end >= 2 && bytes[end - 2] == 0xFF && bytes[end - 1] == 0xD9;
}

std::uint32_t bigEndian32(const std::uint8_t* bytes) {
    return std::uint32_t{bytes[0]} << 24 | std::uint32_t{bytes[1]} << 16 |
           std::uint32_t{bytes[2]} << 8 | std::uint32_t{bytes[3]};
}

// What is wrong with a PNG's chunks (each: length, type, data, CRC, up to IEND), or empty when
// they would decode. libpng prints its own "libpng error" line to stderr for a file cut short or a
// damaged chunk; checked first, such a file gets only our message.
std::string pngChunkDamage(const std::vector<std::uint8_t>& bytes) {
    std::size_t at = 8;  // after the signature
    while (at + 12 <= bytes.size()) {
        const std::uint32_t length = bigEndian32(&bytes[at]);
        const std::string type(reinterpret_cast<const char*>(&bytes[at + 4]), 4);
        if (length > bytes.size() - at - 12) {
            return "truncated PNG: its " + type + " chunk at byte " + std::to_string(at) +
                   " needs " + std::to_string(std::size_t{length} + 12) +
                   " bytes, but the file ends " + std::to_string(bytes.size() - at) +
                   " bytes after its start";
        }
        // libpng skips an ancillary chunk (lower-case first letter: tEXt, iCCP) whose CRC fails
        // and decodes the image; only a critical one (IHDR, PLTE, IDAT) spoils it.
        const bool critical = (type[0] & 0x20) == 0;
        if (critical && crc32(crc32(0L, &bytes[at + 4], 4), &bytes[at + 8], length) !=
                            bigEndian32(&bytes[at + 8 + length])) {
            return "corrupt PNG: its " + type + " chunk at byte " + std::to_string(at) +
                   " fails its CRC check";
        }
        if (type == "IEND") {
            return {};
        }
        at += std::size_t{length} + 12;
    }
    return "truncated PNG: the file ends at byte " + std::to_string(bytes.size()) +
           " before its IEND chunk";
}

cv::Mat decodeChecked(const std::string& path, int flags) {
    const auto bytes = readFileBytes(path);
    if (bytes.empty()) {
        throw Error(path + ": empty file; expected an image");
    }
    const std::string format = formatOf(bytes);
    if (format.empty()) {
        throw Error(path +
                    ": not an image: unrecognised contents; expected JPEG, PNG, BMP, TIFF, " +
                    "WebP or PNM");
    }
    if (format == "JPEG" && !jpegHasEndMarker(bytes)) {
        throw Error(path + ": truncated JPEG: no end-of-image marker");
    }
    if (format == "PNG") {
        if (const std::string damage = pngChunkDamage(bytes); !damage.empty()) {
            throw Error(path + ": " + damage);
        }
    }
    cv::Mat decoded;
    try {
        decoded = cv::imdecode(cv::Mat(1, static_cast<int>(bytes.size()), CV_8UC1,
                                       const_cast<std::uint8_t*>(bytes.data())),
                               flags);
    } catch (const cv::Exception& e) {
        throw Error(path + ": corrupt " + format + " data: " + e.what());
    }
    if (decoded.empty()) {
        throw Error(path + ": corrupt " + format + " data: the decoder could not read it");
    }
    return decoded;
}

}  // namespace

ImageShape probeImageFile(const std::string& path) {
    const cv::Mat decoded = decodeChecked(path, cv::IMREAD_UNCHANGED);
    return {decoded.rows, decoded.cols, decoded.channels() == 1 ? 1 : 3};
}

Image decodeImageFile(const std::string& path, ColorMode color, int height, int width) {
    const int flags = color == ColorMode::Gray    ? cv::IMREAD_GRAYSCALE
                      : color == ColorMode::Color ? cv::IMREAD_COLOR
                                                  : cv::IMREAD_UNCHANGED;
    cv::Mat decoded = decodeChecked(path, flags);
    if (decoded.depth() != CV_8U) {
        decoded.convertTo(decoded, CV_8U, decoded.depth() == CV_16U ? 1.0 / 257.0 : 1.0);
    }
    if (decoded.channels() == 4) {
        cv::cvtColor(decoded, decoded, cv::COLOR_BGRA2RGB);
    } else if (decoded.channels() == 3) {
        cv::cvtColor(decoded, decoded, cv::COLOR_BGR2RGB);
    }
    if (height > 0 && width > 0 && (decoded.rows != height || decoded.cols != width)) {
        const bool shrinking = decoded.rows > height || decoded.cols > width;
        cv::resize(decoded, decoded, cv::Size(width, height), 0, 0,
                   shrinking ? cv::INTER_AREA : cv::INTER_LINEAR);
    }
    const cv::Mat contiguous = decoded.isContinuous() ? decoded : decoded.clone();
    Image image;
    image.shape = {contiguous.rows, contiguous.cols, contiguous.channels()};
    image.pixels.assign(contiguous.data, contiguous.data + image.shape.elementCount());
    return image;
}

}  // namespace noisynn
