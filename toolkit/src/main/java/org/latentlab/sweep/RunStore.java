package org.latentlab.sweep;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/** STUB until the lead's engine lands (issue 12 item 1). */
public final class RunStore {
    private final Path dir;
    private final String study;
    private final String mode;
    private final String config;

    private RunStore(Path dir, String study, String mode, String config) {
        this.dir = dir;
        this.study = study;
        this.mode = mode;
        this.config = config;
    }

    public static RunStore create(Path dir, Study study, String mode, String config) {
        String c = study.normalizeConfig(config);
        Path f = dir.resolve("store.json");
        if (Files.isRegularFile(f)) {
            RunStore s = open(dir);
            if (!s.study.equals(study.name()) || !s.config.equals(c) || !s.mode.equals(mode)) {
                throw new RunDirectoryMismatchException("store " + dir + " holds another sweep (" + s.study + ", "
                        + s.mode + ")");
            }
            return s;
        }
        JsonObject o = new JsonObject();
        o.addProperty("study", study.name());
        o.addProperty("mode", mode);
        o.addProperty("config", c);
        try {
            Files.createDirectories(dir);
            RunFiles.writeAtomically(f, o.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RunStore(dir, study.name(), mode, c);
    }

    public static RunStore open(Path dir) {
        try {
            JsonObject o = JsonParser.parseString(Files.readString(dir.resolve("store.json"))).getAsJsonObject();
            return new RunStore(dir, o.get("study").getAsString(), o.get("mode").getAsString(),
                    o.get("config").getAsString());
        } catch (Exception e) {
            throw new IllegalArgumentException("not a run store: " + dir);
        }
    }

    public String study() { return study; }
    public String mode() { return mode; }
    public String config() { return config; }
    public Path dir() { return dir; }

    public List<RunSpec> plan() {
        return Studies.named(study).plan(config);
    }

    private Path runDir(RunSpec s) {
        return dir.resolve("runs").resolve(s.id());
    }

    public RunState state(RunSpec s) {
        Path d = runDir(s);
        if (Files.isRegularFile(d.resolve("result.json"))) {
            return RunState.DONE;
        }
        return Files.isDirectory(d.resolve("checkpoint")) ? RunState.PARTIAL : RunState.PENDING;
    }

    public Optional<RunOutcome> outcome(RunSpec s) {
        Path f = runDir(s).resolve("result.json");
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            JsonObject o = JsonParser.parseString(Files.readString(f)).getAsJsonObject();
            return Optional.of(new RunOutcome(s.id(), s.name(), true, o.get("seconds").getAsDouble(),
                    o.getAsJsonObject("result")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public RunOutcome execute(RunSpec s, SweepListener l) {
        Optional<RunOutcome> done = outcome(s);
        if (done.isPresent()) {
            return done.get();
        }
        Path d = runDir(s);
        try {
            Files.createDirectories(d);
            try (FileChannel ch = FileChannel.open(d.resolve("lease"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = ch.lock()) {
                done = outcome(s);
                if (done.isPresent()) {
                    return done.get();
                }
                RunFiles.writeAtomically(d.resolve("spec.json"), s.toJson());
                long t0 = System.nanoTime();
                JsonObject r = Studies.named(study).run(s, new RunContext(d, l));
                double sec = (System.nanoTime() - t0) / 1e9;
                JsonObject o = new JsonObject();
                o.addProperty("seconds", sec);
                o.add("result", r);
                RunFiles.writeAtomically(d.resolve("result.json"), o.toString());
                return new RunOutcome(s.id(), s.name(), false, sec, r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
