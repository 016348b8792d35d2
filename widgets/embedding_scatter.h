#pragma once

#include <QPointF>
#include <QString>
#include <QStringList>
#include <QVector>
#include <QWidget>

#include "pca_projection.h"

class QCustomPlot;
class QLabel;
class QStackedWidget;

namespace noisynn {

// Features at the noise injection point before and after the noise, projected onto the same two
// principal axes (fitted on both together) and shown side by side, one colour per class, so that
// what the noise does to the class clusters is visible at a glance.
class EmbeddingScatter : public QWidget {
    Q_OBJECT
public:
    explicit EmbeddingScatter(QWidget* parent = nullptr);

    // before and after hold rows x dimension floats, row-major; labels one class index per row.
    // Input that does not fit together (sizes, NaN) shows a message saying what is wrong.
    void setEmbeddings(int rows, int dimension, const QVector<float>& before,
                       const QVector<float>& after, const QVector<qint64>& labels,
                       const QStringList& classNames);
    // The same with the axes already fitted (fitPca2 on before and after): at 2000 rows x 2048
    // dimensions the fit takes seconds, so the app can run it on a worker thread and pass it in.
    void setEmbeddings(int rows, int dimension, const QVector<float>& before,
                       const QVector<float>& after, const QVector<qint64>& labels,
                       const QStringList& classNames, const PcaProjection& pca);
    void clear();
    // What to show when there is nothing to plot; the default suits a run without latent noise.
    void setEmptyMessage(const QString& message);

    QCustomPlot* beforePlot() const { return m_beforePlot; }
    QCustomPlot* afterPlot() const { return m_afterPlot; }
    // The projected points, in row order; empty when nothing is shown.
    const QVector<QPointF>& beforePoints() const { return m_beforePoints; }
    const QVector<QPointF>& afterPoints() const { return m_afterPoints; }
    double explainedFraction1() const { return m_explained1; }
    double explainedFraction2() const { return m_explained2; }
    QString caption() const;
    // True when the message replaces the plots (no embeddings, or bad input).
    bool isShowingMessage() const;
    QString message() const;

    QSize sizeHint() const override;

    // Colour of class `label`: a fixed qualitative palette, so a class keeps its colour between
    // epochs and between the two plots.
    static QColor classColour(qint64 label);

private:
    void showMessage(const QString& message);
    bool checkSizes(int rows, int dimension, const QVector<float>& before,
                    const QVector<float>& after, const QVector<qint64>& labels);
    void fillPlot(QCustomPlot* plot, const QVector<QPointF>& points, const QVector<qint64>& labels,
                  const QStringList& classNames);
    void syncRanges(QCustomPlot* from, QCustomPlot* to);

    QStackedWidget* m_stack = nullptr;
    QLabel* m_message = nullptr;
    QCustomPlot* m_beforePlot = nullptr;
    QCustomPlot* m_afterPlot = nullptr;
    QLabel* m_caption = nullptr;
    QString m_emptyMessage;
    QVector<QPointF> m_beforePoints;
    QVector<QPointF> m_afterPoints;
    double m_explained1 = 0.0;
    double m_explained2 = 0.0;
};

}  // namespace noisynn
