// noisynn-workbench started without a display, as on a server or in a script: --help and
// --screenshot work through Qt's offscreen platform, and a plain start is refused with what to do
// instead, rather than Qt aborting (exit 134) before any option is read; Qt's warnings about a
// missing login session stay off stderr.
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest/QtTest>

namespace {

struct Launch {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Runs the workbench with no display of any kind in its environment.
Launch launchWithoutDisplay(const QStringList& arguments, const QString& configHome) {
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // Nor a login session's runtime folder, as over ssh as root or in a container.
    for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "XDG_RUNTIME_DIR"}) {
        environment.remove(QString::fromLatin1(name));
    }
    environment.insert("XDG_CONFIG_HOME", configHome);  // the window's QSettings stay here
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(NOISYNN_WORKBENCH), arguments);
    Launch launch;
    if (!process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished();
        return launch;
    }
    launch.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    launch.out = process.readAllStandardOutput();
    launch.err = process.readAllStandardError();
    return launch;
}

}  // namespace

class TestWorkbenchLaunch : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void helpWorksWithoutADisplay();
    void aScreenshotIsSavedWithoutADisplay();
    void aPlainStartWithoutADisplayIsRefusedSayingWhatToDo();
};

void TestWorkbenchLaunch::helpWorksWithoutADisplay() {
    QTemporaryDir dir;
    const Launch launch = launchWithoutDisplay({"--help"}, dir.path());
    QCOMPARE(launch.exitCode, 0);
    QVERIFY2(launch.out.contains("--screenshot"), launch.out.constData());
    QVERIFY2(launch.err.isEmpty(), launch.err.constData());
}

void TestWorkbenchLaunch::aScreenshotIsSavedWithoutADisplay() {
    QTemporaryDir dir;
    const QString file = dir.filePath("window.png");
    const Launch launch = launchWithoutDisplay(
        {"--dataset", "synthetic", "--runs-dir", dir.filePath("runs"), "--screenshot", file},
        dir.path());
    QVERIFY2(launch.exitCode == 0, launch.err.constData());
    // Qt's warnings about the missing runtime folder and the offscreen platform are kept off.
    QVERIFY2(!launch.err.contains("XDG_RUNTIME_DIR") && !launch.err.contains("propagateSizeHints"),
             launch.err.constData());
    const QImage image(file);
    QVERIFY2(image.width() >= 400 && image.height() >= 300,
             qPrintable(QString("%1x%2").arg(image.width()).arg(image.height())));
}

void TestWorkbenchLaunch::aPlainStartWithoutADisplayIsRefusedSayingWhatToDo() {
    QTemporaryDir dir;
    const Launch launch = launchWithoutDisplay({"--dataset", "synthetic"}, dir.path());
    QCOMPARE(launch.exitCode, 2);
    QVERIFY2(launch.err.contains("no display") && launch.err.contains("xvfb-run -a") &&
                 launch.err.contains("--screenshot FILE"),
             launch.err.constData());
}

QTEST_GUILESS_MAIN(TestWorkbenchLaunch)
#include "test_workbench_launch.moc"
