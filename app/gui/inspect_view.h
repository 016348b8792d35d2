#pragma once

#include "pca_projection.h"
#include "training/training_events.h"

#include <QFutureWatcher>

#include <QMap>
#include <QSet>
#include <QStringList>
#include <QWidget>

class QLabel;
class QSlider;

namespace noisynn {

class EmbeddingScatter;
class FeatureHeatmap;
class ImageGridWidget;

// What the noise does, epoch by epoch: images before and after the image noise with their
// difference, the embeddings before and after the latent noise (2-D PCA on shared axes), and one
// sample's features as heatmaps. The epoch slider moves through the epochs kept.
class InspectView : public QWidget {
    Q_OBJECT
public:
    explicit InspectView(QWidget* parent = nullptr);

    // Keeps the samples of an epoch and shows them when the slider is at the newest epoch.
    void addSamples(const ViewerSamples& samples);
    void setClassNames(const QStringList& names);
    void clear();

    QList<int> epochs() const { return m_samples.keys(); }
    int shownEpoch() const { return m_shown; }
    void showEpoch(int epoch);
    const ViewerSamples* shownSamples() const;

    ImageGridWidget* imageGrid() const { return m_images; }
    EmbeddingScatter* scatter() const { return m_scatter; }
    FeatureHeatmap* heatmap() const { return m_heatmap; }
    QSlider* epochSlider() const { return m_slider; }

    // True while the PCA of an epoch is fitted off the GUI thread.
    bool isFitting() const { return m_fitting >= 0; }

private:
    struct Fit {
        int generation = 0;
        int epoch = -1;
        bool ok = false;
        PcaProjection pca;
    };
    void showImages(const ImagePreview& images);
    void showEmbeddings();
    void fitNext();

    QMap<int, ViewerSamples> m_samples;
    QMap<int, PcaProjection> m_projections;  // fitted once per epoch
    QSet<int> m_unfittable;                  // epochs whose features are not finite
    QFutureWatcher<Fit> m_fitWatcher;
    int m_fitting = -1;
    int m_generation = 0;  // bumped by clear(): a fit of the samples cleared is dropped
    QStringList m_classNames;
    int m_shown = -1;
    QSlider* m_slider = nullptr;
    QLabel* m_epochLabel = nullptr;
    ImageGridWidget* m_images = nullptr;
    EmbeddingScatter* m_scatter = nullptr;
    FeatureHeatmap* m_heatmap = nullptr;
};

}  // namespace noisynn
