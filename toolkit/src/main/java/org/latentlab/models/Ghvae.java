package org.latentlab.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import org.latentlab.LatentLab;

import java.util.List;

/**
 * The convolutional two-latent-layer GHVAE of Xiao &amp; Bamler (ICLR 2023, HIT code) for MNIST, SPEC §3(b):
 * c = 16 channels, top latent z2 ∈ R^20, bottom latent z1 ∈ R^(16×4×4), Bernoulli decoder on logits, 122,713
 * parameters. Factorisation q(z2|x) q(z1|z2,x), prior p(z2) = N(0, I), p(z1|z2) Gaussian, p(x|z1) Bernoulli; every σ is
 * softplus(·) floored at {@link #SIGMA_FLOOR} (SPEC §3(e)).
 *
 * <p>Parameters use PyTorch layouts and names ({@code nn.Conv2d} (out, in, kh, kw), {@code nn.ConvTranspose2d}
 * (in, out, kh, kw), {@code nn.Linear} (out, in)), so a {@code state_dict} transfers one to one, and are initialised
 * like PyTorch's defaults (uniform ±1/√fan_in, fan_in = size(1)·k·k) from a seeded {@link SplittableRandom}.
 * Transposed convolutions run through {@link ConvOps#convTranspose2d} (DJL's PyTorch engine has none).
 */
public final class Ghvae implements TrainableModel {
    /** Exact parameter count of GHVAE-MNIST (SPEC §3(b), §H.4). */
    public static final int MNIST_PARAMETERS = 122_713;
    /** Floor on every softplus σ (SPEC §3(e)). */
    public static final float SIGMA_FLOOR = 1e-6f;
    private static final int C = 16;
    private static final int Z2 = 20;
    private static final int SIDE = 28;

    /** A diagonal Gaussian N(μ, diag σ²) for a batch; shapes (B, 20) for z2, (B, 16, 4, 4) for z1. */
    public record Gaussian(NDArray mu, NDArray sigma) {}

    private final NDManager manager;
    private final List<String> names;
    private final NDList params;
    // q(z2|x)
    private final NDArray[] e2c1, e2c2, e2c3, e2mu, e2sg;
    // q(z1|z2,x)
    private final NDArray[] e1x1, e1x2, e1zl, e1zt, e1c, e1mu, e1sg;
    // p(z1|z2)
    private final NDArray[] p1h, p1mu, p1sg;
    // p(x|z1)
    private final NDArray[] d1, d2, d3;

    private Ghvae(long seed) {
        manager = LatentLab.init().newBaseManager();
        LayerInit init = new LayerInit(manager, seed);
        e2c1 = init.conv("q_z2.conv1", 1, C, 4);
        e2c2 = init.conv("q_z2.conv2", C, C, 4);
        e2c3 = init.conv("q_z2.conv3", C, C, 4);
        e2mu = init.linear("q_z2.mu", C * 16, Z2);
        e2sg = init.linear("q_z2.sigma", C * 16, Z2);
        e1x1 = init.conv("q_z1.x_conv1", 1, C, 4);
        e1x2 = init.conv("q_z1.x_conv2", C, C, 4);
        e1zl = init.linear("q_z1.z_linear", Z2, C * 16);
        e1zt = init.convT("q_z1.z_convt", C, C, 4);
        e1c = init.conv("q_z1.conv", 2 * C, C, 4);
        e1mu = init.conv("q_z1.mu", C, C, 3);
        e1sg = init.conv("q_z1.sigma", C, C, 3);
        p1h = init.linear("p_z1.hidden", Z2, 128);
        p1mu = init.linear("p_z1.mu", 128, C * 16);
        p1sg = init.linear("p_z1.sigma", 128, C * 16);
        d1 = init.convT("p_x.convt1", C, C, 4);
        d2 = init.convT("p_x.convt2", C, C, 4);
        d3 = init.convT("p_x.convt3", C, 1, 4);
        params = init.parameters();
        names = init.parameterNames();
    }

    /** A new GHVAE-MNIST with seeded PyTorch-style initialisation. */
    public static Ghvae mnist(long seed) {
        return new Ghvae(seed);
    }

    @Override
    public int inputDim() {
        return SIDE * SIDE;
    }

    /** Dimension of the top latent z2 (20). */
    public int topLatentDim() {
        return Z2;
    }

    /** Shape of the bottom latent z1 per example: (16, 4, 4). */
    public Shape bottomLatentShape() {
        return new Shape(C, 4, 4);
    }

    /** q(z2|x) for x of shape (B, 784): μ and σ of shape (B, 20). */
    public Gaussian encodeTop(NDArray x) {
        NDArray h = image(x);
        h = Activation.relu(conv2d(h, e2c1, 2, 1));
        h = Activation.relu(conv2d(h, e2c2, 2, 1));
        h = Activation.relu(conv2d(h, e2c3, 1, 0));
        h = h.reshape(h.getShape().get(0), C * 16);
        return new Gaussian(linear(h, e2mu), sigma(linear(h, e2sg)));
    }

    /** q(z1|z2,x) for x (B, 784) and z2 (B, 20): μ and σ of shape (B, 16, 4, 4). */
    public Gaussian encodeBottom(NDArray x, NDArray z2) {
        long b = x.getShape().get(0);
        NDArray hx = Activation.relu(conv2d(image(x), e1x1, 2, 1));
        hx = Activation.relu(conv2d(hx, e1x2, 2, 1));
        NDArray hz = Activation.relu(linear(z2, e1zl)).reshape(b, C, 4, 4);
        hz = Activation.relu(convTranspose2d(hz, e1zt, 1, 0));
        NDArray h = Activation.relu(conv2d(hz.concat(hx, 1), e1c, 1, 0));
        return new Gaussian(conv2d(h, e1mu, 1, 1), sigma(conv2d(h, e1sg, 1, 1)));
    }

    /** p(z1|z2) for z2 (B, 20): μ and σ of shape (B, 16, 4, 4). */
    public Gaussian priorBottom(NDArray z2) {
        long b = z2.getShape().get(0);
        NDArray h = Activation.relu(linear(z2, p1h));
        return new Gaussian(linear(h, p1mu).reshape(b, C, 4, 4), sigma(linear(h, p1sg)).reshape(b, C, 4, 4));
    }

    /** Bernoulli logits of p(x|z1) for z1 (B, 16, 4, 4): shape (B, 784). */
    public NDArray decodeLogits(NDArray z1) {
        long b = z1.getShape().get(0);
        NDArray h = Activation.relu(convTranspose2d(z1, d1, 1, 0));
        h = Activation.relu(convTranspose2d(h, d2, 2, 1));
        return convTranspose2d(h, d3, 2, 1).reshape(b, SIDE * SIDE);
    }

    private static NDArray image(NDArray x) {
        return x.reshape(x.getShape().get(0), 1, SIDE, SIDE);
    }

    /** softplus(a) floored at {@link #SIGMA_FLOOR}. */
    private static NDArray sigma(NDArray a) {
        return Activation.softPlus(a).clip(SIGMA_FLOOR, Float.MAX_VALUE);
    }

    private static NDArray linear(NDArray x, NDArray[] wb) {
        return ConvOps.linear(x, wb[0], wb[1]);
    }

    private static NDArray conv2d(NDArray x, NDArray[] wb, int stride, int pad) {
        return ConvOps.conv2d(x, wb[0], wb[1], stride, pad);
    }

    private static NDArray convTranspose2d(NDArray x, NDArray[] wb, int stride, int pad) {
        return ConvOps.convTranspose2d(x, wb[0], wb[1], stride, pad);
    }

    @Override
    public NDList parameters() {
        return params;
    }

    /** Parameter names in the order of {@link #parameters()}, PyTorch {@code state_dict} style. */
    public List<String> parameterNames() {
        return names;
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
        return "Ghvae(MNIST, c=16, z2=20, z1=16x4x4)";
    }
}
