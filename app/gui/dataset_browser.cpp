#include "gui/dataset_browser.h"

#include "gui/dataset_loading.h"

#include <class_count_table.h>
#include <image_grid_widget.h>

#include <QComboBox>
#include <QFileDialog>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace noisynn {
namespace {

struct NamedSource {
    const char* label;
    const char* name;
};

const NamedSource kSources[] = {
    {"Fashion-MNIST", "fashion-mnist"},      {"MNIST", "mnist"},
    {"KMNIST (Kuzushiji)", "kmnist"},        {"CIFAR-10", "cifar10"},
    {"CIFAR-100 (100 classes)", "cifar100"}, {"CIFAR-100 (20 superclasses)", "cifar100-coarse"},
    {"Synthetic patterns", "synthetic"},
};

QString formatStats(const ChannelStats& stats) {
    QStringList parts;
    for (std::size_t c = 0; c < stats.mean.size(); ++c) {
        parts
            << QStringLiteral("%1 / %2").arg(stats.mean[c], 0, 'f', 4).arg(stats.std[c], 0, 'f', 4);
    }
    return parts.join(QStringLiteral(", "));
}

// Runs work on Qt's global pool and hands the result to done() on the GUI thread.
template <typename Result, typename Work, typename Done>
void runInBackground(QObject* owner, Work work, Done done) {
    auto* watcher = new QFutureWatcher<Result>(owner);
    QObject::connect(watcher, &QFutureWatcher<Result>::finished, owner, [watcher, done] {
        done(watcher->result());
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run(std::move(work)));
}

}  // namespace

DatasetBrowser::DatasetBrowser(QWidget* parent) : QWidget(parent) {
    m_source = new QComboBox(this);
    for (const auto& source : kSources) {
        m_source->addItem(tr(source.label), QString::fromLatin1(source.name));
    }
    m_source->setToolTip(
        tr("Data sets are looked for in $NOISYNN_DATA_DIR/<name>, "
           "~/.local/share/noisynn/datasets/<name> and /usr/share/datasets/<name>"));
    m_folderButton = new QPushButton(tr("Open folder…"), this);
    m_folderButton->setToolTip(
        tr("An image folder (root/<class>/<image>, optionally with train/ "
           "and val/), a folder of IDX files or of CIFAR binaries"));
    m_split = new QComboBox(this);
    m_perClass = new QSpinBox(this);
    m_perClass->setRange(1, 32);
    m_perClass->setValue(10);
    m_perClass->setSuffix(tr(" per class"));
    m_shuffleButton = new QPushButton(tr("Other samples"), this);

    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Data set"), this));
    controls->addWidget(m_source);
    controls->addWidget(m_folderButton);
    controls->addSpacing(16);
    controls->addWidget(new QLabel(tr("Split"), this));
    controls->addWidget(m_split);
    controls->addWidget(m_perClass);
    controls->addWidget(m_shuffleButton);
    controls->addStretch(1);

    m_classTable = new ClassCountTable(this);
    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_summary);
    leftLayout->addWidget(m_classTable, 1);

    m_grid = new ImageGridWidget(this);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(m_grid);
    scroll->setWidgetResizable(false);
    scroll->setAlignment(Qt::AlignLeft | Qt::AlignTop);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(left);
    splitter->addWidget(scroll);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({330, 800});

    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_status);

    connect(m_source, &QComboBox::activated, this, [this] { openSelectedName(); });
    connect(m_folderButton, &QPushButton::clicked, this, [this] { chooseFolder(); });
    connect(m_split, &QComboBox::currentIndexChanged, this, [this] { refreshSamples(); });
    m_sampleDelay = new QTimer(this);
    m_sampleDelay->setSingleShot(true);
    m_sampleDelay->setInterval(150);
    connect(m_sampleDelay, &QTimer::timeout, this, [this] { refreshSamples(); });
    connect(m_perClass, &QSpinBox::valueChanged, m_sampleDelay, qOverload<>(&QTimer::start));
    connect(m_shuffleButton, &QPushButton::clicked, this, [this] {
        ++m_sampleSeed;
        refreshSamples();
    });
}

DatasetBrowser::~DatasetBrowser() {
    // Background jobs hold their own shared copies of the data; their watchers die with this
    // widget, so nothing calls back into it.
}

bool DatasetBrowser::isBusy() const {
    return m_pending > 0;
}

QString DatasetBrowser::summaryText() const {
    return m_summary->text();
}
QString DatasetBrowser::statusText() const {
    return m_status->text();
}

void DatasetBrowser::setBusy(const QString& message) {
    m_status->setStyleSheet(QString());
    m_status->setText(message);
}

void DatasetBrowser::openSelectedName() {
    DatasetRequest request;
    request.source = m_source->currentData().toString().toStdString();
    openDataset(request);
}

void DatasetBrowser::chooseFolder() {
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open a data-set folder"));
    if (folder.isEmpty()) {
        return;
    }
    DatasetRequest request;
    request.source = folder.toStdString();
    openDataset(request);
}

void DatasetBrowser::selectSourceOf(const std::string& source) {
    const int index = m_source->findData(QString::fromStdString(source));
    if (index >= 0) {
        m_source->setCurrentIndex(index);
    }
}

void DatasetBrowser::openDataset(const DatasetRequest& request) {
    selectSourceOf(request.source);
    const int generation = ++m_loadGeneration;
    ++m_pending;
    setBusy(tr("Loading %1…").arg(QString::fromStdString(request.source)));
    const int threads = std::max(1, QThread::idealThreadCount());
    runInBackground<LoadOutcome>(
        this, [request, threads] { return loadAndInspect(request, threads); },
        [this, generation](const LoadOutcome& outcome) {
            --m_pending;
            showLoaded(outcome, generation);
        });
}

void DatasetBrowser::showLoaded(const LoadOutcome& outcome, int generation) {
    if (generation != m_loadGeneration) {
        return;
    }
    if (!outcome.dataset) {
        m_status->setStyleSheet(QStringLiteral("color: #b00020;"));
        m_status->setText(outcome.error);
        if (m_current) {
            selectSourceOf(m_current->report.name);  // the combo names what is shown
        }
        Q_EMIT loadFailed(outcome.error);
        return;
    }
    m_current = std::make_shared<LoadedDataset>(*outcome.dataset);
    const DatasetReport& report = m_current->report;

    QStringList classes;
    for (const auto& name : report.classes) {
        classes << QString::fromStdString(name);
    }
    QVector<ClassCountTable::SplitCounts> counts;
    for (const SplitReport* split : {&report.train, &report.test}) {
        QVector<qint64> values;
        for (auto count : split->classCounts) {
            values << static_cast<qint64>(count);
        }
        counts.push_back({QString::fromStdString(split->name), values});
    }
    m_classTable->setCounts(classes, counts);

    const QSignalBlocker blocker(m_split);
    m_split->clear();
    m_split->addItem(QString::fromStdString(report.train.name));
    m_split->addItem(QString::fromStdString(report.test.name));

    QString summary =
        tr("<b>%1</b><br>%2 %3 · %4 %5 images · %6 classes<br>%7 (height × width × channels)"
           "<br>mean / std %8<br>loaded and checked in %9 s")
            .arg(QString::fromStdString(report.name))
            .arg(report.train.samples)
            .arg(QString::fromStdString(report.train.name))
            .arg(report.test.samples)
            .arg(QString::fromStdString(report.test.name))
            .arg(report.classes.size())
            .arg(QString::fromStdString(toString(report.shape)))
            .arg(formatStats(report.trainStats))
            .arg(m_current->seconds, 0, 'f', 2);
    if (!report.location.empty()) {
        summary += QStringLiteral("<br><small>%1</small>")
                       .arg(QString::fromStdString(report.location).toHtmlEscaped());
    }
    const std::size_t checked = report.train.checked + report.test.checked;
    const std::size_t total = report.train.samples + report.test.samples;
    if (checked < total) {
        summary += tr("<br>decoded %1 of %2 images to check them; <tt>noisynn data inspect</tt> "
                      "checks all")
                       .arg(checked)
                       .arg(total);
    }
    if (report.unreadableCount() > 0) {
        summary += tr("<br><span style='color:#b00020'>%1 unreadable images (listed below)</span>")
                       .arg(report.unreadableCount());
    }
    m_summary->setText(summary);

    QStringList problems;
    for (const SplitReport* split : {&report.train, &report.test}) {
        for (const auto& item : split->unreadable) {
            problems << QString::fromStdString(item.reason);
        }
    }
    m_status->setStyleSheet(problems.isEmpty() ? QString() : QStringLiteral("color: #b00020;"));
    m_status->setText(problems.isEmpty() ? QString() : problems.join(QLatin1Char('\n')));
    Q_EMIT datasetShown(m_summary->text());
    refreshSamples();
}

void DatasetBrowser::refreshSamples() {
    if (!m_current) {
        return;
    }
    const auto split =
        m_split->currentIndex() == 1 ? m_current->splits.test : m_current->splits.train;
    const int perClass = m_perClass->value();
    const std::uint64_t seed = m_sampleSeed;
    const int generation = ++m_sampleGeneration;
    ++m_pending;
    runInBackground<SampleGrid>(
        this, [split, perClass, seed] { return sampleGrid(*split, perClass, seed); },
        [this, generation](const SampleGrid& grid) {
            --m_pending;
            showSamples(grid, generation);
        });
}

void DatasetBrowser::showSamples(const SampleGrid& grid, int generation) {
    if (generation != m_sampleGeneration) {
        return;
    }
    // Many classes (CIFAR-100) get smaller tiles so that the grid stays browsable.
    m_grid->setTileSize(grid.rows.size() > 20 ? 36 : 56);
    m_grid->setRows(grid.rowLabels, grid.rows);
    m_grid->adjustSize();
    Q_EMIT samplesShown(m_grid->tileCount());
}

}  // namespace noisynn
