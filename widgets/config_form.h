#pragma once

#include <QMap>
#include <QString>
#include <QStringList>
#include <QVariant>
#include <QVector>
#include <QWidget>

class QFormLayout;
class QLabel;
class QScrollArea;

namespace noisynn {

// One editable setting of a run's config, as plain values: the app builds these from core's
// config schema, so the form never goes out of step with what the trainer accepts.
struct ConfigField {
    enum class Kind { Integer, Number, Boolean, Text, Choice, EditableChoice, Folder };
    QString key;    // "noise.strength"
    QString group;  // "Noise": the section it is shown in
    QString label;
    Kind kind = Kind::Text;
    QVariant defaultValue;
    QString help;  // the tool tip
    QStringList choices;
    double minimum = 0;
    double maximum = 0;
    // Shown in a number box in place of the minimum, when the minimum stands for something
    // ("the data set's" for a model.classes of 0); empty: the number itself.
    QString minimumMeans = {};
};

// The settings of a run, grouped in sections, each with its error shown in red right under it.
// It holds values only; whether they make a runnable config is the app's call (setFieldError).
class ConfigForm : public QWidget {
    Q_OBJECT
public:
    explicit ConfigForm(const QVector<ConfigField>& fields, QWidget* parent = nullptr);

    // Values by key; keys the form does not show are ignored.
    void setValues(const QMap<QString, QVariant>& values);
    QMap<QString, QVariant> values() const;
    QVariant value(const QString& key) const;
    void setValue(const QString& key, const QVariant& value);

    // Replaces the list offered by a Choice or EditableChoice field, with a tool tip per entry;
    // the current value stays when still offered (always for an editable one).
    void setChoices(const QString& key, const QStringList& choices,
                    const QStringList& toolTips = {});
    void setFieldVisible(const QString& key, bool visible);
    bool isFieldVisible(const QString& key) const;

    // A grey line under the field saying what its value stands for ("-1" in noise.layer is
    // block 5); an empty one hides it.
    void setFieldNote(const QString& key, const QString& note);
    QString fieldNote(const QString& key) const;

    // An empty message clears the error.
    void setFieldError(const QString& key, const QString& message);
    void clearErrors();
    QString fieldError(const QString& key) const;
    int errorCount() const;

    QWidget* editor(const QString& key) const;
    QStringList keys() const;

Q_SIGNALS:
    // A value changed by the user or by setValue; not by setValues, which emits valuesReplaced.
    void valueChanged(const QString& key);
    void valuesReplaced();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    struct Row {
        ConfigField field;
        QWidget* editor = nullptr;
        QWidget* container = nullptr;  // editor and its browse button
        QLabel* label = nullptr;
        QLabel* note = nullptr;
        QLabel* error = nullptr;
    };

    QWidget* makeEditor(const ConfigField& field);
    void writeEditor(Row& row, const QVariant& value);
    QVariant readEditor(const Row& row) const;

    QScrollArea* m_scroll;
    QVector<Row> m_rows;
    QMap<QString, int> m_index;
    bool m_replacing = false;
};

}  // namespace noisynn
