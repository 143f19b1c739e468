package org.latentlab.training;

import org.latentlab.models.Vae;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

import java.util.List;

/** The trained model and the per-epoch history (including epochs restored from a checkpoint). */
public record TrainResult(Vae model, List<EpochRecord> history) {
    public TrainResult {
        history = List.copyOf(history);
    }

    /** The last epoch's record; throws if no epoch ran. */
    public EpochRecord last() {
        if (history.isEmpty()) {
            throw new IllegalStateException("training history is empty");
        }
        return history.get(history.size() - 1);
    }

    /** History as a table with columns epoch, train_loss, test_loss, test_recon, test_kl, seconds (nats, s). */
    public Table historyTable() {
        IntColumn epoch = IntColumn.create("epoch");
        DoubleColumn train = DoubleColumn.create("train_loss");
        DoubleColumn test = DoubleColumn.create("test_loss");
        DoubleColumn recon = DoubleColumn.create("test_recon");
        DoubleColumn kl = DoubleColumn.create("test_kl");
        DoubleColumn secs = DoubleColumn.create("seconds");
        for (EpochRecord r : history) {
            epoch.append(r.epoch());
            train.append(r.trainLoss());
            test.append(r.testLoss());
            recon.append(r.testReconstruction());
            kl.append(r.testKl());
            secs.append(r.seconds());
        }
        return Table.create("history", epoch, train, test, recon, kl, secs);
    }
}
