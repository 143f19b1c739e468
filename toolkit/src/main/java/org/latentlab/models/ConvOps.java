package org.latentlab.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The layer operations the convolutional models share, in PyTorch's layouts and conventions: linear, 2-D
 * convolution, transposed convolution (which DJL's PyTorch engine lacks: run as a convolution with the flipped,
 * transposed kernel; stride 2, k = 4, pad = 1 as four parity sub-kernels in one convolution, then interleaved) and
 * batch normalisation with PyTorch's train/eval semantics. All are recorded by autograd inside a
 * {@code GradientCollector}; results belong to the input's manager.
 */
public final class ConvOps {
    /** BatchNorm momentum of PyTorch's default: running ← (1 − 0.1)·running + 0.1·batch statistic. */
    public static final double BN_MOMENTUM = 0.1;
    /** BatchNorm ε of PyTorch's default, added to the variance. */
    public static final double BN_EPS = 1e-5;

    private ConvOps() {}

    /**
     * Moves an array derived from a parameter (which DJL attaches to the parameter's long-lived manager) to the
     * batch's manager, so it is freed with the step instead of accumulating for the model's lifetime.
     */
    private static NDArray own(NDArray a, NDManager owner) {
        a.attach(owner);
        return a;
    }

    /** y = x Wᵀ + b ({@code nn.Linear}: w (out, in), b (out)) as one fused libtorch call. */
    public static NDArray linear(NDArray x, NDArray w, NDArray b) {
        return x.getNDArrayInternal().linear(x, w, b).singletonOrThrow();
    }

    /**
     * {@code torch.nn.functional.batch_norm} over axis 1 of x ((N, C) or (N, C, H, W)) with γ = {@code weight},
     * β = {@code bias} (shape (C)). Training: normalises with the batch mean and the biased batch variance, and
     * updates the running statistics in place: mean ← 0.9·mean + 0.1·batch mean, var ← 0.9·var + 0.1·unbiased batch
     * variance (divisor n − 1, n = N·H·W). Evaluation: normalises with the running statistics, which stay unchanged.
     * y = γ·(x − m)/√(v + 1e-5) + β. The running arrays must be float32 without gradients.
     */
    public static NDArray batchNorm(NDArray x, NDArray weight, NDArray bias, NDArray runningMean,
                                    NDArray runningVar, boolean training) {
        return JniUtils.batchNorm((PtNDArray) x, (PtNDArray) runningMean, (PtNDArray) runningVar,
                (PtNDArray) weight, (PtNDArray) bias, training, BN_MOMENTUM, BN_EPS);
    }

    /**
     * {@code torch.nn.functional.conv2d(x, w, b, stride, pad)}: x (N, in, H, W), w (out, in, k, k), b (out); output
     * (N, out, (H + 2·pad − k)/stride + 1, …). Recorded by autograd inside a GradientCollector.
     */
    public static NDArray conv2d(NDArray x, NDArray w, NDArray b, int stride, int pad) {
        return x.getNDArrayInternal().convolution(x, w, b, new Shape(stride, stride), new Shape(pad, pad),
                new Shape(1, 1), 1).singletonOrThrow();
    }

    /**
     * {@code torch.nn.functional.conv_transpose2d(x, w, b, stride, pad)} for a square kernel, w of shape
     * (in, out, k, k): the input dilated by the stride (zeros between entries), convolved with the spatially flipped
     * kernel with in/out swapped, padding k − 1 − pad. Output side (H − 1)·stride − 2·pad + k.
     */
    public static NDArray convTranspose2d(NDArray x, NDArray w, NDArray b, int stride, int pad) {
        long k = w.getShape().get(2);
        NDManager owner = x.getManager();
        NDArray flipped = own(w.flip(2, 3), owner);
        NDArray wf = own(flipped.transpose(1, 0, 2, 3), owner);          // (out, in, k, k), flipped
        if (stride == 1) {
            return conv2d(x, wf, b, 1, (int) (k - 1 - pad));
        }
        if (stride == 2 && k == 4 && pad == 1) {
            return subPixelTranspose(x, wf, b, owner);
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
    private static NDArray subPixelTranspose(NDArray x, NDArray wf, NDArray b, NDManager owner) {
        Shape s = x.getShape();
        long n = s.get(0);
        long h = s.get(2);
        long wd = s.get(3);
        long out = wf.getShape().get(0);
        NDArray k00 = own(wf.get(new NDIndex().addAllDim().addAllDim().addSliceDim(0, 4, 2).addSliceDim(0, 4, 2)), owner);
        NDArray k01 = own(wf.get(new NDIndex().addAllDim().addAllDim().addSliceDim(0, 4, 2).addSliceDim(1, 4, 2)), owner);
        NDArray k10 = own(wf.get(new NDIndex().addAllDim().addAllDim().addSliceDim(1, 4, 2).addSliceDim(0, 4, 2)), owner);
        NDArray k11 = own(wf.get(new NDIndex().addAllDim().addAllDim().addSliceDim(1, 4, 2).addSliceDim(1, 4, 2)), owner);
        NDArray kAll = own(own(own(k00.concat(k01, 0), owner).concat(k10, 0), owner).concat(k11, 0), owner);
        NDArray bAll = own(own(own(b.concat(b, 0), owner).concat(b, 0), owner).concat(b, 0), owner);
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
}
