// The class-count table: one row per class plus totals, one column per split.
#include <class_count_table.h>

#include <QtTest/QtTest>

using namespace noisynn;

class TestClassCountTable : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void showsCountsPerClassAndSplitWithTotals();
    void replacingTheCountsReplacesTheRows();
};

void TestClassCountTable::showsCountsPerClassAndSplitWithTotals() {
    ClassCountTable table;
    table.setCounts({"cat", "dog", "owl"}, {{"train", {5, 7, 11}}, {"val", {1, 0, 2}}});
    QCOMPARE(table.rowCount(), 4);
    QCOMPARE(table.columnCount(), 3);
    QCOMPARE(table.horizontalHeaderItem(1)->text(), QString("train"));
    QCOMPARE(table.horizontalHeaderItem(2)->text(), QString("val"));
    QVERIFY(table.item(1, 0)->text().contains("dog"));
    QCOMPARE(table.item(2, 1)->data(Qt::UserRole).toLongLong(), 11);
    QCOMPARE(table.item(3, 1)->data(Qt::UserRole).toLongLong(), 23);
    QCOMPARE(table.item(3, 2)->data(Qt::UserRole).toLongLong(), 3);
}

void TestClassCountTable::replacingTheCountsReplacesTheRows() {
    ClassCountTable table;
    table.setCounts({"a", "b", "c"}, {{"train", {1, 2, 3}}});
    table.setCounts({"x"}, {{"train", {9}}, {"test", {4}}});
    QCOMPARE(table.rowCount(), 2);
    QCOMPARE(table.item(1, 2)->data(Qt::UserRole).toLongLong(), 4);
}

QTEST_MAIN(TestClassCountTable)
#include "test_class_count_table.moc"
