#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace noisynn::testing {

// One run of a program as a user would start it: exit code (-1 when it crashed or timed out),
// standard output and standard error.
struct CliRun {
    int exitCode = -1;
    QByteArray out;
    QString err;
};

inline CliRun runProgram(const QString& program, const QStringList& arguments,
                         int timeoutMs = 300000) {
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        return {};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            process.readAllStandardOutput(), QString::fromUtf8(process.readAllStandardError())};
}

#ifdef NOISYNN_CLI
// The `noisynn` executable this build made.
inline CliRun runNoisynn(const QStringList& arguments) {
    return runProgram(QStringLiteral(NOISYNN_CLI), arguments);
}
#endif

}  // namespace noisynn::testing
