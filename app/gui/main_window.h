#pragma once

#include <QMainWindow>

class QPlainTextEdit;

namespace noisynn {

class DatasetBrowser;
struct DatasetRequest;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);

    DatasetBrowser* datasetBrowser() const { return m_browser; }
    QPlainTextEdit* log() const { return m_log; }
    void openDataset(const DatasetRequest& request);
    void showAbout();

private:
    void appendLog(const QString& message);
    void showError(const QString& message);

    DatasetBrowser* m_browser = nullptr;
    QPlainTextEdit* m_log = nullptr;
};

}  // namespace noisynn
