#pragma once

#include <cstddef>
#include <string>

namespace noisynn {

// Writes a file through a descriptor for a writer that cannot take a failure (LibTorch's archive
// writer throws one from a destructor, which ends the process): a failed write (a full disk) is
// remembered, later writes are dropped, and finish() reports it.
class CheckedFileSink {
public:
    explicit CheckedFileSink(const std::string& path);
    ~CheckedFileSink();
    CheckedFileSink(const CheckedFileSink&) = delete;
    CheckedFileSink& operator=(const CheckedFileSink&) = delete;

    // Always claims the whole size, so that the writer never sees a failure.
    std::size_t write(const void* data, std::size_t size);
    // Flushes the bytes to the disk and closes the file. Returns the errno of the first failure,
    // 0 when every byte is on disk.
    int finish();

private:
    int m_descriptor;
    int m_error = 0;
};

}  // namespace noisynn
