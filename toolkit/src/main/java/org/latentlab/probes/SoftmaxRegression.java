package org.latentlab.probes;

import java.util.Arrays;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Multinomial logistic regression fitted to the exact optimum of SPEC §M14/§H.3:
 * minimise ½‖W‖²_F + C·Σᵢ CE(softmax(W xᵢ + b), yᵢ) (nats), the intercept b unpenalised, on the raw features,
 * by {@link Lbfgs} in double precision. This is scikit-learn's {@code LogisticRegression(solver='lbfgs', C)}
 * objective (multinomial, one weight row per class). Convergence: max |∂f/∂θ| ≤ tol·C·n, i.e. tol on the gradient of
 * sklearn's scaled objective (mean loss + ‖W‖²/(2Cn)), like its {@code gtol}.
 */
public final class SoftmaxRegression {
    private final int[] classes;
    private final int dim;
    private final double[] weights; // K × dim, row-major
    private final double[] bias;     // K
    private final double objective;
    private final Lbfgs.Result result;

    private SoftmaxRegression(int[] classes, int dim, double[] theta, double objective, Lbfgs.Result result) {
        this.classes = classes;
        this.dim = dim;
        int k = classes.length;
        this.weights = Arrays.copyOf(theta, k * dim);
        this.bias = Arrays.copyOfRange(theta, k * dim, k * dim + k);
        this.objective = objective;
        this.result = result;
    }

    /**
     * Fit on {@code x} ({@code n × dim}, row-major) with labels {@code y}.
     *
     * @param c             inverse regularisation strength C (&gt; 0)
     * @param maxIterations L-BFGS iteration cap
     * @param tol           gradient tolerance on sklearn's scale (1e-6 for a tight fit)
     */
    public static SoftmaxRegression fit(double[] x, int[] y, int dim, double c, int maxIterations, double tol) {
        if (dim < 1 || x.length % dim != 0 || x.length / dim != y.length || y.length == 0) {
            throw new IllegalArgumentException("x has " + x.length + " values for " + y.length + " labels of dim "
                    + dim + "; expected labels.length * dim values and at least one row");
        }
        if (!(c > 0)) {
            throw new IllegalArgumentException("C must be > 0, got " + c);
        }
        TreeSet<Integer> set = new TreeSet<>();
        for (int v : y) {
            set.add(v);
        }
        int[] classes = set.stream().mapToInt(Integer::intValue).toArray();
        int[] yi = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            yi[i] = Arrays.binarySearch(classes, y[i]);
        }
        Loss loss = new Loss(x, yi, dim, classes.length, c);
        Lbfgs.Result r = new Lbfgs(10, maxIterations, tol * c * y.length)
                .minimize(loss, new double[classes.length * (dim + 1)]);
        return new SoftmaxRegression(classes, dim, r.x(), r.value(), r);
    }

    /** The objective ½‖W‖² + C·Σ CE and its gradient over θ = [W (K×dim row-major), b (K)]. */
    static final class Loss implements Lbfgs.Objective {
        private final double[] x;
        private final int[] y;
        private final int dim;
        private final int k;
        private final double c;

        Loss(double[] x, int[] y, int dim, int k, double c) {
            this.x = x;
            this.y = y;
            this.dim = dim;
            this.k = k;
            this.c = c;
        }

        /** At most this many row chunks per gradient evaluation (evaluated in parallel, summed in order). */
        static final int CHUNKS = 8;

        @Override
        public double valueAndGradient(double[] theta, double[] grad) {
            int n = y.length;
            // a fixed split of the rows (not one per processor): the partial sums are added in chunk order, so the
            // result is the same bits on any machine, whatever its number of cores or the JVM's processor count
            int chunks = Math.max(1, Math.min(CHUNKS, n / 2000));
            double[][] grads = new double[chunks][];
            double[] ce = new double[chunks];
            IntStream.range(0, chunks).parallel().forEach(ch -> {
                double[] gl = new double[k * (dim + 1)];
                double[] z = new double[k];
                double s = 0;
                for (int i = (int) ((long) n * ch / chunks), end = (int) ((long) n * (ch + 1) / chunks); i < end; i++) {
                    int off = i * dim;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int a = 0; a < k; a++) {
                        double v = theta[k * dim + a] + dot(theta, a * dim, x, off, dim);
                        z[a] = v;
                        max = Math.max(max, v);
                    }
                    double zy = z[y[i]];
                    double sum = 0;
                    for (int a = 0; a < k; a++) {
                        z[a] = Math.exp(z[a] - max);
                        sum += z[a];
                    }
                    s += Math.log(sum) + max - zy;
                    for (int a = 0; a < k; a++) {
                        double r = z[a] / sum - (a == y[i] ? 1 : 0);
                        int w = a * dim;
                        for (int j = 0; j < dim; j++) {
                            gl[w + j] += r * x[off + j];
                        }
                        gl[k * dim + a] += r;
                    }
                }
                grads[ch] = gl;
                ce[ch] = s;
            });
            double loss = 0;
            for (int ch = 0; ch < chunks; ch++) {
                loss += ce[ch];
                double[] gl = grads[ch];
                for (int p = 0; p < gl.length; p++) {
                    grad[p] += c * gl[p];
                }
            }
            double reg = 0;
            for (int p = 0; p < k * dim; p++) {
                reg += theta[p] * theta[p];
                grad[p] += theta[p];
            }
            return 0.5 * reg + c * loss;
        }
    }

    /** Σⱼ a[ao+j]·b[bo+j] with four partial sums (breaks the add latency chain; about 3× faster here). */
    static double dot(double[] a, int ao, double[] b, int bo, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 3 < n; j += 4) {
            s0 += a[ao + j] * b[bo + j];
            s1 += a[ao + j + 1] * b[bo + j + 1];
            s2 += a[ao + j + 2] * b[bo + j + 2];
            s3 += a[ao + j + 3] * b[bo + j + 3];
        }
        for (; j < n; j++) {
            s0 += a[ao + j] * b[bo + j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Predicted label (an original label value) of one row. */
    public int predict(double[] row) {
        int best = 0;
        double bestZ = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < classes.length; a++) {
            double v = bias[a];
            for (int j = 0; j < dim; j++) {
                v += weights[a * dim + j] * row[j];
            }
            if (v > bestZ) {
                bestZ = v;
                best = a;
            }
        }
        return classes[best];
    }

    /** Objective value at the fitted parameters (nats, C-weighted as above). */
    public double objective() {
        return objective;
    }

    /** The optimiser's report (iterations, gradient, convergence). */
    public Lbfgs.Result optimiser() {
        return result;
    }

    /** Sorted distinct training labels; row a of {@link #weights()} belongs to {@code classes()[a]}. */
    public int[] classes() {
        return classes.clone();
    }

    /** W, K × dim row-major. */
    public double[] weights() {
        return weights.clone();
    }

    /** b, one per class. */
    public double[] bias() {
        return bias.clone();
    }
}
