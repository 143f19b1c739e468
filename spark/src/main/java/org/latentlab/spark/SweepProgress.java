package org.latentlab.spark;

import org.apache.spark.Success$;
import org.apache.spark.TaskEndReason;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.scheduler.TaskInfo;
import org.latentlab.sweep.RunSpec;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The driver's progress lines (stderr): a run's start, its end ("run 3/12 k30-vr0.5-… done in 31.2 s (executor 1)",
 * counting the runs already DONE before this sweep), a failed attempt that Spark retries, and executors joining and
 * leaving. Task i of the sweep's only stage is run {@code todo.get(i)} (one partition per run).
 */
final class SweepProgress extends SparkListener {
    private final PrintStream out;
    private final int total;
    private final List<RunSpec> todo;
    private int finished;

    SweepProgress(PrintStream out, int total, int alreadyDone, List<RunSpec> todo) {
        this.out = out;
        this.total = total;
        this.finished = alreadyDone;
        this.todo = List.copyOf(todo);
    }

    private String name(TaskInfo t) {
        int i = t.index();
        return i >= 0 && i < todo.size() ? todo.get(i).id() : "task " + i;
    }

    private synchronized void say(String fmt, Object... args) {
        if (out != null) {
            out.println(String.format(Locale.ROOT, fmt, args));
            out.flush();
        }
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart e) {
        TaskInfo t = e.taskInfo();
        say("run %s started on executor %s%s", name(t), t.executorId(),
                t.attemptNumber() > 0 ? " (attempt " + (t.attemptNumber() + 1) + ")" : "");
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd e) {
        TaskInfo t = e.taskInfo();
        TaskEndReason r = e.reason();
        if (r instanceof Success$) {
            finished++;
            say("run %d/%d %s done in %.1f s (executor %s)", finished, total, name(t), t.duration() / 1000.0,
                    t.executorId());
        } else {
            say("run %s failed on executor %s (attempt %d of %d; Spark retries it): %s", name(t), t.executorId(),
                    t.attemptNumber() + 1, SparkRunner.MAX_FAILURES, SparkRunner.firstLine(
                            new RuntimeException(r.toString())));
        }
    }

    @Override
    public void onExecutorAdded(SparkListenerExecutorAdded e) {
        say("executor %s joined (%s, %d core(s))", e.executorId(), e.executorInfo().executorHost(),
                e.executorInfo().totalCores());
    }

    @Override
    public void onExecutorRemoved(SparkListenerExecutorRemoved e) {
        say("executor %s left: %s", e.executorId(), e.reason());
    }
}
