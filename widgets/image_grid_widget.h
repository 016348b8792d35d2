#pragma once

#include <QImage>
#include <QString>
#include <QStringList>
#include <QVector>
#include <QWidget>

namespace noisynn {

// A grid of small images, one row per label (a class, a noise setting...), scaled up without
// smoothing so that the pixels of 28x28 images stay visible.
class ImageGridWidget : public QWidget {
    Q_OBJECT
public:
    struct Tile {
        QImage image;
        QString toolTip;
    };

    explicit ImageGridWidget(QWidget* parent = nullptr);

    // rows[i] holds the tiles of row i, labelled rowLabels[i].
    void setRows(const QStringList& rowLabels, const QVector<QVector<Tile>>& rows);
    void clear();
    void setTileSize(int pixels);

    int tileSize() const { return m_tileSize; }
    int rowCount() const { return static_cast<int>(m_rows.size()); }
    int tileCount() const;
    int columnCount() const;
    // The tile under a point of the widget, as (row, column), or (-1, -1).
    QPair<int, int> tileAt(const QPoint& point) const;
    QRect tileRect(int row, int column) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;

private:
    int labelWidth() const;

    QStringList m_rowLabels;
    QVector<QVector<Tile>> m_rows;
    int m_tileSize = 56;
    int m_spacing = 4;
};

}  // namespace noisynn
