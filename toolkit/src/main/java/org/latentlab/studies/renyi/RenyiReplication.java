package org.latentlab.studies.renyi;

import org.latentlab.geometry.FisherRao;
import org.latentlab.geometry.Interpolations;
import org.latentlab.notebook.Replication;
import org.latentlab.notebook.Replication.Check;
import org.latentlab.probes.ProbeResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * The replication check of notebook 04: each claim of SPEC §4(d), our number, and a verdict computed from it
 * ({@link Replication}'s vocabulary). Verdicts: {@code reproduced}, {@code not reproduced}, {@code in range},
 * {@code close} (within 0.01 of the range), {@code out of range}, or {@code n/a} when the run lacks what the claim
 * needs (e.g. one k in quick mode).
 */
public final class RenyiReplication {
    private RenyiReplication() {}

    /**
     * Numbers measured on the Fig. 5 interpolation.
     *
     * @param sharpLinear      largest one-step change of p(class of B) along row 2 (linear μ)
     * @param sharpGeodesic    the same along row 5 (geodesic μ)
     * @param stepSampled      mean L2 distance between consecutive images of row 4 (sampled geodesic)
     * @param stepUnsampled    the same for row 5
     * @param bulgeFraction    fraction of dimensions with |Δμ| &gt; 0.1 whose geodesic σ(t) rises above both
     *                         endpoint σ somewhere along the path (it does iff Δμ²/2 &gt; |σ_A² − σ_B²|)
     * @param bulgeDims        number of such dimensions
     */
    public record Geometry(double sharpLinear, double sharpGeodesic, double stepSampled, double stepUnsampled,
                           double bulgeFraction, int bulgeDims) {

        /**
         * Measures a grid with a classifier giving class probabilities (count × 10) for images (count × 784).
         */
        public static Geometry measure(Interpolations.Grid g, BiFunction<float[], Integer, double[]> probabilities) {
            int cols = g.columns();
            double[] pLast = probabilities.apply(g.image(4, cols - 1), 1);
            int target = argmax(pLast, 0, pLast.length);
            double sharpLin = maxStep(probabilities.apply(g.row(1), cols), cols, target);
            double sharpGeo = maxStep(probabilities.apply(g.row(4), cols), cols, target);
            double stepS = meanStep(g, 3);
            double stepU = meanStep(g, 4);
            int dims = 0;
            int bulge = 0;
            double[] ts = FisherRao.evenly(101);
            for (int j = 0; j < g.muA().length; j++) {
                if (Math.abs(g.muA()[j] - g.muB()[j]) > 0.1) {
                    dims++;
                    double top = 0;
                    for (double t : ts) {
                        top = Math.max(top, FisherRao.geodesic(g.muA()[j], g.sigmaA()[j], g.muB()[j], g.sigmaB()[j],
                                t).sigma());
                    }
                    if (top > Math.max(g.sigmaA()[j], g.sigmaB()[j]) + 1e-12) {
                        bulge++;
                    }
                }
            }
            return new Geometry(sharpLin, sharpGeo, stepS, stepU, dims == 0 ? Double.NaN : bulge / (double) dims,
                    dims);
        }

        private static double maxStep(double[] p, int cols, int target) {
            double best = 0;
            for (int c = 1; c < cols; c++) {
                best = Math.max(best, Math.abs(p[c * 10 + target] - p[(c - 1) * 10 + target]));
            }
            return best;
        }

        private static double meanStep(Interpolations.Grid g, int row) {
            double s = 0;
            for (int c = 1; c < g.columns(); c++) {
                float[] a = g.image(row, c - 1);
                float[] b = g.image(row, c);
                double d = 0;
                for (int i = 0; i < a.length; i++) {
                    d += (a[i] - b[i]) * (double) (a[i] - b[i]);
                }
                s += Math.sqrt(d);
            }
            return s / (g.columns() - 1);
        }

        private static int argmax(double[] v, int from, int to) {
            int a = from;
            for (int i = from + 1; i < to; i++) {
                if (v[i] > v[a]) {
                    a = i;
                }
            }
            return a - from;
        }
    }

    /** All checks for the sweep results, the pixel baseline and the geometry measurements. */
    public static List<Check> checks(List<RenyiResult> results, ProbeResult pixels, Geometry geo) {
        List<Check> out = new ArrayList<>();
        List<Integer> ks = RenyiFigures.ks(results);
        boolean hasAlphas = has(results, "0") && has(results, "1");
        // E3.1 active components
        if (hasAlphas) {
            StringBuilder ours = new StringBuilder();
            boolean all = true;
            for (int k : ks) {
                int a0 = RenyiFigures.find(results, k, "0").activeComponents();
                int a1 = RenyiFigures.find(results, k, "1").activeComponents();
                ours.append(String.format(Locale.ROOT, "k=%d: α=1 → %d, α=0 → %d; ", k, a1, a0));
                all &= a0 > a1;
            }
            out.add(new Check("Active components rise as α decreases from 1 to 0", ours.toString().trim(),
                    all ? "reproduced" : "not reproduced"));
        }
        if (has(results, "0") && has(results, "max")) {
            StringBuilder ours = new StringBuilder();
            boolean all = true;
            for (int k : ks) {
                int a0 = RenyiFigures.find(results, k, "0").activeComponents();
                int am = RenyiFigures.find(results, k, "max").activeComponents();
                ours.append(String.format(Locale.ROOT, "k=%d: α=0 → %d, VR-max → %d; ", k, a0, am));
                all &= Math.abs(a0 - am) <= 1;
            }
            out.add(new Check("The count saturates below α = 0 (VR-max within 1 of α = 0)", ours.toString().trim(),
                    all ? "reproduced" : "not reproduced"));
        }
        if (ks.size() > 1 && has(results, "0")) {
            int min = Integer.MAX_VALUE;
            int max = Integer.MIN_VALUE;
            StringBuilder ours = new StringBuilder();
            for (int k : ks) {
                int a = RenyiFigures.find(results, k, "0").activeComponents();
                min = Math.min(min, a);
                max = Math.max(max, a);
                ours.append("k=").append(k).append(": ").append(a).append("; ");
            }
            out.add(new Check("At α = 0 the count is the same for every k (capacity-, not k-limited)",
                    ours.toString().trim(), max - min <= 1 ? "reproduced" : "not reproduced"));
        } else {
            out.add(new Check("At α = 0 the count is the same for every k (capacity-, not k-limited)",
                    "one k only (k=" + ks + ")", "n/a"));
        }
        // E3.2 bounds
        if (has(results, "0") && has(results, "0.5") && has(results, "1")) {
            StringBuilder ours = new StringBuilder();
            boolean all = true;
            boolean below = true;
            for (int k : ks) {
                double v1 = RenyiFigures.find(results, k, "1").vrBound();
                double v5 = RenyiFigures.find(results, k, "0.5").vrBound();
                double v0 = RenyiFigures.find(results, k, "0").vrBound();
                double is0 = RenyiFigures.find(results, k, "0").isLogLikelihood();
                ours.append(String.format(Locale.ROOT, "k=%d: VR %.2f → %.2f → %.2f (α=1, 0.5, 0), IS(α=0) %.2f; ",
                        k, v1, v5, v0, is0));
                all &= v0 > v5 && v5 > v1;
                below &= v0 <= is0 + 3 * RenyiFigures.find(results, k, "0").isLogLikelihoodSe() + 1e-9;
            }
            out.add(new Check("The VR bound L̂_{α,10} rises toward the IS estimate as α → 0",
                    ours.toString().trim(), all && below ? "reproduced" : "not reproduced"));
        }
        // E3.3 probes
        List<RenyiResult> elbo = results.stream().filter(r -> r.alphaLabel().equals("elbo")).toList();
        if (pixels != null) {
            out.add(range("Linear classifier on raw pixels: 0.88–0.92 test accuracy", pixels.accuracy(), 0.88, 0.92));
        }
        for (RenyiResult r : elbo) {
            out.add(range("Logistic probe on latent means μ: 0.93–0.94 (k=" + r.k() + ", KL-trained)",
                    r.finalAccuracy("logistic", "mu"), 0.93, 0.94));
        }
        if (!elbo.isEmpty()) {
            StringBuilder ours = new StringBuilder();
            int above = 0;
            int below = 0;
            int n = 0;
            for (RenyiResult r : elbo) {
                for (int e : r.probes().stream().mapToInt(ProbeResult::epoch).distinct().sorted().toArray()) {
                    double mu = acc(r, e, "mu");
                    double mv = acc(r, e, "mu+var");
                    double z = acc(r, e, "z");
                    n++;
                    if (mv > mu) {
                        above++;
                    }
                    if (z < mu) {
                        below++;
                    }
                }
            }
            ours.append(above).append(" of ").append(n).append(" probed epochs");
            out.add(new Check("[μ, σ²] is consistently above μ", ours.toString(),
                    above == n ? "reproduced" : "not reproduced"));
            out.add(new Check("One sample z is below μ", below + " of " + n + " probed epochs",
                    below == n ? "reproduced" : "not reproduced"));
            if (pixels != null) {
                double mu = elbo.get(0).finalAccuracy("logistic", "mu");
                out.add(new Check("Latent means beat the pixel baseline", String.format(Locale.ROOT,
                        "μ %.4f vs pixels %.4f (k=%d)", mu, pixels.accuracy(), elbo.get(0).k()),
                        mu > pixels.accuracy() ? "reproduced" : "not reproduced"));
            }
            if (elbo.size() > 1) {
                double first = elbo.get(0).finalAccuracy("logistic", "mu");
                double last = elbo.get(elbo.size() - 1).finalAccuracy("logistic", "mu");
                out.add(new Check("Larger k is marginally better (μ probe)", String.format(Locale.ROOT,
                        "k=%d: %.4f, k=%d: %.4f", elbo.get(0).k(), first, elbo.get(elbo.size() - 1).k(), last),
                        last >= first ? "reproduced" : "not reproduced"));
            } else {
                out.add(new Check("Larger k is marginally better (μ probe)", "one k only", "n/a"));
            }
        }
        List<RenyiResult> vr = results.stream().filter(r -> !r.alphaLabel().equals("elbo")).toList();
        if (vr.size() > 1) {
            double min = vr.stream().mapToDouble(r -> r.finalAccuracy("logistic", "mu")).min().orElse(Double.NaN);
            double max = vr.stream().mapToDouble(r -> r.finalAccuracy("logistic", "mu")).max().orElse(Double.NaN);
            out.add(new Check("α has a minor effect on probe accuracy (μ, spread < 0.02 over α)",
                    String.format(Locale.ROOT, "%.4f to %.4f", min, max),
                    max - min < 0.02 ? "reproduced" : "not reproduced"));
        }
        // E3.4 geometry
        FisherRao.Point mid = FisherRao.geodesic(-2, 1, 2, 1, 0.5);
        double d = FisherRao.distance(-2, 1, 2, 1);
        out.add(new Check("Geodesic (−2,1)→(2,1): midpoint (0, √3 = 1.732), d_FR = 3.24199",
                String.format(Locale.ROOT, "midpoint (%.4f, %.4f), d_FR = %.5f", mid.mu(), mid.sigma(), d),
                Math.abs(mid.sigma() - Math.sqrt(3)) < 1e-3 && Math.abs(mid.mu()) < 1e-6
                        && Math.abs(d - 3.24199) < 1e-4 ? "reproduced" : "not reproduced"));
        if (geo != null) {
            out.add(new Check("Along the geodesic σ(t) rises above both endpoints (most dims with |Δμ| > 0.1)",
                    String.format(Locale.ROOT, "%.0f%% of %d dims", 100 * geo.bulgeFraction(), geo.bulgeDims()),
                    geo.bulgeDims() == 0 ? "n/a" : geo.bulgeFraction() > 0.5 ? "reproduced" : "not reproduced"));
            out.add(new Check("Sampling along the geodesic (row 4) gives more variable images than row 5",
                    String.format(Locale.ROOT, "mean step %.2f vs %.2f (L2, pixels)", geo.stepSampled(),
                            geo.stepUnsampled()),
                    geo.stepSampled() > geo.stepUnsampled() ? "reproduced" : "not reproduced"));
            out.add(new Check("The unsampled geodesic (row 5) gives a slightly sharper class transition than linear μ"
                            + " (row 2)", String.format(Locale.ROOT, "largest one-step change of p(class B): %.3f vs "
                            + "%.3f", geo.sharpGeodesic(), geo.sharpLinear()),
                    geo.sharpGeodesic() >= geo.sharpLinear() ? "reproduced" : "not reproduced"));
        }
        return out;
    }

    /** The checks as notebook 04's replication table (show it with {@code Notebook.show}). */
    public static Replication table(List<Check> checks) {
        return new Replication("replication check against Peşte, Malagò & Sârbu (SPEC §4(d))", checks);
    }

    private static Check range(String claim, double v, double lo, double hi) {
        return Replication.range(claim, v, lo, hi, 0.01);
    }

    private static boolean has(List<RenyiResult> results, String alpha) {
        return results.stream().anyMatch(r -> r.alphaLabel().equals(alpha));
    }

    private static double acc(RenyiResult r, int epoch, String features) {
        return r.probes().stream().filter(p -> p.epoch() == epoch && p.features().equals(features)
                && p.probe().equals("logistic")).mapToDouble(ProbeResult::accuracy).findFirst().orElse(Double.NaN);
    }
}
