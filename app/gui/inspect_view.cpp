#include "gui/inspect_view.h"

#include "embedding_scatter.h"
#include "feature_heatmap.h"
#include "gui/image_conversion.h"
#include "image_grid_widget.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QSlider>
#include <QSplitter>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace noisynn {

InspectView::InspectView(QWidget* parent) : QWidget(parent) {
    m_slider = new QSlider(Qt::Horizontal);
    m_slider->setObjectName(QStringLiteral("epochSlider"));
    m_slider->setEnabled(false);
    m_epochLabel = new QLabel(tr("No samples yet: they come after each epoch"));
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Epoch")));
    top->addWidget(m_slider, 1);
    top->addWidget(m_epochLabel);

    m_images = new ImageGridWidget;
    m_images->setTileSize(40);
    auto* imageScroll = new QScrollArea;
    imageScroll->setWidget(m_images);
    imageScroll->setWidgetResizable(true);
    auto* imageBox = new QGroupBox(tr("Images before and after the image noise"));
    (new QVBoxLayout(imageBox))->addWidget(imageScroll);

    m_scatter = new EmbeddingScatter;
    auto* scatterBox = new QGroupBox(tr("Embeddings at the injection point (PCA)"));
    (new QVBoxLayout(scatterBox))->addWidget(m_scatter);
    m_heatmap = new FeatureHeatmap;
    auto* heatmapBox = new QGroupBox(tr("One sample's features"));
    (new QVBoxLayout(heatmapBox))->addWidget(m_heatmap);

    auto* lower = new QSplitter(Qt::Horizontal);
    lower->addWidget(scatterBox);
    lower->addWidget(heatmapBox);
    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(imageBox);
    split->addWidget(lower);
    split->setStretchFactor(1, 2);
    split->setSizes({190, 420});  // three rows of tiles above, the plots below

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(split, 1);

    connect(&m_fitWatcher, &QFutureWatcher<Fit>::finished, this, [this] {
        const Fit fit = m_fitWatcher.result();
        m_fitting = -1;
        if (fit.generation != m_generation) {
            fitNext();  // of a run no longer shown
            return;
        }
        if (fit.ok && m_samples.contains(fit.epoch)) {
            m_projections.insert(fit.epoch, fit.pca);
        } else if (m_samples.contains(fit.epoch)) {
            m_unfittable.insert(fit.epoch);
        }
        if (fit.epoch == m_shown) {
            showEmbeddings();
        }
        fitNext();
    });
    connect(m_slider, &QSlider::valueChanged, this, [this](int index) {
        const QList<int> epochs = m_samples.keys();
        if (index >= 0 && index < epochs.size()) {
            showEpoch(epochs[index]);
        }
    });
}

void InspectView::addSamples(const ViewerSamples& samples) {
    const bool following =
        m_shown < 0 || m_shown == (m_samples.isEmpty() ? -1 : m_samples.lastKey());
    m_samples.insert(samples.epoch, samples);
    m_slider->setEnabled(m_samples.size() > 1);
    m_slider->setRange(0, static_cast<int>(m_samples.size()) - 1);
    if (following) {
        showEpoch(samples.epoch);
    }
}

void InspectView::setClassNames(const QStringList& names) {
    m_classNames = names;
}

void InspectView::clear() {
    ++m_generation;
    m_samples.clear();
    m_projections.clear();
    m_unfittable.clear();
    m_shown = -1;
    m_slider->setEnabled(false);
    m_slider->setRange(0, 0);
    m_epochLabel->setText(tr("No samples yet: they come after each epoch"));
    m_images->clear();
    m_scatter->clear();
    m_heatmap->clear();
}

const ViewerSamples* InspectView::shownSamples() const {
    const auto it = m_samples.find(m_shown);
    return it == m_samples.end() ? nullptr : &it.value();
}

void InspectView::showEpoch(int epoch) {
    const auto it = m_samples.find(epoch);
    if (it == m_samples.end()) {
        return;
    }
    m_shown = epoch;
    {
        const QSignalBlocker blocker(m_slider);
        m_slider->setValue(static_cast<int>(std::distance(m_samples.begin(), it)));
    }
    m_epochLabel->setText(tr("after epoch %1 (%2 kept)").arg(epoch).arg(m_samples.size()));
    const ViewerSamples& samples = it.value();
    showImages(samples.images);
    showEmbeddings();
    if (samples.rawShape.size() == 2) {
        // A CNN's channels come as rows of spatial positions (its pooled features are one per
        // channel); a ViT's tokens come as rows of features.
        const bool tokens =
            samples.features.dimension != static_cast<std::size_t>(samples.rawShape[0]);
        m_heatmap->setMatrices(
            static_cast<int>(samples.rawShape[0]), static_cast<int>(samples.rawShape[1]),
            QVector<float>(samples.rawBefore.begin(), samples.rawBefore.end()),
            QVector<float>(samples.rawAfter.begin(), samples.rawAfter.end()),
            tokens ? tr("token") : tr("channel"), tokens ? tr("feature") : tr("position"));
    } else {
        m_heatmap->clear();
    }
}

void InspectView::showEmbeddings() {
    const ViewerSamples* samples = shownSamples();
    if (!samples) {
        return;
    }
    const FeatureSet& features = samples->features;
    if (features.rows > 0 && !m_projections.contains(m_shown) && !m_unfittable.contains(m_shown)) {
        // The fit takes seconds for wide features (ResNet-50's 2048): never on this thread.
        m_scatter->clear();
        m_scatter->setEmptyMessage(tr("Fitting the PCA of epoch %1…").arg(m_shown));
        fitNext();
        return;
    }
    m_scatter->setEmptyMessage(tr("No embeddings: the run has no latent noise"));
    QStringList names = m_classNames;
    long long maxLabel = -1;
    for (std::int64_t label : features.labels) {
        maxLabel = std::max<long long>(maxLabel, label);
    }
    for (long long c = names.size(); c <= maxLabel; ++c) {
        names << tr("class %1").arg(c);
    }
    const QVector<float> before(features.before.begin(), features.before.end());
    const QVector<float> after(features.after.begin(), features.after.end());
    const QVector<qint64> labels(features.labels.begin(), features.labels.end());
    const auto rows = static_cast<int>(features.rows);
    const auto dimension = static_cast<int>(features.dimension);
    if (m_projections.contains(m_shown)) {
        m_scatter->setEmbeddings(rows, dimension, before, after, labels, names,
                                 m_projections[m_shown]);
    } else {
        m_scatter->setEmbeddings(rows, dimension, before, after, labels, names);
    }
}

void InspectView::fitNext() {
    if (m_fitting >= 0 || !m_samples.contains(m_shown) || m_projections.contains(m_shown) ||
        m_unfittable.contains(m_shown)) {
        return;
    }
    const ViewerSamples samples = m_samples[m_shown];
    if (samples.features.rows == 0) {
        return;
    }
    m_fitting = m_shown;
    m_fitWatcher.setFuture(QtConcurrent::run([samples, generation = m_generation] {
        Fit fit;
        fit.generation = generation;
        fit.epoch = samples.epoch;
        const FeatureSet& f = samples.features;
        try {
            fit.pca = fitPca2(
                {{f.before.data(), f.rows, f.dimension}, {f.after.data(), f.rows, f.dimension}});
            fit.ok = true;
        } catch (const std::exception&) {
            // Non-finite features: setEmbeddings without axes names the row and column.
        }
        return fit;
    }));
}

void InspectView::showImages(const ImagePreview& images) {
    const std::size_t size = images.shape.elementCount();
    float largest = 0;
    for (std::size_t i = 0; i < images.before.size(); ++i) {
        largest = std::max(largest, std::fabs(images.after[i] - images.before[i]));
    }
    QVector<ImageGridWidget::Tile> before, after, difference;
    for (std::size_t i = 0; i < images.count; ++i) {
        const float* b = images.before.data() + i * size;
        const float* a = images.after.data() + i * size;
        const long long index = i < images.labels.size() ? images.labels[i] : -1;
        const QString label = index >= 0 && index < m_classNames.size()
                                  ? m_classNames[static_cast<int>(index)]
                                  : tr("class %1").arg(index);
        before.push_back({toQImage(b, images.shape), label});
        after.push_back({toQImage(a, images.shape), label});
        difference.push_back({differenceImage(b, a, images.shape, largest), label});
    }
    m_images->setRows({tr("before"), tr("after"),
                       largest > 0 ? tr("|difference|\n(max %1)").arg(largest, 0, 'g', 3)
                                   : tr("no image\nnoise")},
                      {before, after, difference});
}

}  // namespace noisynn
