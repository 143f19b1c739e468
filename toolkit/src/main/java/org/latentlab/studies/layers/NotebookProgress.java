package org.latentlab.studies.layers;

import org.latentlab.notebook.Notebook;
import org.latentlab.training.TrainingListener;

import java.util.Locale;

/** Shows the study's progress in a notebook: a line per bottleneck and geometry record, live training progress. */
public final class NotebookProgress implements LayersStudy.Progress {
    @Override
    public void onRunStart(int k, int index, int total, boolean cached) {
        Notebook.text(String.format(Locale.ROOT, "K = %d (%d/%d): %s", k, index + 1, total,
                cached ? "cached records reused" : "training (resumes from its checkpoint if interrupted)"));
    }

    @Override
    public TrainingListener training(int k, int epochs) {
        return Notebook.trainingProgress("training K = " + k);
    }

    @Override
    public void onGeometry(LayerGeometry g) {
        Notebook.text(String.format(Locale.ROOT, "  K = %d, epoch %d: ID(l5) %.1f, Δ(l10→l0) %.4f, BCE %.1f (%.1f s)",
                g.latentDim(), g.epoch(), g.id()[5], g.outputToInput(), g.testBce(), g.seconds()));
    }

    @Override
    public void onStage(String stage) {
        Notebook.text(stage);
    }
}
