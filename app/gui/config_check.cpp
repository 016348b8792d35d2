#include "gui/config_check.h"

#include "config/run_dataset.h"
#include "data/dataset_catalog.h"
#include "gui/config_fields.h"
#include "models/model_description.h"

namespace noisynn {
namespace {

void note(ConfigCheck& check, const std::exception& error, const QString& fallbackKey) {
    const QString message = QString::fromStdString(error.what());
    const QString key = keyNamedIn(message);
    check.errors.insert(key.isEmpty() ? fallbackKey : key, message);
}

}  // namespace

ConfigCheck checkConfig(const RunConfig& config) {
    ConfigCheck check;
    try {
        const DatasetSplits data = openDataset(datasetRequestFrom(config));
        for (const std::string& name : data.train->classNames()) {
            check.classNames << QString::fromStdString(name);
        }
    } catch (const std::exception& error) {
        // Data messages name the file or folder, rarely the key.
        const QString message = QString::fromStdString(error.what());
        check.errors.insert(keyNamedIn(message) == QLatin1String("data.root")
                                ? QStringLiteral("data.root")
                                : QStringLiteral("data.dataset"),
                            message);
        return check;  // the model's shape comes from the data set
    }
    try {
        // The injection points do not depend on the noise, and a bad noise.layer must not hide
        // the list the user should pick from.
        RunConfig plain = config;
        plain.set("noise.type", "none");
        plain.set("noise.layer", "-1");
        plain.set("noise.image.type", "none");
        plain.set("model.weights", "");
        for (const InjectionPointDescription& point : describeModel(plain).injectionPoints) {
            check.layers << QString::fromStdString(point.layer);
            check.layerDescriptions << QString::fromStdString(point.description);
        }
    } catch (const std::exception& error) {
        note(check, error, QStringLiteral("model.backbone"));
        return check;
    }
    try {
        const ModelDescription description = describeModel(config);
        for (const InjectionPointDescription& point : description.injectionPoints) {
            if (point.layer == description.noiseLayer) {
                check.noiseLayerMeaning = QString::fromStdString(point.description);
                if (point.layer != description.noise.layer) {
                    check.noiseLayerMeaning.prepend(QString::fromStdString(point.layer) +
                                                    QStringLiteral(": "));
                }
                break;
            }
        }
        check.summary = QObject::tr("%1: %2 M parameters, %3 MMAC per image")
                            .arg(QString::fromStdString(description.spec.backbone))
                            .arg(description.parameters / 1e6, 0, 'f', 2)
                            .arg(description.macsPerImage / 1e6, 0, 'f', 1);
        if (description.deltaSEval) {
            check.summary += QObject::tr("; theory's Delta S in evaluation %1")
                                 .arg(*description.deltaSEval, 0, 'g', 4);
        }
    } catch (const std::exception& error) {
        note(check, error, QString());
    }
    return check;
}

}  // namespace noisynn
