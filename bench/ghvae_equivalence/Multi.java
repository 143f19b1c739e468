import ai.djl.ndarray.*;
import ai.djl.ndarray.types.*;
import ai.djl.training.GradientCollector;
import org.latentlab.models.Ghvae;
import org.latentlab.objectives.*;
import org.latentlab.data.*;
import org.latentlab.training.Adam;
import java.nio.file.*;
import java.util.*;

public class Multi {
    public static void main(String[] a) throws Exception {
        Path w = Paths.get(a[0]);
        int S = Integer.parseInt(a[1]);
        int B = 128, N = 2048;
        double lr = Double.parseDouble(a[2]);
        Files.createDirectories(w.resolve("init"));
        Files.createDirectories(w.resolve("final"));
        Ghvae m = Ghvae.mnist(1);
        ImageDataset d = Datasets.binarizeFixed(Datasets.head(Mnist.load(Mnist.Variant.MNIST).train(), N));
        float[] x = d.pixels();
        Npy.write(w.resolve("x.npy"), x, N, 784);
        Random r = new Random(5);
        float[] e2 = new float[S * B * 20];
        for (int i = 0; i < e2.length; i++) e2[i] = (float) r.nextGaussian();
        float[] e1 = new float[S * B * 256];
        for (int i = 0; i < e1.length; i++) e1[i] = (float) r.nextGaussian();
        Npy.write(w.resolve("e2.npy"), e2, S, B, 20);
        Npy.write(w.resolve("e1.npy"), e1, S, B, 16, 4, 4);
        List<String> names = m.parameterNames();
        NDList ps = m.parameters();
        for (int i = 0; i < ps.size(); i++)
            Npy.write(w.resolve("init/" + names.get(i) + ".npy"), ps.get(i).toFloatArray(), ps.get(i).getShape().getShape());
        Adam adam = new Adam(ps, lr);
        float[] out = new float[S * 4];
        for (int s = 0; s < S; s++) {
            int off = (s % (N / B)) * B;
            try (NDManager sm = m.manager().newSubManager()) {
                NDArray xa = sm.create(Arrays.copyOfRange(x, off * 784, (off + B) * 784), new Shape(B, 784));
                NDArray e2a = sm.create(Arrays.copyOfRange(e2, s * B * 20, (s + 1) * B * 20), new Shape(B, 20));
                NDArray e1a = sm.create(Arrays.copyOfRange(e1, s * B * 256, (s + 1) * B * 256), new Shape(B, 16, 4, 4));
                try (GradientCollector gc = sm.getEngine().newGradientCollector()) {
                    Ghvae.Gaussian q2 = m.encodeTop(xa);
                    NDArray z2 = q2.sigma().mul(e2a).add(q2.mu());
                    Ghvae.Gaussian q1 = m.encodeBottom(xa, z2);
                    NDArray z1 = q1.sigma().mul(e1a).add(q1.mu());
                    Ghvae.Gaussian p1 = m.priorBottom(z2);
                    NDArray recon = Elbo.bernoulliNll(xa, m.decodeLogits(z1));
                    NDArray kl2 = HitObjective.klStandardNormal(q2);
                    NDArray kl1 = HitObjective.klDiagonal(q1, p1);
                    NDArray total = recon.add(kl2).add(kl1).mean();
                    out[4*s] = recon.mean().getFloat(); out[4*s+1] = kl2.mean().getFloat(); out[4*s+2] = kl1.mean().getFloat(); out[4*s+3] = total.getFloat();
                    gc.backward(total);
                }
                adam.step();
            }
        }
        Npy.write(w.resolve("jloss.npy"), out, S, 4);
        for (int i = 0; i < ps.size(); i++)
            Npy.write(w.resolve("final/" + names.get(i) + ".npy"), ps.get(i).toFloatArray(), ps.get(i).getShape().getShape());
    }
}
