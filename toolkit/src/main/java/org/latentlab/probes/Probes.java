package org.latentlab.probes;

import org.latentlab.Progress;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.classification.liblinear.LibLinearClassificationTrainer;
import org.tribuo.classification.liblinear.LinearClassificationType;
import org.tribuo.classification.libsvm.LibSVMClassificationTrainer;
import org.tribuo.classification.libsvm.SVMClassificationType;
import org.tribuo.common.libsvm.KernelType;
import org.tribuo.common.libsvm.SVMParameters;
import org.tribuo.common.nearest.KNNModel;
import org.tribuo.common.nearest.KNNTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.distance.L2Distance;
import org.tribuo.math.neighbour.NeighboursQueryFactoryType;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Fits probe classifiers on one feature split and evaluates them on another (SPEC §M14, §4(c)): the logistic probe
 * by {@link SoftmaxRegression} (exact L-BFGS optimum, as scikit-learn's lbfgs, SPEC §H.3), the SVMs and kNN by Tribuo.
 * Features are used raw unless {@link ProbeConfig#standardize()} is set (then z-scored with training statistics).
 */
public final class Probes {
    private static final Logger LOG = LoggerFactory.getLogger(Probes.class);
    private static final LabelFactory LABELS = new LabelFactory();

    /** Tribuo logs through java.util.logging; keep a strong reference while quietening it. */
    private static final java.util.logging.Logger TRIBUO_LOG = java.util.logging.Logger.getLogger("org.tribuo");

    static {
        TRIBUO_LOG.setLevel(java.util.logging.Level.WARNING);
        libsvm.svm.svm_set_print_string_function(s -> { });
    }

    private final ProbeConfig config;

    public Probes(ProbeConfig config) {
        this.config = java.util.Objects.requireNonNull(config, "config");
    }

    public ProbeConfig config() {
        return config;
    }

    /** Fit {@code kind} on {@code train} and evaluate on {@code test}. */
    public ProbeResult fit(ProbeKind kind, Features train, Features test) {
        return fitWithPredictions(kind, train, test).result();
    }

    /**
     * A probe's score together with its test-set predictions, so a reference (scikit-learn) can check every one.
     *
     * @param result      accuracy and macro F1 as {@link #fit} reports them
     * @param predictions predicted label of each test row, in the test rows' order
     * @param truth       the test rows' labels (a copy)
     */
    public record Predictions(ProbeResult result, int[] predictions, int[] truth) {
        public Predictions {
            predictions = predictions.clone();
            truth = truth.clone();
        }

        @Override public int[] predictions() { return predictions.clone(); }
        @Override public int[] truth() { return truth.clone(); }
    }

    /**
     * Fit {@code kind} on {@code train}, predict every row of {@code test} and score the predictions (all four probes
     * through the same accuracy and macro-F1 code). A test label that never occurs in training cannot be predicted and
     * counts as a miss. Ties between classes (the SVMs' one-vs-one votes) go to the smallest label, as in
     * libsvm/scikit-learn: training rows reach Tribuo sorted by label (stable), so the classes' internal order is
     * ascending whatever the order of the rows. The kNN probe needs at least k training rows.
     */
    public Predictions fitWithPredictions(ProbeKind kind, Features train, Features test) {
        if (kind == null || train == null || test == null) {
            throw new IllegalArgumentException("probe: kind, train and test features must not be null");
        }
        if (train.dim() != test.dim()) {
            throw new IllegalArgumentException("train '" + train.name() + "' has " + train.dim()
                    + " features but test '" + test.name() + "' has " + test.dim());
        }
        if (kind == ProbeKind.KNN && train.count() < config.knnNeighbours()) {
            throw new IllegalArgumentException("kNN probe: k = " + config.knnNeighbours() + " neighbours but the "
                    + "training features '" + train.name() + "' have only " + train.count() + " examples; need k ≤ "
                    + train.count());
        }
        double[] mean = new double[train.dim()];
        double[] scale = new double[train.dim()];
        standardisation(train, mean, scale);
        long t0 = System.nanoTime();
        int[] pred;
        if (kind == ProbeKind.LOGISTIC) {
            pred = logistic(train, test, mean, scale);
        } else {
            Model<Label> model = trainer(kind, train, mean, scale).train(dataset(sortedByLabel(train), mean, scale));
            pred = model.predict(dataset(test, mean, scale)).stream()
                    .mapToInt(pr -> Integer.parseInt(pr.getOutput().getLabel())).toArray();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        ProbeResult r = new ProbeResult(kind.label(), train.name(), 0, train.count(), test.count(),
                accuracy(test.labels(), pred), macroF1(test.labels(), pred), seconds);
        LOG.debug("probe {} on {}: accuracy {} ({} s)", kind.label(), train.name(), r.accuracy(), seconds);
        return new Predictions(r, pred, test.labels());
    }

    /** The rows of {@code f} in ascending label order (stable: equal labels keep their order). */
    static Features sortedByLabel(Features f) {
        Integer[] order = new Integer[f.count()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingInt(i -> f.labels()[i]));
        double[] v = new double[f.values().length];
        int[] l = new int[f.count()];
        for (int r = 0; r < order.length; r++) {
            System.arraycopy(f.values(), order[r] * f.dim(), v, r * f.dim(), f.dim());
            l[r] = f.labels()[order[r]];
        }
        return new Features(f.name(), f.count(), f.dim(), v, l);
    }

    /** Gradient tolerance of the logistic probe on scikit-learn's scale (mean loss + ‖W‖²/(2Cn)). */
    static final double LOGISTIC_TOL = 1e-6;

    /** The logistic probe: {@link SoftmaxRegression} at the exact optimum; its test-set predictions. */
    private int[] logistic(Features train, Features test, double[] mean, double[] scale) {
        double[] x = scaled(train, mean, scale);
        SoftmaxRegression m = SoftmaxRegression.fit(x, train.labels(), train.dim(), config.logisticC(),
                config.logisticMaxIterations(), LOGISTIC_TOL);
        Lbfgs.Result opt = m.optimiser();
        if (!opt.converged()) {
            LOG.warn("logistic probe on {}: L-BFGS stopped after {} iterations with max |gradient| {} (not converged)",
                    train.name(), opt.iterations(), opt.gradMaxAbs());
        }
        double[] xt = scaled(test, mean, scale);
        int[] pred = new int[test.count()];
        double[] row = new double[test.dim()];
        for (int i = 0; i < pred.length; i++) {
            System.arraycopy(xt, i * test.dim(), row, 0, row.length);
            pred[i] = m.predict(row);
        }
        LOG.debug("probe logistic on {}: {} L-BFGS iterations", train.name(), opt.iterations());
        return pred;
    }

    private static double[] scaled(Features f, double[] mean, double[] scale) {
        double[] out = new double[f.count() * f.dim()];
        for (int i = 0; i < f.count(); i++) {
            for (int j = 0; j < f.dim(); j++) {
                out[i * f.dim() + j] = (f.get(i, j) - mean[j]) / scale[j];
            }
        }
        return out;
    }

    static double accuracy(int[] truth, int[] pred) {
        int hit = 0;
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] == pred[i]) {
                hit++;
            }
        }
        return (double) hit / truth.length;
    }

    /** Mean over the labels occurring in truth or predictions of F1 = 2TP / (2TP + FP + FN). */
    static double macroF1(int[] truth, int[] pred) {
        java.util.TreeMap<Integer, int[]> counts = new java.util.TreeMap<>(); // label -> {tp, fp, fn}
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] == pred[i]) {
                counts.computeIfAbsent(truth[i], l -> new int[3])[0]++;
            } else {
                counts.computeIfAbsent(pred[i], l -> new int[3])[1]++;
                counts.computeIfAbsent(truth[i], l -> new int[3])[2]++;
            }
        }
        double s = 0;
        for (int[] c : counts.values()) {
            int den = 2 * c[0] + c[1] + c[2];
            s += den == 0 ? 0 : 2.0 * c[0] / den;
        }
        return s / counts.size();
    }

    /** Test-set predictions of a probe, for cross-checks against scikit-learn. */
    int[] predictions(ProbeKind kind, Features train, Features test) {
        return fitWithPredictions(kind, train, test).predictions();
    }

    /** Fit every kind in {@code kinds} on the same split. */
    public List<ProbeResult> fitAll(List<ProbeKind> kinds, Features train, Features test) {
        return fitAll(kinds, train, test, Progress.NONE);
    }

    /**
     * {@link #fitAll(List, Features, Features)} reporting probes fitted to {@code progress} (task "probes on
     * &lt;features&gt;"); the results do not depend on it.
     */
    public List<ProbeResult> fitAll(List<ProbeKind> kinds, Features train, Features test, Progress progress) {
        Progress p = Progress.orNone(progress);
        String task = "probes on " + train.name();
        List<ProbeResult> out = new ArrayList<>();
        p.update(task, 0, kinds.size());
        for (ProbeKind k : kinds) {
            out.add(fit(k, train, test));
            p.update(task, out.size(), kinds.size());
        }
        return out;
    }

    private Trainer<Label> trainer(ProbeKind kind, Features train, double[] mean, double[] scale) {
        return switch (kind) {
            case LOGISTIC -> throw new IllegalStateException("the logistic probe is fitted by SoftmaxRegression");
            case LINEAR_SVM -> new LibLinearClassificationTrainer(
                    new LinearClassificationType(LinearClassificationType.LinearType.L2R_L2LOSS_SVC_DUAL),
                    config.svmCost(), config.svmMaxIterations(), 0.1, config.seed());
            case RBF_SVM -> {
                SVMParameters<Label> p = new SVMParameters<>(
                        new SVMClassificationType(SVMClassificationType.SVMMode.C_SVC), KernelType.RBF);
                p.setCost(config.svmCost());
                p.setGamma(scaleGamma(train, mean, scale));
                p.setCacheSize(200);
                yield new LibSVMClassificationTrainer(p, config.seed());
            }
            case KNN -> new KNNTrainer<>(config.knnNeighbours(), new L2Distance(), 1, new VotingCombiner(),
                    KNNModel.Backend.INNERTHREADPOOL, NeighboursQueryFactoryType.BRUTE_FORCE);
        };
    }

    /** sklearn's gamma='scale': 1 / (n_features · Var(X)) over all training values (after standardisation). */
    static double scaleGamma(Features train, double[] mean, double[] scale) {
        double s = 0;
        double s2 = 0;
        long n = (long) train.count() * train.dim();
        for (int i = 0; i < train.count(); i++) {
            for (int j = 0; j < train.dim(); j++) {
                double v = (train.get(i, j) - mean[j]) / scale[j];
                s += v;
                s2 += v * v;
            }
        }
        double var = s2 / n - (s / n) * (s / n);
        return var > 0 ? 1.0 / (train.dim() * var) : 1.0;
    }

    private void standardisation(Features train, double[] mean, double[] scale) {
        java.util.Arrays.fill(scale, 1.0);
        if (!config.standardize()) {
            return;
        }
        int n = train.count();
        for (int j = 0; j < train.dim(); j++) {
            double s = 0;
            double s2 = 0;
            for (int i = 0; i < n; i++) {
                double v = train.get(i, j);
                s += v;
                s2 += v * v;
            }
            mean[j] = s / n;
            double sd = Math.sqrt(Math.max(0, s2 / n - mean[j] * mean[j]));
            scale[j] = sd > 1e-12 ? sd : 1.0;
        }
    }

    private static MutableDataset<Label> dataset(Features f, double[] mean, double[] scale) {
        String[] names = new String[f.dim()];
        for (int j = 0; j < names.length; j++) {
            names[j] = String.format(Locale.ROOT, "f%05d", j);
        }
        MutableDataset<Label> ds = new MutableDataset<>(
                new SimpleDataSourceProvenance(f.name(), OffsetDateTime.now(), LABELS), LABELS);
        for (int i = 0; i < f.count(); i++) {
            double[] row = new double[f.dim()];
            for (int j = 0; j < row.length; j++) {
                row[j] = (f.get(i, j) - mean[j]) / scale[j];
            }
            ds.add(new ArrayExample<>(new Label(Integer.toString(f.labels()[i])), names, row));
        }
        return ds;
    }
}
