#pragma once

#include <QPair>
#include <QPoint>
#include <QString>
#include <QVector>
#include <QWidget>

#include <array>

class QCPAxisRect;
class QCPColorMap;
class QCPColorScale;
class QCPRange;
class QCustomPlot;
class QLabel;
class QStackedWidget;

namespace noisynn {

// One sample's feature matrix at the noise injection point (ViT tokens x width, CNN channels x
// positions) before the noise, after it, and their difference. Before and after share one colour
// scale so their colours compare directly; the difference has its own scale, symmetric about zero
// so that its middle colour means unchanged whatever the noise's magnitude.
class FeatureHeatmap : public QWidget {
    Q_OBJECT
public:
    explicit FeatureHeatmap(QWidget* parent = nullptr);

    // before and after hold rows x columns floats, row-major; rowName and columnName label the
    // axes ("token" and "channel" for a ViT). Rows run down, as in the matrix. Input whose sizes
    // do not match shows a message saying so. NaN cells are drawn grey and ignored by the scales.
    void setMatrices(int rows, int columns, const QVector<float>& before,
                     const QVector<float>& after, const QString& rowName,
                     const QString& columnName);
    void clear();
    // What to show when there is nothing to plot; the default suits a run without latent noise.
    void setEmptyMessage(const QString& message);

    QCustomPlot* plot() const { return m_plot; }
    QCPColorMap* beforeMap() const { return m_maps[0]; }
    QCPColorMap* afterMap() const { return m_maps[1]; }
    QCPColorMap* differenceMap() const { return m_maps[2]; }
    QCPColorScale* sharedScale() const { return m_sharedScale; }
    QCPColorScale* differenceScale() const { return m_differenceScale; }
    QCPRange sharedDataRange() const;
    QCPRange differenceDataRange() const;
    int rowCount() const { return m_rows; }
    int columnCount() const { return m_columns; }
    // True when the message replaces the heatmaps (no matrices, or bad input).
    bool isShowingMessage() const;
    QString message() const;

    // The matrix cell (row, column) under a point of plot() in any of the three maps, or (-1, -1).
    QPair<int, int> cellAt(const QPoint& plotPosition) const;
    // "token 3, channel 17: before 0.42, after 0.57, difference 0.15", the cell's tool tip.
    QString describeCell(int row, int column) const;

    QSize sizeHint() const override;

private:
    void showMessage(const QString& message);
    void showToolTip(const QPoint& plotPosition, const QPoint& globalPosition);

    QStackedWidget* m_stack = nullptr;
    QLabel* m_message = nullptr;
    QCustomPlot* m_plot = nullptr;
    std::array<QCPAxisRect*, 3> m_rects{};
    std::array<QCPColorMap*, 3> m_maps{};
    QCPColorScale* m_sharedScale = nullptr;
    QCPColorScale* m_differenceScale = nullptr;
    QString m_emptyMessage;
    QString m_rowName;
    QString m_columnName;
    int m_rows = 0;
    int m_columns = 0;
};

}  // namespace noisynn
