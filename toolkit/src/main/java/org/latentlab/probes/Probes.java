package org.latentlab.probes;

import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.classification.evaluation.LabelEvaluation;
import org.tribuo.classification.evaluation.LabelEvaluator;
import org.tribuo.classification.liblinear.LibLinearClassificationTrainer;
import org.tribuo.classification.liblinear.LinearClassificationType;
import org.tribuo.classification.libsvm.LibSVMClassificationTrainer;
import org.tribuo.classification.libsvm.SVMClassificationType;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.common.libsvm.KernelType;
import org.tribuo.common.libsvm.SVMParameters;
import org.tribuo.common.nearest.KNNModel;
import org.tribuo.common.nearest.KNNTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.distance.L2Distance;
import org.tribuo.math.neighbour.NeighboursQueryFactoryType;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Fits Tribuo probe classifiers on one feature split and evaluates them on another (SPEC §M14, §4(c)).
 * Features are used raw unless {@link ProbeConfig#standardize()} is set (then z-scored with training statistics).
 */
public final class Probes {
    private static final Logger LOG = LoggerFactory.getLogger(Probes.class);
    private static final LabelFactory LABELS = new LabelFactory();

    /** Tribuo logs every SGD epoch through java.util.logging; keep a strong reference while quietening it. */
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
        if (train.dim() != test.dim()) {
            throw new IllegalArgumentException("train '" + train.name() + "' has " + train.dim()
                    + " features but test '" + test.name() + "' has " + test.dim());
        }
        double[] mean = new double[train.dim()];
        double[] scale = new double[train.dim()];
        standardisation(train, mean, scale);
        MutableDataset<Label> trainSet = dataset(train, mean, scale);
        MutableDataset<Label> testSet = dataset(test, mean, scale);
        Trainer<Label> trainer = trainer(kind, train, mean, scale);
        long t0 = System.nanoTime();
        Model<Label> model = trainer.train(trainSet);
        double seconds = (System.nanoTime() - t0) / 1e9;
        LabelEvaluation eval = new LabelEvaluator().evaluate(model, testSet);
        ProbeResult r = new ProbeResult(kind.label(), train.name(), 0, train.count(), test.count(), eval.accuracy(),
                eval.macroAveragedF1(), seconds);
        LOG.debug("probe {} on {}: accuracy {} ({} s)", kind.label(), train.name(), r.accuracy(), seconds);
        return r;
    }

    /** Fit every kind in {@code kinds} on the same split. */
    public List<ProbeResult> fitAll(List<ProbeKind> kinds, Features train, Features test) {
        List<ProbeResult> out = new ArrayList<>();
        for (ProbeKind k : kinds) {
            out.add(fit(k, train, test));
        }
        return out;
    }

    private Trainer<Label> trainer(ProbeKind kind, Features train, double[] mean, double[] scale) {
        return switch (kind) {
            case LOGISTIC -> new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(config.logisticStep(), 0.1),
                    config.logisticEpochs(), -1, 1, config.seed());
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
