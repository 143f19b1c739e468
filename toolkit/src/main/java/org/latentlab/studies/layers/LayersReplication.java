package org.latentlab.studies.layers;

import org.latentlab.notebook.Replication;
import org.latentlab.notebook.Replication.Check;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The replication check of notebook 01: each claim of SPEC §1(d), our number, and a verdict computed from it
 * ({@code reproduced}, {@code not reproduced}, or {@code n/a} where the numbers cannot decide). Thresholds are
 * structural, with margins of 10–50 % so that float rounding on another CPU or thread count cannot flip them.
 */
public final class LayersReplication {
    /** A claim, our number(s), and the verdict. */
    static final String YES = "reproduced";
    static final String NO = "not reproduced";
    static final String NA = "n/a";
    /** A hump is at least this factor above the layer it is compared with. */
    static final double HUMP = 1.2;

    private LayersReplication() {}

    /** The checks, in the order of the paper's claims. */
    public static List<Check> checks(LayersStudy.Result r) {
        List<Check> out = new ArrayList<>();
        int[] ks = r.config().latentDims();
        int last = r.config().epochs();
        double dataId = r.last(ks[0]).id()[0];
        out.add(dataId(dataId, r.config().evalImages()));
        int kStar = transitionK(r);
        out.add(transition(r, dataId, kStar));
        out.add(rise(r, kStar));
        out.add(hunchback(r, kStar));
        out.add(flatDecoder(r, kStar));
        out.add(twoPhases(r, ks[ks.length - 1], last));
        out.add(noiseAtInit(r));
        out.add(compression(r, kStar));
        return out;
    }

    static Check dataId(double id, int n) {
        return new Check("MNIST's own intrinsic dimension (TwoNN of l0) is about 12–15 at N = 2000–5000",
                fmt("ID(l0) = %.2f at N = %d (accepted: 10–18)", id, n), id >= 10 && id <= 18 ? YES : NO);
    }

    /** Δ within this factor of the smallest Δ(l10 → l0) counts as having reached the floor. */
    static final double FLOOR = 1.5;

    /**
     * The transition K*: the smallest K whose Δ(l10 → l0) at the final epoch is within {@link #FLOOR} × the smallest
     * over K (the paper takes the argmin; with several K on the floor within a few per cent of each other the argmin
     * is what another CPU could flip, the first K to reach the floor is not).
     */
    static int transitionK(LayersStudy.Result r) {
        double min = Double.POSITIVE_INFINITY;
        for (int k : r.config().latentDims()) {
            min = Math.min(min, r.last(k).outputToInput());
        }
        for (int k : r.config().latentDims()) {
            if (r.last(k).outputToInput() <= FLOOR * min) {
                return k;
            }
        }
        throw new IllegalStateException("no K reaches the minimum of Δ(l10→l0) (NaN values?)");
    }

    static Check transition(LayersStudy.Result r, double dataId, int kStar) {
        int[] ks = r.config().latentDims();
        int argmin = ks[0];
        StringBuilder vals = new StringBuilder();
        for (int k : ks) {
            double d = r.last(k).outputToInput();
            vals.append(fmt("%s%d: %.4f", vals.length() == 0 ? "" : ", ", k, d));
            if (d < r.last(argmin).outputToInput()) {
                argmin = k;
            }
        }
        boolean near = kStar >= dataId / 2 && kStar <= 2 * dataId;
        boolean falls = r.last(ks[0]).outputToInput() > FLOOR * r.last(kStar).outputToInput();
        return new Check("Δ(l10→l0) falls with K down to the transition K*, which sits near the data's ID",
                fmt("Δ(l10→l0) by K: %s; K* = %d (first K within %.1f × the minimum; argmin %d); data ID %.1f, "
                        + "near = K in [%.1f, %.1f]", vals, kStar, FLOOR, argmin, dataId, dataId / 2, 2 * dataId),
                near && falls ? YES : NO);
    }

    static Check rise(LayersStudy.Result r, int kStar) {
        int[] ks = r.config().latentDims();
        int kMax = ks[ks.length - 1];
        if (kMax <= kStar) {
            return new Check("Beyond K*, Δ(l10→l0) rises again with K (the U shape's right arm)",
                    "no K above K* = " + kStar, NA);
        }
        double min = Double.POSITIVE_INFINITY;
        for (int k : ks) {
            min = Math.min(min, r.last(k).outputToInput());
        }
        double ratio = r.last(kMax).outputToInput() / min;
        return new Check("Beyond K*, Δ(l10→l0) rises again with K (the U shape's right arm)",
                fmt("Δ(l10→l0) at K = %d is %.2f × the minimum (decided: ≥ 1.5 rises, ≤ 1.1 flat; the paper's arm "
                        + "grows over 200 epochs, 0.024 → 0.046–0.062)", kMax, ratio),
                ratio >= 1.5 ? YES : ratio <= 1.1 ? NO : NA);
    }

    /** Encoder hump, dip at l5, decoder hump, drop at l10, each by the factor {@link #HUMP}. */
    static boolean isHunchback(double[] id) {
        double enc = Math.max(Math.max(id[1], id[2]), Math.max(id[3], id[4]));
        double dec = Math.max(Math.max(id[6], id[7]), Math.max(id[8], id[9]));
        return enc >= HUMP * id[5] && dec >= HUMP * id[5] && dec >= HUMP * id[10];
    }

    static Check hunchback(LayersStudy.Result r, int kStar) {
        boolean ok = true;
        boolean any = false;
        StringBuilder s = new StringBuilder();
        for (int k : r.config().latentDims()) {
            if (k == kStar) {
                continue;
            }
            boolean h = isHunchback(r.last(k).id());
            s.append(fmt("%sK=%d %s", s.length() == 0 ? "" : ", ", k, h ? "yes" : "no"));
            ok &= (k > kStar) == h;
            any |= k > kStar;
        }
        boolean below = false;
        for (int k : r.config().latentDims()) {
            below |= k < kStar;
        }
        return new Check("Double hunchback (encoder peak, dip at l5, decoder peak, drop at l10) above K*, absent below",
                "hunchback (humps ≥ 1.2 × dip and × l10): " + s + " (K* = " + kStar + ")",
                !any || !below ? NA : ok ? YES : NO);
    }

    static Check flatDecoder(LayersStudy.Result r, int kStar) {
        double worst = 0;
        StringBuilder s = new StringBuilder();
        boolean any = false;
        for (int k : r.config().latentDims()) {
            if (k >= kStar) {
                continue;
            }
            any = true;
            double[] id = r.last(k).id();
            double dev = 0;
            for (int l = 5; l <= 10; l++) {
                dev = Math.max(dev, Math.abs(id[l] / k - 1));
            }
            worst = Math.max(worst, dev);
            s.append(fmt("%sK=%d: l5..l10 = %.1f–%.1f", s.length() == 0 ? "" : "; ", k, min(id, 5, 10), max(id, 5, 10)));
        }
        if (!any) {
            return new Check("Below the transition the decoder's ID stays flat at ≈ K", "no K below K* = " + kStar, NA);
        }
        return new Check("Below the transition the decoder's ID stays flat at ≈ K",
                s + fmt(" (largest |ID/K − 1| = %.2f; accepted ≤ 0.5)", worst), worst <= 0.5 ? YES : NO);
    }

    static Check twoPhases(LayersStudy.Result r, int k, int last) {
        List<LayerGeometry> gs = r.geometry().get(k);
        LayerGeometry min = null;
        for (LayerGeometry g : gs) {
            if (g.epoch() >= 1 && (min == null || g.outputToInput() < min.outputToInput())) {
                min = g;
            }
        }
        double start = r.at(k, 0).outputToInput();
        double end = r.last(k).outputToInput();
        boolean fit = min.outputToInput() <= 0.5 * start;
        boolean rise = min.epoch() < last && end >= 1.1 * min.outputToInput();
        String ours = fmt("K=%d: Δ(l10→l0) %.3f at epoch 0, minimum %.4f at epoch %d, %.4f at epoch %d", k, start,
                min.outputToInput(), min.epoch(), end, last);
        if (fit && !rise) {
            ours += fmt(" — no slow rise within %d epochs (the paper's rise spans epochs 5–20 → 200)", last);
        }
        return new Check("For large K, Δ(l10→l0) first falls fast (rapid fit) then rises slowly (second phase)",
                ours, fit && rise ? YES : NO);
    }

    static Check noiseAtInit(LayersStudy.Result r) {
        int[] ks = r.config().latentDims();
        StringBuilder s = new StringBuilder();
        boolean ok = true;
        for (int i = 0; i < ks.length; i++) {
            double id = r.at(ks[i], 0).id()[5];
            double ratio = id / r.noiseId()[i];
            ok &= ratio >= 0.8 && ratio <= 1.2;
            s.append(fmt("%sK=%d: %.1f vs %.1f", s.length() == 0 ? "" : ", ", ks[i], id, r.noiseId()[i]));
        }
        return new Check("At initialisation the bottleneck's ID ≈ TwoNN of Gaussian noise in K dimensions",
                "ID(l5) at epoch 0 vs TwoNN of N(0, I_K) at the same N: " + s + " (accepted: ratio 0.8–1.2)",
                ok ? YES : NO);
    }

    static Check compression(LayersStudy.Result r, int kStar) {
        StringBuilder s = new StringBuilder();
        double worst = Double.NEGATIVE_INFINITY;
        for (int k : r.config().latentDims()) {
            if (k > Math.max(kStar, 32)) {
                continue;
            }
            double rho = r.last(k).rho()[4];
            worst = Math.max(worst, rho);
            s.append(fmt("%sK=%d: %.2f", s.length() == 0 ? "" : ", ", k, rho));
        }
        String verdict = worst < -0.1 ? YES : worst > 0.1 ? NO : NA;
        return new Check("Entering the bottleneck compresses: ρ(l4→l5) < 0 for K ≤ 32",
                "ρ at l4.5: " + s + " (decided beyond ±0.1)", verdict);
    }

    /** The checks as a table: claim, ours, verdict. */
    /** The checks as the shared replication table (claim, ours, verdict), which the report index counts. */
    public static Replication table(List<Check> checks) {
        return new Replication("Replication check against Camboulin, Doimo, Glielmo (SPEC §1(d))", checks);
    }

    private static double min(double[] v, int from, int to) {
        double m = Double.POSITIVE_INFINITY;
        for (int i = from; i <= to; i++) {
            m = Math.min(m, v[i]);
        }
        return m;
    }

    private static double max(double[] v, int from, int to) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = from; i <= to; i++) {
            m = Math.max(m, v[i]);
        }
        return m;
    }

    private static String fmt(String f, Object... a) {
        return String.format(Locale.ROOT, f, a);
    }
}
