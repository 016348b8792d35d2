#include "gui/config_panel.h"

#include "config_form.h"
#include "gui/config_fields.h"

#include <QLabel>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace noisynn {

ConfigPanel::ConfigPanel(QWidget* parent) : QWidget(parent) {
    m_form = new ConfigForm(configFormFields());
    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("configSummary"));
    m_summary->setWordWrap(true);
    m_general = new QLabel;
    m_general->setObjectName(QStringLiteral("configError"));
    m_general->setWordWrap(true);
    m_general->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_general->setVisible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_form, 1);
    layout->addWidget(m_general);
    layout->addWidget(m_summary);

    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(300);
    connect(m_debounce, &QTimer::timeout, this, &ConfigPanel::startCheck);
    connect(m_form, &ConfigForm::valueChanged, this, [this](const QString& key) {
        if (key == QLatin1String("model.backbone")) {
            showBackboneFields();
        }
        scheduleCheck();
    });
    connect(m_form, &ConfigForm::valuesReplaced, this, [this] {
        showBackboneFields();
        scheduleCheck();
    });
    connect(&m_watcher, &QFutureWatcher<ConfigCheck>::finished, this, [this] {
        m_checking = false;
        m_check = m_watcher.result();
        if (m_pending) {
            startCheck();  // the values changed while this check ran
            return;
        }
        if (!m_check.layers.isEmpty()) {
            m_form->setChoices(QStringLiteral("noise.layer"), m_check.layers,
                               m_check.layerDescriptions);
        }
        m_form->setFieldNote(QStringLiteral("noise.layer"), m_check.noiseLayerMeaning);
        showProblems();
        Q_EMIT checked(m_check);
    });
    setConfig(RunConfig());
}

void ConfigPanel::setConfig(const RunConfig& config) {
    m_form->setValues(formValues(config));
}

RunConfig ConfigPanel::config() const {
    QMap<QString, QString> errors;
    return configFromForm(m_form->values(), errors);
}

bool ConfigPanel::isValid() const {
    return !isChecking() && m_formErrors.isEmpty() && m_check.ok();
}

void ConfigPanel::scheduleCheck() {
    m_pending = true;
    // The schema's own refusals show at once; the slower checks follow.
    m_formErrors.clear();
    configFromForm(m_form->values(), m_formErrors);
    showProblems();
    m_debounce->start();
}

void ConfigPanel::startCheck() {
    if (m_checking) {
        return;  // picked up when the running check ends
    }
    m_pending = false;
    m_formErrors.clear();
    const RunConfig config = configFromForm(m_form->values(), m_formErrors);
    if (!m_formErrors.isEmpty()) {
        m_check = ConfigCheck();
        showProblems();
        return;
    }
    if (m_held) {
        m_checkAfterHold = true;
        showProblems();
        m_summary->setText(tr("The data set and the model are checked when the run ends"));
        return;
    }
    m_checking = true;
    m_summary->setText(tr("Checking the data set and the model…"));
    m_watcher.setFuture(QtConcurrent::run(checkConfig, config));
}

void ConfigPanel::setModelChecksHeld(bool held) {
    m_held = held;
    if (!held && m_checkAfterHold) {
        m_checkAfterHold = false;
        scheduleCheck();
    }
}

void ConfigPanel::showProblems() {
    m_form->clearErrors();
    QStringList general;
    QMap<QString, QString> problems = m_check.errors;
    for (auto it = m_formErrors.begin(); it != m_formErrors.end(); ++it) {
        problems.insert(it.key(), it.value());
    }
    for (auto it = problems.begin(); it != problems.end(); ++it) {
        if (m_form->keys().contains(it.key())) {
            m_form->setFieldError(it.key(), it.value());
        } else {
            general << it.value();
        }
    }
    m_general->setText(general.join(QLatin1Char('\n')));
    m_general->setVisible(!general.isEmpty());
    if (!isChecking()) {
        m_summary->setText(problems.isEmpty() ? m_check.summary
                                              : tr("%n problem(s) to fix before Start", "",
                                                   static_cast<int>(problems.size())));
    }
    const bool valid = isValid();
    if (valid != m_wasValid) {
        m_wasValid = valid;
        Q_EMIT validityChanged(valid);
    }
}

void ConfigPanel::showBackboneFields() {
    const QString backbone = m_form->value(QStringLiteral("model.backbone")).toString();
    const bool vit = backbone.startsWith(QLatin1String("vit"));
    // The named ViT sizes fix width, depth and heads; only the free "vit" reads them.
    for (const char* key : {"model.width", "model.depth", "model.heads", "model.mlp_ratio"}) {
        m_form->setFieldVisible(QString::fromLatin1(key), backbone == QLatin1String("vit"));
    }
    m_form->setFieldVisible(QStringLiteral("model.patch"), vit);
    m_form->setFieldVisible(QStringLiteral("noise.scope"), vit);
    m_form->setFieldVisible(QStringLiteral("model.stem"),
                            backbone.startsWith(QLatin1String("resnet")));
}

}  // namespace noisynn
