#pragma once

#include "config/run_config.h"
#include "gui/config_check.h"

#include <QFutureWatcher>
#include <QWidget>

class QLabel;
class QTimer;

namespace noisynn {

class ConfigForm;

// The Configure dock: the config form with every problem shown under its field before Start.
// Values the schema refuses are flagged at once; the data set and the model (does noise.layer
// exist in this backbone?) are checked off the GUI thread a moment after the last edit, and the
// noise.layer list is refilled with the backbone's real injection points.
class ConfigPanel : public QWidget {
    Q_OBJECT
public:
    explicit ConfigPanel(QWidget* parent = nullptr);

    void setConfig(const RunConfig& config);
    // The form's values; fields the schema refuses keep their defaults (see isValid).
    RunConfig config() const;
    // No problem found and the last check is of the values shown.
    bool isValid() const;
    bool isChecking() const { return m_checking || m_pending; }
    const ConfigCheck& lastCheck() const { return m_check; }
    ConfigForm* form() const { return m_form; }
    // While a run trains, only the schema's checks are made: opening data sets and building
    // models would draw from LibTorch's global generator, which the run is using.
    void setModelChecksHeld(bool held);

Q_SIGNALS:
    void validityChanged(bool valid);
    void checked(const noisynn::ConfigCheck& check);

private:
    void scheduleCheck();
    void startCheck();
    void showProblems();
    void showBackboneFields();

    ConfigForm* m_form = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_general = nullptr;
    QTimer* m_debounce = nullptr;
    QFutureWatcher<ConfigCheck> m_watcher;
    QMap<QString, QString> m_formErrors;
    ConfigCheck m_check;
    bool m_checking = false;
    bool m_pending = false;
    bool m_wasValid = false;
    bool m_held = false;
    bool m_checkAfterHold = false;
};

}  // namespace noisynn
