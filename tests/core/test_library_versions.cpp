// The libraries this process loads: LibTorch computes through OpenBLAS, not the reference BLAS,
// and the versions reported for the About box are the loaded ones.
#include "runtime/compute_threads.h"
#include "runtime/library_versions.h"

#include <torch/torch.h>

#include <QtTest/QtTest>

using namespace noisynn;

class TestLibraryVersions : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void libTorchMultipliesThroughOpenBlas();
    void versionsNameTheLoadedLibraries();
    void computeThreadsDefaultToEveryCoreAndFollowARequest();
};

void TestLibraryVersions::libTorchMultipliesThroughOpenBlas() {
    // A float64 matmul goes to BLAS dgemm, so the symbol below is loaded and resolves.
    const auto a = torch::arange(6, torch::kFloat64).reshape({2, 3});
    const auto b = torch::ones({3, 2}, torch::kFloat64);
    const auto product = torch::matmul(a, b);
    QCOMPARE(product[0][0].item<double>(), 3.0);
    QCOMPARE(product[1][1].item<double>(), 12.0);
    const LibraryVersions versions = loadedLibraryVersions();
    QVERIFY2(isOptimisedBlas(versions),
             qPrintable("LibTorch uses " + QString::fromStdString(versions.blasLibrary) +
                        "; packaging/setup-dependencies.sh points libblas.so.3 at OpenBLAS"));
}

void TestLibraryVersions::versionsNameTheLoadedLibraries() {
    const LibraryVersions versions = loadedLibraryVersions();
    QVERIFY(
        QString::fromStdString(versions.libtorch).startsWith(QString::number(TORCH_VERSION_MAJOR)));
    QVERIFY(QString::fromStdString(versions.opencv).contains('.'));
    QVERIFY(versions.torchThreads >= 1);
    QCOMPARE(versions.cudaAvailable, torch::cuda::is_available());
}

void TestLibraryVersions::computeThreadsDefaultToEveryCoreAndFollowARequest() {
    const int cores = static_cast<int>(std::thread::hardware_concurrency());
    QCOMPARE(applyComputeThreads(0), cores);
    QCOMPARE(loadedLibraryVersions().torchThreads, cores);
    QCOMPARE(applyComputeThreads(1), 1);
    QCOMPARE(at::get_num_threads(), 1);
}

QTEST_GUILESS_MAIN(TestLibraryVersions)
#include "test_library_versions.moc"
