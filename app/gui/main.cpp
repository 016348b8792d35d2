#include "data/dataset_catalog.h"
#include "gui/audit_view.h"
#include "gui/config_panel.h"
#include "gui/dataset_browser.h"
#include "gui/inspect_view.h"
#include "gui/main_window.h"
#include "gui/quiet_start.h"
#include "gui/training_controller.h"
#include "runtime/compute_threads.h"
#include "runtime/memory_reuse.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTabWidget>
#include <QTimer>

#include <cstdio>
#include <functional>

using namespace noisynn;

namespace {

// Saves the window as PNG once `ready` holds, then quits: how the README's screenshots are made.
void screenshotWhen(MainWindow& window, const QString& file, std::function<bool()> ready) {
    auto* poll = new QTimer(&window);
    QObject::connect(poll, &QTimer::timeout, &window, [&window, file, ready, poll] {
        if (!ready()) {
            return;
        }
        poll->stop();
        // A moment for the last events to be drawn (plots redraw on a 40 ms timer).
        QTimer::singleShot(800, &window, [&window, file] {
            const bool saved = window.grab().save(file);
            std::fprintf(stderr, "%s %s\n", saved ? "saved" : "could not save", qPrintable(file));
            window.controller()->stop();
            window.controller()->waitForFinished();
            QApplication::exit(saved ? 0 : 1);
        });
    });
    poll->start(200);
}

// Without a display Qt aborts (exit 134) before any option is read. The options that need no
// screen (--help, --version, --screenshot) get Qt's offscreen platform; anything else is refused
// with what to do instead. Returns false when the window cannot open.
bool chooseWindowSystem(int argc, char** argv) {
    if (!qEnvironmentVariableIsEmpty("DISPLAY") ||
        !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") ||
        !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        return true;
    }
    for (int i = 1; i < argc; ++i) {
        const QByteArray argument(argv[i]);
        if (argument == "--help" || argument == "-h" || argument == "--version" ||
            argument == "-v" || argument == "--screenshot" ||
            argument.startsWith("--screenshot=")) {
            qputenv("QT_QPA_PLATFORM", "offscreen");
            return true;
        }
    }
    std::fprintf(stderr,
                 "error: no display to open the window on (DISPLAY and WAYLAND_DISPLAY are "
                 "unset); expected a desktop session, `xvfb-run -a noisynn-workbench ...`, or "
                 "--screenshot FILE to save the window without one\n");
    return false;
}

}  // namespace

int main(int argc, char** argv) {
    keepFreedMemoryForReuse();
    if (!chooseWindowSystem(argc, argv)) {
        return 2;
    }
    quietenQtStart();
    QApplication application(argc, argv);
    QApplication::setApplicationName(QStringLiteral("noisynn-workbench"));
    QApplication::setApplicationDisplayName(QStringLiteral("NoisyNN Workbench"));
    QApplication::setApplicationVersion(QStringLiteral(NOISYNN_VERSION));
    QApplication::setOrganizationName(QStringLiteral("NoisyNN"));
    QApplication::setDesktopFileName(QStringLiteral("noisynn-workbench"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/noisynn.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Noise-injection experiments on vision models"));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption dataset(QStringLiteral("dataset"),
                               QStringLiteral("Data set to browse: a name or a folder."),
                               QStringLiteral("name|path"), QStringLiteral("fashion-mnist"));
    QCommandLineOption root(QStringLiteral("root"), QStringLiteral("Folder of the named data set."),
                            QStringLiteral("dir"));
    QCommandLineOption preset(QStringLiteral("preset"),
                              QStringLiteral("Configure this preset instead of the last config."),
                              QStringLiteral("name"));
    QCommandLineOption set(
        QStringLiteral("set"),
        QStringLiteral("Change one config key (repeatable), e.g. noise.type=gaussian."),
        QStringLiteral("key=value"));
    QCommandLineOption runsDir(QStringLiteral("runs-dir"),
                               QStringLiteral("Folder of the runs (remembered)."),
                               QStringLiteral("dir"));
    QCommandLineOption start(QStringLiteral("start"),
                             QStringLiteral("Start the configured run once it is checked."));
    QCommandLineOption open(QStringLiteral("open"),
                            QStringLiteral("Show this run directory's curves and inspect views."),
                            QStringLiteral("run-dir"));
    QCommandLineOption audit(QStringLiteral("audit"),
                             QStringLiteral("With --open: audit the run's best checkpoint."));
    QCommandLineOption tab(QStringLiteral("tab"),
                           QStringLiteral("Show this tab: plots, inspect, audit or data."),
                           QStringLiteral("name"));
    QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QStringLiteral("Save the window as PNG when it is ready (see --after-epochs), then quit."),
        QStringLiteral("file"));
    QCommandLineOption afterEpochs(
        QStringLiteral("after-epochs"),
        QStringLiteral("With --start and --screenshot: take it after this many epochs."),
        QStringLiteral("n"), QStringLiteral("1"));
    parser.addOptions(
        {dataset, root, preset, set, runsDir, start, open, audit, tab, screenshot, afterEpochs});
    parser.process(application);

    applyComputeThreads(0);
    MainWindow window;
    window.show();

    DatasetRequest request;
    request.source = parser.value(dataset).toStdString();
    request.root = parser.value(root).toStdString();
    window.openDataset(request);
    if (parser.isSet(preset)) {
        window.applyPreset(parser.value(preset));
    }
    if (!parser.values(set).isEmpty()) {
        try {
            RunConfig config = window.configPanel()->config();
            for (const QString& assignment : parser.values(set)) {
                config.apply(assignment.toStdString());
            }
            window.configPanel()->setConfig(config);
        } catch (const std::exception& error) {
            std::fprintf(stderr, "--set: %s\n", error.what());
            return 2;
        }
    }
    if (parser.isSet(runsDir)) {
        window.setRunsFolder(parser.value(runsDir));
    }
    if (parser.isSet(open)) {
        window.openRun(parser.value(open));
        if (parser.isSet(audit)) {
            window.auditView()->setRun(parser.value(open));
            window.auditView()->auditRun();
        }
    }
    const QStringList tabs{QStringLiteral("plots"), QStringLiteral("inspect"),
                           QStringLiteral("audit"), QStringLiteral("data")};
    const int shownTab = tabs.indexOf(parser.value(tab));

    int epochsSeen = 0;
    QObject::connect(window.controller(), &TrainingController::epochDone, &window,
                     [&epochsSeen] { ++epochsSeen; });
    if (parser.isSet(start)) {
        // Start as soon as the config check has passed.
        auto* poll = new QTimer(&window);
        QObject::connect(poll, &QTimer::timeout, &window, [&window, poll, shownTab] {
            if (window.configPanel()->isValid() && window.startRun()) {
                poll->stop();
                if (shownTab >= 0) {
                    window.tabs()->setCurrentIndex(shownTab);
                }
            }
        });
        poll->start(100);
    } else if (shownTab >= 0) {
        window.tabs()->setCurrentIndex(shownTab);
    }

    if (parser.isSet(screenshot)) {
        const int epochs = parser.value(afterEpochs).toInt();
        const bool training = parser.isSet(start);
        auto* browser = window.datasetBrowser();
        screenshotWhen(window, parser.value(screenshot), [=, &epochsSeen, &window] {
            if (training) {
                return epochsSeen >= epochs;
            }
            return !browser->isBusy() && !window.configPanel()->isChecking() &&
                   !window.auditView()->isBusy() && !window.inspectView()->isFitting();
        });
    }
    return QApplication::exec();
}
