#pragma once

#include "error.h"

#include <QString>

#include <functional>

namespace noisynn::testing {

// The message of the exception of type Thrown that `action` throws, or an empty string when it
// throws none (any other exception escapes to fail the test).
template <class Thrown>
QString messageOf(const std::function<void()>& action) {
    try {
        action();
    } catch (const Thrown& thrown) {
        return QString::fromUtf8(thrown.what());
    }
    return {};
}

// Bad input: noisynn::Error, exit 2 in the CLI.
inline QString errorOf(const std::function<void()>& action) {
    return messageOf<Error>(action);
}

// A failure while running: noisynn::RunFailure, exit 1 in the CLI.
inline QString failureOf(const std::function<void()>& action) {
    return messageOf<RunFailure>(action);
}

}  // namespace noisynn::testing
