package org.latentlab.probes;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.List;

/**
 * One probe fit: trained on one split, evaluated on another.
 *
 * @param probe      probe name ({@link ProbeKind#label()})
 * @param features   feature-set name (e.g. {@code mu}, {@code mu+var}, {@code z}, {@code pixels})
 * @param epoch      VAE epoch the features came from (0 when not applicable)
 * @param trainCount training rows
 * @param testCount  evaluation rows
 * @param accuracy   test accuracy in [0, 1]
 * @param macroF1    test macro-averaged F1 in [0, 1]
 * @param fitSeconds wall-clock seconds to fit the probe and predict the test rows
 */
public record ProbeResult(String probe, String features, int epoch, int trainCount, int testCount, double accuracy,
                          double macroF1, double fitSeconds) {

    /** A copy tagged with the VAE epoch. */
    public ProbeResult withEpoch(int e) {
        return new ProbeResult(probe, features, e, trainCount, testCount, accuracy, macroF1, fitSeconds);
    }

    /** The results as a table: probe, features, epoch, train, test, accuracy, macro_f1, fit_seconds. */
    public static Table table(String name, List<ProbeResult> results) {
        Table t = Table.create(name,
                StringColumn.create("probe"), StringColumn.create("features"), IntColumn.create("epoch"),
                IntColumn.create("train"), IntColumn.create("test"), DoubleColumn.create("accuracy"),
                DoubleColumn.create("macro_f1"), DoubleColumn.create("fit_seconds"));
        for (ProbeResult r : results) {
            t.stringColumn("probe").append(r.probe());
            t.stringColumn("features").append(r.features());
            t.intColumn("epoch").append(r.epoch());
            t.intColumn("train").append(r.trainCount());
            t.intColumn("test").append(r.testCount());
            t.doubleColumn("accuracy").append(r.accuracy());
            t.doubleColumn("macro_f1").append(r.macroF1());
            t.doubleColumn("fit_seconds").append(r.fitSeconds());
        }
        return t;
    }
}
