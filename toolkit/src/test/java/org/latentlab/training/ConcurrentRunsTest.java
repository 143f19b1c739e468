package org.latentlab.training;

import ai.djl.ndarray.NDArray;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.latentlab.data.Binarization;
import org.latentlab.data.Datasets;
import org.latentlab.data.ImageDataset;
import org.latentlab.data.Mnist;
import org.latentlab.models.MlpVae;
import org.latentlab.objectives.Elbo;
import org.latentlab.objectives.ModelObjective;
import org.latentlab.objectives.RenyiBound;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Two trainings started at the same time on two threads of one JVM (as the sweep engine's Spark {@code local[N]}
 * master runs them) give exactly the per-batch losses and final parameters that the same two trainings give one after
 * the other: each draws its noise from its own thread's stream ({@link org.latentlab.models.Noise}), not from
 * libtorch's one process-wide generator that the other run reseeds (which made them depend on thread timing).
 */
@Tag("numeric")
class ConcurrentRunsTest {
    private static final int ROUNDS = 8;

    /** What a run gives: its per-batch losses and every final parameter value, as float bits. */
    record Result(List<Integer> losses, List<Integer> parameters) {}

    private static Result run(ModelObjective<? super MlpVae> objective, long seed, ImageDataset train,
                              ImageDataset test, CyclicBarrier start) throws Exception {
        TrainConfig cfg = TrainConfig.defaults().withEpochs(2).withBatchSize(32).withSeed(seed)
                .withBinarization(Binarization.DYNAMIC).withLearningRate(1e-3);
        List<Integer> losses = new ArrayList<>();
        List<Integer> params = new ArrayList<>();
        TrainingListener rec = new TrainingListener() {
            @Override
            public void onBatchEnd(int epoch, int batch, int batches, double loss) {
                losses.add(Float.floatToIntBits((float) loss));
            }
        };
        try (MlpVae m = MlpVae.create(784, new int[] {64}, 8, seed)) {
            if (start != null) {
                start.await(1, TimeUnit.MINUTES);
            }
            // the ELBO takes the fused MLP step (MlpElboStep), the VR bound the autograd path
            new VaeTrainer(cfg, true).run(m, objective, m, train, test, List.of(rec));
            for (NDArray p : m.parameters()) {
                for (float f : p.toFloatArray()) {
                    params.add(Float.floatToIntBits(f));
                }
            }
        }
        return new Result(losses, params);
    }

    @Test
    void twoRunsOnTwoThreadsMatchTheSameRunsOneAfterTheOther() throws Exception {
        Mnist.Split s = Mnist.load(Mnist.Variant.MNIST);
        ImageDataset train = Datasets.head(s.train(), 384);
        ImageDataset test = Datasets.head(s.test(), 100);
        Elbo elbo = new Elbo(1.0);
        RenyiBound vr = RenyiBound.of(0.5, 3);
        Result elboAlone = run(elbo, 5, train, test, null);
        Result vrAlone = run(vr, 6, train, test, null);
        assertEquals(24, elboAlone.losses().size(), "12 batches x 2 epochs");
        assertEquals(24, vrAlone.losses().size(), "12 batches x 2 epochs");
        assertNotEquals(elboAlone.losses(), vrAlone.losses(), "the two runs differ (else mixing them up could pass)");
        assertEquals(elboAlone, run(elbo, 5, train, test, null), "the ELBO run repeated alone");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                CyclicBarrier start = new CyclicBarrier(2);
                Future<Result> a = pool.submit(() -> run(elbo, 5, train, test, start));
                Future<Result> b = pool.submit(() -> run(vr, 6, train, test, start));
                Result ea = a.get(5, TimeUnit.MINUTES);
                Result vb = b.get(5, TimeUnit.MINUTES);
                assertEquals(elboAlone.losses(), ea.losses(), "round " + round + ": ELBO losses beside a VR-0.5 run");
                assertEquals(elboAlone.parameters(), ea.parameters(), "round " + round + ": ELBO parameters");
                assertEquals(vrAlone.losses(), vb.losses(), "round " + round + ": VR-0.5 losses beside an ELBO run");
                assertEquals(vrAlone.parameters(), vb.parameters(), "round " + round + ": VR-0.5 parameters");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
