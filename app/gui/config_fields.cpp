#include "gui/config_fields.h"

#include "config/config_schema.h"
#include "data/dataset_catalog.h"
#include "error.h"

#include <algorithm>

namespace noisynn {
namespace {

bool shownInForm(const ConfigKey& key) {
    return key.name != "schema_version" && key.name != "app_version";
}

QString groupOf(const std::string& name) {
    const std::string prefix = name.substr(0, name.find('.'));
    if (prefix == "model") {
        return QObject::tr("Model");
    }
    if (prefix == "data") {
        return QObject::tr("Data");
    }
    if (prefix == "noise") {
        return QObject::tr("Noise");
    }
    if (prefix == "train" || prefix == "name") {
        return QObject::tr("Training");
    }
    return QObject::tr("Evaluation");  // eval.* and entropy.*
}

QVariant toVariant(const nlohmann::json& value) {
    if (value.is_boolean()) {
        return value.get<bool>();
    }
    if (value.is_number_integer()) {
        return static_cast<qlonglong>(value.get<long long>());
    }
    if (value.is_number()) {
        return value.get<double>();
    }
    return QString::fromStdString(value.get<std::string>());
}

// What a number key's 0 stands for, from its help ("output classes; 0: the data set's" gives
// "the data set's"), cut at a bracket or comma so that it fits its box. Empty when 0 is a number
// like any other.
QString minimumMeaning(const ConfigKey& key) {
    const bool numeric =
        key.kind == ConfigKey::Kind::Integer || key.kind == ConfigKey::Kind::Number;
    const std::string& help = key.help;
    const std::size_t at = help.rfind("0: ");
    if (!numeric || key.min != 0 || at == std::string::npos || (at > 0 && help[at - 1] != ' ')) {
        return {};
    }
    const std::string meaning = help.substr(at + 3);
    return QString::fromStdString(meaning.substr(0, meaning.find_first_of("(,;"))).trimmed();
}

}  // namespace

QVector<ConfigField> configFormFields() {
    QVector<ConfigField> fields;
    for (const ConfigKey& key : configSchema()) {
        if (!shownInForm(key)) {
            continue;
        }
        ConfigField field;
        field.key = QString::fromStdString(key.name);
        field.group = groupOf(key.name);
        // "noise.image.strength" reads as "image strength" inside the Noise section.
        field.label = field.key.section(QLatin1Char('.'), 1)
                          .replace(QLatin1Char('.'), ' ')
                          .replace(QLatin1Char('_'), ' ');
        if (field.label.isEmpty()) {
            field.label = field.key;
        }
        field.help = QString::fromStdString(key.help);
        field.minimumMeans = minimumMeaning(key);
        field.defaultValue = toVariant(key.defaultValue);
        field.minimum = key.min;
        field.maximum = key.max;
        for (const std::string& choice : key.choices) {
            field.choices << QString::fromStdString(choice);
        }
        switch (key.kind) {
            case ConfigKey::Kind::Integer:
                field.kind = ConfigField::Kind::Integer;
                break;
            case ConfigKey::Kind::Number:
                field.kind = ConfigField::Kind::Number;
                break;
            case ConfigKey::Kind::Boolean:
                field.kind = ConfigField::Kind::Boolean;
                break;
            case ConfigKey::Kind::Choice:
                field.kind = ConfigField::Kind::Choice;
                break;
            case ConfigKey::Kind::String:
                field.kind = ConfigField::Kind::Text;
                break;
        }
        if (key.name == "data.dataset") {
            field.kind = ConfigField::Kind::Folder;  // a known name, or a folder to browse to
            for (const std::string& name : knownDatasetNames()) {
                field.choices << QString::fromStdString(name);
            }
        } else if (key.name == "data.root") {
            field.kind = ConfigField::Kind::Folder;
        } else if (key.name == "noise.layer") {
            field.kind = ConfigField::Kind::EditableChoice;  // filled from the model's points
        } else if (key.name == "train.device") {
            field.kind = ConfigField::Kind::EditableChoice;
            field.choices = {QStringLiteral("auto"), QStringLiteral("cpu"), QStringLiteral("cuda"),
                             QStringLiteral("cuda:0")};
        }
        fields.push_back(field);
    }
    // Sections in the order a run is thought through, whatever the schema's order.
    const QStringList order{QObject::tr("Model"), QObject::tr("Data"), QObject::tr("Noise"),
                            QObject::tr("Training"), QObject::tr("Evaluation")};
    std::stable_sort(fields.begin(), fields.end(), [&](const ConfigField& a, const ConfigField& b) {
        return order.indexOf(a.group) < order.indexOf(b.group);
    });
    return fields;
}

QMap<QString, QVariant> formValues(const RunConfig& config) {
    QMap<QString, QVariant> values;
    for (const ConfigKey& key : configSchema()) {
        if (!shownInForm(key)) {
            continue;
        }
        QVariant value;
        switch (key.kind) {
            case ConfigKey::Kind::Integer:
                value = static_cast<qlonglong>(config.integer(key.name));
                break;
            case ConfigKey::Kind::Number:
                value = config.number(key.name);
                break;
            case ConfigKey::Kind::Boolean:
                value = config.flag(key.name);
                break;
            default:
                value = QString::fromStdString(config.text(key.name));
        }
        values.insert(QString::fromStdString(key.name), value);
    }
    return values;
}

RunConfig configFromForm(const QMap<QString, QVariant>& values, QMap<QString, QString>& errors) {
    RunConfig config;
    for (auto it = values.begin(); it != values.end(); ++it) {
        const ConfigKey* key = findConfigKey(it.key().toStdString());
        if (!key) {
            continue;
        }
        nlohmann::json value;
        switch (key->kind) {
            case ConfigKey::Kind::Integer:
                value = it.value().toLongLong();
                break;
            case ConfigKey::Kind::Number:
                value = it.value().toDouble();
                break;
            case ConfigKey::Kind::Boolean:
                value = it.value().toBool();
                break;
            default:
                value = it.value().toString().trimmed().toStdString();
        }
        try {
            config.set(key->name, value);
        } catch (const Error& error) {
            errors.insert(it.key(), QString::fromStdString(error.what()));
        }
    }
    return config;
}

QString keyNamedIn(const QString& message) {
    QString found;
    for (const ConfigKey& key : configSchema()) {
        const QString name = QString::fromStdString(key.name);
        // The longest name wins: "noise.image.strength" over "noise.image".
        if (name.size() > found.size() && message.contains(name)) {
            found = name;
        }
    }
    return found;
}

}  // namespace noisynn
