#include "util/checked_file_sink.h"

#include <cerrno>

#include <fcntl.h>
#include <unistd.h>

namespace noisynn {

CheckedFileSink::CheckedFileSink(const std::string& path)
    : m_descriptor(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) {
    if (m_descriptor < 0) {
        m_error = errno;
    }
}

CheckedFileSink::~CheckedFileSink() {
    if (m_descriptor >= 0) {
        ::close(m_descriptor);
    }
}

std::size_t CheckedFileSink::write(const void* data, std::size_t size) {
    const char* bytes = static_cast<const char*>(data);
    std::size_t left = size;
    while (m_error == 0 && left > 0) {
        const ssize_t written = ::write(m_descriptor, bytes, left);
        if (written < 0) {
            if (errno != EINTR) {
                m_error = errno;
            }
            continue;
        }
        bytes += written;
        left -= static_cast<std::size_t>(written);
    }
    return size;
}

int CheckedFileSink::finish() {
    if (m_descriptor >= 0) {
        // Some network and shared-folder file systems cannot sync; the write itself stands.
        if (m_error == 0 && ::fsync(m_descriptor) != 0 && errno != EINVAL && errno != ENOTSUP &&
            errno != ENOSYS) {
            m_error = errno;
        }
        if (::close(m_descriptor) != 0 && m_error == 0) {
            m_error = errno;
        }
        m_descriptor = -1;
    }
    return m_error;
}

}  // namespace noisynn
