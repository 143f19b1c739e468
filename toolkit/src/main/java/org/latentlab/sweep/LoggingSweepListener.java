package org.latentlab.sweep;

import org.latentlab.Progress;
import org.latentlab.training.ProgressLogger;
import org.latentlab.training.TrainingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.stream.Collectors;

/** A sweep's progress as log lines (the command line's stderr): runs, stages, epochs, long evaluations. */
public final class LoggingSweepListener implements SweepListener {
    private static final Logger LOG = LoggerFactory.getLogger(LoggingSweepListener.class);

    @Override
    public void onRunStart(int index, int total, RunSpec spec, RunState state) {
        LOG.info("run {}/{} {} ({})", index + 1, total, spec.id(), state.label());
    }

    @Override
    public TrainingListener training(RunSpec spec, int epochs) {
        return new ProgressLogger();
    }

    @Override
    public Progress progress(RunSpec spec) {
        Progress log = Progress.log(LOG, 5);
        return (task, done, total) -> log.update(spec.name() + ": " + task, done, total);
    }

    @Override
    public void onStage(RunSpec spec, String stage) {
        LOG.info("{}: {}", spec.name(), stage);
    }

    @Override
    public void onRunEnd(int index, int total, RunOutcome o, Map<String, Double> keyResults) {
        LOG.info("run {}/{} {} {} in {} s: {}", index + 1, total, o.name(), o.reused() ? "reused" : "done",
                String.format(java.util.Locale.ROOT, "%.1f", o.seconds()), keyResults.entrySet().stream()
                        .map(e -> e.getKey() + " " + NotebookSweepListener.format(e.getValue()))
                        .collect(Collectors.joining(", ")));
    }
}
