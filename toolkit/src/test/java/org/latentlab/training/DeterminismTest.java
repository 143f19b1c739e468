package org.latentlab.training;

import ai.djl.ndarray.NDArray;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.latentlab.data.Binarization;
import org.latentlab.data.Datasets;
import org.latentlab.data.ImageDataset;
import org.latentlab.data.Mnist;
import org.latentlab.models.Ghvae;
import org.latentlab.models.MlpVae;
import org.latentlab.models.MnistClassifier;
import org.latentlab.models.TrainableModel;
import org.latentlab.objectives.Elbo;
import org.latentlab.objectives.HitObjective;
import org.latentlab.objectives.ModelObjective;
import org.latentlab.objectives.RenyiBound;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9: every trainable model × objective pair trains a few dozen steps with bit-identical losses and parameters —
 * twice in this JVM, once more while a background thread forces garbage collections and churns direct buffers, and
 * once in a second JVM. A run that read uninitialised or freed native memory, or raced, would differ.
 * Also: the model's manager holds only its parameters afterwards (no per-step arrays leak into it).
 */
@Tag("numeric")
class DeterminismTest {
    /** Trains the named case and returns a SHA-256 over every batch loss and every final parameter (float bits). */
    static String fingerprint(String name) throws Exception {
        Mnist.Split s = Mnist.load(Mnist.Variant.MNIST);
        ImageDataset train = Datasets.head(s.train(), 384);
        ImageDataset test = Datasets.head(s.test(), 100);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        List<Float> losses = new ArrayList<>();
        if (name.equals("classifier")) {
            try (MnistClassifier c = MnistClassifier.create(3)) {
                double acc = new ClassifierTrainer(new ClassifierTrainer.Config(2, 32, 1e-3, 0.5, 3)).fit(c, train,
                        test, null);
                losses.add((float) acc);
                losses.add((float) c.probabilities(test.pixels(), test.count())[7]);
                digest(md, losses, c.parameters().stream().toList());
                return HexFormat.of().formatHex(md.digest());
            }
        }
        boolean ghvae = name.startsWith("ghvae");
        TrainConfig cfg = TrainConfig.defaults().withEpochs(2).withBatchSize(32).withSeed(5)
                .withBinarization(ghvae ? Binarization.FIXED : Binarization.DYNAMIC)
                .withLearningRate(ghvae ? 3e-4 : 1e-3);
        TrainingListener rec = new TrainingListener() {
            @Override
            public void onBatchEnd(int epoch, int batch, int batches, double loss) {
                losses.add((float) loss);
            }
        };
        try (TrainableModel m = ghvae ? Ghvae.mnist(5) : MlpVae.create(784, new int[] {64}, 8, 5)) {
            ModelObjective<?> obj = switch (name) {
                case "mlp-elbo-fused", "mlp-elbo-autograd" -> new Elbo(1.0);
                case "mlp-vr0.5" -> RenyiBound.of(0.5, 3);
                case "mlp-vrmax" -> RenyiBound.vrMax(3);
                case "mlp-iwae" -> RenyiBound.iwae(3);
                case "ghvae-hit-1-1" -> new HitObjective(1, 1);
                case "ghvae-hit-0.1-10" -> new HitObjective(0.1, 10);
                default -> throw new IllegalArgumentException("unknown case " + name);
            };
            train(new VaeTrainer(cfg, !name.equals("mlp-elbo-autograd")), m, obj, train, test, rec);
            assertEquals(m.parameters().size(), m.manager().getManagedArrays().size(),
                    name + ": the model's manager holds only its parameters after training");
            digest(md, losses, m.parameters().stream().toList());
        }
        assertEquals(24, losses.size(), name + ": 12 batches x 2 epochs");
        for (float l : losses) {
            assertTrue(Float.isFinite(l), name + ": finite losses " + losses);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void train(VaeTrainer t, TrainableModel m, ModelObjective obj, ImageDataset train,
                              ImageDataset test, TrainingListener rec) {
        t.run(m, obj, m instanceof org.latentlab.models.Vae v ? v : null, train, test, List.of(rec));
    }

    private static void digest(MessageDigest md, List<Float> losses, List<NDArray> params) {
        ByteBuffer b = ByteBuffer.allocate(4);
        for (float l : losses) {
            md.update(b.clear().putInt(Float.floatToIntBits(l)).array());
        }
        for (NDArray p : params) {
            for (float f : p.toFloatArray()) {
                md.update(b.clear().putInt(Float.floatToIntBits(f)).array());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp-elbo-fused", "mlp-elbo-autograd", "mlp-vr0.5", "mlp-vrmax", "mlp-iwae",
        "ghvae-hit-1-1", "ghvae-hit-0.1-10", "classifier"})
    void bitIdenticalInThisJvmUnderGcAndInAnother(String name) throws Exception {
        String first = fingerprint(name);
        assertEquals(first, fingerprint(name), name + ": second run in the same JVM");
        AtomicBoolean stop = new AtomicBoolean();
        Thread churn = new Thread(() -> {
            List<ByteBuffer> keep = new ArrayList<>();
            while (!stop.get()) {
                for (int i = 0; i < 8; i++) {
                    ByteBuffer d = ByteBuffer.allocateDirect(1 << 16);
                    for (int j = 0; j < d.capacity(); j += 4) {
                        d.putInt(j, 0x7fc00001);           // a NaN pattern for anything reading freed memory
                    }
                    keep.add(d);
                }
                if (keep.size() > 64) {
                    keep.clear();
                }
                System.gc();
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "gc-churn");
        churn.setDaemon(true);
        churn.start();
        try {
            assertEquals(first, fingerprint(name), name + ": run with a thread forcing GC every 2 ms");
        } finally {
            stop.set(true);
            churn.join();
        }
        assertEquals(first, childJvm(name), name + ": run in a second JVM");
    }

    /** Runs {@link Child} in a fresh JVM with this JVM's class path, DJL/LatentLab properties and environment. */
    static String childJvm(String name) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        cmd.add("-Xmx2g");
        for (String k : System.getProperties().stringPropertyNames()) {
            if (k.startsWith("ai.djl.") || k.startsWith("latentlab.")) {
                cmd.add("-D" + k + "=" + System.getProperty(k));
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Child.class.getName());
        cmd.add(name);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread drainErr = new Thread(() -> {
            try {
                p.getErrorStream().transferTo(OutputStreamNull.INSTANCE);
            } catch (java.io.IOException ignored) {
                // the child's stderr only carries logs
            }
        });
        drainErr.start();
        p.getInputStream().transferTo(out);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "child JVM finished");
        drainErr.join();
        assertEquals(0, p.exitValue(), "child JVM exit status; stdout: " + out);
        String[] lines = out.toString(StandardCharsets.UTF_8).trim().split("\n");
        return lines[lines.length - 1].trim();
    }

    private static final class OutputStreamNull extends java.io.OutputStream {
        static final OutputStreamNull INSTANCE = new OutputStreamNull();

        @Override
        public void write(int b) {
        }
    }

    /** Entry point of the second JVM: prints the case's fingerprint as its last line. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            System.out.println(fingerprint(args[0]));
        }
    }
}
