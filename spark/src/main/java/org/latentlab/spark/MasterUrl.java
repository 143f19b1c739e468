package org.latentlab.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a sweep runs: {@code in-process} (the toolkit's {@code InProcessRunner}, no Spark), {@code local[N]} (Spark
 * embedded in this JVM with N task slots; {@code local[*]} = every core), {@code local-cluster[W]} (a standalone
 * cluster of W one-core workers on 127.0.0.1 that the command starts and stops: {@link LocalCluster}) or
 * {@code spark://HOST:PORT} (a standalone cluster's master).
 *
 * <p>Every kind gives the same bits for a run with the same libtorch thread count: a run's noise comes from its own
 * thread's seeded stream ({@code models.Noise}), so runs sharing one JVM ({@code local[N]}) do not disturb each other.
 *
 * @param text     the URL as given
 * @param slots    task slots of an embedded master (N of {@code local[N]}); 0 for the other kinds
 * @param workers  workers of a {@code local-cluster[W]}; 0 for the other kinds
 * @param host  the standalone master's host; null for the other kinds
 * @param port  the standalone master's port; 0 for the other kinds
 */
public record MasterUrl(String text, int slots, int workers, String host, int port) {
    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|[0-9]{1,4})])?");
    private static final Pattern LOCAL_CLUSTER = Pattern.compile("local-cluster\\[([0-9]{1,3})]");
    private static final Pattern STANDALONE = Pattern.compile("spark://([A-Za-z0-9.\\-]+|\\[[0-9a-fA-F:]+]):([0-9]{1,5})");

    /** The in-process runner, no Spark. */
    public static final String IN_PROCESS = "in-process";

    /**
     * Parses a master URL. Bad input: {@link IllegalArgumentException} with one line naming the URL and the forms
     * expected (a thread count of 0, a port outside 1–65535 or another scheme).
     */
    public static MasterUrl parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.equals(IN_PROCESS)) {
            return new MasterUrl(t, 0, 0, null, 0);
        }
        Matcher m = LOCAL.matcher(t);
        if (m.matches()) {
            int n = m.group(1) == null ? 1
                    : m.group(1).equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(m.group(1));
            if (n >= 1) {
                return new MasterUrl(t, n, 0, null, 0);
            }
        }
        m = LOCAL_CLUSTER.matcher(t);
        if (m.matches() && Integer.parseInt(m.group(1)) >= 1) {
            return new MasterUrl(t, 0, Integer.parseInt(m.group(1)), null, 0);
        }
        m = STANDALONE.matcher(t);
        if (m.matches()) {
            int port = Integer.parseInt(m.group(2));
            if (port >= 1 && port <= 65_535) {
                return new MasterUrl(t, 0, 0, m.group(1), port);
            }
        }
        throw new IllegalArgumentException("--master '" + text + "' is not understood: expected in-process, local[N] "
                + "(N >= 1 or *), local-cluster[W] (W >= 1) or spark://HOST:PORT (port 1-65535)");
    }

    /** True for {@code in-process}. */
    public boolean inProcess() {
        return text.equals(IN_PROCESS);
    }

    /** True for {@code local[N]}. */
    public boolean local() {
        return slots > 0;
    }

    /** True for {@code local-cluster[W]}. */
    public boolean localCluster() {
        return workers > 0;
    }

    /** True for {@code spark://HOST:PORT}. */
    public boolean standalone() {
        return host != null;
    }

    /** True for a standalone master on this machine's loopback interface (127.0.0.1, localhost, [::1]). */
    public boolean loopback() {
        return standalone() && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"));
    }

    /**
     * libtorch intra-op threads per task so that concurrent tasks per JVM × threads ≤ cores: {@code max(1, C / N)}
     * for {@code local[N]} on C cores, 1 on a (local) standalone cluster (one core per task: {@code spark.executor.cores}
     * = 1) and C in process.
     */
    public int defaultThreads(int cores) {
        if (local()) {
            return Math.max(1, cores / slots);
        }
        return standalone() || localCluster() ? 1 : Math.max(1, cores);
    }

    /**
     * The URL Spark is given: {@code local[N,F]} so that a failed task is retried up to F = maxFailures times
     * (plain {@code local[N]} never retries), the standalone URL unchanged.
     */
    public String sparkMaster(int maxFailures) {
        return local() ? "local[" + slots + "," + maxFailures + "]" : text;
    }

    /**
     * Fails fast when a standalone master does not answer: one TCP connection attempt within {@code timeoutMillis}
     * (Spark itself would retry for minutes). Bad input: {@link IllegalArgumentException} naming the URL.
     */
    public void checkReachable(int timeoutMillis) {
        if (!standalone()) {
            return;
        }
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(h, port), timeoutMillis);
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new IllegalArgumentException("--master " + text + " is unreachable (" + why.toLowerCase(Locale.ROOT)
                    .replace('\n', ' ') + "): expected a running Spark standalone master there");
        }
    }
}
