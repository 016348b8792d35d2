#pragma once

#include <QStringList>
#include <QTableWidget>
#include <QVector>

namespace noisynn {

// Classes down the side, one column of sample counts per split, totals in the last row.
class ClassCountTable : public QTableWidget {
    Q_OBJECT
public:
    struct SplitCounts {
        QString name;
        QVector<qint64> counts;  // one per class
    };

    explicit ClassCountTable(QWidget* parent = nullptr);
    void setCounts(const QStringList& classes, const QVector<SplitCounts>& splits);
};

}  // namespace noisynn
