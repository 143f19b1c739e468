package org.latentlab.spark;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Spark standalone cluster on 127.0.0.1 started from this JVM's class path (no Spark distribution needed,
 * PLATFORM.md): one {@code Master} and W {@code Worker}s of one core each, every one its own JVM; the workers launch
 * executors as further JVMs. {@code SPARK_HOME} is a folder of links to the class path's jars (one version per
 * artifact, the first on the class path winning) and {@code SPARK_SCALA_VERSION} is 2.13, as the executor launcher
 * needs. Used by the tests and {@code bench/sweep}; {@link #close} (and JVM exit) kill every process it started
 * with its descendants. Logs stay under the given folder ({@code master.log}, {@code worker-<i>.log},
 * {@code worker-<i>/} with each executor's stdout and stderr).
 */
public final class LocalCluster implements AutoCloseable {
    private static final Pattern VERSIONED = Pattern.compile("(.+?)-[0-9][^/]*\\.jar");
    private static final Pattern ALIVE = Pattern.compile("\"aliveworkers\"\\s*:\\s*([0-9]+)");

    private final Path dir;
    private final int port;
    private final int uiPort;
    private final Process master;
    private final List<Process> workers = new ArrayList<>();
    private final String classPath;
    private final Thread hook;

    private LocalCluster(Path dir, int port, int uiPort, Process master, String classPath) {
        this.dir = dir;
        this.port = port;
        this.uiPort = uiPort;
        this.master = master;
        this.classPath = classPath;
        this.hook = new Thread(this::killAll, "latentlab-local-cluster-kill");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Starts a master and {@code workers} one-core workers of {@code memory} (e.g. {@code 2g}) each on 127.0.0.1,
     * and waits (up to {@code timeout}) until every worker registered. {@code classPath} is the class path of every
     * process (jars and folders; the JVM's own when null).
     */
    public static LocalCluster start(int workers, String memory, Path dir, String classPath, Duration timeout)
            throws IOException, InterruptedException {
        if (workers < 1) {
            throw new IllegalArgumentException("a local cluster needs >= 1 worker, got " + workers);
        }
        String cp = classPath == null ? System.getProperty("java.class.path") : classPath;
        Files.createDirectories(dir);
        Path home = sparkHome(dir.resolve("spark-home"), cp);
        int port = freePort();
        int ui = freePort();
        Process m = launch(dir, home, cp, "master.log", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", Integer.toString(port), "--webui-port", Integer.toString(ui));
        LocalCluster c = new LocalCluster(dir, port, ui, m, cp);
        try {
            for (int i = 0; i < workers; i++) {
                c.addWorker(memory);
            }
            c.awaitWorkers(workers, timeout);
            return c;
        } catch (IOException | InterruptedException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Starts one more one-core worker (it registers with the master on its own). */
    public synchronized Process addWorker(String memory) throws IOException {
        int i = workers.size();
        Path wd = dir.resolve("worker-" + i);
        Files.createDirectories(wd);
        Process w = launch(dir, dir.resolve("spark-home"), classPath, "worker-" + i + ".log",
                "org.apache.spark.deploy.worker.Worker", masterUrl(), "--host", "127.0.0.1", "--cores", "1",
                "--memory", memory, "--work-dir", wd.toString(), "--webui-port", Integer.toString(freePort()));
        workers.add(w);
        return w;
    }

    /** Waits until the master counts {@code n} alive workers; {@link IllegalStateException} after {@code timeout}. */
    public void awaitWorkers(int n, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        int alive = -1;
        while (System.nanoTime() < end) {
            if (!master.isAlive()) {
                throw new IllegalStateException("the Spark master died; see " + dir.resolve("master.log"));
            }
            try {
                String json = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + uiPort + "/json/"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
                Matcher m = ALIVE.matcher(json);
                if (m.find()) {
                    alive = Integer.parseInt(m.group(1));
                    if (alive >= n) {
                        return;
                    }
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("only " + alive + " of " + n + " Spark workers registered within " + timeout
                + "; see the logs in " + dir);
    }

    /** {@code spark://127.0.0.1:PORT}. */
    public String masterUrl() {
        return "spark://127.0.0.1:" + port;
    }

    /** The class path's folders (e.g. {@code target/test-classes}): give them to {@code spark.executor.extraClassPath}. */
    public String folderClassPath() {
        List<String> out = new ArrayList<>();
        for (String e : classPath.split(File.pathSeparator)) {
            if (!e.isEmpty() && Files.isDirectory(Path.of(e))) {
                out.add(e);
            }
        }
        return String.join(File.pathSeparator, out);
    }

    /** The workers started so far, in order. */
    public synchronized List<Process> workers() {
        return List.copyOf(workers);
    }

    /**
     * SIGKILL of worker {@code i} and everything it started (its executor JVMs): the executors first, so none is
     * orphaned when the worker goes.
     */
    public synchronized void killWorker(int i) {
        killTree(workers.get(i).toHandle());
    }

    static void killTree(ProcessHandle p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.descendants().forEach(ProcessHandle::destroyForcibly);
    }

    private synchronized void killAll() {
        for (Process w : workers) {
            killTree(w.toHandle());
        }
        killTree(master.toHandle());
    }

    /**
     * Stops the cluster: SIGTERM to the workers (each stops and reaps its executors), up to 10 s for them, then the
     * master; whatever is left is killed with its descendants.
     */
    @Override
    public void close() {
        for (Process w : workers()) {
            w.destroy();
        }
        try {
            for (Process w : workers()) {
                w.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        master.destroy();
        try {
            master.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        killAll();
        for (Process p : workers) {
            waitQuietly(p);
        }
        waitQuietly(master);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway
        }
    }

    private static void waitQuietly(Process p) {
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A {@code SPARK_HOME} whose {@code jars/} links every jar of {@code classPath}, one per artifact. */
    static Path sparkHome(Path home, String classPath) throws IOException {
        Path jars = home.resolve("jars");
        Files.createDirectories(jars);
        Set<String> artifacts = new HashSet<>();
        try (var s = Files.list(jars)) {
            for (Path p : s.toList()) {
                Files.delete(p);
            }
        }
        for (String e : classPath.split(File.pathSeparator)) {
            Path p = Path.of(e);
            String name = p.getFileName() == null ? "" : p.getFileName().toString();
            if (!name.endsWith(".jar") || !Files.isRegularFile(p) || name.startsWith("slf4j-simple")) {
                continue;
            }
            Matcher m = VERSIONED.matcher(name);
            if (artifacts.add(m.matches() ? m.group(1) : name)) {
                Files.createSymbolicLink(jars.resolve(name), p.toAbsolutePath());
            }
        }
        return home;
    }

    private static Process launch(Path dir, Path home, String cp, String log, String main, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.add("-cp");
        cmd.add(cp);
        cmd.addAll(SparkRunner.addOpensFlags());
        cmd.addAll(List.of(SparkRunner.SLF4J_PROVIDER.split(" ")));
        cmd.add(main);
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve(log).toFile());
        pb.environment().put("SPARK_HOME", home.toAbsolutePath().toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return pb.start();
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port", e);
        }
    }
}
