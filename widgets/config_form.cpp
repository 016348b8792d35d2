#include "config_form.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>
#include <limits>

namespace noisynn {
namespace {

// A spin box whose text keeps the precision the value needs (1e-3, 0.0005, 12.5), where
// QDoubleSpinBox would round to its fixed decimals.
class NumberBox : public QDoubleSpinBox {
public:
    using QDoubleSpinBox::QDoubleSpinBox;
    QString textFromValue(double value) const override { return QString::number(value, 'g', 8); }
    double valueFromText(const QString& text) const override { return text.toDouble(); }
    QValidator::State validate(QString& text, int&) const override {
        bool ok = false;
        text.toDouble(&ok);
        return ok ? QValidator::Acceptable : QValidator::Intermediate;
    }
};

// A note or an error line takes no room while it has nothing to say.
void showText(QLabel* label, const QString& text) {
    label->setText(text);
    label->setVisible(!text.isEmpty());
}

}  // namespace

ConfigForm::ConfigForm(const QVector<ConfigField>& fields, QWidget* parent)
    : QWidget(parent), m_scroll(new QScrollArea(this)) {
    auto* content = new QWidget;
    auto* sections = new QVBoxLayout(content);
    QMap<QString, QFormLayout*> groups;
    for (const ConfigField& field : fields) {
        QFormLayout*& layout = groups[field.group];
        if (!layout) {
            auto* box = new QGroupBox(field.group, content);
            layout = new QFormLayout(box);
            layout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
            sections->addWidget(box);
        }
        Row row;
        row.field = field;
        row.editor = makeEditor(field);
        row.editor->setObjectName(field.key);
        // The wheel scrolls the form; it changes a value only in the field being edited, so
        // that scrolling past a combo or a number box does not change the config under it.
        row.editor->setFocusPolicy(Qt::StrongFocus);
        row.editor->installEventFilter(this);
        row.editor->setToolTip(QStringLiteral("%1\n%2").arg(field.key, field.help));
        row.container = row.editor;
        if (field.kind == ConfigField::Kind::Folder) {
            row.container = new QWidget;
            auto* line = new QHBoxLayout(row.container);
            line->setContentsMargins(0, 0, 0, 0);
            line->addWidget(row.editor, 1);
            auto* browse = new QToolButton;
            browse->setText(tr("…"));
            browse->setToolTip(tr("Choose a folder"));
            browse->setObjectName(field.key + QStringLiteral(".browse"));
            line->addWidget(browse);
            auto* edit = static_cast<QComboBox*>(row.editor);
            connect(browse, &QToolButton::clicked, this, [this, edit, field] {
                const QString folder = QFileDialog::getExistingDirectory(
                    this, tr("Choose the folder for %1").arg(field.key), edit->currentText());
                if (!folder.isEmpty()) {
                    edit->setCurrentText(folder);
                }
            });
        }
        row.label = new QLabel(field.label);
        row.label->setToolTip(row.editor->toolTip());
        row.note = new QLabel;
        row.note->setObjectName(field.key + QStringLiteral(".note"));
        row.note->setWordWrap(true);
        row.note->setForegroundRole(QPalette::PlaceholderText);
        row.note->setVisible(false);
        row.error = new QLabel;
        row.error->setObjectName(field.key + QStringLiteral(".error"));
        row.error->setWordWrap(true);
        row.error->setStyleSheet(QStringLiteral("color: #c62828;"));
        row.error->setVisible(false);
        auto* cell = new QWidget;
        auto* stack = new QVBoxLayout(cell);
        stack->setContentsMargins(0, 0, 0, 0);
        stack->setSpacing(1);
        stack->addWidget(row.container);
        stack->addWidget(row.note);
        stack->addWidget(row.error);
        row.container = cell;
        layout->addRow(row.label, cell);
        m_index.insert(field.key, m_rows.size());
        m_rows.push_back(row);
        writeEditor(m_rows.back(), field.defaultValue);
    }
    sections->addStretch(1);

    m_scroll->setWidget(content);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_scroll);
}

bool ConfigForm::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::Wheel) {
        auto* editor = qobject_cast<QWidget*>(watched);
        if (editor && !editor->hasFocus()) {
            QCoreApplication::sendEvent(m_scroll->viewport(), event);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

QWidget* ConfigForm::makeEditor(const ConfigField& field) {
    const QString key = field.key;
    const auto changed = [this, key] {
        if (!m_replacing) {
            Q_EMIT valueChanged(key);
        }
    };
    switch (field.kind) {
        case ConfigField::Kind::Integer: {
            auto* box = new QSpinBox;
            const double limit = std::numeric_limits<int>::max();
            box->setRange(static_cast<int>(std::max(field.minimum, -limit)),
                          static_cast<int>(std::min(field.maximum, limit)));
            box->setSpecialValueText(field.minimumMeans);
            connect(box, &QSpinBox::valueChanged, this, changed);
            return box;
        }
        case ConfigField::Kind::Number: {
            auto* box = new NumberBox;
            box->setDecimals(12);
            box->setRange(field.minimum, field.maximum);
            box->setSpecialValueText(field.minimumMeans);
            connect(box, &QDoubleSpinBox::valueChanged, this, changed);
            return box;
        }
        case ConfigField::Kind::Boolean: {
            auto* box = new QCheckBox;
            connect(box, &QCheckBox::toggled, this, changed);
            return box;
        }
        case ConfigField::Kind::Choice:
        case ConfigField::Kind::EditableChoice:
        case ConfigField::Kind::Folder: {
            auto* box = new QComboBox;
            box->setEditable(field.kind != ConfigField::Kind::Choice);
            box->addItems(field.choices);
            connect(box, &QComboBox::currentTextChanged, this, changed);
            return box;
        }
        case ConfigField::Kind::Text:
            break;
    }
    auto* edit = new QLineEdit;
    connect(edit, &QLineEdit::textChanged, this, changed);
    return edit;
}

void ConfigForm::writeEditor(Row& row, const QVariant& value) {
    if (auto* box = qobject_cast<QSpinBox*>(row.editor)) {
        box->setValue(value.toInt());
    } else if (auto* number = qobject_cast<QDoubleSpinBox*>(row.editor)) {
        number->setValue(value.toDouble());
    } else if (auto* check = qobject_cast<QCheckBox*>(row.editor)) {
        check->setChecked(value.toBool());
    } else if (auto* combo = qobject_cast<QComboBox*>(row.editor)) {
        const QString text = value.toString();
        if (!combo->isEditable() && combo->findText(text) < 0) {
            combo->addItem(text);  // shown, so that the app can point out what is wrong with it
        }
        combo->setCurrentText(text);
    } else if (auto* edit = qobject_cast<QLineEdit*>(row.editor)) {
        edit->setText(value.toString());
    }
}

QVariant ConfigForm::readEditor(const Row& row) const {
    if (auto* box = qobject_cast<QSpinBox*>(row.editor)) {
        return box->value();
    }
    if (auto* number = qobject_cast<QDoubleSpinBox*>(row.editor)) {
        return number->value();
    }
    if (auto* check = qobject_cast<QCheckBox*>(row.editor)) {
        return check->isChecked();
    }
    if (auto* combo = qobject_cast<QComboBox*>(row.editor)) {
        return combo->currentText();
    }
    return static_cast<QLineEdit*>(row.editor)->text();
}

void ConfigForm::setValues(const QMap<QString, QVariant>& values) {
    m_replacing = true;
    for (auto it = values.begin(); it != values.end(); ++it) {
        if (m_index.contains(it.key())) {
            writeEditor(m_rows[m_index[it.key()]], it.value());
        }
    }
    m_replacing = false;
    Q_EMIT valuesReplaced();
}

QMap<QString, QVariant> ConfigForm::values() const {
    QMap<QString, QVariant> values;
    for (const Row& row : m_rows) {
        values.insert(row.field.key, readEditor(row));
    }
    return values;
}

QVariant ConfigForm::value(const QString& key) const {
    return m_index.contains(key) ? readEditor(m_rows[m_index[key]]) : QVariant();
}

void ConfigForm::setValue(const QString& key, const QVariant& value) {
    if (m_index.contains(key)) {
        writeEditor(m_rows[m_index[key]], value);
    }
}

void ConfigForm::setChoices(const QString& key, const QStringList& choices,
                            const QStringList& toolTips) {
    if (!m_index.contains(key)) {
        return;
    }
    auto* combo = qobject_cast<QComboBox*>(m_rows[m_index[key]].editor);
    if (!combo) {
        return;
    }
    const QString current = combo->currentText();
    {
        const QSignalBlocker blocker(combo);
        combo->clear();
        combo->addItems(choices);
        for (int i = 0; i < toolTips.size() && i < choices.size(); ++i) {
            combo->setItemData(i, toolTips[i], Qt::ToolTipRole);
        }
        if (combo->isEditable() || choices.contains(current)) {
            combo->setCurrentText(current);
        }
    }
    if (combo->currentText() != current && !m_replacing) {
        Q_EMIT valueChanged(key);
    }
}

void ConfigForm::setFieldVisible(const QString& key, bool visible) {
    if (m_index.contains(key)) {
        Row& row = m_rows[m_index[key]];
        row.label->setVisible(visible);
        row.container->setVisible(visible);
    }
}

bool ConfigForm::isFieldVisible(const QString& key) const {
    return m_index.contains(key) && !m_rows[m_index[key]].container->isHidden();
}

void ConfigForm::setFieldNote(const QString& key, const QString& note) {
    if (!m_index.contains(key)) {
        return;
    }
    showText(m_rows[m_index[key]].note, note);
}

QString ConfigForm::fieldNote(const QString& key) const {
    return m_index.contains(key) ? m_rows[m_index[key]].note->text() : QString();
}

void ConfigForm::setFieldError(const QString& key, const QString& message) {
    if (!m_index.contains(key)) {
        return;
    }
    showText(m_rows[m_index[key]].error, message);
}

void ConfigForm::clearErrors() {
    for (Row& row : m_rows) {
        row.error->clear();
        row.error->setVisible(false);
    }
}

QString ConfigForm::fieldError(const QString& key) const {
    return m_index.contains(key) ? m_rows[m_index[key]].error->text() : QString();
}

int ConfigForm::errorCount() const {
    int count = 0;
    for (const Row& row : m_rows) {
        count += row.error->text().isEmpty() ? 0 : 1;
    }
    return count;
}

QWidget* ConfigForm::editor(const QString& key) const {
    return m_index.contains(key) ? m_rows[m_index[key]].editor : nullptr;
}

QStringList ConfigForm::keys() const {
    return m_index.keys();
}

}  // namespace noisynn
