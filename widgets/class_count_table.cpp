#include "class_count_table.h"

#include <QHeaderView>

namespace noisynn {
namespace {

QTableWidgetItem* numberItem(qint64 value) {
    auto* item = new QTableWidgetItem(QLocale().toString(value));
    item->setData(Qt::UserRole, value);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

}  // namespace

ClassCountTable::ClassCountTable(QWidget* parent) : QTableWidget(parent) {
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    verticalHeader()->setVisible(false);
    horizontalHeader()->setStretchLastSection(true);
    setAlternatingRowColors(true);
}

void ClassCountTable::setCounts(const QStringList& classes, const QVector<SplitCounts>& splits) {
    clear();
    setColumnCount(1 + static_cast<int>(splits.size()));
    setRowCount(static_cast<int>(classes.size()) + 1);
    QStringList headers{tr("Class")};
    for (const auto& split : splits) {
        headers << split.name;
    }
    setHorizontalHeaderLabels(headers);
    for (int row = 0; row < classes.size(); ++row) {
        setItem(row, 0, new QTableWidgetItem(QStringLiteral("%1  %2").arg(row).arg(classes[row])));
    }
    auto* totalLabel = new QTableWidgetItem(tr("Total"));
    QFont bold = totalLabel->font();
    bold.setBold(true);
    totalLabel->setFont(bold);
    setItem(static_cast<int>(classes.size()), 0, totalLabel);
    for (int column = 0; column < splits.size(); ++column) {
        qint64 total = 0;
        for (int row = 0; row < classes.size(); ++row) {
            const qint64 count =
                row < splits[column].counts.size() ? splits[column].counts[row] : 0;
            total += count;
            setItem(row, column + 1, numberItem(count));
        }
        auto* totalItem = numberItem(total);
        totalItem->setFont(bold);
        setItem(static_cast<int>(classes.size()), column + 1, totalItem);
    }
    resizeColumnsToContents();
}

}  // namespace noisynn
