#include "gui/main_window.h"

#include "gui/about_dialog.h"
#include "gui/dataset_browser.h"
#include "runtime/library_versions.h"

#include <QApplication>
#include <QDateTime>
#include <QDockWidget>
#include <QFileDialog>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QStatusBar>

namespace noisynn {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(QApplication::applicationDisplayName());
    setWindowIcon(QIcon(QStringLiteral(":/icons/noisynn.svg")));

    m_browser = new DatasetBrowser(this);
    setCentralWidget(m_browser);

    m_log = new QPlainTextEdit(this);
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(5000);
    auto* logDock = new QDockWidget(tr("Log"), this);
    logDock->setObjectName(QStringLiteral("logDock"));
    logDock->setWidget(m_log);
    addDockWidget(Qt::BottomDockWidgetArea, logDock);
    resizeDocks({logDock}, {120}, Qt::Vertical);

    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open data-set folder…"), QKeySequence::Open, this, [this] {
        const QString folder =
            QFileDialog::getExistingDirectory(this, tr("Open a data-set folder"));
        if (!folder.isEmpty()) {
            DatasetRequest request;
            request.source = folder.toStdString();
            openDataset(request);
        }
    });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::quit);
    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(logDock->toggleViewAction());
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About NoisyNN Workbench"), this, [this] { showAbout(); });

    connect(m_browser, &DatasetBrowser::datasetShown, this, [this](const QString& summary) {
        QString plain = summary;
        plain.replace(QStringLiteral("<br>"), QStringLiteral("; "));
        plain.remove(QRegularExpression(QStringLiteral("<[^>]*>")));
        appendLog(tr("Opened %1").arg(plain));
        statusBar()->showMessage(tr("Data set ready"), 5000);
    });
    connect(m_browser, &DatasetBrowser::loadFailed, this,
            [this](const QString& message) { showError(message); });

    const LibraryVersions versions = loadedLibraryVersions();
    appendLog(tr("LibTorch %1, %2 threads; BLAS %3")
                  .arg(QString::fromStdString(versions.libtorch))
                  .arg(versions.torchThreads)
                  .arg(QString::fromStdString(versions.blasLibrary)));
    if (!isOptimisedBlas(versions)) {
        appendLog(
            tr("Warning: LibTorch uses the reference BLAS, about 17x slower than OpenBLAS; "
               "run packaging/setup-dependencies.sh"));
    }
    resize(1280, 860);
}

void MainWindow::openDataset(const DatasetRequest& request) {
    appendLog(tr("Opening %1").arg(QString::fromStdString(request.source)));
    m_browser->openDataset(request);
}

void MainWindow::showAbout() {
    auto* dialog = new AboutDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::appendLog(const QString& message) {
    m_log->appendPlainText(QStringLiteral("%1  %2").arg(
        QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss")), message));
}

void MainWindow::showError(const QString& message) {
    appendLog(tr("Error: %1").arg(message));
    // Window-modal and opened, not exec()'d: the workbench keeps running behind it.
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Cannot open data set"), message,
                                QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("errorBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

}  // namespace noisynn
