package org.latentlab.cli;

import com.google.gson.GsonBuilder;
import org.latentlab.LatentLab;
import org.latentlab.data.Binarization;
import org.latentlab.data.Datasets;
import org.latentlab.data.ImageDataset;
import org.latentlab.data.Mnist;
import org.latentlab.models.MlpVae;
import org.latentlab.objectives.Elbo;
import org.latentlab.training.EpochRecord;
import org.latentlab.training.ProgressLogger;
import org.latentlab.training.TrainConfig;
import org.latentlab.training.TrainResult;
import org.latentlab.training.VaeTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.latentlab.training.TrainingDivergedException;

/**
 * Trains the MLP VAE on MNIST (or Fashion-MNIST) with the (β-)ELBO; progress on stderr, a JSON summary on stdout.
 * With {@code --out DIR} the run checkpoints there each epoch (and resumes from it), and writes
 * {@code model.zip}, {@code history.csv} and {@code summary.json}.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the MLP VAE on MNIST with the ELBO; prints a JSON summary.")
public final class TrainCommand implements Callable<Integer> {
    @Option(names = "--latent", description = "latent dimension k (default ${DEFAULT-VALUE})")
    int latent = 20;
    @Option(names = "--hidden", split = ",", description = "hidden sizes, comma-separated (default 200,200)")
    int[] hidden = {200, 200};
    @Option(names = "--epochs", description = "epochs (default ${DEFAULT-VALUE})")
    int epochs = 10;
    @Option(names = "--batch", description = "batch size (default ${DEFAULT-VALUE})")
    int batch = 128;
    @Option(names = "--lr", description = "Adam learning rate (default ${DEFAULT-VALUE})")
    double lr = 1e-3;
    @Option(names = "--seed", description = "seed for init, shuffling and noise (default ${DEFAULT-VALUE})")
    long seed = 0;
    @Option(names = "--subset", description = "train on a seeded subset of this many images (default: all)")
    Integer subset;
    @Option(names = "--beta", description = "KL weight β (default ${DEFAULT-VALUE})")
    double beta = 1.0;
    @Option(names = "--binarization", description = "NONE, FIXED or DYNAMIC (default ${DEFAULT-VALUE})")
    Binarization binarization = Binarization.DYNAMIC;
    @Option(names = "--dataset", description = "MNIST or FASHION_MNIST (default ${DEFAULT-VALUE})")
    Mnist.Variant dataset = Mnist.Variant.MNIST;
    @Option(names = "--out", description = "run directory: checkpoint (resumable), model.zip, history.csv")
    Path out;
    @Option(names = "--log-every", description = "log every N batches (0: epochs only; default ${DEFAULT-VALUE})")
    int logEvery = 0;

    @Override
    public Integer call() throws Exception {
        if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out: " + out + " is a file; expected a run directory (new or one to "
                    + "resume)");
        }
        for (Path p = out == null ? null : out.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p)) { // fail before training, not when the first checkpoint is written
                if (!Files.isDirectory(p)) {
                    throw new IllegalArgumentException("--out: " + p + " is a file, so the run directory " + out
                            + " cannot be made in it");
                }
                break;
            }
        }
        LatentLab.init();
        TrainConfig cfg = new TrainConfig(epochs, batch, lr, seed, binarization, out == null ? null : out.resolve("checkpoint"));
        Elbo objective = new Elbo(beta);
        Mnist.Split split = Mnist.load(dataset);
        ImageDataset train = subset == null ? split.train() : Datasets.subset(split.train(), subset, seed);
        boolean fresh = out != null && !Files.exists(out);
        try (MlpVae model = MlpVae.create(train.dim(), hidden, latent, seed)) {
            TrainResult r;
            try {
                r = new VaeTrainer(cfg).train(model, objective, train, split.test(), new ProgressLogger(logEvery));
            } catch (TrainingDivergedException e) {
                if (fresh) { // leave no half-made run directory behind (an existing one keeps its last good epoch)
                    deleteTree(out);
                }
                throw e;
            }
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("dataset", dataset.folder());
            summary.put("model", "mlp-vae " + train.dim() + "-" + Arrays.toString(hidden) + "-" + latent);
            summary.put("objective", objective.name());
            summary.put("train_images", train.count());
            summary.put("test_images", split.test().count());
            summary.put("epochs", epochs);
            summary.put("batch", batch);
            summary.put("lr", lr);
            summary.put("seed", seed);
            summary.put("binarization", binarization.name());
            summary.put("threads", System.getProperty("ai.djl.pytorch.num_threads"));
            EpochRecord last = r.last();
            summary.put("final_test_neg_elbo", last.testLoss());
            summary.put("final_test_recon", last.testReconstruction());
            summary.put("final_test_kl", last.testKl());
            summary.put("final_train_loss", last.trainLoss());
            List<Double> secs = new ArrayList<>();
            for (EpochRecord e : r.history()) {
                secs.add(e.seconds());
            }
            summary.put("seconds_per_epoch", secs);
            String json = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create()
                    .toJson(summary);
            if (out != null) {
                Files.createDirectories(out);
                model.save(out.resolve("model.zip"));
                writeAtomically(out.resolve("history.csv"), r.historyTable().write().toString("csv"));
                writeAtomically(out.resolve("summary.json"), json);
            }
            System.out.println(json);
        }
        return 0;
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void writeAtomically(Path file, String text) throws java.io.IOException {
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
