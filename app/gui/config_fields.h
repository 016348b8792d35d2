#pragma once

#include "config/run_config.h"
#include "config_form.h"

#include <QMap>
#include <QString>
#include <QVariant>
#include <QVector>

namespace noisynn {

// The config form's fields, one per key of core's config schema (less the two the workbench
// writes itself), grouped by the key's first part.
QVector<ConfigField> configFormFields();

// A config as the form's values, by key.
QMap<QString, QVariant> formValues(const RunConfig& config);

// The form's values as a config. A value the schema refuses is left at its default and its
// message goes into `errors` under its key, so every bad field is reported at once.
RunConfig configFromForm(const QMap<QString, QVariant>& values, QMap<QString, QString>& errors);

// The schema key a message from core names ("noise.layer: \"9\" is not a ViT block..."), or an
// empty string when it names none.
QString keyNamedIn(const QString& message);

}  // namespace noisynn
