package org.latentlab.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import org.latentlab.LatentLab;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The paper-tier two-latent models of Xiao &amp; Bamler (ICLR 2023, HIT code) for 3×32×32 images (SVHN, CIFAR-10),
 * SPEC §3(b): c = 32 channels, top latent z2 ∈ R^32, bottom latent z1 ∈ R^(32×4×4), p(z1|z2) with a 256-unit hidden
 * layer, and a decoder f(z1) = sigmoid(·) for the fixed-σ Gaussian likelihood N(f(z1), σ_x² I).
 * <ul>
 *   <li>{@link #ghvae(long)} — GHVAE, 475,811 parameters: q(z2|x) = three k4 s2 p1 convs (32 → 16 → 8 → 4) and
 *   linear μ / softplus σ heads; q(z1|z2, x) from an x-branch (two k4 s2 p1 convs, 32×8×8) and a z2-branch
 *   (linear 32 → 512, reshape 32×4×4, convT k4 s2 p1 → 8×8), concatenated [z-branch, x-branch], a k4 s2 p1 conv
 *   64 → 32 (→ 4×4) and k3 heads.</li>
 *   <li>{@link #lvae(long)} — LVAE, 408,131 parameters: a shared bottom-up trunk d1 = ReLU(conv(ReLU(conv(x))))
 *   (32×8×8); q(z2|x) from its own mid conv on d1 and linear heads; the bottom-up estimate for z1 from another mid
 *   conv, μ̂ = conv3×3 and v̂ = softplus(conv3×3) read as a <i>variance</i>, merged with p(z1|z2) = N(μ_p, σ_p²) by
 *   precision weighting: σ² = v̂σ_p²/(v̂ + σ_p²), μ = (μ̂σ_p² + μ_p v̂)/(v̂ + σ_p²) (Sønderby et al. 2016).</li>
 * </ul>
 * Both share p(z1|z2) (linear 32 → 256 ReLU → linear μ and softplus σ, 512 each) and p(x|z1) (three convT k4 s2 p1,
 * 4 → 8 → 16 → 32, ReLU between, sigmoid last). Every σ is floored at {@link Ghvae#SIGMA_FLOOR}. Parameters use
 * PyTorch layouts and default initialisation, as {@link Ghvae}. Inputs are flat (B, 3072), channel-major.
 */
public final class HitConvVae implements TrainableModel {
    /** Parameter count of the SVHN/CIFAR GHVAE (SPEC §3(b), §H.4). */
    public static final int GHVAE_PARAMETERS = 475_811;
    /** Parameter count of the SVHN/CIFAR LVAE (SPEC §3(b), §H.4). */
    public static final int LVAE_PARAMETERS = 408_131;
    private static final int C = 32;
    private static final int Z2 = 32;
    private static final int HIDDEN = 256;
    private static final int SIDE = 32;
    private static final int CHANNELS = 3;

    /** Which of the two paper-tier models. */
    public enum Kind { GHVAE, LVAE }

    private final Kind kind;
    private final NDManager manager;
    private final List<String> names = new ArrayList<>();
    private final List<NDArray> list = new ArrayList<>();
    private final NDList params;
    // bottom-up / q(z2|x)
    private final NDArray[] c1, c2, c3, muTop, sgTop;
    // GHVAE q(z1|z2,x) ; LVAE bottom-up z1 estimate (c3b = its mid conv)
    private final NDArray[] x1, x2, zLin, zConvT, comb, c3b, muBot, sgBot;
    // p(z1|z2), p(x|z1)
    private final NDArray[] pHid, pMu, pSg, d1, d2, d3;

    private HitConvVae(Kind kind, long seed) {
        this.kind = kind;
        manager = LatentLab.init().newBaseManager();
        LayerInit rng = new LayerInit(manager, seed);
        c1 = rng.conv("q_z2.conv1", CHANNELS, C, 4);
        c2 = rng.conv("q_z2.conv2", C, C, 4);
        c3 = rng.conv("q_z2.conv3", C, C, 4);
        muTop = rng.linear("q_z2.mu", C * 16, Z2);
        sgTop = rng.linear("q_z2.sigma", C * 16, Z2);
        if (kind == Kind.GHVAE) {
            x1 = rng.conv("q_z1.x_conv1", CHANNELS, C, 4);
            x2 = rng.conv("q_z1.x_conv2", C, C, 4);
            zLin = rng.linear("q_z1.z_linear", Z2, C * 16);
            zConvT = rng.convT("q_z1.z_convt", C, C, 4);
            comb = rng.conv("q_z1.conv", 2 * C, C, 4);
            c3b = null;
        } else {
            x1 = null;
            x2 = null;
            zLin = null;
            zConvT = null;
            comb = null;
            c3b = rng.conv("bu_z1.conv", C, C, 4);
        }
        muBot = rng.conv(kind == Kind.GHVAE ? "q_z1.mu" : "bu_z1.mu", C, C, 3);
        sgBot = rng.conv(kind == Kind.GHVAE ? "q_z1.sigma" : "bu_z1.var", C, C, 3);
        pHid = rng.linear("p_z1.hidden", Z2, HIDDEN);
        pMu = rng.linear("p_z1.mu", HIDDEN, C * 16);
        pSg = rng.linear("p_z1.sigma", HIDDEN, C * 16);
        d1 = rng.convT("p_x.convt1", C, C, 4);
        d2 = rng.convT("p_x.convt2", C, C, 4);
        d3 = rng.convT("p_x.convt3", C, CHANNELS, 4);
        names.addAll(rng.parameterNames());
        list.addAll(rng.parameters());
        for (NDArray a : list) {
            a.setRequiresGradient(true);
        }
        params = new NDList(list);
    }

    /** The SVHN/CIFAR GHVAE with seeded PyTorch-style initialisation. */
    public static HitConvVae ghvae(long seed) {
        return new HitConvVae(Kind.GHVAE, seed);
    }

    /** The SVHN/CIFAR LVAE with seeded PyTorch-style initialisation. */
    public static HitConvVae lvae(long seed) {
        return new HitConvVae(Kind.LVAE, seed);
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public int inputDim() {
        return CHANNELS * SIDE * SIDE;
    }

    /** Dimension of z2 (32). */
    public int topLatentDim() {
        return Z2;
    }

    /** Shape of z1 per example: (32, 4, 4). */
    public Shape bottomLatentShape() {
        return new Shape(C, 4, 4);
    }

    /** The bottom-up trunk on x (B, 3072): two k4 s2 p1 convs, 32×8×8. */
    private NDArray trunk(NDArray x, NDArray[] a, NDArray[] b) {
        NDArray h = Activation.relu(ConvOps.conv2d(image(x), a[0], a[1], 2, 1));
        return Activation.relu(ConvOps.conv2d(h, b[0], b[1], 2, 1));
    }

    /** q(z2|x): μ and σ of shape (B, 32). */
    public Ghvae.Gaussian encodeTop(NDArray x) {
        NDArray h = Activation.relu(ConvOps.conv2d(trunk(x, c1, c2), c3[0], c3[1], 2, 1));
        h = h.reshape(h.getShape().get(0), C * 16);
        return new Ghvae.Gaussian(lin(h, muTop), sigma(lin(h, sgTop)));
    }

    /**
     * q(z1|z2, x): μ and σ of shape (B, 32, 4, 4); for the LVAE the precision-weighted merge of the bottom-up
     * estimate with p(z1|z2).
     */
    public Ghvae.Gaussian encodeBottom(NDArray x, NDArray z2) {
        if (kind == Kind.GHVAE) {
            long b = x.getShape().get(0);
            NDArray hx = trunk(x, x1, x2);
            NDArray hz = Activation.relu(lin(z2, zLin)).reshape(b, C, 4, 4);
            hz = Activation.relu(ConvOps.convTranspose2d(hz, zConvT[0], zConvT[1], 2, 1));
            NDArray h = Activation.relu(ConvOps.conv2d(hz.concat(hx, 1), comb[0], comb[1], 2, 1));
            return new Ghvae.Gaussian(ConvOps.conv2d(h, muBot[0], muBot[1], 1, 1),
                    sigma(ConvOps.conv2d(h, sgBot[0], sgBot[1], 1, 1)));
        }
        NDArray h = Activation.relu(ConvOps.conv2d(trunk(x, c1, c2), c3b[0], c3b[1], 2, 1));
        NDArray muHat = ConvOps.conv2d(h, muBot[0], muBot[1], 1, 1);
        NDArray vHat = sigma(ConvOps.conv2d(h, sgBot[0], sgBot[1], 1, 1));   // a variance (HIT's Fixed_z variant)
        return merge(muHat, vHat, priorBottom(z2));
    }

    /** Precision-weighted merge of N(μ̂, v̂) (v̂ a variance) with the prior N(μ_p, σ_p²): the LVAE posterior. */
    public static Ghvae.Gaussian merge(NDArray muHat, NDArray vHat, Ghvae.Gaussian prior) {
        NDArray vp = prior.sigma().square();
        NDArray den = vHat.add(vp);
        NDArray var = vHat.mul(vp).div(den);
        NDArray mu = muHat.mul(vp).add(prior.mu().mul(vHat)).div(den);
        return new Ghvae.Gaussian(mu, var.sqrt());
    }

    /** p(z1|z2): μ and σ of shape (B, 32, 4, 4). */
    public Ghvae.Gaussian priorBottom(NDArray z2) {
        long b = z2.getShape().get(0);
        NDArray h = Activation.relu(lin(z2, pHid));
        return new Ghvae.Gaussian(lin(h, pMu).reshape(b, C, 4, 4), sigma(lin(h, pSg)).reshape(b, C, 4, 4));
    }

    /** The decoder mean f(z1) ∈ (0, 1) of shape (B, 3072) for z1 (B, 32, 4, 4). */
    public NDArray decodeMean(NDArray z1) {
        long b = z1.getShape().get(0);
        NDArray h = Activation.relu(ConvOps.convTranspose2d(z1, d1[0], d1[1], 2, 1));
        h = Activation.relu(ConvOps.convTranspose2d(h, d2[0], d2[1], 2, 1));
        return Activation.sigmoid(ConvOps.convTranspose2d(h, d3[0], d3[1], 2, 1)).reshape(b, inputDim());
    }

    private static NDArray image(NDArray x) {
        return x.reshape(x.getShape().get(0), CHANNELS, SIDE, SIDE);
    }

    private static NDArray sigma(NDArray a) {
        return Activation.softPlus(a).clip(Ghvae.SIGMA_FLOOR, Float.MAX_VALUE);
    }

    private static NDArray lin(NDArray x, NDArray[] wb) {
        return x.getNDArrayInternal().linear(x, wb[0], wb[1]).singletonOrThrow();
    }

    @Override
    public NDList parameters() {
        return params;
    }

    /** Parameter names in the order of {@link #parameters()}, PyTorch {@code state_dict} style. */
    public List<String> parameterNames() {
        return Collections.unmodifiableList(names);
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }

    @Override
    public String toString() {
        return "HitConvVae(" + kind + ", 3x32x32, c=32, z2=32, z1=32x4x4)";
    }
}
