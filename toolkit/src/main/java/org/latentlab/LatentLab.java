package org.latentlab;

import ai.djl.engine.Engine;

import java.util.Locale;

/**
 * Process-wide set-up shared by the CLI, the tests and the notebooks.
 *
 * <p>{@link #init()} must run before the first DJL call: it makes DJL fully offline (a missing native library
 * fails fast instead of reaching for the network) and pins libtorch to the machine's cores. Values already set by
 * the user (system properties or environment) win.
 */
public final class LatentLab {
    private static volatile boolean initialised;

    private LatentLab() {}

    /** Offline DJL with explicit thread counts; idempotent. Returns the engine so callers can chain. */
    public static synchronized Engine init() {
        if (!initialised) {
            setIfAbsent("ai.djl.offline", "true");
            setIfAbsent("ai.djl.pytorch.num_threads", Integer.toString(threads(System.getenv("LATENTLAB_THREADS"))));
            setIfAbsent("ai.djl.pytorch.num_interop_threads", "1");
            initialised = true;
        }
        return Engine.getEngine("PyTorch");
    }

    /**
     * libtorch intra-op threads: {@code LATENTLAB_THREADS} when set, else every core. libtorch's OpenMP threads
     * spin while they wait, so on a machine whose cores are busy with other work fewer threads (often 1) train
     * much faster. At most {@link #maxThreads()}; more is an error naming the variable.
     */
    static int threads(String env) {
        if (env == null || env.isBlank()) {
            return Math.max(1, Runtime.getRuntime().availableProcessors());
        }
        try {
            int n = Integer.parseInt(env.trim());
            int most = maxThreads();
            if (n > most) { // libtorch starts them all: 100000 threads get the JVM killed with no message
                throw new IllegalArgumentException("LATENTLAB_THREADS='" + env + "' is too many: expected a whole "
                        + "number of threads from 1 to " + most + " (4 × the " + Runtime.getRuntime().availableProcessors()
                        + " cores this JVM sees, at least 4)");
            }
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("LATENTLAB_THREADS='" + env + "' is not understood: expected a whole "
                + "number of threads >= 1");
    }

    /** The most libtorch threads {@code LATENTLAB_THREADS} may ask for: 4 × the available cores, at least 4. */
    static int maxThreads() {
        return Math.max(4, 4 * Runtime.getRuntime().availableProcessors());
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** Quick (default: minutes on 2 cores) or full (the paper's scale), from {@code LATENTLAB_MODE}. */
    public enum Mode {
        QUICK, FULL;

        /** Reads {@code LATENTLAB_MODE} (system property {@code latentlab.mode} overrides it). */
        public static Mode current() {
            String v = System.getProperty("latentlab.mode", System.getenv("LATENTLAB_MODE"));
            if (v == null || v.isBlank()) {
                return QUICK;
            }
            return switch (v.trim().toLowerCase(Locale.ROOT)) {
                case "quick" -> QUICK;
                case "full" -> FULL;
                default -> throw new IllegalArgumentException(
                        "LATENTLAB_MODE='" + v + "' is not understood: expected 'quick' or 'full'");
            };
        }

        /** {@code quick} if this is quick mode, else {@code full}. */
        public <T> T pick(T quick, T full) {
            return this == QUICK ? quick : full;
        }
    }
}
