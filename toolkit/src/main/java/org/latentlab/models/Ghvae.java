package org.latentlab.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import org.latentlab.LatentLab;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The convolutional two-latent-layer GHVAE of Xiao &amp; Bamler (ICLR 2023, HIT code) for MNIST, SPEC §3(b):
 * c = 16 channels, top latent z2 ∈ R^20, bottom latent z1 ∈ R^(16×4×4), Bernoulli decoder on logits, 122,713
 * parameters. Factorisation q(z2|x) q(z1|z2,x), prior p(z2) = N(0, I), p(z1|z2) Gaussian, p(x|z1) Bernoulli; every σ is
 * softplus(·) floored at {@link #SIGMA_FLOOR} (SPEC §3(e)).
 *
 * <p>Parameters use PyTorch layouts and names ({@code nn.Conv2d} (out, in, kh, kw), {@code nn.ConvTranspose2d}
 * (in, out, kh, kw), {@code nn.Linear} (out, in)), so a {@code state_dict} transfers one to one, and are initialised
 * like PyTorch's defaults (uniform ±1/√fan_in, fan_in = size(1)·k·k) from a seeded {@link SplittableRandom}.
 * Transposed convolutions run as libtorch convolutions with the flipped, transposed kernel (DJL's PyTorch engine has
 * no transposed convolution); stride 2 as four parity sub-kernels in one convolution, then interleaved.
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
    private final List<String> names = new ArrayList<>();
    private final List<NDArray> list = new ArrayList<>();
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
        SplittableRandom rng = new SplittableRandom(seed);
        e2c1 = conv(rng, "q_z2.conv1", 1, C, 4);
        e2c2 = conv(rng, "q_z2.conv2", C, C, 4);
        e2c3 = conv(rng, "q_z2.conv3", C, C, 4);
        e2mu = linear(rng, "q_z2.mu", C * 16, Z2);
        e2sg = linear(rng, "q_z2.sigma", C * 16, Z2);
        e1x1 = conv(rng, "q_z1.x_conv1", 1, C, 4);
        e1x2 = conv(rng, "q_z1.x_conv2", C, C, 4);
        e1zl = linear(rng, "q_z1.z_linear", Z2, C * 16);
        e1zt = convT(rng, "q_z1.z_convt", C, C, 4);
        e1c = conv(rng, "q_z1.conv", 2 * C, C, 4);
        e1mu = conv(rng, "q_z1.mu", C, C, 3);
        e1sg = conv(rng, "q_z1.sigma", C, C, 3);
        p1h = linear(rng, "p_z1.hidden", Z2, 128);
        p1mu = linear(rng, "p_z1.mu", 128, C * 16);
        p1sg = linear(rng, "p_z1.sigma", 128, C * 16);
        d1 = convT(rng, "p_x.convt1", C, C, 4);
        d2 = convT(rng, "p_x.convt2", C, C, 4);
        d3 = convT(rng, "p_x.convt3", C, 1, 4);
        for (NDArray a : list) {
            a.setRequiresGradient(true);
        }
        params = new NDList(list);
    }

    /** A new GHVAE-MNIST with seeded PyTorch-style initialisation. */
    public static Ghvae mnist(long seed) {
        return new Ghvae(seed);
    }

    private NDArray[] conv(SplittableRandom rng, String name, int in, int out, int k) {
        return layer(rng, name, new Shape(out, in, k, k), out, in * k * k);
    }

    private NDArray[] convT(SplittableRandom rng, String name, int in, int out, int k) {
        return layer(rng, name, new Shape(in, out, k, k), out, out * k * k);
    }

    private NDArray[] linear(SplittableRandom rng, String name, int in, int out) {
        return layer(rng, name, new Shape(out, in), out, in);
    }

    private NDArray[] layer(SplittableRandom rng, String name, Shape wShape, int out, int fanIn) {
        float bound = (float) (1.0 / Math.sqrt(fanIn));
        float[] w = new float[(int) wShape.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
        float[] b = new float[out];
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
        NDArray wa = TensorMemory.owned(manager, w, wShape);
        NDArray ba = TensorMemory.owned(manager, b, new Shape(out));
        names.add(name + ".weight");
        list.add(wa);
        names.add(name + ".bias");
        list.add(ba);
        return new NDArray[] {wa, ba};
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
        return x.getNDArrayInternal().linear(x, wb[0], wb[1]).singletonOrThrow();
    }

    private static NDArray conv2d(NDArray x, NDArray[] wb, int stride, int pad) {
        return conv2d(x, wb[0], wb[1], stride, pad);
    }

    static NDArray conv2d(NDArray x, NDArray w, NDArray b, int stride, int pad) {
        return x.getNDArrayInternal().convolution(x, w, b, new Shape(stride, stride), new Shape(pad, pad),
                new Shape(1, 1), 1).singletonOrThrow();
    }

    private static NDArray convTranspose2d(NDArray x, NDArray[] wb, int stride, int pad) {
        return convTranspose2d(x, wb[0], wb[1], stride, pad);
    }

    /**
     * {@code torch.nn.functional.conv_transpose2d(x, w, b, stride, pad)} for a square kernel, w of shape
     * (in, out, k, k): the input dilated by the stride (zeros between entries), convolved with the spatially flipped
     * kernel with in/out swapped, padding k − 1 − pad. Output side (H − 1)·stride − 2·pad + k.
     */
    static NDArray convTranspose2d(NDArray x, NDArray w, NDArray b, int stride, int pad) {
        long k = w.getShape().get(2);
        // The flipped kernel is derived from a parameter, so DJL attaches it to the parameter's (model-lifetime)
        // manager; move it to the input's manager so it is freed with the step like every other temporary (else each
        // forward pass leaks the kernel copies and their autograd nodes until the model is closed).
        NDArray wf = w.flip(2, 3);
        wf.attach(x.getManager());
        wf = wf.transpose(1, 0, 2, 3);                                    // (out, in, k, k), flipped
        if (stride == 1) {
            return conv2d(x, wf, b, 1, (int) (k - 1 - pad));
        }
        if (stride == 2 && k == 4 && pad == 1) {
            return subPixelTranspose(x, wf, b);
        }
        Shape s = x.getShape();
        long n = s.get(0);
        long c = s.get(1);
        long h = s.get(2);
        long wd = s.get(3);
        NDArray r = x.reshape(n, c, h, 1, wd, 1);
        NDArray zCol = r.zerosLike();
        for (int i = 1; i < stride - 1; i++) {
            zCol = zCol.concat(r.zerosLike(), 5);
        }
        NDArray row = r.concat(zCol, 5);                                  // (n, c, h, 1, w, stride)
        NDArray zRow = row.zerosLike();
        for (int i = 1; i < stride - 1; i++) {
            zRow = zRow.concat(row.zerosLike(), 3);
        }
        NDArray in = row.concat(zRow, 3).reshape(n, c, h * stride, wd * stride)
                .get(new NDIndex().addAllDim().addAllDim().addSliceDim(0, (h - 1) * stride + 1)
                        .addSliceDim(0, (wd - 1) * stride + 1));
        return conv2d(in, wf, b, 1, (int) (k - 1 - pad));
    }

    /**
     * Stride-2, k = 4, pad = 1 transposed convolution without the zero-dilated input: output pixel (2a + p, 2c + q)
     * only sees the flipped kernel's taps with parity (p, q), so the four 2×2 sub-kernels run as one convolution with
     * 4·out channels on the input padded by 1, and the four parity planes are interleaved (same FLOPs as PyTorch).
     */
    private static NDArray subPixelTranspose(NDArray x, NDArray wf, NDArray b) {
        Shape s = x.getShape();
        long n = s.get(0);
        long h = s.get(2);
        long wd = s.get(3);
        long out = wf.getShape().get(0);
        NDArray k00 = wf.get(new NDIndex().addAllDim().addAllDim().addSliceDim(0, 4, 2).addSliceDim(0, 4, 2));
        NDArray k01 = wf.get(new NDIndex().addAllDim().addAllDim().addSliceDim(0, 4, 2).addSliceDim(1, 4, 2));
        NDArray k10 = wf.get(new NDIndex().addAllDim().addAllDim().addSliceDim(1, 4, 2).addSliceDim(0, 4, 2));
        NDArray k11 = wf.get(new NDIndex().addAllDim().addAllDim().addSliceDim(1, 4, 2).addSliceDim(1, 4, 2));
        NDArray kAll = k00.concat(k01, 0).concat(k10, 0).concat(k11, 0);
        NDArray bAll = NDArrays.concat(new NDList(b, b, b, b), 0);
        bAll.attach(x.getManager());
        NDArray y = conv2d(x, kAll, bAll, 1, 1);                          // (n, 4·out, h + 1, w + 1)
        NDArray[] z = new NDArray[4];
        for (int p = 0; p < 2; p++) {
            for (int q = 0; q < 2; q++) {
                int blk = 2 * p + q;
                z[blk] = y.get(new NDIndex().addAllDim().addSliceDim(blk * out, (blk + 1) * out)
                        .addSliceDim(p, p + h).addSliceDim(q, q + wd));
            }
        }
        NDArray row0 = z[0].expandDims(4).concat(z[1].expandDims(4), 4);  // (n, out, h, w, 2)
        NDArray row1 = z[2].expandDims(4).concat(z[3].expandDims(4), 4);
        return row0.expandDims(3).concat(row1.expandDims(3), 3).reshape(n, out, 2 * h, 2 * wd);
    }

    @Override
    public NDList parameters() {
        return params;
    }

    /** Parameter names in the order of {@link #parameters()}, PyTorch {@code state_dict} style. */
    public List<String> parameterNames() {
        return Collections.unmodifiableList(names);
    }

    /** Total number of scalar parameters (122,713 for MNIST). */
    public long parameterCount() {
        long n = 0;
        for (NDArray p : params) {
            n += p.getShape().size();
        }
        return n;
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
