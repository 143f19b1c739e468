package org.latentlab.objectives;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.latentlab.LatentLab;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Process-lifetime float32 scalar constants (0-d NDArrays) for use inside a {@code GradientCollector}.
 *
 * <p>DJL's {@code x.mul(0.5f)} wraps the scalar in a temporary array that is closed at once while autograd may
 * still reference it, which corrupts gradients (PLATFORM.md, "Gradient-corruption bug"). Use
 * {@code x.mul(Scalars.of(0.5f))} instead: the constant lives as long as the process, and the result of the
 * operation attaches to {@code x}'s manager (keep the data array as the first operand).
 */
public final class Scalars {
    private static final Map<Float, NDArray> CACHE = new ConcurrentHashMap<>();
    private static volatile NDManager manager;

    private Scalars() {}

    /** The cached 0-d float32 constant with value {@code v}. */
    public static NDArray of(float v) {
        NDArray a = CACHE.get(v);
        if (a != null) {
            return a;
        }
        synchronized (Scalars.class) {
            a = CACHE.get(v);
            if (a == null) {
                if (manager == null) {
                    manager = LatentLab.init().newBaseManager();
                }
                a = manager.create(v);
                CACHE.put(v, a);
            }
            return a;
        }
    }

    /** {@link #of(float)} for a double value (rounded to float32). */
    public static NDArray of(double v) {
        return of((float) v);
    }
}
