#pragma once

#include "config/run_config.h"

#include <QMap>
#include <QString>
#include <QStringList>

namespace noisynn {

// What the workbench knows about a config before Start: the problems, by the key they concern
// (an empty key for one that names none), the chosen backbone's injection points, and a line
// about the model it builds.
struct ConfigCheck {
    QMap<QString, QString> errors;
    QStringList layers;             // noise.layer values
    QStringList layerDescriptions;  // one per layer
    // What noise.layer stands for: "block 5 of 6 (...)", preceded by "5: " when it was written
    // another way ("-1"); empty when the model could not be built.
    QString noiseLayerMeaning;
    QString summary;
    QStringList classNames;  // the data set's
    bool ok() const { return errors.isEmpty(); }
};

// Opens the data set and builds the model on the CPU, as the trainer would, which can take a
// second or two: call it off the GUI thread. Never throws.
ConfigCheck checkConfig(const RunConfig& config);

}  // namespace noisynn
