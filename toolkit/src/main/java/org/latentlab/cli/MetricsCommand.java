package org.latentlab.cli;

import com.google.gson.GsonBuilder;
import org.latentlab.metrics.Gride;
import org.latentlab.metrics.InformationImbalance;
import org.latentlab.metrics.PairwiseDistances;
import org.latentlab.metrics.PointSet;
import org.latentlab.metrics.TwoNN;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code latentlab metrics twonn|gride|ii …}: intrinsic dimension and information imbalance of {@code .npy} point
 * clouds (N × D), each printing one JSON object on stdout.
 */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = {"Estimators on .npy files (float32, float64, int32, int64, uint8; C order), one JSON object each:",
                "twonn gride ii pca (intrinsic dimension, information imbalance, PCA spectrum) and",
                "is psnr mi bound hull fr kl rates au vr probe c2st. Bad input: one line on stderr, exit 2."},
        subcommands = {MetricsCommand.TwoNnCommand.class, MetricsCommand.GrideCommand.class,
                MetricsCommand.IiCommand.class, MetricsCommand.PcaCommand.class,
                EstimatorCommands.IsCommand.class, EstimatorCommands.PsnrCommand.class,
                EstimatorCommands.MiCommand.class, EstimatorCommands.BoundCommand.class,
                EstimatorCommands.HullCommand.class, EstimatorCommands.FrCommand.class,
                EstimatorCommands.KlCommand.class, EstimatorCommands.RatesCommand.class,
                EstimatorCommands.AuCommand.class, EstimatorCommands.VrCommand.class,
                EstimatorCommands.ProbeCommand.class, EstimatorCommands.C2stCommand.class,
                MetricsBenchCommand.class})
public final class MetricsCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static void print(Map<String, Object> out) {
        System.out.println(new GsonBuilder().serializeSpecialFloatingPointValues().create().toJson(out));
    }

    /** {@code metrics twonn X.npy}: {"id": …, "error": …, …}. */
    @Command(name = "twonn", mixinStandardHelpOptions = true, description = {
            "TwoNN intrinsic dimension (Facco et al. 2017; SPEC M1): mu_i = r2/r1 (first two neighbour distances),",
            "base fit d = sum x_k y_k / sum x_k^2 on x = log mu (sorted, largest --discard dropped),",
            "y = -log(1 - k/N); ml: d = (N - 1)/sum log mu. Dimensionless; scale in the input's units."})
    static final class TwoNnCommand implements Callable<Integer> {
        @Parameters(index = "0", description = "N × D .npy file") Path file;
        @Option(names = "--algorithm", description = "base (least squares, default) or ml") String algorithm = "base";
        @Option(names = "--discard", description = "fraction of largest mu discarded (default 0.1)") double discard = 0.1;
        @Option(names = "--data-fraction", description = "decimation fraction (default 1)") double fraction = 1.0;
        @Option(names = "--seed", description = "seed for decimation") long seed = 0;
        @Option(names = "--fail-on-duplicates", description = "error instead of removing identical points")
        boolean failOnDuplicates;

        @Override
        public Integer call() throws Exception {
            PointSet x = PointSet.fromNpy(file);
            TwoNN.Config cfg = TwoNN.Config.defaults()
                    .withAlgorithm(algorithm(algorithm))
                    .withDiscardFraction(discard).withDataFraction(fraction).withSeed(seed)
                    .withDuplicates(failOnDuplicates ? TwoNN.Duplicates.FAIL : TwoNN.Duplicates.REMOVE);
            TwoNN.Result r = TwoNN.estimate(x, cfg);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("id", r.id());
            out.put("error", r.error());
            out.put("algorithm", cfg.algorithm().name().toLowerCase());
            out.put("n", r.n());
            out.put("duplicates_removed", r.duplicatesRemoved());
            out.put("repetitions", r.repetitions());
            out.put("scale", r.scale());
            out.put("file", file.toString());
            print(out);
            return 0;
        }
    }

    private static TwoNN.Algorithm algorithm(String name) {
        return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "base" -> TwoNN.Algorithm.BASE;
            case "ml" -> TwoNN.Algorithm.ML;
            default -> throw new IllegalArgumentException("--algorithm: expected base or ml, got '" + name + "'");
        };
    }

    /** {@code metrics gride X.npy}: {"ids": […], "errors": […], "scales": […], …}. */
    @Command(name = "gride", mixinStandardHelpOptions = true, description = {
            "Gride multiscale intrinsic dimension (Denti et al. 2022; SPEC M2): at n1 = 2^i, n2 = 2 n1 the",
            "maximum-likelihood d of mu = r_n2/r_n1; errors 1/sqrt(Fisher information). Dimensionless;",
            "scales (mean neighbour distances) in the input's units."})
    static final class GrideCommand implements Callable<Integer> {
        @Parameters(index = "0", description = "N × D .npy file") Path file;
        @Option(names = "--range-max", description = "largest neighbour rank (default 64)") int rangeMax = 64;

        @Override
        public Integer call() throws Exception {
            PointSet x = PointSet.fromNpy(file);
            Gride.Result r = Gride.estimate(x, Gride.Config.defaults().withRangeMax(rangeMax));
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("ids", r.ids());
            out.put("errors", r.errors());
            out.put("scales", r.scales());
            out.put("ranks", r.ranks());
            out.put("n", r.n());
            out.put("duplicates_removed", r.duplicatesRemoved());
            out.put("file", file.toString());
            print(out);
            return 0;
        }
    }

    /** {@code metrics pca X.npy [--threshold T]}: {"eigenvalues": […], "count_above": …, "threshold": …}. */
    @Command(name = "pca", mixinStandardHelpOptions = true,
            description = {"PCA spectrum (SPEC M9b; Peste et al. Fig. 1): eigenvalues of the sample covariance",
                    "(divisor N - 1) of the rows, descending, and the count above --threshold. Units: the data's",
                    "units squared. An eigenvalue beyond the double range is an error, never NaN."})
    static final class PcaCommand implements Callable<Integer> {
        @Parameters(index = "0", description = "N × k .npy file (e.g. posterior means)") Path file;
        @Option(names = "--threshold", description = "absolute eigenvalue threshold (default 0.01)")
        double threshold = 0.01;

        @Override
        public Integer call() throws Exception {
            PointSet x = PointSet.fromNpy(file);
            org.latentlab.geometry.Pca.Spectrum s = org.latentlab.geometry.Pca.spectrum(file.toString(), x.toRows(), threshold);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("eigenvalues", s.eigenvalues());
            out.put("count_above", s.countAbove());
            out.put("threshold", threshold);
            out.put("n", x.size());
            out.put("file", file.toString());
            print(out);
            return 0;
        }
    }

    /** {@code metrics ii A.npy B.npy [--k K]}: {"a_to_b": …, "b_to_a": …, …}. */
    @Command(name = "ii", mixinStandardHelpOptions = true,
            description = {"Information imbalance (Glielmo et al. 2022; SPEC M3) on full neighbour ranks:",
                    "Delta(A->B) = (2/N) mean over i and its k nearest j in A of the rank of j among i's",
                    "neighbours in B (ties by index). Dimensionless, in [0, ~1]; 2/N for identical spaces."})
    static final class IiCommand implements Callable<Integer> {
        @Parameters(index = "0", description = "space A, N × D_A .npy") Path a;
        @Parameters(index = "1", description = "space B, N × D_B .npy") Path b;
        @Option(names = "--k", description = "neighbours averaged (default 1)") int k = 1;
        @Option(names = "--subset", description = "subset-averaged variant with this subset size (0 = off)")
        int subset = 0;
        @Option(names = "--seed", description = "seed for the subset variant") long seed = 0;

        @Override
        public Integer call() throws Exception {
            PointSet pa = PointSet.fromNpy(a);
            PointSet pb = PointSet.fromNpy(b);
            Map<String, Object> out = new LinkedHashMap<>();
            if (subset != 0 && subset < 3) {
                throw new IllegalArgumentException("--subset: expected a subset size ≥ 3 (or 0 for off), got " + subset);
            }
            if (subset > 0) {
                InformationImbalance.SubsetResult r = InformationImbalance.subsetAveraged(pa, pb, k, subset, seed);
                out.put("a_to_b", r.aToB());
                out.put("b_to_a", r.bToA());
                out.put("a_to_b_error", r.aToBError());
                out.put("b_to_a_error", r.bToAError());
                out.put("subsets", r.subsets());
                out.put("subset_size", r.subsetSize());
            } else {
                InformationImbalance.Result r = InformationImbalance.compute(pa, pb, k, PairwiseDistances.Mode.AUTO);
                out.put("a_to_b", r.aToB());
                out.put("b_to_a", r.bToA());
            }
            out.put("k", k);
            out.put("n", pa.size());
            out.put("a", a.toString());
            out.put("b", b.toString());
            print(out);
            return 0;
        }
    }
}
