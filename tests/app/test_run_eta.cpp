// The ETA of a run: training steps at their pace with pauses and evaluations left out, and one
// evaluation per epoch still to end at the length of the last one.
#include "gui/run_eta.h"

#include <QtTest/QtTest>

using namespace noisynn;

class TestRunEta : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void beforeTheFirstEpochEndsOnlyTrainingIsCounted();
    void eachEpochLeftAddsTheLastEvaluation();
    void pausesAndEvaluationsDoNotSlowThePace();
    void aResumeCountsThePaceFromItsOwnFirstBatch();
};

void TestRunEta::beforeTheFirstEpochEndsOnlyTrainingIsCounted() {
    RunEta eta(2);  // 2 epochs of 10 batches, 1 s a batch
    QCOMPARE(eta.secondsLeft(), 0.0);
    eta.batch(1, 1, 10, 1.0);
    eta.batch(1, 4, 10, 4.0);
    QVERIFY(!eta.knowsEvaluations());
    QCOMPARE(eta.step(), 4LL);
    QCOMPARE(eta.totalSteps(), 20LL);
    QCOMPARE(eta.secondsLeft(), 16.0);
}

void TestRunEta::eachEpochLeftAddsTheLastEvaluation() {
    RunEta eta(3);
    for (int batch = 1; batch <= 10; ++batch) {
        eta.batch(1, batch, 10, batch);
    }
    // The evaluation of epoch 1 takes 30 s after its last batch at 10 s.
    eta.epochEnded(40.0);
    QVERIFY(eta.knowsEvaluations());
    // 20 steps at 1 s and 2 evaluations of 30 s.
    QCOMPARE(eta.secondsLeft(), 80.0);
    eta.batch(2, 1, 10, 41.0);
    // 19 steps, and epoch 2's evaluation is still to come with epoch 3's.
    QCOMPARE(eta.secondsLeft(), 19.0 + 60.0);
    for (int batch = 2; batch <= 10; ++batch) {
        eta.batch(2, batch, 10, 40.0 + batch);
    }
    QCOMPARE(eta.secondsLeft(), 10.0 + 60.0);  // the last batch: its evaluation has not ended
}

void TestRunEta::pausesAndEvaluationsDoNotSlowThePace() {
    RunEta eta(1);
    eta.batch(1, 1, 10, 1.0);
    eta.paused(100.0);
    eta.batch(1, 2, 10, 102.0);
    QCOMPARE(eta.secondsLeft(), 8.0);
}

void TestRunEta::aResumeCountsThePaceFromItsOwnFirstBatch() {
    RunEta eta(2);
    eta.batch(2, 5, 10, 2.0);  // resumed inside epoch 2: its first batch took 2 s
    eta.batch(2, 6, 10, 4.0);
    QCOMPARE(eta.secondsLeft(), 4 * 2.0);
}

QTEST_GUILESS_MAIN(TestRunEta)
#include "test_run_eta.moc"
