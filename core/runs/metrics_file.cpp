#include "runs/metrics_file.h"

#include "error.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>

namespace noisynn {
namespace {

std::vector<std::string> cellsOf(const std::string& line) {
    std::vector<std::string> cells;
    std::stringstream stream(line);
    std::string cell;
    while (std::getline(stream, cell, ',')) {
        cells.push_back(cell);
    }
    if (!line.empty() && line.back() == ',') {
        cells.emplace_back();
    }
    return cells;
}

// Epoch and batch cells hold counts; anything else (NaN, 1e300, -3) marks a damaged file.
bool isCount(double value) {
    return value >= 0 && value <= 1e9 && value == std::floor(value);
}

}  // namespace

const std::string& metricsHeader() {
    static const std::string header =
        "kind,epoch,batch,loss,accuracy,lr,images_per_second,val_loss,val_accuracy,seconds,"
        "task_entropy_before,task_entropy_after,delta_s_estimated,delta_s_theory\n";
    return header;
}

std::string metricsLine(const MetricsRow& row) {
    char line[64];
    std::snprintf(line, sizeof line, "%s,%d,%lld", row.kind.c_str(), row.epoch, row.batch);
    std::string text = line;
    const auto add = [&text](double value, const char* format) {
        char cell[32] = "";
        if (!std::isnan(value)) {  // an empty cell, which CSV readers take as missing
            std::snprintf(cell, sizeof cell, format, value);
        }
        text += std::string(",") + cell;
    };
    for (double value : {row.loss, row.accuracy, row.learningRate, row.imagesPerSecond,
                         row.valLoss, row.valAccuracy}) {
        add(value, "%.6g");
    }
    add(row.seconds, "%.4g");
    for (double value :
         {row.taskEntropyBefore, row.taskEntropyAfter, row.deltaSEstimated, row.deltaSTheory}) {
        add(value, "%.8g");
    }
    return text + "\n";
}

double bestValidationAccuracy(const std::vector<MetricsRow>& rows, int lastEpoch) {
    double best = -1;
    for (const MetricsRow& row : rows) {
        if (row.kind == "epoch" && row.epoch <= lastEpoch && row.valAccuracy > best) {
            best = row.valAccuracy;
        }
    }
    return best;
}

std::optional<MetricsRow> epochRow(const std::vector<MetricsRow>& rows, int epoch) {
    std::optional<MetricsRow> found;
    for (const MetricsRow& row : rows) {
        if (row.kind == "epoch" && row.epoch == epoch) {
            found = row;
        }
    }
    return found;
}

std::vector<MetricsRow> readMetricsFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw Error(path + ": cannot be read");
    }
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<MetricsRow> rows;
    std::size_t start = 0;
    int lineNumber = 0;
    for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
        ++lineNumber;
        const std::string line = text.substr(start, end - start);
        if (lineNumber == 1) {
            if (line.rfind("kind,epoch,batch,", 0) != 0) {
                throw Error(path + ": line 1 is \"" + line.substr(0, 40) +
                            "\"; expected the metrics header kind,epoch,batch,...");
            }
            continue;
        }
        const std::vector<std::string> cells = cellsOf(line);
        const auto where = [&] { return path + ": line " + std::to_string(lineNumber); };
        if (cells.size() < 10 || (cells[0] != "batch" && cells[0] != "epoch")) {
            throw Error(where() + " is not a metrics row; expected kind batch or epoch and " +
                        "at least 10 cells, found " + std::to_string(cells.size()));
        }
        std::vector<double> values(cells.size(), std::numeric_limits<double>::quiet_NaN());
        for (std::size_t i = 1; i < cells.size(); ++i) {
            if (cells[i].empty()) {
                continue;
            }
            char* rest = nullptr;
            values[i] = std::strtod(cells[i].c_str(), &rest);
            if (*rest != '\0' && *rest != '\r') {
                throw Error(where() + ", column " + std::to_string(i + 1) + ": \"" + cells[i] +
                            "\" is not a number");
            }
        }
        for (std::size_t i : {1, 2}) {
            if (!isCount(values[i])) {
                throw Error(where() + ", column " + std::to_string(i + 1) + ": \"" + cells[i] +
                            "\"; expected a whole number from 0 to 1e9");
            }
        }
        values.resize(14, std::numeric_limits<double>::quiet_NaN());
        MetricsRow row;
        row.kind = cells[0];
        row.epoch = static_cast<int>(values[1]);
        row.batch = static_cast<long long>(values[2]);
        row.loss = values[3];
        row.accuracy = values[4];
        row.learningRate = values[5];
        row.imagesPerSecond = values[6];
        row.valLoss = values[7];
        row.valAccuracy = values[8];
        row.seconds = values[9];
        row.taskEntropyBefore = values[10];
        row.taskEntropyAfter = values[11];
        row.deltaSEstimated = values[12];
        row.deltaSTheory = values[13];
        rows.push_back(row);
    }
    return rows;
}

}  // namespace noisynn
