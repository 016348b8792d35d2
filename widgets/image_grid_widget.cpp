#include "image_grid_widget.h"

#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>

namespace noisynn {

ImageGridWidget::ImageGridWidget(QWidget* parent) : QWidget(parent) {
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    setBackgroundRole(QPalette::Base);
    setAutoFillBackground(true);
}

void ImageGridWidget::setRows(const QStringList& rowLabels, const QVector<QVector<Tile>>& rows) {
    m_rowLabels = rowLabels;
    m_rows = rows;
    updateGeometry();
    update();
}

void ImageGridWidget::clear() {
    setRows({}, {});
}

void ImageGridWidget::setTileSize(int pixels) {
    m_tileSize = std::max(8, pixels);
    updateGeometry();
    update();
}

int ImageGridWidget::tileCount() const {
    int count = 0;
    for (const auto& row : m_rows) {
        count += static_cast<int>(row.size());
    }
    return count;
}

int ImageGridWidget::columnCount() const {
    int columns = 0;
    for (const auto& row : m_rows) {
        columns = std::max(columns, static_cast<int>(row.size()));
    }
    return columns;
}

int ImageGridWidget::labelWidth() const {
    int width = 0;
    const QFontMetrics metrics(font());
    for (const auto& label : m_rowLabels) {
        width = std::max(width, metrics.horizontalAdvance(label));
    }
    return width > 0 ? width + 2 * m_spacing : 0;
}

QRect ImageGridWidget::tileRect(int row, int column) const {
    const int step = m_tileSize + m_spacing;
    return QRect(labelWidth() + m_spacing + column * step, m_spacing + row * step, m_tileSize,
                 m_tileSize);
}

QPair<int, int> ImageGridWidget::tileAt(const QPoint& point) const {
    for (int row = 0; row < rowCount(); ++row) {
        for (int column = 0; column < static_cast<int>(m_rows[row].size()); ++column) {
            if (tileRect(row, column).contains(point)) {
                return {row, column};
            }
        }
    }
    return {-1, -1};
}

QSize ImageGridWidget::sizeHint() const {
    const int step = m_tileSize + m_spacing;
    return QSize(labelWidth() + m_spacing + columnCount() * step, m_spacing + rowCount() * step);
}

QSize ImageGridWidget::minimumSizeHint() const {
    return QSize(m_tileSize, m_tileSize);
}

void ImageGridWidget::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    // Smoothing would blur 28x28 images into mush at this zoom.
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    const int labels = labelWidth();
    for (int row = 0; row < rowCount(); ++row) {
        const QRect first = tileRect(row, 0);
        if (row < m_rowLabels.size()) {
            painter.setPen(palette().color(QPalette::Text));
            painter.drawText(QRect(m_spacing, first.top(), labels - m_spacing, m_tileSize),
                             Qt::AlignVCenter | Qt::AlignRight, m_rowLabels[row]);
        }
        for (int column = 0; column < static_cast<int>(m_rows[row].size()); ++column) {
            const QRect target = tileRect(row, column);
            const QImage& image = m_rows[row][column].image;
            if (image.isNull()) {
                painter.fillRect(target, palette().color(QPalette::Mid));
                continue;
            }
            const QSize fitted = image.size().scaled(target.size(), Qt::KeepAspectRatio);
            const QRect centred(target.left() + (target.width() - fitted.width()) / 2,
                                target.top() + (target.height() - fitted.height()) / 2,
                                fitted.width(), fitted.height());
            painter.drawImage(centred, image);
        }
    }
}

bool ImageGridWidget::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const auto [row, column] = tileAt(help->pos());
        if (row >= 0 && !m_rows[row][column].toolTip.isEmpty()) {
            QToolTip::showText(help->globalPos(), m_rows[row][column].toolTip, this);
        } else {
            QToolTip::hideText();
            event->ignore();
        }
        return true;
    }
    return QWidget::event(event);
}

}  // namespace noisynn
