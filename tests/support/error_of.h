#pragma once

#include "error.h"

#include <QString>

#include <functional>

namespace noisynn::testing {

// The message of the noisynn::Error that `action` throws, or an empty string when it throws none.
inline QString errorOf(const std::function<void()>& action) {
    try {
        action();
    } catch (const Error& error) {
        return QString::fromUtf8(error.what());
    }
    return {};
}

}  // namespace noisynn::testing
