// Java side of the seed-spread check: Ghvae.mnist(1) trained by VaeTrainer as bench/training does, TrainConfig seed = args[0] (shuffle + noise).
import org.latentlab.LatentLab;
import org.latentlab.data.*;
import org.latentlab.models.Ghvae;
import org.latentlab.objectives.HitObjective;
import org.latentlab.training.*;
public class SeedSpreadJava {
    public static void main(String[] a) {
        long seed = Long.parseLong(a[0]);
        LatentLab.init();
        Mnist.Split s = Mnist.load(Mnist.Variant.MNIST);
        ImageDataset train = Datasets.binarizeFixed(Datasets.head(s.train(), 20000));
        ImageDataset test = Datasets.binarizeFixed(Datasets.head(s.test(), 2000));
        Ghvae m = Ghvae.mnist(1);
        TrainConfig cfg = TrainConfig.defaults().withEpochs(6).withBatchSize(256).withLearningRate(3e-4)
                .withSeed(seed).withBinarization(Binarization.NONE);
        new VaeTrainer(cfg).fit(m, new HitObjective(1.0, 1.0), train, test,
                r -> System.out.printf("jseed %d epoch %d train %.2f test %.2f%n", seed, r.epoch(), r.trainLoss(), r.testLoss()));
    }
}
