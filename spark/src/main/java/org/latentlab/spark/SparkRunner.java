package org.latentlab.spark;

import com.google.gson.JsonParser;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.latentlab.sweep.RunOutcome;
import org.latentlab.sweep.RunSpec;
import org.latentlab.sweep.RunState;
import org.latentlab.sweep.RunStore;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs a study's sweep on Apache Spark (issue 12 item 3): one task per run that is not DONE yet, one partition per
 * task, each task calling {@code RunStore.open(dir).execute(spec, …)} on its executor (which resumes from the run's
 * checkpoint and writes {@code result.json} atomically). The store, on a filesystem the driver and every executor
 * share, is the source of truth: a retried task, or a rerun after the driver died, reuses finished runs and resumes
 * unfinished ones.
 *
 * <p>Executors train with DJL offline ({@code DJL_OFFLINE}, {@code ai.djl.offline}), the driver's
 * {@code DJL_CACHE_DIR}, {@code LATENTLAB_DATA} and {@code LATENTLAB_HOME}, and a libtorch thread count chosen so
 * that concurrent tasks per JVM × threads ≤ cores ({@link MasterUrl#defaultThreads}); failed tasks are retried up
 * to {@link #MAX_FAILURES} times. Progress goes to the given stream (stderr) from a {@link SweepProgress} listener.
 */
public final class SparkRunner {
    /** Attempts per task (Spark's {@code spark.task.maxFailures}; embedded masters get {@code local[N,F]}). */
    public static final int MAX_FAILURES = 4;

    /** How long a standalone master may take to give the sweep its first executor. */
    public static final int EXECUTOR_WAIT_SECONDS = 120;

    /** What Spark needs opened on Java 17 (PLATFORM.md; spark/pom.xml's {@code spark.opens} is the same list). */
    public static final List<String> ADD_OPENS = List.of("java.lang", "java.lang.invoke", "java.lang.reflect",
            "java.io", "java.net", "java.nio", "java.util", "java.util.concurrent", "java.util.concurrent.atomic",
            "sun.nio.ch", "sun.nio.cs", "sun.security.action", "sun.util.calendar");

    /**
     * Chooses Spark's log4j2 binding for SLF4J even when the toolkit jar's manifest class path brings its
     * slf4j-simple along (as on {@code ./latentlab cli sweep}'s class path): one binding, configured by this
     * module's {@code log4j2.properties} (Spark at WARN, LatentLab at INFO, on stderr).
     */
    public static final String SLF4J_PROVIDER = "-Dslf4j.provider=org.apache.logging.slf4j.SLF4JServiceProvider"
            + " -Dslf4j.internal.verbosity=WARN";

    /** Environment variables passed from the driver to every executor when set. */
    public static final List<String> PASSED_ENV = List.of("DJL_CACHE_DIR", "LATENTLAB_DATA", "LATENTLAB_HOME",
            "GLIBC_TUNABLES", "LATENTLAB_MODE");

    private final MasterUrl master;
    private final int threads;
    private final Map<String, String> conf;
    private final PrintStream progress;

    /**
     * @param master   {@code local[N]} or {@code spark://HOST:PORT} (not {@code in-process})
     * @param threads  libtorch threads per task, ≥ 1
     * @param conf     further Spark settings (e.g. {@code spark.executor.extraClassPath}); they win over the defaults
     * @param progress where progress lines go (stderr), or null for none
     */
    public SparkRunner(MasterUrl master, int threads, Map<String, String> conf, PrintStream progress) {
        this.master = Objects.requireNonNull(master, "master");
        if (master.inProcess() || master.localCluster()) {
            throw new IllegalArgumentException("SparkRunner needs local[N] or spark://HOST:PORT, got " + master.text()
                    + " (start a LocalCluster and pass its master URL)");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads " + threads + " is not understood: expected a whole number >= 1");
        }
        this.threads = threads;
        this.conf = conf == null ? Map.of() : Map.copyOf(conf);
        this.progress = progress;
    }

    /** The JVM flags of every executor (and of a driver started by a script): the add-opens list. */
    public static List<String> addOpensFlags() {
        return ADD_OPENS.stream().map(p -> "--add-opens=java.base/" + p + "=ALL-UNNAMED").toList();
    }

    /** The Spark configuration this runner uses for a sweep of {@code store}. */
    public SparkConf sparkConf(RunStore store) {
        SparkConf c = new SparkConf()
                .setMaster(master.sparkMaster(MAX_FAILURES))
                .setAppName("latentlab-sweep " + store.study().name() + " " + store.mode())
                .set("spark.task.maxFailures", Integer.toString(MAX_FAILURES))
                .set("spark.ui.enabled", "false")
                .set("spark.executor.cores", "1")
                .set("spark.task.cpus", "1")
                // a run's result is a few kB of JSON; no shuffle, no speculation (two attempts of one run would
                // wait on each other's lease anyway)
                .set("spark.speculation", "false")
                .set("spark.executorEnv.DJL_OFFLINE", "true")
                .set("spark.executorEnv.LATENTLAB_THREADS", Integer.toString(threads));
        String opens = String.join(" ", addOpensFlags());
        String djl = " " + SLF4J_PROVIDER + " -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=" + threads
                + " -Dai.djl.pytorch.num_interop_threads=1";
        // an executor's JVM sees as many processors as it has libtorch threads (its core share), so its Java-side
        // parallel work (probes, distances) does not compete with the other executors; results do not depend on
        // the processor count (the toolkit's parallel sums are split independently of it)
        c.set("spark.executor.extraJavaOptions", opens + djl + " -XX:ActiveProcessorCount=" + threads);
        c.set("spark.driver.extraJavaOptions", opens + djl);
        for (String v : PASSED_ENV) {
            String value = System.getenv(v);
            if (value != null && !value.isBlank()) {
                c.set("spark.executorEnv." + v, value);
            }
        }
        String data = System.getProperty("latentlab.data");
        if (data != null && System.getenv("LATENTLAB_DATA") == null) {
            c.set("spark.executorEnv.LATENTLAB_DATA", data);
        }
        if (master.local() || master.loopback()) {
            // PLATFORM.md: loopback addresses only (and no warning about the machine's hostname)
            c.set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1");
        }
        conf.forEach(c::set);
        return c;
    }

    /**
     * Runs every planned run of {@code store} that is not DONE and returns the outcome of every planned run in plan
     * order (finished ones read back with {@code reused = true}). Throws {@link IllegalStateException} when a run
     * failed {@link #MAX_FAILURES} times (its message names the run and the executor's error).
     */
    public List<RunOutcome> run(RunStore store) {
        List<RunSpec> plan = store.plan();
        Map<String, RunOutcome> byId = new LinkedHashMap<>();
        List<RunSpec> todo = new ArrayList<>();
        for (RunSpec s : plan) {
            if (store.state(s) == RunState.DONE) {
                byId.put(s.id(), store.outcome(s).orElseThrow());
            } else {
                todo.add(s);
            }
        }
        SweepProgress listener = new SweepProgress(progress, plan.size(), byId.size(), todo);
        if (progress != null) {
            progress.printf("sweep %s (%s): %d runs, %d done, %d to run on %s with %d libtorch thread(s) per task%n",
                    store.study().name(), store.mode(), plan.size(), byId.size(), todo.size(), master.text(), threads);
        }
        if (!todo.isEmpty()) {
            if (master.local()) {
                // the embedded executors are this JVM: libtorch's thread count must be set before its engine starts
                System.setProperty("ai.djl.offline", "true");
                System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
                System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
            }
            List<String> specs = todo.stream().map(RunSpec::toJson).toList();
            List<String> results;
            try (JavaSparkContext sc = new JavaSparkContext(sparkConf(store))) {
                sc.sc().addSparkListener(listener);
                if (master.standalone()) {
                    awaitExecutor(sc);
                }
                results = sc.parallelize(specs, specs.size())
                        .map(new RunTask(store.dir().toAbsolutePath().toString(), threads))
                        .collect();
            } catch (Exception e) {
                // Scala throws SparkException (a checked exception in Java) without declaring it: the job was
                // aborted, e.g. after a run failed MAX_FAILURES times
                if (e instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException("the sweep in " + store.dir() + " stopped: " + firstLine(e), e);
            }
            for (String r : results) {
                RunOutcome o = RunTask.outcome(JsonParser.parseString(r).getAsJsonObject());
                byId.put(o.id(), o);
            }
        }
        List<RunOutcome> out = new ArrayList<>();
        for (RunSpec s : plan) {
            out.add(Objects.requireNonNull(byId.get(s.id()), () -> "no outcome for run " + s.id()));
        }
        return out;
    }

    /**
     * A standalone master that accepts the application but never gives it an executor (no worker with a free core,
     * or workers that cannot reach this driver) would leave the job waiting for ever: wait up to
     * {@link #EXECUTOR_WAIT_SECONDS}, then stop with one line saying so.
     */
    private void awaitExecutor(JavaSparkContext sc) {
        long end = System.nanoTime() + EXECUTOR_WAIT_SECONDS * 1_000_000_000L;
        while (sc.sc().statusTracker().getExecutorInfos().length < 2) { // the driver counts as one
            if (System.nanoTime() > end) {
                throw new IllegalStateException("no executor joined within " + EXECUTOR_WAIT_SECONDS + " s on "
                        + master.text() + ": expected a worker with a free core that can reach this driver");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for an executor on " + master.text(), e);
            }
        }
    }

    static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
