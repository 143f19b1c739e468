package org.latentlab.spark;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.latentlab.LatentLab;
import org.latentlab.data.Binarization;
import org.latentlab.data.Datasets;
import org.latentlab.data.ImageDataset;
import org.latentlab.data.Mnist;
import org.latentlab.models.MlpVae;
import org.latentlab.objectives.Elbo;
import org.latentlab.sweep.ConfigJson;
import org.latentlab.sweep.RunContext;
import org.latentlab.sweep.RunSpec;
import org.latentlab.sweep.Study;
import org.latentlab.training.EpochRecord;
import org.latentlab.training.TrainConfig;
import org.latentlab.training.TrainResult;
import org.latentlab.training.VaeTrainer;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Spark module's test study "tinyvae": an MLP VAE 784-H-k (the toolkit's {@link MlpVae}, ELBO, dynamic
 * binarization) trained with the real {@link VaeTrainer}, with a checkpoint at every epoch end, on the first
 * {@code images} MNIST training images, one run per (k, learning rate). A run appends one line to
 * {@code starts.log} in its folder each time it starts ({@code checkpoint=yes} when it resumed from a checkpoint), so
 * tests can count recomputations and resumptions. Registered in test resources
 * ({@code META-INF/services/org.latentlab.sweep.Study}).
 */
public final class TinyVaeStudy implements Study {
    public static final String NAME = "tinyvae";
    /** The study's own log of starts in a run's folder (one line per start; the store counts attempts too). */
    public static final String ATTEMPTS = "starts.log";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String defaultConfig(LatentLab.Mode mode) {
        return mode == LatentLab.Mode.QUICK
                ? "{\"images\":1000,\"testImages\":500,\"epochs\":8,\"batch\":50,\"hidden\":128,"
                        + "\"latent\":[2,4,8],\"learningRates\":[0.001,0.003],\"seed\":7}"
                : "{\"images\":6000,\"testImages\":1000,\"epochs\":10,\"batch\":50,\"hidden\":256,"
                        + "\"latent\":[2,4,8,16,32,64],\"learningRates\":[0.001,0.003],\"seed\":7}";
    }

    /** The study's configuration (every field required, as {@link ConfigJson} reads it). */
    record Config(int images, int testImages, int epochs, int batch, int hidden, int[] latent, double[] learningRates,
                  long seed) {
        Config {
            for (int v : new int[]{images, testImages, epochs, batch, hidden}) {
                if (v < 1) {
                    throw new IllegalArgumentException("images, testImages, epochs, batch and hidden must be >= 1");
                }
            }
            if (latent == null || latent.length == 0 || learningRates == null || learningRates.length == 0) {
                throw new IllegalArgumentException("latent and learningRates must not be empty");
            }
        }
    }

    @Override
    public String normalizeConfig(String json) {
        return ConfigJson.GSON.toJson(ConfigJson.record(json, Config.class, "tinyvae config"));
    }

    @Override
    public List<RunSpec> plan(String config) {
        Config c = ConfigJson.record(config, Config.class, "tinyvae config");
        List<RunSpec> out = new ArrayList<>();
        for (int k : c.latent()) {
            for (double lr : c.learningRates()) {
                JsonObject p = new JsonObject();
                for (String f : List.of("images", "testImages", "epochs", "batch", "hidden", "seed")) {
                    p.add(f, ConfigJson.GSON.toJsonTree(c).getAsJsonObject().get(f));
                }
                p.addProperty("k", k);
                p.addProperty("lr", lr);
                out.add(new RunSpec(NAME, String.format(Locale.ROOT, "k%d-lr%s", k, lr), p));
            }
        }
        return out;
    }

    @Override
    public JsonObject run(RunSpec spec, RunContext ctx) throws IOException {
        JsonObject p = spec.params();
        Path dir = ctx.runDir();
        Path checkpoint = dir.resolve("checkpoint");
        boolean resumed = Files.isDirectory(checkpoint);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(ATTEMPTS), "attempt checkpoint=" + (resumed ? "yes" : "no") + " pid="
                        + ProcessHandle.current().pid() + " jvm=" + ManagementFactory.getRuntimeMXBean().getName() + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Mnist.Split mnist = Mnist.load(Mnist.Variant.MNIST);
        ImageDataset train = Datasets.head(mnist.train(), p.get("images").getAsInt());
        ImageDataset test = Datasets.binarizeFixed(Datasets.head(mnist.test(), p.get("testImages").getAsInt()));
        long seed = p.get("seed").getAsLong() * 1_000_003L + spec.name().hashCode();
        int k = p.get("k").getAsInt();
        try (MlpVae model = MlpVae.create(784, new int[]{p.get("hidden").getAsInt()}, k, seed)) {
            TrainConfig tc = new TrainConfig(p.get("epochs").getAsInt(), p.get("batch").getAsInt(),
                    p.get("lr").getAsDouble(), seed, Binarization.DYNAMIC, checkpoint);
            long t0 = System.nanoTime();
            TrainResult r = new VaeTrainer(tc).train(model, new Elbo(1.0), train, test);
            JsonObject out = new JsonObject();
            out.addProperty("k", k);
            out.addProperty("lr", p.get("lr").getAsDouble());
            EpochRecord last = r.last();
            out.addProperty("test_loss", last.testLoss());
            out.addProperty("test_kl", last.testKl());
            out.addProperty("test_reconstruction", last.testReconstruction());
            JsonArray train_ = new JsonArray();
            JsonArray test_ = new JsonArray();
            for (EpochRecord e : r.history()) {
                train_.add(e.trainLoss());
                test_.add(e.testLoss());
            }
            out.add("train_loss_by_epoch", train_);
            out.add("test_loss_by_epoch", test_);
            out.addProperty("train_seconds", (System.nanoTime() - t0) / 1e9);
            return out;
        }
    }

    @Override
    public Map<String, Double> keyResults(JsonObject result) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("test_loss", result.get("test_loss").getAsDouble());
        m.put("test_kl", result.get("test_kl").getAsDouble());
        return m;
    }
}
