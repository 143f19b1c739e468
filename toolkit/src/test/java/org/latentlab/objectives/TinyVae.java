package org.latentlab.objectives;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.latentlab.models.Posterior;
import org.latentlab.models.Vae;

import java.util.Random;

/** A linear-Gaussian encoder and linear Bernoulli decoder, built only from the {@link Vae} interface, for tests. */
final class TinyVae implements Vae {
    private final NDManager manager;
    private final int d;
    private final int k;
    private final NDArray wMu;
    private final NDArray wLv;
    private final NDArray bLv;
    private final NDArray wDec;
    private final NDArray bDec;

    TinyVae(int d, int k, long seed) {
        this.manager = NDManager.newBaseManager();
        this.d = d;
        this.k = k;
        Random r = new Random(seed);
        wMu = param(r, d, k, 0.8);
        wLv = param(r, d, k, 0.3);
        bLv = param(r, 1, k, 0.3);
        wDec = param(r, k, d, 1.0);
        bDec = param(r, 1, d, 0.5);
    }

    private NDArray param(Random r, int rows, int cols, double scale) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (scale * r.nextGaussian());
        }
        NDArray a = manager.create(v, new Shape(rows, cols));
        a.setRequiresGradient(true);
        return a;
    }

    @Override
    public int inputDim() {
        return d;
    }

    @Override
    public int latentDim() {
        return k;
    }

    @Override
    public Posterior encode(NDArray x) {
        return new Posterior(x.matMul(wMu), x.matMul(wLv).add(bLv));
    }

    @Override
    public NDArray decodeLogits(NDArray z) {
        return z.matMul(wDec).add(bDec);
    }

    @Override
    public NDList parameters() {
        return new NDList(wMu, wLv, bLv, wDec, bDec);
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }

    /** Binary data (n, d), fixed by the seed. */
    static float[] binaryData(int n, int d, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextDouble() < 0.3 + 0.4 * ((i % d) % 2) ? 1f : 0f;
        }
        return x;
    }
}
