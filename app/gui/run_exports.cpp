#include "gui/run_exports.h"

#include "data/npy_file.h"
#include "error.h"
#include "runs/metrics_file.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace noisynn {
namespace {

void saveWhole(const QString& file, const QByteArray& bytes) {
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size() || !out.commit()) {
        throw Error(file.toStdString() + ": cannot be written (" + out.errorString().toStdString() +
                    "); nothing was changed there");
    }
}

}  // namespace

void writeMetricsCsv(const QStringList& runPaths, const QString& file) {
    if (runPaths.isEmpty()) {
        throw Error(file.toStdString() + ": no run selected; select the runs to export");
    }
    // Read and written again, so that runs of older versions get the same columns.
    QByteArray csv = "run," + QByteArray::fromStdString(metricsHeader());
    for (const QString& run : runPaths) {
        const QByteArray name = QFileInfo(run).fileName().toUtf8();
        const auto rows =
            readMetricsFile(QDir(run).filePath(QStringLiteral("metrics.csv")).toStdString());
        for (const MetricsRow& row : rows) {
            csv += name + ',' + QByteArray::fromStdString(metricsLine(row));
        }
    }
    saveWhole(file, csv);
}

void writeEmbeddings(const ViewerSamples& samples, const QString& folder) {
    const FeatureSet& features = samples.features;
    if (features.rows == 0) {
        throw Error(folder.toStdString() +
                    ": no embeddings to export; the run has no latent noise (noise.type none)");
    }
    if (!QDir().mkpath(folder)) {
        throw Error(folder.toStdString() + ": the folder cannot be made");
    }
    const QDir dir(folder);
    writeNpy(dir.filePath(QStringLiteral("z_before.npy")).toStdString(),
             {features.rows, features.dimension}, features.before);
    writeNpy(dir.filePath(QStringLiteral("z_after.npy")).toStdString(),
             {features.rows, features.dimension}, features.after);
    writeNpy(dir.filePath(QStringLiteral("labels.npy")).toStdString(), {features.labels.size()},
             features.labels);
}

void copyCheckpoint(const QString& runPath, const QString& which, const QString& file) {
    const QString source = QDir(runPath).filePath(QStringLiteral("checkpoints/%1.pt").arg(which));
    QFile in(source);
    if (!in.open(QIODevice::ReadOnly)) {
        throw Error(source.toStdString() + ": checkpoint not found");
    }
    // Streamed in blocks: a ViT-B checkpoint with its optimizer is about a gigabyte.
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly)) {
        throw Error(file.toStdString() + ": cannot be written (" + out.errorString().toStdString() +
                    ")");
    }
    while (!in.atEnd()) {
        const QByteArray block = in.read(1 << 22);
        if (block.isEmpty() || out.write(block) != block.size()) {
            out.cancelWriting();
            throw Error(file.toStdString() + ": cannot be written (" +
                        out.errorString().toStdString() + "); nothing was changed there");
        }
    }
    if (!out.commit()) {
        throw Error(file.toStdString() + ": cannot be written (" + out.errorString().toStdString() +
                    "); nothing was changed there");
    }
}

void writeConfig(const RunConfig& config, const QString& file) {
    saveWhole(file, QByteArray::fromStdString(config.toJson().dump(2) + "\n"));
}

}  // namespace noisynn
