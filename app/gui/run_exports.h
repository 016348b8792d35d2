#pragma once

#include "config/run_config.h"
#include "training/training_events.h"

#include <QString>
#include <QStringList>

namespace noisynn {

// What the Export menu writes. Each throws noisynn::Error naming the file when it cannot be
// written; a file is written whole or not at all (QSaveFile), so a failure keeps what was there.

// The metrics.csv rows of several runs in one CSV, a first column naming the run's folder.
void writeMetricsCsv(const QStringList& runPaths, const QString& file);
// z_before.npy, z_after.npy (float32, rows x dimension) and labels.npy (int64) in `folder`.
void writeEmbeddings(const ViewerSamples& samples, const QString& folder);
void copyCheckpoint(const QString& runPath, const QString& which, const QString& file);
void writeConfig(const RunConfig& config, const QString& file);

}  // namespace noisynn
