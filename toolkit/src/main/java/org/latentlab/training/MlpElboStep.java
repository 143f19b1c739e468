package org.latentlab.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;
import ai.djl.pytorch.jni.JniUtils;
import org.latentlab.models.Noise;
import org.latentlab.models.MlpVae;
import org.latentlab.objectives.Elbo;
import org.latentlab.objectives.Scalars;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One training step of an {@link MlpVae} on the {@link Elbo} (any β) with the backward pass written out instead of
 * recorded by autograd, so that the work off the critical path runs on a second thread. After the forward pass the
 * calling thread walks the chain of input gradients from the output layer back to the first hidden layer; a helper
 * thread meanwhile computes the loss value (not needed for the gradients) and then, layer by layer as soon as a
 * layer's output gradient is known, its weight and bias gradients (gᵀh, Σg) and the layer's Adam update. When the
 * chain is done the caller takes the layer tasks the helper has not begun. Both threads run libtorch with one
 * intra-op thread. bench/README.md: MLP VAE 784-200-200-20, batch 128, 2 cores — training ratio to PyTorch 1.00 with
 * autograd, 0.73–0.91 with this step.
 *
 * <p>The loss, its parts and the gradients are those of {@link Elbo#loss} (same noise draw from the thread's {@link Noise} stream, same
 * log σ² clamp with PyTorch's clamp gradient): {@code MlpElboStepTest} checks the gradients against autograd's and
 * five steps with Adam against autograd + {@link Adam#step()}. Every parameter is updated by one thread, a task
 * gives the same bits on either thread, so a step is deterministic and a resumed run stays bit-identical.
 *
 * <p>With s = 1/B and ℓ the logits: ∂L/∂ℓ = s(σ(ℓ) − x); through each linear layer y = hWᵀ + b: ∂L/∂W = gᵀh,
 * ∂L/∂b = Σ_rows g, ∂L/∂h = gW, masked by [h > 0] below a ReLU; at the latent z = μ + σ ⊙ ε with σ = exp(½ log σ²):
 * ∂L/∂μ = g_z + βsμ, ∂L/∂log σ² = (½ g_z ⊙ ε ⊙ σ + ½βs(σ² − 1)) ⊙ [clamp inactive].
 */
final class MlpElboStep implements AutoCloseable {
    private final float beta;
    private final Adam adam;
    private final NDList p;
    private final int layers;
    private final ExecutorService helper;
    private final Sink sink;
    /** Weight-gradient tasks not yet begun; the helper takes them in order, the caller takes the rest at the end. */
    private final java.util.concurrent.ConcurrentLinkedQueue<Runnable> queue =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private volatile float[] corr;

    /** Receives a layer's gradients on the helper thread (weight index w; the bias is w + 1). */
    interface Sink {
        void accept(int w, NDArray gradW, NDArray gradB);
    }

    MlpElboStep(MlpVae model, Elbo elbo, Adam adam) {
        // with a single libtorch thread configured (LATENTLAB_THREADS=1) everything runs on the calling thread, in
        // the same order and with the same results
        this(model, elbo, adam, null, Integer.getInteger("ai.djl.pytorch.num_threads", 2) >= 2);
    }

    /**
     * With {@code sink} null the gradients go to {@code adam} (tests pass adam = null and a recording sink); with
     * {@code helperThread} false the helper's tasks run on the calling thread.
     */
    MlpElboStep(MlpVae model, Elbo elbo, Adam adam, Sink sink, boolean helperThread) {
        this.beta = (float) elbo.beta();
        this.adam = adam;
        this.sink = sink != null ? sink : (w, gw, gb) -> {
            adam.update(w, gw, corr);
            adam.update(w + 1, gb, corr);
        };
        this.p = model.parameters();
        this.layers = model.hidden().length;
        this.helper = !helperThread ? null : Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(() -> {
                JniUtils.setNumThreads(1);
                JniUtils.setGradMode(false);
                r.run();
            }, "latentlab-weight-gradients");
            t.setDaemon(true);
            return t;
        });
    }

    /** Whether this step applies: an MlpVae with hidden layers trained on the ELBO, float32 CPU parameters. */
    static boolean applies(Object model, Object objective) {
        if (!(model instanceof MlpVae m) || !(objective instanceof Elbo) || m.hidden().length == 0) {
            return false;
        }
        for (NDArray a : m.parameters()) {
            if (a.getDataType() != DataType.FLOAT32 || !ai.djl.Device.cpu().equals(a.getDevice())) {
                return false;
            }
        }
        return true;
    }

    // parameter indices (MlpVae order: enc.i, mu, logvar, dec.i, out; weight then bias)
    private int enc(int i) {
        return 2 * i;
    }

    private int mu() {
        return 2 * layers;
    }

    private int logVar() {
        return 2 * layers + 2;
    }

    private int dec(int i) {
        return 2 * layers + 4 + 2 * i;
    }

    private int out() {
        return 4 * layers + 4;
    }

    /**
     * Forward, backward and Adam update for batch x (rows owned by {@code step}); returns the batch-mean loss. All
     * temporaries belong to {@code step}; gradients never touch the parameters' {@code .grad} arrays.
     */
    float step(NDManager step, NDArray x) {
        boolean grad = JniUtils.isGradMode();
        int threads = JniUtils.getNumThreads();
        JniUtils.setGradMode(false);
        // one libtorch thread here as on the helper: the other core is the helper's, and a task gives the same
        // bits whichever of the two threads runs it
        JniUtils.setNumThreads(1);
        try {
            return run(step, x);
        } finally {
            JniUtils.setNumThreads(threads);
            JniUtils.setGradMode(grad);
        }
    }

    private float run(NDManager step, NDArray x) {
        float s = 1f / x.getShape().get(0);
        // forward, keeping what the backward pass needs
        NDArray[] h = new NDArray[layers + 1];
        h[0] = x;
        for (int i = 0; i < layers; i++) {
            h[i + 1] = Activation.relu(linear(h[i], enc(i)));
        }
        NDArray hTop = h[layers];
        NDArray mu = linear(hTop, mu());
        NDArray lvRaw = linear(hTop, logVar());
        NDArray lv = lvRaw.clip(MlpVae.LOG_VAR_MIN, MlpVae.LOG_VAR_MAX);
        NDArray sd = lv.mul(Scalars.of(0.5f)).exp();
        NDArray eps = Noise.normal(mu.getManager(), mu.getShape());
        NDArray z = sd.mul(eps).add(mu);
        NDArray[] d = new NDArray[layers + 1];
        d[0] = z;
        for (int i = 0; i < layers; i++) {
            d[i + 1] = Activation.relu(linear(d[i], dec(i)));
        }
        NDArray logits = linear(d[layers], out());
        NDArray var = sd.square();
        // the loss value is not needed for the gradients: the helper computes it while the chain starts
        java.util.concurrent.Callable<Float> lossTask = () -> {
            NDArray recon = Elbo.bernoulliNll(x, logits);
            NDArray kl = mu.square().add(var).sub(lv).sub(Scalars.of(1f)).sum(new int[] {-1})
                    .mul(Scalars.of(0.5f));
            NDArray perExample = beta == 1f ? recon.add(kl) : recon.add(kl.mul(Scalars.of(beta)));
            return perExample.mean().getFloat();
        };
        Future<Float> lossValue;
        if (helper == null) {
            lossValue = java.util.concurrent.CompletableFuture.completedFuture(call(lossTask));
        } else {
            lossValue = helper.submit(lossTask);
        }

        // backward: the input-gradient chain here, weight gradients + Adam on the helper, layer by layer
        corr = adam != null ? adam.beginStep() : null;
        List<Future<?>> pending = new ArrayList<>();
        pending.add(lossValue);
        RuntimeException failure = null;
        try {
            // A layer's update is queued only after the chain has used its weights (they change on the helper).
            NDArray g = logits.getNDArrayInternal().sigmoid().sub(x).mul(Scalars.of(s));
            int above = out();
            for (int i = layers - 1; i >= 0; i--) {
                NDArray below = g.matMul(p.get(above)).mul(d[i + 1].sign());
                pending.add(weightGradients(step, above, g, d[i + 1]));
                g = below;
                above = dec(i);
            }
            NDArray gz = g.matMul(p.get(above));
            pending.add(weightGradients(step, above, g, z));
            NDArray gMu = gz.add(mu.mul(Scalars.of(beta * s)));
            NDArray gLv = gz.mul(eps).mul(sd).mul(Scalars.of(0.5f))
                    .add(var.sub(Scalars.of(1f)).mul(Scalars.of(0.5f * beta * s)))
                    .mul(lvRaw.eq(lv));
            g = gMu.matMul(p.get(mu())).add(gLv.matMul(p.get(logVar()))).mul(hTop.sign());
            pending.add(weightGradients(step, mu(), gMu, hTop));
            pending.add(weightGradients(step, logVar(), gLv, hTop));
            for (int i = layers - 1; i >= 0; i--) {
                NDArray below = i > 0 ? g.matMul(p.get(enc(i))).mul(h[i].sign()) : null;
                pending.add(weightGradients(step, enc(i), g, h[i]));
                g = below;
            }
            for (Runnable r = queue.poll(); r != null; r = queue.poll()) {   // take what the helper has not begun
                r.run();
            }
        } catch (RuntimeException e) {
            failure = e;
            queue.clear();
        }
        // whatever happened, no helper task may still use this step's arrays when the caller closes them
        boolean interrupted = false;
        for (Future<?> f : pending) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;   // wait all the same (the tasks are short), then pass the interrupt on
                } catch (ExecutionException e) {
                    failure = failure != null ? failure
                            : new IllegalStateException("weight-gradient thread failed", e.getCause());
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
        try {
            return lossValue.get();   // done: waited for above
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("loss value", e);
        }
    }

    private static float call(java.util.concurrent.Callable<Float> task) {
        try {
            return task.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** On the helper: ∂L/∂W = gᵀ·in, ∂L/∂b = Σ_rows g, handed to the sink (Adam on W = index w and b = w + 1). */
    private Future<?> weightGradients(NDManager step, int w, NDArray g, NDArray in) {
        Runnable task = () -> {
            try (NDManager local = step.newSubManager()) {
                NDArray gw = g.transpose().matMul(in);
                NDArray gb = g.sum(new int[] {0});
                gw.attach(local);
                gb.attach(local);
                sink.accept(w, gw, gb);
            }
        };
        if (helper == null) {
            task.run();
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        queue.add(task);
        return helper.submit(() -> {
            Runnable r = queue.poll();
            if (r != null) {
                r.run();
            }
        });
    }

    /** y = x Wᵀ + b (parameter indices w, w + 1), one addmm; the result belongs to x's manager. */
    private NDArray linear(NDArray x, int w) {
        return x.getNDArrayInternal().linear(x, p.get(w), p.get(w + 1)).singletonOrThrow();
    }

    @Override
    public void close() {
        if (helper != null) {
            helper.shutdownNow();
        }
    }
}
