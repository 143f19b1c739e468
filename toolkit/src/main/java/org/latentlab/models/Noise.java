package org.latentlab.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.nio.FloatBuffer;
import java.util.SplittableRandom;

/**
 * The random noise of training and evaluation (reparameterisation ε, dropout masks, prior samples), drawn from a
 * seeded stream that belongs to the calling thread.
 *
 * <p>Why it exists: libtorch has one CPU generator per process. Runs that share a JVM (the sweep engine's Spark
 * {@code local[N]} master runs N runs as threads of one JVM) and reseed and draw from that generator get noise that
 * depends on thread timing, so their results are not reproducible. Here each thread has its own
 * {@link SplittableRandom}: {@link #seed(long)} replaces the calling thread's stream and affects no other thread, and
 * the draws are made in Java and written into arrays whose memory libtorch owns ({@link TensorMemory}), so a draw
 * depends only on the thread's seed and on the draws made since. Nothing else in training or evaluation touches
 * libtorch's global generator.
 *
 * <p>A thread that never called {@link #seed(long)} draws from a stream seeded with {@link #DEFAULT_SEED}.
 * Draws are float32, CPU, row-major, reproducible on every CPU (pure Java arithmetic, no vector kernels).
 */
public final class Noise {
    /** The seed of a thread's stream before its first {@link #seed(long)}. */
    public static final long DEFAULT_SEED = 0L;

    private static final ThreadLocal<SplittableRandom> STREAM =
            ThreadLocal.withInitial(() -> new SplittableRandom(DEFAULT_SEED));

    private Noise() {}

    /** Restarts the calling thread's stream from {@code seed} (other threads' streams are unchanged). */
    public static void seed(long seed) {
        STREAM.set(new SplittableRandom(seed));
    }

    /**
     * An array of the given shape of independent standard normal draws ε ~ N(0, 1) (float32, owned by
     * {@code manager}, libtorch-allocated) from the calling thread's stream ({@link SplittableRandom#nextGaussian()}).
     *
     * @throws IllegalArgumentException if the shape has more than {@code Integer.MAX_VALUE} elements
     */
    public static NDArray normal(NDManager manager, Shape shape) {
        return draw(manager, shape, "normal", r -> (float) r.nextGaussian());
    }

    /**
     * An array of the given shape of independent uniform draws u ~ U[0, 1) (float32, owned by {@code manager},
     * libtorch-allocated) from the calling thread's stream (24-bit resolution, {@link SplittableRandom#nextFloat()}).
     *
     * @throws IllegalArgumentException if the shape has more than {@code Integer.MAX_VALUE} elements
     */
    public static NDArray uniform(NDManager manager, Shape shape) {
        return draw(manager, shape, "uniform", SplittableRandom::nextFloat);
    }

    /** One float from the stream. */
    private interface Draw {
        float next(SplittableRandom r);
    }

    /** A libtorch-allocated float32 array of {@code shape} filled element by element from the thread's stream. */
    private static NDArray draw(NDManager manager, Shape shape, String what, Draw d) {
        if (shape.size() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Noise." + what + ": shape " + shape + " has " + shape.size()
                    + " elements, at most " + Integer.MAX_VALUE + " expected");
        }
        SplittableRandom r = STREAM.get();
        NDArray a = manager.zeros(shape, DataType.FLOAT32);
        FloatBuffer f = TensorMemory.floats(a);
        int n = (int) shape.size();
        for (int i = 0; i < n; i++) {
            f.put(i, d.next(r));
        }
        return a;
    }
}
