import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.pytorch.jni.JniUtils;
import org.latentlab.LatentLab;
import org.latentlab.data.Binarization;
import org.latentlab.data.Datasets;
import org.latentlab.data.ImageDataset;
import org.latentlab.data.Mnist;
import org.latentlab.data.Npy;
import org.latentlab.models.Ghvae;
import org.latentlab.models.MlpVae;
import org.latentlab.models.TrainableModel;
import org.latentlab.objectives.Elbo;
import org.latentlab.objectives.HitObjective;
import org.latentlab.training.EpochRecord;
import org.latentlab.training.TrainConfig;
import org.latentlab.training.VaeTrainer;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * LatentLab side of bench/training (driven by bench/training_torch.py over stdin/stdout; not run by hand).
 * Args: model (mlp|ghvae), work dir, train count, test count, epochs, batch, lr, seed.
 * Writes the fixed-binarized data (uint8) and the initial parameters (float32 .npy, PyTorch names) to the work dir,
 * prints READY, then trains with VaeTrainer (the toolkit's loop: training + test evaluation per epoch), pausing
 * after every epoch: it prints "EPOCH e seconds trainLoss testLoss" and waits for a line "go" before continuing.
 */
public class TrainingBench {
    static BufferedReader in = new BufferedReader(new InputStreamReader(System.in));

    public static void main(String[] a) throws Exception {
        String which = a[0];
        Path work = Path.of(a[1]);
        int nTrain = Integer.parseInt(a[2]), nTest = Integer.parseInt(a[3]), epochs = Integer.parseInt(a[4]);
        int batch = Integer.parseInt(a[5]);
        double lr = Double.parseDouble(a[6]);
        long seed = Long.parseLong(a[7]);
        LatentLab.init();
        Mnist.Split s = Mnist.load(Mnist.Variant.MNIST);
        ImageDataset train = Datasets.binarizeFixed(Datasets.head(s.train(), nTrain));
        ImageDataset test = Datasets.binarizeFixed(Datasets.head(s.test(), nTest));
        writeU8(work.resolve("train.npy"), train);
        writeU8(work.resolve("test.npy"), test);
        TrainableModel model = which.equals("mlp") ? MlpVae.create(784, new int[] {200, 200}, 20, seed)
                : Ghvae.mnist(seed);
        List<String> names = model instanceof MlpVae m ? m.parameterNames() : ((Ghvae) model).parameterNames();
        Path init = Files.createDirectories(work.resolve("init"));
        NDList ps = model.parameters();
        long count = 0;
        for (int i = 0; i < ps.size(); i++) {
            NDArray p = ps.get(i);
            count += p.getShape().size();
            Npy.write(init.resolve(names.get(i) + ".npy"), p.toFloatArray(), p.getShape().getShape());
        }
        System.out.println("INFO java " + System.getProperty("java.version") + ", DJL libtorch threads "
                + System.getProperty("ai.djl.pytorch.num_threads") + ", grad mode outside collector "
                + JniUtils.isGradMode() + ", parameters " + count + ", native libs " + nativeLibs());
        System.out.println("READY");
        System.out.flush();
        waitGo();
        TrainConfig cfg = TrainConfig.defaults().withEpochs(epochs).withBatchSize(batch).withLearningRate(lr)
                .withSeed(seed).withBinarization(Binarization.NONE);   // data already fixed-binarized above
        VaeTrainer trainer = new VaeTrainer(cfg);
        java.util.function.Consumer<EpochRecord> pause = r -> {
            System.out.printf("EPOCH %d %.6f %.6f %.6f%n", r.epoch(), r.seconds(), r.trainLoss(), r.testLoss());
            System.out.flush();
            if (r.epoch() < epochs) {
                waitGo();
            }
        };
        if (model instanceof MlpVae m) {
            trainer.fit(m, new Elbo(1.0), train, test, pause);
        } else {
            trainer.fit((Ghvae) model, new HitObjective(1.0, 1.0), train, test, pause);
        }
        model.close();
        System.out.println("DONE");
    }

    static void waitGo() {
        try {
            String l = in.readLine();
            if (l == null || !l.trim().equals("go")) {
                throw new IllegalStateException("expected 'go' from the driver, got " + l);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void writeU8(Path f, ImageDataset d) throws Exception {
        float[] px = d.pixels();
        byte[] b = new byte[px.length];
        for (int i = 0; i < px.length; i++) {
            b[i] = (byte) Math.round(px[i]);
        }
        Npy.write(f, b, d.count(), d.dim());
    }

    static String nativeLibs() throws Exception {
        java.util.TreeSet<String> libs = new java.util.TreeSet<>();
        for (String l : Files.readAllLines(Path.of("/proc/self/maps"))) {
            int i = l.indexOf('/');
            if (i >= 0) {
                String path = l.substring(i).trim();
                if (path.substring(path.lastIndexOf('/') + 1).matches(".*(blas|mkl|gomp|iomp|omp|torch_cpu|dnnl).*")) {
                    libs.add(path);
                }
            }
        }
        return String.join(",", libs);
    }
}
