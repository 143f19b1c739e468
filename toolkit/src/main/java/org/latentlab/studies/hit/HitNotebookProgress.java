package org.latentlab.studies.hit;

import org.latentlab.notebook.LiveProgress;
import org.latentlab.notebook.Notebook;
import org.latentlab.training.EpochRecord;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Grid progress in a notebook: one live display for the whole grid, one row per finished cell (PSNR and IS, drawn
 * as the running curve, then β and the rates; the display calls the rows "epochs"), and the current cell's training
 * epoch as the running position (test loss in nats as the running value).
 */
public final class HitNotebookProgress implements HitGrid.Listener {
    private LiveProgress progress;
    private int index;
    private int total;

    @Override
    public void onCellStart(int index, int total, String id, boolean cached) {
        if (progress == null) {
            progress = Notebook.progress("HIT grid: " + total + " models (cached ones are reused)");
            progress.start(total);
        }
        this.index = index;
        this.total = total;
    }

    @Override
    public void onEpoch(String id, EpochRecord r, int epochs) {
        progress.batch(index + 1, r.epoch(), epochs, r.testLoss());
    }

    @Override
    public void onCellEnd(HitResult r) {
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("PSNR", r.psnr());            // the first two values are drawn in the running curve
        v.put("IS", r.is());
        v.put("β1", r.beta1());
        v.put("β2", r.beta2());
        v.put("R(z2)", r.rateZ2());
        v.put("R(z1|z2)", r.rateZ1GivenZ2());
        progress.epoch(index + 1, r.trainSeconds() + r.evalSeconds(), v);
        if (index + 1 == total) {
            progress.finish();
        }
    }
}
