import ai.djl.ndarray.*;
import ai.djl.ndarray.types.*;
import ai.djl.training.GradientCollector;
import org.latentlab.models.Ghvae;
import org.latentlab.objectives.*;
import org.latentlab.data.Npy;
import java.nio.file.*;
import java.util.*;

public class OneStep {
    public static void main(String[] a) throws Exception {
        Path w = Paths.get(a[0]);
        Files.createDirectories(w.resolve("init"));
        Files.createDirectories(w.resolve("grad"));
        int B = 32;
        Ghvae m = Ghvae.mnist(1);
        Random r = new Random(5);
        float[] x = new float[B * 784];
        for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() < 0.2 ? 1f : 0f;
        float[] e2 = new float[B * 20];
        for (int i = 0; i < e2.length; i++) e2[i] = (float) r.nextGaussian();
        float[] e1 = new float[B * 256];
        for (int i = 0; i < e1.length; i++) e1[i] = (float) r.nextGaussian();
        Npy.write(w.resolve("x.npy"), x, B, 784);
        Npy.write(w.resolve("e2.npy"), e2, B, 20);
        Npy.write(w.resolve("e1.npy"), e1, B, 16, 4, 4);
        List<String> names = m.parameterNames();
        NDList ps = m.parameters();
        for (int i = 0; i < ps.size(); i++)
            Npy.write(w.resolve("init/" + names.get(i) + ".npy"), ps.get(i).toFloatArray(), ps.get(i).getShape().getShape());
        try (NDManager sm = m.manager().newSubManager()) {
            NDArray xa = sm.create(x, new Shape(B, 784));
            NDArray e2a = sm.create(e2, new Shape(B, 20));
            NDArray e1a = sm.create(e1, new Shape(B, 16, 4, 4));
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
                System.out.println("LOSS " + recon.mean().getFloat() + " " + kl2.mean().getFloat() + " " + kl1.mean().getFloat() + " " + total.getFloat());
                gc.backward(total);
            }
            for (int i = 0; i < ps.size(); i++)
                Npy.write(w.resolve("grad/" + names.get(i) + ".npy"), ps.get(i).getGradient().toFloatArray(), ps.get(i).getShape().getShape());
        }
    }
}
