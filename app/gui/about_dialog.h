#pragma once

#include <QDialog>

class QLabel;

namespace noisynn {

// Name, version and purpose, and the versions of the libraries actually loaded in this process,
// BLAS included: the reference BLAS trains an order of magnitude slower than OpenBLAS.
class AboutDialog : public QDialog {
    Q_OBJECT
public:
    explicit AboutDialog(QWidget* parent = nullptr);
    QString versionsText() const;

private:
    QLabel* m_versions = nullptr;
};

}  // namespace noisynn
