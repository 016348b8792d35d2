#include "gui/quiet_start.h"

#include <QByteArray>
#include <QDir>
#include <QString>
#include <QtGlobal>

#include <sys/stat.h>
#include <unistd.h>

namespace noisynn {
namespace {

QtMessageHandler previousHandler = nullptr;

void dropMeaninglessWarnings(QtMsgType type, const QMessageLogContext& context,
                             const QString& message) {
    if (type == QtWarningMsg &&
        message == QLatin1String("This plugin does not support propagateSizeHints()")) {
        return;
    }
    previousHandler(type, context, message);
}

// A private folder like the one Qt falls back to (/tmp/runtime-<user>), under a name of the
// workbench's own; left to Qt (and its warning) when it exists but is not this user's alone, so
// that a folder someone else made is never trusted.
void provideRuntimeFolder() {
    if (!qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
        return;
    }
    const QByteArray folder =
        QDir::tempPath().toLocal8Bit() + "/runtime-noisynn-" + QByteArray::number(getuid());
    ::mkdir(folder.constData(), 0700);
    struct stat status {};
    if (::lstat(folder.constData(), &status) == 0 && S_ISDIR(status.st_mode) &&
        status.st_uid == getuid() && (status.st_mode & 0777) == 0700) {
        qputenv("XDG_RUNTIME_DIR", folder);
    }
}

}  // namespace

void quietenQtStart() {
    provideRuntimeFolder();
    previousHandler = qInstallMessageHandler(dropMeaninglessWarnings);
}

}  // namespace noisynn
