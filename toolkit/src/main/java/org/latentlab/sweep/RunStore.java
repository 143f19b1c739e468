package org.latentlab.sweep;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import org.latentlab.data.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A sweep's results on disk, the source of truth for every runner: one folder per store, one folder per run.
 * <pre>
 * DIR/store.json                 {"format":1,"study":…,"mode":…,"config":{…}} — written once; guards the store
 * DIR/runs/&lt;id&gt;/spec.json        the {@link RunSpec}
 * DIR/runs/&lt;id&gt;/lease            locked (an OS file lock) while a process works on the run; says who
 * DIR/runs/&lt;id&gt;/attempts         how many times the run was started
 * DIR/runs/&lt;id&gt;/…                the study's files: checkpoint/, model, probes (a started run resumes from them)
 * DIR/runs/&lt;id&gt;/result.json      the finished run: {"id","name","study","seconds","attempts","finished","host","result":{…}}
 * </pre>
 * Every file is written atomically (a temporary file, then a rename), so a process killed at any moment leaves
 * either the old file or the new one. The lease is a lock the operating system drops when its process dies, so a
 * killed worker never blocks a run; while a live process holds it, {@link #execute} waits for it and then reuses
 * that process's result. Within one JVM (Spark's local mode runs tasks as threads) leases are also tracked in
 * memory. On a shared filesystem the lock needs POSIX locks that the filesystem honours (NFSv4, Lustre, local
 * disks; not every FUSE mount).
 */
public final class RunStore {
    /** Name of the store's description file. */
    public static final String STORE_FILE = "store.json";
    static final String RESULT = "result.json";
    static final String SPEC = "spec.json";
    static final String LEASE = "lease";
    static final String ATTEMPTS = "attempts";
    private static final Set<String> BOOKKEEPING = Set.of(SPEC, LEASE, ATTEMPTS);
    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().disableHtmlEscaping()
            .setPrettyPrinting().create();
    /** Lease files locked by this JVM (absolute paths). Every lease-file open/close happens under this monitor. */
    private static final Set<String> HELD = new HashSet<>();

    private final Path dir;
    private final Study study;
    private final String mode;
    private final String config;

    private RunStore(Path dir, Study study, String mode, String config) {
        this.dir = dir;
        this.study = study;
        this.mode = mode;
        this.config = config;
    }

    /**
     * Makes a store in {@code dir} (a new or empty folder) for {@code study} with {@code config}, or re-opens the
     * store already there if it was made for the same study and configuration. Nothing is written when refused.
     *
     * @param mode a label kept in the store ({@code quick}, {@code full}, {@code custom}); not part of the guard
     * @throws IllegalArgumentException    when {@code dir} is a file, or a non-empty folder that is not a store, or
     *                                     the configuration is invalid (the study's message)
     * @throws RunDirectoryMismatchException when the store was made for another study or configuration
     */
    public static RunStore create(Path dir, Study study, String mode, String config) {
        Path d = dir.toAbsolutePath().normalize();
        String normalized = study.normalizeConfig(config);
        uniqueIds(study, study.plan(normalized));
        Path f = d.resolve(STORE_FILE);
        if (Files.exists(d) && !Files.isDirectory(d)) {
            throw new IllegalArgumentException("store " + d + " is a file: expected a folder (new, or made by a sweep)");
        }
        if (Files.isRegularFile(f)) {
            RunStore have = read(d, study);
            if (!have.study.name().equals(study.name()) || !have.config.equals(normalized)) {
                throw new RunDirectoryMismatchException("store " + d + " was made for study " + have.study.name()
                        + " (" + have.mode + ") with another configuration"
                        + differences(have.config, normalized) + "; use another store or delete it");
            }
            return have;
        }
        if (Files.isDirectory(d)) {
            try (Stream<Path> s = Files.list(d)) {
                if (s.findAny().isPresent()) {
                    String hint = Files.exists(d.resolve(RunFiles.CONFIG_FILE))
                            ? " (a run folder of an older LatentLab: move it away or delete it)" : "";
                    throw new IllegalArgumentException("store " + d + " is a non-empty folder without " + STORE_FILE
                            + ": not a run store" + hint);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + d + ": " + e.getMessage(), e);
            }
        }
        JsonObject o = new JsonObject();
        o.addProperty("format", 1);
        o.addProperty("study", study.name());
        o.addProperty("mode", mode);
        o.add("config", JsonParser.parseString(normalized));
        AtomicFiles.writeString(f, GSON.toJson(o));
        return new RunStore(d, study, mode, normalized);
    }

    /**
     * {@link #create(Path, Study, String, String)} with the mode label {@link Study#modeOf} gives the configuration:
     * {@code quick}, {@code full} or {@code custom}.
     */
    public static RunStore create(Path dir, Study study, String config) {
        return create(dir, study, study.modeOf(study.normalizeConfig(config)), config);
    }

    /**
     * Opens an existing store; its study is looked up by name ({@link Studies}).
     *
     * @throws IllegalArgumentException when {@code dir} holds no readable {@code store.json}, or names an unknown study
     */
    public static RunStore open(Path dir) {
        return read(dir.toAbsolutePath().normalize(), null);
    }

    /** Opens an existing store with a given study object (e.g. one bound to test data); its name must match. */
    public static RunStore open(Path dir, Study study) {
        return read(dir.toAbsolutePath().normalize(), study);
    }

    private static RunStore read(Path d, Study given) {
        Path f = d.resolve(STORE_FILE);
        if (!Files.isRegularFile(f)) {
            throw new IllegalArgumentException("store " + d + " holds no " + STORE_FILE + ": not a run store (made by "
                    + "'sweep' or a notebook)");
        }
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(Files.readString(f, StandardCharsets.UTF_8));
            o = e.isJsonObject() ? e.getAsJsonObject() : null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
        } catch (JsonParseException e) {
            o = null;
        }
        if (o == null || !o.has("study") || !o.has("config") || !o.has("mode")) {
            throw new IllegalArgumentException(f + " is not a store description (expected JSON with study, mode and "
                    + "config)");
        }
        String name = o.get("study").getAsString();
        Study study = given != null && given.name().equals(name) ? given : Studies.named(name);
        String cfg = study.normalizeConfig(GSON.toJson(o.get("config")));
        return new RunStore(d, study, o.get("mode").getAsString(), cfg);
    }

    /** " (key a vs b, …)" over the differing leaves of two JSON objects (dotted keys), or "". */
    private static String differences(String a, String b) {
        try {
            List<String> d = new ArrayList<>();
            diff("", JsonParser.parseString(a), JsonParser.parseString(b), d);
            return d.isEmpty() ? "" : " (" + String.join(", ", d) + ")";
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static void diff(String path, JsonElement x, JsonElement y, List<String> out) {
        if (x != null && y != null && x.isJsonObject() && y.isJsonObject()) {
            TreeSet<String> keys = new TreeSet<>(x.getAsJsonObject().keySet());
            keys.addAll(y.getAsJsonObject().keySet());
            for (String k : keys) {
                diff(path.isEmpty() ? k : path + "." + k, x.getAsJsonObject().get(k), y.getAsJsonObject().get(k), out);
            }
        } else if (!String.valueOf(x).equals(String.valueOf(y))) {
            out.add(path + " " + x + " vs " + y);
        }
    }

    public Path dir() {
        return dir;
    }

    public Study study() {
        return study;
    }

    /** The mode label the store was made with. */
    public String mode() {
        return mode;
    }

    /** The store's normalized configuration JSON. */
    public String config() {
        return config;
    }

    /** The study's runs for this store's configuration, in order. */
    public List<RunSpec> plan() {
        return uniqueIds(study, study.plan(config));
    }

    /** {@code plan}, refused when two of its runs have one id (a value listed twice in the configuration). */
    private static List<RunSpec> uniqueIds(Study study, List<RunSpec> plan) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (RunSpec s : plan) {
            if (!seen.add(s.id())) {
                throw new IllegalArgumentException(study.name() + " config plans run " + s.name() + " twice: a value "
                        + "is listed twice in the configuration");
            }
        }
        return plan;
    }

    /** The folder of a run (not created). */
    public Path runDir(RunSpec s) {
        return dir.resolve("runs").resolve(s.id());
    }

    /** Where a run stands now (see {@link RunState}). */
    public RunState state(RunSpec s) {
        Path rd = runDir(s);
        if (Files.isRegularFile(rd.resolve(RESULT))) {
            return RunState.DONE;
        }
        if (!Files.isDirectory(rd)) {
            return RunState.PENDING;
        }
        if (leaseHeld(rd.resolve(LEASE))) {
            return RunState.RUNNING;
        }
        try (Stream<Path> files = Files.list(rd)) {
            return files.anyMatch(p -> !BOOKKEEPING.contains(p.getFileName().toString())) ? RunState.PARTIAL
                    : RunState.PENDING;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + rd + ": " + e.getMessage(), e);
        }
    }

    /** How many times the run was started (0 if never). */
    public int attempts(RunSpec s) {
        Path f = runDir(s).resolve(ATTEMPTS);
        try {
            return Files.isRegularFile(f) ? Integer.parseInt(Files.readString(f, StandardCharsets.UTF_8).trim()) : 0;
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read the attempt count " + f + ": " + e.getMessage(), e);
        }
    }

    /**
     * The finished run, if its result is in the store.
     *
     * @throws RunDirectoryMismatchException (an IllegalStateException) when the result file exists but is not a result or another run's (names the file)
     */
    public Optional<RunOutcome> outcome(RunSpec s) {
        Path f = runDir(s).resolve(RESULT);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            JsonObject o = JsonParser.parseString(Files.readString(f, StandardCharsets.UTF_8)).getAsJsonObject();
            if (!s.id().equals(o.get("id").getAsString()) || !o.get("result").isJsonObject()) {
                throw new RunDirectoryMismatchException("result file " + f + " belongs to run " + o.get("id")
                        + ", not " + s.id());
            }
            return Optional.of(new RunOutcome(s.id(), s.name(), true, o.get("seconds").getAsDouble(),
                    o.get("attempts").getAsInt(), o.getAsJsonObject("result")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e instanceof RunDirectoryMismatchException) {
                throw e;
            }
            // a bad input (a hand-edited or foreign file; the store itself writes results atomically): one line
            throw new RunDirectoryMismatchException("result file " + f + " is not a run result ("
                    + ConfigJson.plain(e) + "); delete it to recompute the run");
        }
    }

    /**
     * Makes sure run {@code s} is finished: reuses its result when the store has it; otherwise takes the run's lease
     * (waiting while another live process holds it, then reusing that process's result), counts the attempt, lets the
     * study carry out the run (resuming from what an interrupted attempt left) and writes the result atomically.
     *
     * @throws IllegalArgumentException when {@code s} belongs to another study
     * @throws Exception                whatever the study's run throws (the result is then not written)
     */
    public RunOutcome execute(RunSpec s, SweepListener listener) throws Exception {
        if (!s.study().equals(study.name())) {
            throw new IllegalArgumentException("run " + s.id() + " belongs to study " + s.study() + ", this store to "
                    + study.name());
        }
        Optional<RunOutcome> done = outcome(s);
        if (done.isPresent()) {
            return done.get();
        }
        Path rd = runDir(s);
        Files.createDirectories(rd);
        try (Lease lease = Lease.acquire(rd.resolve(LEASE), listener, s)) {
            done = outcome(s);
            if (done.isPresent()) {
                return done.get();
            }
            if (!Files.isRegularFile(rd.resolve(SPEC))) {
                AtomicFiles.writeString(rd.resolve(SPEC), s.toJson());
            }
            int attempt = attempts(s) + 1;
            AtomicFiles.writeString(rd.resolve(ATTEMPTS), Integer.toString(attempt));
            long t0 = System.nanoTime();
            JsonObject result = study.run(s, new RunContext(s, config, rd, dir, listener));
            double seconds = (System.nanoTime() - t0) / 1e9;
            JsonObject o = new JsonObject();
            o.addProperty("id", s.id());
            o.addProperty("name", s.name());
            o.addProperty("study", s.study());
            o.addProperty("seconds", seconds);
            o.addProperty("attempts", attempt);
            o.addProperty("finished", Instant.now().toString());
            o.addProperty("host", Lease.owner());
            o.add("result", result);
            AtomicFiles.writeString(rd.resolve(RESULT), GSON.toJson(o));
            return new RunOutcome(s.id(), s.name(), false, seconds, attempt, result);
        }
    }

    private static boolean leaseHeld(Path f) {
        synchronized (HELD) {
            if (HELD.contains(f.toString())) {
                return true;
            }
            if (!Files.isRegularFile(f)) {
                return false;
            }
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                FileLock l = ch.tryLock();
                if (l == null) {
                    return true;
                }
                l.release();
                return false;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot check the lease " + f + ": " + e.getMessage(), e);
            }
        }
    }

    /** An exclusive lease on one run: an OS lock on its lease file, which the OS drops if the process dies. */
    static final class Lease implements AutoCloseable {
        private final Path file;
        private final FileChannel channel;
        private final FileLock lock;

        private Lease(Path file, FileChannel channel, FileLock lock) {
            this.file = file;
            this.channel = channel;
            this.lock = lock;
        }

        /** "pid@host" of this JVM. */
        static String owner() {
            String host;
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = "localhost";
            }
            return ProcessHandle.current().pid() + "@" + host;
        }

        /** Takes the lease, waiting (and saying so once through the listener) while another holds it. */
        static Lease acquire(Path f, SweepListener listener, RunSpec s) throws IOException, InterruptedException {
            boolean told = false;
            while (true) {
                synchronized (HELD) {
                    String key = f.toString();
                    String holder = null;
                    if (!HELD.contains(key)) {
                        FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                                StandardOpenOption.READ);
                        FileLock l = null;
                        try {
                            l = ch.tryLock();
                        } finally {
                            if (l == null) {
                                ByteBuffer b = ByteBuffer.allocate(200);
                                ch.read(b, 0);
                                holder = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).trim();
                                ch.close();
                            }
                        }
                        if (l != null) {
                            HELD.add(key);
                            ch.truncate(0);
                            ch.write(ByteBuffer.wrap((owner() + " since " + Instant.now() + " (JVM "
                                    + ManagementFactory.getRuntimeMXBean().getName() + ")\n")
                                    .getBytes(StandardCharsets.UTF_8)), 0);
                            return new Lease(f, ch, l);
                        }
                    } else {
                        holder = "another thread of this process";
                    }
                    if (!told) {
                        listener.onStage(s, "waiting: " + (holder == null || holder.isEmpty() ? "another process"
                                : holder) + " is working on this run");
                        told = true;
                    }
                }
                Thread.sleep(500);
            }
        }

        @Override
        public void close() throws IOException {
            synchronized (HELD) {
                try {
                    lock.release();
                    channel.close();
                } finally {
                    HELD.remove(file.toString());
                }
            }
        }
    }
}
