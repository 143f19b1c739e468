package org.latentlab.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.latentlab.LatentLab;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Adam (Kingma &amp; Ba 2015) with PyTorch's defaults and update rule, over a model's parameter arrays, with its
 * state (first/second moments, step count) held here so checkpoints can save and restore it exactly.
 *
 * <p>Update for step t: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², p ← p − lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε),
 * identical to {@code torch.optim.Adam}. By default it runs as one pass in Java over each parameter's own memory
 * (zero-copy buffers; p, g, m, v read and written once; the gradient zeroed in the same pass; split over two threads
 * for large models), about half the CPU time of DJL's native {@code adamUpdate} (bench/README.md);
 * {@code -Dlatentlab.adam=native} selects that native kernel (ε rescaled by √(1−β₂ᵗ) so the rule is PyTorch's).
 */
public final class Adam implements AutoCloseable {
    public static final float BETA1 = 0.9f;
    public static final float BETA2 = 0.999f;
    public static final double EPS = 1e-8;

    private final NDList params;
    private final double learningRate;
    private final NDManager manager;
    private final NDList m;
    private final NDList v;
    private long step;

    /** Zero-initialised state for the given parameters. */
    public Adam(NDList params, double learningRate) {
        this(params, learningRate, JAVA_KERNEL);
    }

    /** As {@link #Adam(NDList, double)}, choosing the update kernel (true: the Java single pass). */
    Adam(NDList params, double learningRate, boolean javaKernel) {
        this.javaKernel = javaKernel;
        if (!Double.isFinite(learningRate) || learningRate <= 0) {
            throw new IllegalArgumentException("Adam: learningRate must be finite and > 0, got " + learningRate);
        }
        this.params = params;
        this.learningRate = learningRate;
        this.manager = LatentLab.init().newBaseManager();
        this.m = new NDList(params.size());
        this.v = new NDList(params.size());
        for (NDArray p : params) {
            m.add(manager.zeros(p.getShape(), p.getDataType()));
            v.add(manager.zeros(p.getShape(), p.getDataType()));
        }
    }

    /** Applies one update from the parameters' current gradients, then zeroes the gradients. */
    public void step() {
        step++;
        double bc1 = 1 - Math.pow(BETA1, step);
        double bc2 = 1 - Math.pow(BETA2, step);
        float lrCorrected = (float) (learningRate * Math.sqrt(bc2) / bc1);
        float eps = (float) (EPS * Math.sqrt(bc2));
        if (javaKernel) {
            javaStep(lrCorrected, eps);
            return;
        }
        for (int i = 0; i < params.size(); i++) {
            NDArray p = params.get(i);
            if (!p.hasGradient()) {
                continue;
            }
            try (NDArray g = p.getGradient()) {
                JniUtils.adamUpdate((PtNDArray) p, (PtNDArray) g, (PtNDArray) m.get(i), (PtNDArray) v.get(i),
                        (float) learningRate, lrCorrected, 0f, 1f, -1f, BETA1, BETA2, eps, false);
            }
            JniUtils.zeroGrad((PtNDArray) p);
        }
    }

    /**
     * The Java update: every parameter's memory in one pass (p, g, m, v read once, written once, g zeroed), the
     * upper half of each parameter on a helper thread when libtorch may use ≥ 2 threads and the model is large.
     */
    private void javaStep(float lr, float eps) {
        int k = params.size();
        FloatBuffer[][] bufs = new FloatBuffer[k][];
        NDArray[] grads = new NDArray[k];
        long total = 0;
        try {
            for (int i = 0; i < k; i++) {
                NDArray p = params.get(i);
                if (!p.hasGradient()) {
                    continue;
                }
                grads[i] = p.getGradient();
                if (!direct(p, grads[i], m.get(i), v.get(i))) {
                    JniUtils.adamUpdate((PtNDArray) p, (PtNDArray) grads[i], (PtNDArray) m.get(i),
                            (PtNDArray) v.get(i), (float) learningRate, lr, 0f, 1f, -1f, BETA1, BETA2, eps, false);
                    JniUtils.zeroGrad((PtNDArray) p);
                    continue;
                }
                bufs[i] = new FloatBuffer[] {floats(p), floats(grads[i]), floats(m.get(i)), floats(v.get(i))};
                total += bufs[i][0].capacity();
            }
            java.util.concurrent.Future<?> upper = null;
            if (SPLIT && total >= SPLIT_MIN) {
                upper = HELPER.submit(() -> {
                    for (FloatBuffer[] b : bufs) {
                        if (b != null) {
                            int n = b[0].capacity();
                            fusedUpdate(b[0], b[1], b[2], b[3], lr, eps, n / 2, n);
                        }
                    }
                });
            }
            for (FloatBuffer[] b : bufs) {
                if (b != null) {
                    int n = b[0].capacity();
                    fusedUpdate(b[0], b[1], b[2], b[3], lr, eps, 0, upper == null ? n : n / 2);
                }
            }
            if (upper != null) {
                try {
                    upper.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Adam step interrupted", e);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("Adam step failed on the helper thread", e.getCause());
                }
            }
        } finally {
            for (NDArray g : grads) {
                if (g != null) {
                    g.close();
                }
            }
        }
    }

    /** Split the Java update over two threads (system property {@code latentlab.adam.split}, default true). */
    static final boolean SPLIT = Boolean.parseBoolean(System.getProperty("latentlab.adam.split", "true"))
            && Integer.getInteger("ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors()) >= 2;
    private static final long SPLIT_MIN = 65_536;
    private static final java.util.concurrent.ExecutorService HELPER =
            java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "latentlab-adam");
                t.setDaemon(true);
                return t;
            });

    /**
     * Use the single-pass Java kernel ({@link #fusedUpdate}) instead of DJL's {@code adamUpdate} (system property
     * {@code latentlab.adam=java|native}, default java). Both follow torch.optim.Adam's rule (AdamTest).
     */
    static final boolean JAVA_KERNEL = !"native".equals(System.getProperty("latentlab.adam", "java"));
    private final boolean javaKernel;

    private static boolean direct(NDArray... a) {
        for (NDArray x : a) {
            if (x.getDataType() != ai.djl.ndarray.types.DataType.FLOAT32 || !ai.djl.Device.cpu().equals(x.getDevice())) {
                return false;
            }
        }
        return true;
    }

    /** The tensor's own memory as a float view (zero-copy; valid while the tensor lives). */
    private static FloatBuffer floats(NDArray a) {
        return JniUtils.getByteBuffer((PtNDArray) a, true).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /**
     * One pass over a parameter's memory: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², p ← p − lr′·m/(√v + ε′), g ← 0,
     * in float32 like PyTorch (lr′ and ε′ carry the bias corrections). No native calls, no temporaries.
     */
    static void fusedUpdate(FloatBuffer p, FloatBuffer g, FloatBuffer m, FloatBuffer v, float lr, float eps,
                            int from, int to) {
        final float b1 = BETA1;
        final float b2 = BETA2;
        final float c1 = 1f - BETA1;
        final float c2 = 1f - BETA2;
        for (int j = from; j < to; j++) {
            float gj = g.get(j);
            float mj = b1 * m.get(j) + c1 * gj;
            float vj = b2 * v.get(j) + c2 * gj * gj;
            m.put(j, mj);
            v.put(j, vj);
            p.put(j, p.get(j) - lr * mj / ((float) Math.sqrt(vj) + eps));
            g.put(j, 0f);
        }
    }

    /** Zeroes the parameters' gradients without updating (e.g. after a failed step). */
    public void zeroGradients() {
        for (NDArray p : params) {
            if (p.hasGradient()) {
                JniUtils.zeroGrad((PtNDArray) p);
            }
        }
    }

    /** Number of updates applied so far (t). */
    public long stepCount() {
        return step;
    }

    void setStepCount(long t) {
        if (t < 0) {
            throw new IllegalArgumentException("Adam: step count must be >= 0, got " + t);
        }
        this.step = t;
    }

    /** First moments m, one per parameter (live state; modify only to restore a checkpoint). */
    public NDList firstMoments() {
        return m;
    }

    /** Second moments v, one per parameter (live state). */
    public NDList secondMoments() {
        return v;
    }

    public double learningRate() {
        return learningRate;
    }

    @Override
    public void close() {
        manager.close();
    }
}
