package org.latentlab.studies.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.latentlab.models.Noise;
import org.latentlab.data.ImageDataset;
import org.latentlab.metrics.InformationImbalance;
import org.latentlab.metrics.PointSet;
import org.latentlab.models.ConvVae;
import org.latentlab.objectives.Elbo;
import org.latentlab.objectives.Objective;

import java.util.ArrayList;
import java.util.List;

/**
 * The geometry of every recorded layer of one {@link ConvVae} at one epoch (SPEC §1(c)), on the same N evaluation
 * images, all in evaluation mode. Arrays over layers are indexed l0 … l10 (11 entries; {@code id} has a 12th, μ);
 * arrays over consecutive pairs (l, l+1) have 10 entries.
 *
 * @param latentDim K
 * @param epoch     completed training epochs (0 = at initialisation)
 * @param n         N evaluation images
 * @param id        TwoNN intrinsic dimension (M1: base fit, 10 % discarded) of l0 … l10 and μ
 * @param toInput   Δ(l → l0) (M3, k = 1, full ranks)
 * @param toOutput  Δ(l → l10)
 * @param forward   Δ(l → l+1)
 * @param backward  Δ(l+1 → l)
 * @param rho       ρ_l = (Δ(l→l+1) − Δ(l+1→l)) / mean(|Δ(l→l+1)|, |Δ(l+1→l)|), plotted at l + 0.5
 * @param muToInput Δ(μ → l0)
 * @param testBce   test reconstruction loss: BCE summed over pixels, mean over the N images (nats)
 * @param testKl    test KL(q(z|x) ‖ N(0, I)), mean over the N images (nats)
 * @param seconds   wall time of this measurement (forward pass + all estimators)
 */
public record LayerGeometry(int latentDim, int epoch, int n, double[] id, double[] toInput, double[] toOutput,
                            double[] forward, double[] backward, double[] rho, double muToInput, double testBce,
                            double testKl, double seconds) {
    /** Recorded layers l0 … l10. */
    public static final int LAYERS = 11;

    /** Δ(l10 → l0), the "transition" measure of Figs. 2 and A1. */
    public double outputToInput() {
        return toInput[LAYERS - 1];
    }

    /**
     * Measures the model on {@code eval} (N images, C×32×32) after {@code epoch} epochs: one evaluation-mode forward
     * pass (noise of l5 seeded by {@code seed}), the TwoNN of every layer and μ and the imbalances listed above from
     * one pass over the distances, and the test BCE and KL with the same seed.
     */
    public static LayerGeometry measure(ConvVae model, ImageDataset eval, int epoch, long seed) {
        long t0 = System.nanoTime();
        ConvVae.Activations act = model.activations(eval.pixels(), eval.count(), seed);
        List<PointSet> spaces = spaces(act, "");
        int s = spaces.size();
        boolean[][] pairs = new boolean[s][s];
        int mu = s - 1;
        for (int l = 0; l < LAYERS; l++) {
            pairs[l][0] = true;
            pairs[l][LAYERS - 1] = true;
            if (l + 1 < LAYERS) {
                pairs[l][l + 1] = true;
                pairs[l + 1][l] = true;
            }
        }
        pairs[mu][0] = true;
        InformationImbalance.Matrix m = InformationImbalance.compute(spaces, pairs);
        double[] toIn = new double[LAYERS];
        double[] toOut = new double[LAYERS];
        double[] fwd = new double[LAYERS - 1];
        double[] bwd = new double[LAYERS - 1];
        double[] rho = new double[LAYERS - 1];
        for (int l = 0; l < LAYERS; l++) {
            toIn[l] = m.delta()[l][0];
            toOut[l] = m.delta()[l][LAYERS - 1];
            if (l + 1 < LAYERS) {
                fwd[l] = m.delta()[l][l + 1];
                bwd[l] = m.delta()[l + 1][l];
                rho[l] = InformationImbalance.relativeDifference(fwd[l], bwd[l]);
            }
        }
        double[] losses = testLosses(model, eval, seed);
        double secs = (System.nanoTime() - t0) / 1e9;
        return new LayerGeometry(model.latentDim(), epoch, eval.count(), m.id(), toIn, toOut, fwd, bwd, rho,
                m.delta()[mu][0], losses[0], losses[1], secs);
    }

    /** The 12 recorded spaces (l0 … l10, μ) of {@code act} as point sets named {@code prefix + layer}. */
    static List<PointSet> spaces(ConvVae.Activations act, String prefix) {
        List<PointSet> out = new ArrayList<>();
        for (int i = 0; i < act.layers().length; i++) {
            float[] f = act.layers()[i];
            double[] d = new double[f.length];
            for (int j = 0; j < f.length; j++) {
                d[j] = f[j];
            }
            out.add(PointSet.ofRowMajor(prefix + ConvVae.LAYERS.get(i), d, act.n(), act.dim(i)));
        }
        return out;
    }

    /** {BCE, KL} means over the images, evaluation mode, one seeded sample z per image. */
    private static double[] testLosses(ConvVae model, ImageDataset eval, long seed) {
        boolean was = model.isTraining();
        model.setTraining(false);
        Noise.seed(seed);
        double bce = 0;
        double kl = 0;
        int n = eval.count();
        int dim = eval.dim();
        try (NDManager mgr = model.manager().newSubManager()) {
            for (int from = 0; from < n; from += 500) {
                int m = Math.min(500, n - from);
                try (NDManager step = mgr.newSubManager()) {
                    float[] chunk = java.util.Arrays.copyOfRange(eval.pixels(), from * dim, (from + m) * dim);
                    NDArray x = step.create(chunk, new Shape(m, dim));
                    Objective.Loss l = new Elbo().loss(model, x);
                    bce += l.reconstruction().getFloat() * (double) m;
                    kl += l.kl().getFloat() * (double) m;
                }
            }
        } finally {
            model.setTraining(was);
        }
        if (!Double.isFinite(bce) || !Double.isFinite(kl)) {
            throw new IllegalStateException("test losses of " + model + " are not finite: BCE " + bce + ", KL " + kl);
        }
        return new double[] {bce / n, kl / n};
    }
}
