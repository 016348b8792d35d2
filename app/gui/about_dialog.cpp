#include "gui/about_dialog.h"

#include "runtime/library_versions.h"

#include <qcustomplot_include.h>

#include <QApplication>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QVBoxLayout>

namespace noisynn {

AboutDialog::AboutDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("About %1").arg(QApplication::applicationDisplayName()));

    auto* icon = new QLabel(this);
    icon->setPixmap(QIcon(QStringLiteral(":/icons/noisynn.svg")).pixmap(96, 96));
    icon->setAlignment(Qt::AlignTop);

    auto* title = new QLabel(
        tr("<h2>NoisyNN Workbench %1</h2>"
           "<p>A lab for noise-injection experiments on vision models: train ViTs, ResNets and "
           "small CNNs with Gaussian, linear-transform or impulse noise in any layer, and audit "
           "the NoisyNN claims (arXiv 2309.10625) under the evaluation order of your choice.</p>")
            .arg(QStringLiteral(NOISYNN_VERSION)),
        this);
    title->setWordWrap(true);

    const LibraryVersions loaded = loadedLibraryVersions();
    auto row = [](const QString& name, const QString& value) {
        return QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(name, value);
    };
    QString blas = QString::fromStdString(loaded.blasLibrary).toHtmlEscaped();
    if (!loaded.blasDetails.empty()) {
        blas += QStringLiteral("<br><small>%1</small>")
                    .arg(QString::fromStdString(loaded.blasDetails).toHtmlEscaped());
    }
    if (!isOptimisedBlas(loaded)) {
        blas +=
            tr("<br><span style='color:#b00020'>reference BLAS: training will be about 17x "
               "slower; run packaging/setup-dependencies.sh</span>");
    }
    QString table = QStringLiteral("<table cellspacing='4'>");
    table +=
        row(tr("Qt"), tr("%1 (built with %2)")
                          .arg(QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR)));
    table +=
        row(tr("LibTorch"), tr("%1, %2 CPU threads, CUDA %3")
                                .arg(QString::fromStdString(loaded.libtorch))
                                .arg(loaded.torchThreads)
                                .arg(loaded.cudaAvailable ? tr("available") : tr("not available")));
    table += row(tr("BLAS"), blas);
    table += row(tr("OpenCV"), QString::fromStdString(loaded.opencv));
    table += row(tr("QCustomPlot"), QStringLiteral(QCUSTOMPLOT_VERSION_STR));
    table += row(tr("spdlog"), QString::fromStdString(loaded.spdlog));
    table += row(tr("nlohmann-json"), QString::fromStdString(loaded.nlohmannJson));
    table += QStringLiteral("</table>");
    m_versions = new QLabel(table, this);
    m_versions->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_versions->setWordWrap(true);

    auto* text = new QVBoxLayout;
    text->addWidget(title);
    text->addWidget(m_versions);
    auto* top = new QHBoxLayout;
    top->addWidget(icon);
    top->addLayout(text, 1);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(buttons);
    resize(620, sizeHint().height());
}

QString AboutDialog::versionsText() const {
    return m_versions->text();
}

}  // namespace noisynn
