package org.latentlab.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.Gson;
import org.latentlab.LatentLab;
import org.latentlab.metrics.InformationImbalance;
import org.latentlab.metrics.PairwiseDistances;
import org.latentlab.metrics.PointSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * {@code latentlab metrics bench A1.npy,B1.npy …}: times TwoNN + information imbalance (k = 1, full ranks, both
 * directions, one streamed pass) per pair, the distance step alone, and a double-precision GEMM rate, printing one
 * JSON object per line. Used by {@code bench/metrics}; not a test.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time TwoNN + II per A,B pair of .npy files (JSON lines); used by bench/metrics.")
public final class MetricsBenchCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", description = "pairs A.npy,B.npy") List<String> pairs;
    @Option(names = "--repeats", description = "timed repetitions per pair (best is reported)") int repeats = 1;

    @Override
    public Integer call() throws Exception {
        if (repeats < 1) {
            throw new IllegalArgumentException("--repeats: expected a whole number >= 1, got " + repeats);
        }
        for (String pair : pairs) { // before the warm-up and the GEMM line: a bad argument prints nothing on stdout
            if (pair.split(",").length != 2) {
                throw new IllegalArgumentException("expected A.npy,B.npy, got '" + pair + "'");
            }
        }
        LatentLab.init();
        Gson gson = new Gson();
        warmUp();
        Map<String, Object> gemm = new LinkedHashMap<>();
        gemm.put("gemm_gflops", gemmRate(2048));
        gemm.put("threads", System.getProperty("ai.djl.pytorch.num_threads"));
        System.out.println(gson.toJson(gemm));
        for (String pair : pairs) {
            String[] ab = pair.split(",");
            if (ab.length != 2) {
                throw new IllegalArgumentException("expected A.npy,B.npy, got '" + pair + "'");
            }
            PointSet a = PointSet.fromNpy(Path.of(ab[0]));
            PointSet b = PointSet.fromNpy(Path.of(ab[1]));
            double best = Double.POSITIVE_INFINITY;
            InformationImbalance.Result r = null;
            for (int rep = 0; rep < repeats; rep++) {
                long t0 = System.nanoTime();
                r = InformationImbalance.compute(a, b, 1, PairwiseDistances.Mode.AUTO);
                best = Math.min(best, (System.nanoTime() - t0) * 1e-9);
            }
            double rate = gemmRate(2048); // measured right before the distance step: the machine may be shared
            double dist = distanceSeconds(a);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("n", a.size());
            out.put("d", a.dimension());
            out.put("seconds", best);
            out.put("id_a", r.idA());
            out.put("id_b", r.idB());
            out.put("a_to_b", r.aToB());
            out.put("b_to_a", r.bToA());
            out.put("distance_seconds_one_space", dist);
            out.put("gemm_gflops", rate);
            out.put("distance_gflop_one_space", 2.0 * a.size() * (double) a.size() * a.dimension() * 1e-9);
            System.out.println(gson.toJson(out));
        }
        return 0;
    }

    private static void warmUp() {
        Random rnd = new Random(0);
        double[][] x = new double[600][64];
        for (double[] row : x) {
            for (int j = 0; j < 64; j++) {
                row[j] = rnd.nextGaussian();
            }
        }
        PointSet p = PointSet.of("warm-up", x);
        InformationImbalance.compute(p, p, 1, PairwiseDistances.Mode.GEMM);
    }

    /** Best-of-3 GFLOP/s of a double n×n×n libtorch matmul. */
    static double gemmRate(int n) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.randomNormal(new Shape(n, n)).toType(DataType.FLOAT64, false);
            NDArray b = m.randomNormal(new Shape(n, n)).toType(DataType.FLOAT64, false);
            a.matMul(b).close();
            double best = Double.POSITIVE_INFINITY;
            for (int rep = 0; rep < 3; rep++) {
                long t0 = System.nanoTime();
                try (NDArray c = a.matMul(b)) {
                    c.toDoubleArray(); // forces completion; the copy-out is part of the distance step too
                }
                best = Math.min(best, (System.nanoTime() - t0) * 1e-9);
            }
            return 2.0 * n * (double) n * n / best * 1e-9;
        }
    }

    /** Seconds to produce all squared distances of one space, block by block, without neighbour work. */
    static double distanceSeconds(PointSet a) {
        long t0 = System.nanoTime();
        try (PairwiseDistances d = new PairwiseDistances(a, PairwiseDistances.Mode.AUTO)) {
            int n = a.size();
            int block = Math.max(8, Math.min(1024, (int) ((64L << 20) / (8L * n * 2))));
            double[] buf = new double[block * n];
            for (int r0 = 0; r0 < n; r0 += block) {
                d.block(r0, Math.min(n, r0 + block), buf);
            }
        }
        return (System.nanoTime() - t0) * 1e-9;
    }
}
