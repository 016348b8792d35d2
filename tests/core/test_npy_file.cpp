// NPY files: what writeNpy writes reads back exactly; files as numpy.save writes them (version 1
// and 2 headers, float64, int32, Fortran order) read correctly; damaged or unsupported files are
// refused naming the file and what was found.
#include "data/npy_file.h"
#include "support/error_of.h"

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <csignal>
#include <filesystem>
#include <fstream>

#include <sys/resource.h>

using namespace noisynn;
using noisynn::testing::errorOf;
using noisynn::testing::failureOf;

namespace {

// An NPY file byte for byte as NumPy lays it out.
void writeRaw(const std::string& path, int major, const std::string& dict,
              const std::string& body) {
    std::string header = dict;
    const std::size_t prefix = major == 1 ? 10 : 12;
    header.append((64 - (prefix + header.size() + 1) % 64) % 64, ' ');
    header.push_back('\n');
    std::ofstream out(path, std::ios::binary);
    out << "\x93NUMPY" << char(major) << char(0);
    const auto length = header.size();
    out << char(length & 0xff) << char(length >> 8 & 0xff);
    if (major != 1) {
        out << char(0) << char(0);
    }
    out << header << body;
}

template <typename T>
std::string bytesOf(const std::vector<T>& values) {
    return std::string(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
}

}  // namespace

class TestNpyFile : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void writtenArraysReadBackExactly();
    void numpyLayoutsReadCorrectly();
    void damagedAndUnsupportedFilesAreRefusedByName();
    void aMissingFolderIsBadInputAndAFullDiskAFailureKeepingThePreviousArray();
};

void TestNpyFile::writtenArraysReadBackExactly() {
    QTemporaryDir dir;
    const std::string z = dir.filePath("z.npy").toStdString();
    const std::vector<float> values{0.5f, -1.25f, 3e-8f, 1e30f, 0.0f, 7.0f};
    writeNpy(z, {3, 2}, values);
    const NpyArray read = readNpy(z);
    QCOMPARE(read.dtype, std::string("<f4"));
    QCOMPARE(read.shape, (std::vector<std::size_t>{3, 2}));
    QCOMPARE(read.rows(), std::size_t{3});
    QCOMPARE(read.columns(), std::size_t{2});
    QVERIFY(!read.isInteger());
    for (std::size_t i = 0; i < values.size(); ++i)
        QCOMPARE(read.values[i], double(values[i]));
    // The data starts on a 64-byte boundary, as NumPy writes it.
    QCOMPARE((QFileInfo(QString::fromStdString(z)).size() - 6 * 4) % 64, qint64(0));

    const std::string labels = dir.filePath("labels.npy").toStdString();
    writeNpy(labels, {4}, std::vector<std::int64_t>{3, 0, 9, 1});
    const NpyArray readLabels = readNpy(labels);
    QCOMPARE(readLabels.dtype, std::string("<i8"));
    QCOMPARE(readLabels.shape, std::vector<std::size_t>{4});
    QVERIFY(readLabels.isInteger());
    QCOMPARE(readLabels.values, (std::vector<double>{3, 0, 9, 1}));
    QVERIFY(errorOf([&] { writeNpy(z, {4, 2}, values); }).contains("8 elements but 6"));
}

void TestNpyFile::numpyLayoutsReadCorrectly() {
    QTemporaryDir dir;
    const std::string f8 = dir.filePath("f8.npy").toStdString();
    // [[1, 2, 3], [4, 5, 6]] stored column by column.
    writeRaw(f8, 1, "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }",
             bytesOf(std::vector<double>{1, 4, 2, 5, 3, 6}));
    const NpyArray fortran = readNpy(f8);
    QCOMPARE(fortran.values, (std::vector<double>{1, 2, 3, 4, 5, 6}));
    const std::string i4 = dir.filePath("i4.npy").toStdString();
    writeRaw(i4, 2, "{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }",
             bytesOf(std::vector<std::int32_t>{7, -2, 5}));
    const NpyArray version2 = readNpy(i4);
    QCOMPARE(version2.values, (std::vector<double>{7, -2, 5}));
    QCOMPARE(version2.columns(), std::size_t{1});
}

void TestNpyFile::damagedAndUnsupportedFilesAreRefusedByName() {
    QTemporaryDir dir;
    const auto path = [&](const char* name) { return dir.filePath(name).toStdString(); };
    QVERIFY(
        errorOf([&] { readNpy(path("missing.npy")); }).contains("missing.npy: cannot be opened"));

    std::ofstream(path("text.npy")) << "0.5,1.5\n";
    QVERIFY(errorOf([&] { readNpy(path("text.npy")); }).contains("text.npy: not an NPY file"));

    writeRaw(path("short.npy"), 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (10, 4), }",
             bytesOf(std::vector<float>(12, 1.0f)));
    const QString truncated = errorOf([&] { readNpy(path("short.npy")); });
    QVERIFY2(truncated.contains("short.npy: truncated") && truncated.contains("needs 160 bytes") &&
                 truncated.contains("found 48"),
             qPrintable(truncated));

    writeRaw(path("complex.npy"), 1, "{'descr': '<c8', 'fortran_order': False, 'shape': (2,), }",
             std::string(16, '\0'));
    QVERIFY(
        errorOf([&] { readNpy(path("complex.npy")); }).contains("NPY type '<c8' is not supported"));
    writeRaw(path("big.npy"), 1, "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }",
             std::string(8, '\0'));
    QVERIFY(errorOf([&] { readNpy(path("big.npy")); }).contains("'>f4'"));
    writeRaw(path("noshape.npy"), 1, "{'descr': '<f4', 'fortran_order': False, }", "");
    QVERIFY(errorOf([&] { readNpy(path("noshape.npy")); }).contains("no 'shape' entry"));
    writeRaw(path("vast.npy"), 1,
             "{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296), }", "");
    QVERIFY(errorOf([&] { readNpy(path("vast.npy")); }).contains("too large to be real"));
    writeRaw(path("digits.npy"), 1,
             "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999999,), }", "");
    QVERIFY(errorOf([&] { readNpy(path("digits.npy")); }).contains("too large to be real"));
    writeRaw(path("long.npy"), 2,
             "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'note': '" +
                 std::string(60000, 'x') + "', }",
             std::string(4, '\0'));
    QVERIFY(errorOf([&] { readNpy(path("long.npy")); }).contains("expected at most 10000"));
    // A header whose shape holds less than the data: the rows would be misread.
    writeRaw(path("extra.npy"), 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }",
             bytesOf(std::vector<float>(3, 1.0f)));
    const QString extra = errorOf([&] { readNpy(path("extra.npy")); });
    QVERIFY2(extra.contains("extra.npy: 4 bytes after the data of shape (2,)"), qPrintable(extra));
    writeRaw(path("open.npy"), 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), ",
             bytesOf(std::vector<float>(2, 1.0f)));
    QVERIFY(errorOf([&] { readNpy(path("open.npy")); }).contains("not a dictionary in braces"));
}

void TestNpyFile::aMissingFolderIsBadInputAndAFullDiskAFailureKeepingThePreviousArray() {
    const QString message =
        errorOf([] { writeNpy("/nonexistent-folder/z.npy", {1}, std::vector<float>{1.0f}); });
    QVERIFY2(message.contains("/nonexistent-folder/z.npy: cannot be written (No such file"),
             qPrintable(message));
    QTemporaryDir dir;
    const std::string path = dir.filePath("z.npy").toStdString();
    writeNpy(path, {2}, std::vector<float>{1.0f, 2.0f});
    // The temporary file lands on /dev/full, which accepts the open and fails every write with
    // ENOSPC, as a full disk does.
    std::filesystem::create_symlink("/dev/full", path + ".partial");
    const QString full =
        failureOf([&] { writeNpy(path, {4096}, std::vector<float>(4096, 1.0f)); });
    QVERIFY2(full.contains(QString::fromStdString(path) + ": cannot be written (No space left "
                                                          "on device); the previous version is "
                                                          "kept"),
             qPrintable(full));
    QVERIFY(!std::filesystem::exists(std::filesystem::symlink_status(path + ".partial")));
    QCOMPARE(readNpy(path).values, (std::vector<double>{1.0, 2.0}));
    // A file that stops growing at 4 KiB (a file-size limit, as a disk that fills up mid-way):
    // nothing half-written is left, and the previous array stays.
    std::signal(SIGXFSZ, SIG_IGN);  // the write fails with EFBIG instead of ending the process
    rlimit before{};
    getrlimit(RLIMIT_FSIZE, &before);
    rlimit limited = before;
    limited.rlim_cur = 4096;
    setrlimit(RLIMIT_FSIZE, &limited);
    const QString cut =
        failureOf([&] { writeNpy(path, {10000}, std::vector<float>(10000, 1.0f)); });
    setrlimit(RLIMIT_FSIZE, &before);
    QVERIFY2(cut.contains(QString::fromStdString(path) + ": cannot be written (File too large)"),
             qPrintable(cut));
    QVERIFY(!std::filesystem::exists(path + ".partial"));
    QCOMPARE(readNpy(path).values, (std::vector<double>{1.0, 2.0}));
}

QTEST_GUILESS_MAIN(TestNpyFile)
#include "test_npy_file.moc"
