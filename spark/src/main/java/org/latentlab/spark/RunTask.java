package org.latentlab.spark;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.latentlab.LatentLab;
import org.latentlab.sweep.RunOutcome;
import org.latentlab.sweep.RunSpec;
import org.latentlab.sweep.RunStore;
import org.latentlab.sweep.SweepListener;

import java.nio.file.Path;

/**
 * One Spark task = one run: on the executor, {@code RunStore.open(dir).execute(spec, …)} (which reuses a finished
 * result, resumes from the run's checkpoint, holds the run's lease while it trains and writes the result
 * atomically), returned to the driver as JSON: the outcome's {@code id, name, reused, seconds, attempts, result} and the
 * {@code executor} id and the task's {@code attempt} number.
 */
final class RunTask implements Function<String, String> {
    private static final long serialVersionUID = 1L;
    private static final Gson GSON = new Gson();

    private final String storeDir;
    private final int threads;

    RunTask(String storeDir, int threads) {
        this.storeDir = storeDir;
        this.threads = threads;
    }

    @Override
    public String call(String specJson) throws Exception {
        // executors are fresh JVMs: offline DJL and the thread count before the engine's first use (PLATFORM.md);
        // their command line already carries both, this covers a cluster that drops extraJavaOptions
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        }
        LatentLab.init();
        RunSpec spec = RunSpec.fromJson(specJson);
        RunOutcome o = RunStore.open(Path.of(storeDir)).execute(spec, SweepListener.NONE);
        JsonObject out = new JsonObject();
        out.addProperty("id", o.id());
        out.addProperty("name", o.name());
        out.addProperty("reused", o.reused());
        out.addProperty("seconds", o.seconds());
        out.addProperty("attempts", o.attempts());
        out.add("result", o.result());
        SparkEnv env = SparkEnv.get();
        out.addProperty("executor", env == null ? "?" : env.executorId());
        TaskContext tc = TaskContext.get();
        out.addProperty("attempt", tc == null ? 0 : tc.attemptNumber());
        return GSON.toJson(out);
    }

    /** The outcome a task returned. */
    static RunOutcome outcome(JsonObject o) {
        return new RunOutcome(o.get("id").getAsString(), o.get("name").getAsString(), o.get("reused").getAsBoolean(),
                o.get("seconds").getAsDouble(), o.get("attempts").getAsInt(), o.getAsJsonObject("result"));
    }
}
