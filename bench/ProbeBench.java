import org.latentlab.data.Datasets;
import org.latentlab.data.ImageDataset;
import org.latentlab.data.Mnist;
import org.latentlab.data.Npy;
import org.latentlab.models.MlpVae;
import org.latentlab.probes.Features;
import org.latentlab.probes.LatentFeatures;
import org.latentlab.probes.ProbeConfig;
import org.latentlab.probes.ProbeKind;
import org.latentlab.probes.ProbeResult;
import org.latentlab.probes.Probes;
import org.latentlab.probes.SoftmaxRegression;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Benchmark: the logistic probe (SoftmaxRegression, L-BFGS) against scikit-learn's LogisticRegression(lbfgs, C=1,
 * max_iter=5000) on the same features: accuracy, objective ½‖W‖² + C·Σ CE, fit seconds.
 * Run (after `mvn -o -q -B package -DskipTests`):
 *   java -Dlatentlab.data=/work/datacache -cp 'toolkit/target/latentlab.jar:toolkit/target/lib/*' \
 *        bench/ProbeBench.java [model.npz ...]
 * Cases: synthetic 10-class Gaussians (3000/1000, d=20 and 20000/5000, d=30), MNIST pixels (10000/5000, d=784),
 * and μ / [μ,σ²] features of each MlpVae given on the command line (10000 training / 5000 test images).
 */
public final class ProbeBench {
    static Features gaussians(int n, int d, double spread, long centreSeed, long seed) {
        Random rc = new Random(centreSeed);
        double[][] centres = new double[10][d];
        for (double[] c : centres) {
            for (int j = 0; j < d; j++) {
                c[j] = spread * rc.nextGaussian() + 2.0;
            }
        }
        Random r = new Random(seed);
        double[] v = new double[n * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(10);
            for (int j = 0; j < d; j++) {
                v[i * d + j] = centres[y[i]][j] + r.nextGaussian();
            }
        }
        return new Features("gauss-d" + d, n, d, v, y);
    }

    public static void main(String[] args) throws Exception {
        List<Features[]> cases = new ArrayList<>();
        cases.add(new Features[]{gaussians(3000, 20, 0.45, 11, 12), gaussians(1000, 20, 0.45, 11, 13)});
        cases.add(new Features[]{gaussians(20000, 30, 0.35, 21, 22), gaussians(5000, 30, 0.35, 21, 23)});
        Mnist.Split split = Mnist.load(Mnist.Variant.MNIST);
        ImageDataset tr = Datasets.subset(split.train(), 10000, 1);
        ImageDataset te = Datasets.head(split.test(), 5000);
        if (!Boolean.getBoolean("bench.skipPixels")) {
            cases.add(new Features[]{LatentFeatures.pixels(tr), LatentFeatures.pixels(te)});
        }
        for (String a : args) {
            MlpVae m = MlpVae.load(Path.of(a));
            LatentFeatures ftr = LatentFeatures.encode(m, tr);
            LatentFeatures fte = LatentFeatures.encode(m, te);
            String tag = Path.of(a).getParent().getFileName() + ":";
            cases.add(new Features[]{rename(ftr.mu(), tag), rename(fte.mu(), tag)});
            cases.add(new Features[]{rename(ftr.muVar(), tag), rename(fte.muVar(), tag)});
            m.close();
        }
        System.out.println("| features | train | test | d | ours acc | sklearn acc | Δ pp | ours obj | sklearn obj | rel | ours s | iters | sklearn s | sk iters |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (Features[] c : cases) {
            Features train = c[0];
            Features test = c[1];
            Path dir = Files.createTempDirectory("probebench");
            Npy.write(dir.resolve("xtr.npy"), train.values(), train.count(), train.dim());
            Npy.write(dir.resolve("ytr.npy"), train.labels(), train.count());
            Npy.write(dir.resolve("xte.npy"), test.values(), test.count(), test.dim());
            Npy.write(dir.resolve("yte.npy"), test.labels(), test.count());
            ProbeResult r = new Probes(ProbeConfig.defaults()).fit(ProbeKind.LOGISTIC, train, test);
            SoftmaxRegression sm = SoftmaxRegression.fit(train.values(), train.labels(), train.dim(), 1.0, 5000, 1e-6);
            Process p = new ProcessBuilder("/usr/bin/python3", "bench/probe_reference.py", dir.toString(), "1.0")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("probe_reference.py failed:\n" + out);
            }
            String[] f = out.lines().reduce((x, y) -> y).orElseThrow().split(" ");
            double skAcc = Double.parseDouble(f[0]);
            double skObj = Double.parseDouble(f[1]);
            System.out.println(String.format(Locale.ROOT,
                    "| %s | %d | %d | %d | %.4f | %.4f | %+.2f | %.6f | %.6f | %.1e | %.2f | %d | %.2f | %s |",
                    train.name(), train.count(), test.count(), train.dim(), r.accuracy(), skAcc,
                    100 * (r.accuracy() - skAcc), sm.objective(), skObj, (sm.objective() - skObj) / skObj,
                    r.fitSeconds(), sm.optimiser().iterations(), Double.parseDouble(f[2]), f[3]));
            for (String n : new String[]{"xtr.npy", "ytr.npy", "xte.npy", "yte.npy"}) {
                Files.delete(dir.resolve(n));
            }
            Files.delete(dir);
        }
    }

    private static Features rename(Features f, String tag) {
        return new Features(tag + f.name(), f.count(), f.dim(), f.values(), f.labels());
    }
}
