import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.latentlab.LatentLab;
import org.latentlab.data.Mnist;
import org.latentlab.models.MlpVae;
import org.latentlab.objectives.Elbo;
import org.latentlab.objectives.Objective;
import org.latentlab.training.Adam;
import org.latentlab.training.EpochRecord;
import org.latentlab.training.TrainConfig;
import org.latentlab.training.TrainingListener;
import org.latentlab.training.VaeTrainer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Benchmark: one epoch of the MLP VAE 784-200-200-20 on full MNIST, batch 128, Adam 1e-3, dynamic binarization.
 * Run (after `mvn -o -q -B package -DskipTests`):
 *   java -Dai.djl.pytorch.num_threads=2 -Dlatentlab.data=/work/datacache \
 *        -cp 'toolkit/target/latentlab.jar:toolkit/target/lib/*' bench/TrainEpochBench.java [epochs] [phaseSteps]
 * Prints, per epoch of VaeTrainer: wall seconds and process CPU seconds; then a per-step phase breakdown
 * (forward, backward, Adam, batch preparation: seed + gather + dynamic binarization, closing the step manager) in wall and calling-thread CPU milliseconds over `phaseSteps` steps. With
 * num_threads=1 all libtorch work runs on the calling thread, so its CPU time is robust to a shared machine.
 */
public class TrainEpochBench {
    public static void main(String[] args) throws Exception {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int phaseSteps = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        Engine engine = LatentLab.init();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ThreadMXBean tm = ManagementFactory.getThreadMXBean();
        Mnist.Split s = Mnist.load(Mnist.Variant.MNIST);
        System.out.printf("threads=%s java=%s cores=%d%n", System.getProperty("ai.djl.pytorch.num_threads"),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        List<double[]> rows = new ArrayList<>();
        if (epochs > 0) {
            try (MlpVae m = MlpVae.create(784, new int[] {200, 200}, 20, 1)) {
                long[] cpu0 = {os.getProcessCpuTime()};
                TrainConfig cfg = TrainConfig.defaults().withEpochs(epochs).withBatchSize(128).withSeed(1);
                new VaeTrainer(cfg).train(m, new Elbo(1.0), s.train(), s.test(), new TrainingListener() {
                    @Override
                    public void onEpochEnd(EpochRecord r, org.latentlab.models.Vae model) {
                        long c = os.getProcessCpuTime();
                        System.out.printf("epoch %d: wall %.3f s, process CPU %.3f s, test -ELBO %.2f%n", r.epoch(),
                                r.seconds(), (c - cpu0[0]) / 1e9, r.testLoss());
                        cpu0[0] = c;
                    }
                });
            }
        }
        if (phaseSteps > 0) {
            phases(engine, s.train(), phaseSteps, tm);
        }
    }

    static void phases(Engine engine, org.latentlab.data.ImageDataset train, int steps, ThreadMXBean tm) {
        try (MlpVae m = MlpVae.create(784, new int[] {200, 200}, 20, 1);
             Adam adam = new Adam(m.parameters(), 1e-3);
             NDManager mgr = engine.newBaseManager()) {
            float[] px = train.pixels();
            float[] scratch = new float[128 * 784];
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocateDirect(128 * 784 * 4)
                    .order(java.nio.ByteOrder.nativeOrder());
            Objective obj = new Elbo(1.0);
            long[] wall = new long[5];
            long[] cpu = new long[5];
            int warm = 50;
            for (int i = 0; i < steps + warm; i++) {
                int from = (i * 128) % (train.count() - 128);
                long wd = System.nanoTime(), cd = tm.getCurrentThreadCpuTime();
                long wc, cc;
                try (NDManager step = mgr.newSubManager()) {
                    org.latentlab.models.Noise.seed(i);
                    // as VaeTrainer: binarize rows in Java from a seeded stream, one reused direct buffer
                    java.util.SplittableRandom bits = new java.util.SplittableRandom(i);
                    for (int k = 0; k < 128 * 784; k += 2) {
                        long r = bits.nextLong();
                        scratch[k] = (r >>> 40) * 0x1.0p-24f < px[from * 784 + k] ? 1f : 0f;
                        scratch[k + 1] = ((r >>> 16) & 0xFFFFFF) * 0x1.0p-24f < px[from * 784 + k + 1] ? 1f : 0f;
                    }
                    buf.clear();
                    buf.asFloatBuffer().put(scratch);
                    NDArray xb = step.create(buf, new Shape(128, 784), DataType.FLOAT32);
                    long w0 = System.nanoTime(), c0 = tm.getCurrentThreadCpuTime();
                    if (i >= warm) {
                        wall[3] += w0 - wd;
                        cpu[3] += c0 - cd;
                    }
                    try (GradientCollector gc = engine.newGradientCollector()) {
                        Objective.Loss l = obj.loss(m, xb);
                        l.value().getFloat();
                        long w1 = System.nanoTime(), c1 = tm.getCurrentThreadCpuTime();
                        gc.backward(l.value());
                        long w2 = System.nanoTime(), c2 = tm.getCurrentThreadCpuTime();
                        if (i >= warm) {
                            wall[0] += w1 - w0; cpu[0] += c1 - c0;
                            wall[1] += w2 - w1; cpu[1] += c2 - c1;
                        }
                    }
                    long w3 = System.nanoTime(), c3 = tm.getCurrentThreadCpuTime();
                    adam.step();
                    wc = System.nanoTime();
                    cc = tm.getCurrentThreadCpuTime();
                    if (i >= warm) {
                        wall[2] += wc - w3;
                        cpu[2] += cc - c3;
                    }
                }
                if (i >= warm) {
                    wall[4] += System.nanoTime() - wc;
                    cpu[4] += tm.getCurrentThreadCpuTime() - cc;
                }
            }
            String[] names = {"forward+loss", "backward", "adam", "batch prep", "step close"};
            for (int k = 0; k < 5; k++) {
                System.out.printf("%-13s wall %.3f ms/step, thread CPU %.3f ms/step%n", names[k],
                        wall[k] / 1e6 / steps, cpu[k] / 1e6 / steps);
            }
        }
    }
}
