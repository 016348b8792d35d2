// The config form: one editor per field in its section, values in and out by key, errors shown
// under their field, choice lists replaced without losing the value, fields hidden and shown,
// notes under a field, and a wheel that scrolls the form rather than the value under it.
#include <config_form.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QScrollBar>
#include <QWheelEvent>
#include <QSpinBox>
#include <QtTest/QtTest>

using namespace noisynn;

namespace {

QVector<ConfigField> fields() {
    using Kind = ConfigField::Kind;
    return {
        {"model.backbone",
         "Model",
         "backbone",
         Kind::Choice,
         "small-cnn",
         "network",
         {"small-cnn", "vit"},
         0,
         0},
        {"noise.layer", "Noise", "layer", Kind::EditableChoice, "-1", "where", {}, 0, 0},
        {"noise.strength", "Noise", "strength", Kind::Number, 0.1, "s", {}, 0, 1e9},
        {"train.epochs", "Training", "epochs", Kind::Integer, 10, "n", {}, 0, 1000},
        {"data.flip", "Data", "flip", Kind::Boolean, false, "f", {}, 0, 0},
        {"data.dataset",
         "Data",
         "dataset",
         Kind::Folder,
         "fashion-mnist",
         "d",
         {"fashion-mnist", "cifar10"},
         0,
         0},
        {"name", "Training", "name", Kind::Text, "", "n", {}, 0, 0},
    };
}

}  // namespace

class TestConfigForm : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void eachFieldGetsAnEditorOfItsKindWithItsDefault();
    void valuesGoInAndComeOutByKey();
    void anEditByTheUserIsSignalledWithItsKey();
    void errorsShowUnderTheirFieldAndClear();
    void replacingTheChoicesKeepsAnEditableValue();
    void hiddenFieldsAreNotShown();
    void aNoteSaysWhatAValueStandsForAndHidesWhenEmpty();
    void theWheelScrollsTheFormAndChangesOnlyTheFieldBeingEdited();
};

void TestConfigForm::eachFieldGetsAnEditorOfItsKindWithItsDefault() {
    ConfigForm form(fields());
    QVERIFY(qobject_cast<QComboBox*>(form.editor("model.backbone")));
    QVERIFY(!qobject_cast<QComboBox*>(form.editor("model.backbone"))->isEditable());
    QVERIFY(qobject_cast<QComboBox*>(form.editor("noise.layer"))->isEditable());
    QVERIFY(qobject_cast<QDoubleSpinBox*>(form.editor("noise.strength")));
    QVERIFY(qobject_cast<QSpinBox*>(form.editor("train.epochs")));
    QVERIFY(qobject_cast<QCheckBox*>(form.editor("data.flip")));
    QVERIFY(qobject_cast<QLineEdit*>(form.editor("name")));
    QVERIFY(form.findChild<QWidget*>("data.dataset.browse"));
    QCOMPARE(form.value("train.epochs").toInt(), 10);
    QCOMPARE(form.value("noise.strength").toDouble(), 0.1);
    QCOMPARE(form.value("data.dataset").toString(), QString("fashion-mnist"));
    QCOMPARE(form.keys().size(), 7);
}

void TestConfigForm::valuesGoInAndComeOutByKey() {
    ConfigForm form(fields());
    QSignalSpy replaced(&form, &ConfigForm::valuesReplaced);
    QSignalSpy changed(&form, &ConfigForm::valueChanged);
    form.setValues({{"model.backbone", "vit"},
                    {"noise.strength", 0.0005},
                    {"train.epochs", 3},
                    {"data.flip", true},
                    {"name", "demo"},
                    {"not.a.key", 1}});
    QCOMPARE(replaced.count(), 1);
    QCOMPARE(changed.count(), 0);
    const auto values = form.values();
    QCOMPARE(values.value("model.backbone").toString(), QString("vit"));
    QCOMPARE(values.value("noise.strength").toDouble(), 0.0005);
    QCOMPARE(values.value("train.epochs").toInt(), 3);
    QCOMPARE(values.value("data.flip").toBool(), true);
    QCOMPARE(values.value("name").toString(), QString("demo"));
    QVERIFY(!values.contains("not.a.key"));
    // The number keeps the digits it needs.
    QCOMPARE(qobject_cast<QDoubleSpinBox*>(form.editor("noise.strength"))->text(),
             QString("0.0005"));
}

void TestConfigForm::anEditByTheUserIsSignalledWithItsKey() {
    ConfigForm form(fields());
    QSignalSpy changed(&form, &ConfigForm::valueChanged);
    qobject_cast<QSpinBox*>(form.editor("train.epochs"))->setValue(4);
    qobject_cast<QComboBox*>(form.editor("noise.layer"))->setCurrentText("3");
    QCOMPARE(changed.count(), 2);
    QCOMPARE(changed.at(0).at(0).toString(), QString("train.epochs"));
    QCOMPARE(changed.at(1).at(0).toString(), QString("noise.layer"));
}

void TestConfigForm::errorsShowUnderTheirFieldAndClear() {
    ConfigForm form(fields());
    form.show();
    form.setFieldError("noise.layer", "noise.layer: \"9\" is not a layer; expected 1..3");
    auto* label = form.findChild<QLabel*>("noise.layer.error");
    QVERIFY(label && label->isVisible());
    QVERIFY(label->text().contains("expected 1..3"));
    QCOMPARE(form.errorCount(), 1);
    form.setFieldError("noise.layer", QString());
    QCOMPARE(form.errorCount(), 0);
    QVERIFY(!label->isVisible());
    form.setFieldError("train.epochs", "bad");
    form.setFieldError("name", "bad");
    QCOMPARE(form.errorCount(), 2);
    form.clearErrors();
    QCOMPARE(form.errorCount(), 0);
}

void TestConfigForm::replacingTheChoicesKeepsAnEditableValue() {
    ConfigForm form(fields());
    form.setValue("noise.layer", "2");
    form.setChoices("noise.layer", {"1", "2", "3"}, {"conv 1", "conv 2", "conv 3"});
    auto* layers = qobject_cast<QComboBox*>(form.editor("noise.layer"));
    QCOMPARE(layers->count(), 3);
    QCOMPARE(layers->currentText(), QString("2"));
    QCOMPARE(layers->itemData(1, Qt::ToolTipRole).toString(), QString("conv 2"));
    // A value the new list lacks stays, so that its error can be pointed out.
    form.setValue("noise.layer", "9");
    form.setChoices("noise.layer", {"1", "2", "3"});
    QCOMPARE(form.value("noise.layer").toString(), QString("9"));
}

void TestConfigForm::hiddenFieldsAreNotShown() {
    ConfigForm form(fields());
    form.show();
    QVERIFY(form.isFieldVisible("train.epochs"));
    form.setFieldVisible("train.epochs", false);
    QVERIFY(!form.isFieldVisible("train.epochs"));
    QVERIFY(!form.editor("train.epochs")->isVisible());
    form.setFieldVisible("train.epochs", true);
    QVERIFY(form.editor("train.epochs")->isVisible());
}

void TestConfigForm::aNoteSaysWhatAValueStandsForAndHidesWhenEmpty() {
    ConfigForm form(fields());
    form.show();
    auto* note = form.findChild<QLabel*>("noise.layer.note");
    QVERIFY(note && !note->isVisible());
    form.setFieldNote("noise.layer", "3: conv 3");
    QVERIFY(note->isVisible());
    QCOMPARE(form.fieldNote("noise.layer"), QString("3: conv 3"));
    QCOMPARE(form.errorCount(), 0);  // a note is not an error
    form.setFieldNote("noise.layer", QString());
    QVERIFY(!note->isVisible());
}

namespace {

void turnWheelDown(QWidget* widget) {
    const QPointF centre(widget->width() / 2.0, widget->height() / 2.0);
    QWheelEvent wheel(centre, widget->mapToGlobal(centre), QPoint(), QPoint(0, -120), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(widget, &wheel);
}

}  // namespace

void TestConfigForm::theWheelScrollsTheFormAndChangesOnlyTheFieldBeingEdited() {
    ConfigForm form(fields());
    form.resize(300, 120);  // shorter than its fields, so that it scrolls
    form.show();
    QVERIFY(QTest::qWaitForWindowExposed(&form));
    auto* scroll = form.findChild<QScrollArea*>();
    QVERIFY(scroll && scroll->verticalScrollBar()->maximum() > 0);
    auto* backbone = qobject_cast<QComboBox*>(form.editor("model.backbone"));
    auto* epochs = qobject_cast<QSpinBox*>(form.editor("train.epochs"));

    turnWheelDown(backbone);
    QCOMPARE(backbone->currentText(), QString("small-cnn"));
    QVERIFY(scroll->verticalScrollBar()->value() > 0);
    turnWheelDown(epochs);
    QCOMPARE(epochs->value(), 10);

    // In the field being edited the wheel steps the value, as everywhere in Qt.
    epochs->setFocus();
    QVERIFY(QTest::qWaitFor([&] { return epochs->hasFocus(); }));
    turnWheelDown(epochs);
    QCOMPARE(epochs->value(), 9);
}

QTEST_MAIN(TestConfigForm)
#include "test_config_form.moc"
