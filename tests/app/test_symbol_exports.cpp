// Debian's LibTorch loads Qt 5 (through OpenCV's highgui) into every process that uses it. If one
// of our executables exported its copy of a Qt 6 function, Qt 5 code with the same mangled name
// would bind to it and crash (seen under the address sanitizer). This checks the dynamic symbol
// tables.
#include <QProcess>
#include <QRegularExpression>
#include <QtTest/QtTest>

class TestSymbolExports : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void executablesExportNoQtSymbols_data();
    void executablesExportNoQtSymbols();
};

void TestSymbolExports::executablesExportNoQtSymbols_data() {
    QTest::addColumn<QString>("executable");
    QTest::newRow("noisynn-workbench") << QStringLiteral(NOISYNN_WORKBENCH);
    QTest::newRow("noisynn") << QStringLiteral(NOISYNN_CLI);
    QTest::newRow("this test") << QCoreApplication::applicationFilePath();
}

void TestSymbolExports::executablesExportNoQtSymbols() {
    QFETCH(QString, executable);
    QProcess nm;
    nm.start(QStringLiteral("nm"), {"-D", "--defined-only", "-C", executable});
    QVERIFY2(nm.waitForFinished(60000), "nm (binutils) did not run");
    QCOMPARE(nm.exitCode(), 0);
    const QStringList symbols = QString::fromUtf8(nm.readAllStandardOutput()).split('\n');
    QVERIFY2(symbols.size() > 1, "nm listed nothing; is the executable dynamic?");
    const QRegularExpression qtName(QStringLiteral("\\bQ[A-Z][A-Za-z]+|\\bQt[A-Z]?\\w*::"));
    QStringList exported;
    for (const QString& symbol : symbols) {
        // Type-info objects (exported under UBSan's vptr check) are plain records compared by
        // name; only functions and data with Qt 6 behaviour are a hazard.
        if (qtName.match(symbol).hasMatch() && !symbol.contains(QLatin1String("typeinfo"))) {
            exported << symbol;
        }
    }
    QVERIFY2(exported.isEmpty(), qPrintable(exported.mid(0, 5).join('\n')));
}

QTEST_GUILESS_MAIN(TestSymbolExports)
#include "test_symbol_exports.moc"
