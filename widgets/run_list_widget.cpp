#include "run_list_widget.h"

#include <QHeaderView>

namespace noisynn {
namespace {

constexpr int kPathRole = Qt::UserRole;

}  // namespace

RunListWidget::RunListWidget(QWidget* parent) : QTreeWidget(parent) {
    setHeaderLabels(
        {tr("Run"), tr("Backbone"), tr("Noise"), tr("Best val acc"), tr("Epochs"), tr("Status")});
    setRootIsDecorated(false);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setSortingEnabled(false);
    setUniformRowHeights(true);
    header()->setStretchLastSection(true);
    header()->setSectionResizeMode(NameColumn, QHeaderView::ResizeToContents);
    header()->setSectionResizeMode(NoiseColumn, QHeaderView::ResizeToContents);
    connect(this, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem* item, int) {
        Q_EMIT runActivated(item->data(NameColumn, kPathRole).toString());
    });
    connect(this, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem* item, int column) {
        if (!m_filling && column == NameColumn) {
            Q_EMIT runChecked(item->data(NameColumn, kPathRole).toString(),
                              item->checkState(NameColumn) == Qt::Checked);
        }
    });
}

void RunListWidget::fill(QTreeWidgetItem* item, const RunRow& run) {
    m_filling = true;
    item->setData(NameColumn, kPathRole, run.path);
    item->setText(NameColumn, run.name);
    item->setToolTip(NameColumn, run.path);
    item->setText(BackboneColumn, run.backbone);
    item->setText(NoiseColumn, run.noise);
    item->setText(AccuracyColumn, run.bestValAccuracy < 0
                                      ? QStringLiteral("–")
                                      : QString::number(run.bestValAccuracy, 'f', 4));
    item->setTextAlignment(AccuracyColumn, Qt::AlignRight | Qt::AlignVCenter);
    item->setText(EpochsColumn, QStringLiteral("%1/%2").arg(run.epochsCompleted).arg(run.epochs));
    item->setText(StatusColumn, run.status);
    item->setToolTip(StatusColumn, run.status);
    if (!(item->flags() & Qt::ItemIsUserCheckable)) {
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(NameColumn, Qt::Unchecked);
    }
    m_filling = false;
}

void RunListWidget::setRuns(const QVector<RunRow>& runs) {
    const QStringList checked = checkedPaths();
    const QStringList selected = selectedPaths();
    m_filling = true;
    clear();
    m_filling = false;
    for (const RunRow& run : runs) {
        auto* item = new QTreeWidgetItem(this);
        fill(item, run);
        m_filling = true;
        item->setCheckState(NameColumn, checked.contains(run.path) ? Qt::Checked : Qt::Unchecked);
        item->setSelected(selected.contains(run.path));
        m_filling = false;
    }
}

void RunListWidget::updateRun(const RunRow& run) {
    QTreeWidgetItem* item = itemOf(run.path);
    if (!item) {
        item = new QTreeWidgetItem;
        insertTopLevelItem(0, item);
    }
    fill(item, run);
}

void RunListWidget::removeRun(const QString& path) {
    delete itemOf(path);
}

QTreeWidgetItem* RunListWidget::itemOf(const QString& path) const {
    for (int i = 0; i < topLevelItemCount(); ++i) {
        if (topLevelItem(i)->data(NameColumn, kPathRole).toString() == path) {
            return topLevelItem(i);
        }
    }
    return nullptr;
}

QStringList RunListWidget::paths() const {
    QStringList paths;
    for (int i = 0; i < topLevelItemCount(); ++i) {
        paths << topLevelItem(i)->data(NameColumn, kPathRole).toString();
    }
    return paths;
}

QStringList RunListWidget::selectedPaths() const {
    QStringList paths;
    for (QTreeWidgetItem* item : selectedItems()) {
        paths << item->data(NameColumn, kPathRole).toString();
    }
    return paths;
}

QStringList RunListWidget::checkedPaths() const {
    QStringList paths;
    for (int i = 0; i < topLevelItemCount(); ++i) {
        if (topLevelItem(i)->checkState(NameColumn) == Qt::Checked) {
            paths << topLevelItem(i)->data(NameColumn, kPathRole).toString();
        }
    }
    return paths;
}

void RunListWidget::setChecked(const QString& path, bool checked) {
    if (QTreeWidgetItem* item = itemOf(path)) {
        item->setCheckState(NameColumn, checked ? Qt::Checked : Qt::Unchecked);
    }
}

}  // namespace noisynn
