#include "data/dataset_catalog.h"
#include "gui/dataset_browser.h"
#include "gui/main_window.h"
#include "runtime/compute_threads.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

#include <cstdio>

using namespace noisynn;

int main(int argc, char** argv) {
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
                               QStringLiteral("Data set to open: a name or a folder."),
                               QStringLiteral("name|path"), QStringLiteral("fashion-mnist"));
    QCommandLineOption root(QStringLiteral("root"), QStringLiteral("Folder of the named data set."),
                            QStringLiteral("dir"));
    QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QStringLiteral("Save the window as PNG once the data set is shown, then quit."),
        QStringLiteral("file"));
    parser.addOptions({dataset, root, screenshot});
    parser.process(application);

    applyComputeThreads(0);
    MainWindow window;
    window.show();

    DatasetRequest request;
    request.source = parser.value(dataset).toStdString();
    request.root = parser.value(root).toStdString();
    window.openDataset(request);

    if (parser.isSet(screenshot)) {
        const QString file = parser.value(screenshot);
        auto* browser = window.datasetBrowser();
        auto save = [&window, browser, file] {
            // Wait until the sample images are drawn as well.
            if (browser->isBusy()) {
                return false;
            }
            const bool saved = window.grab().save(file);
            std::fprintf(stderr, "%s %s\n", saved ? "saved" : "could not save", qPrintable(file));
            QApplication::exit(saved ? 0 : 1);
            return true;
        };
        auto* poll = new QTimer(&window);
        QObject::connect(poll, &QTimer::timeout, &window, [save] { save(); });
        poll->start(100);
    }
    return QApplication::exec();
}
