package org.latentlab.probes;

import java.util.Arrays;
import java.util.Objects;

/**
 * Limited-memory BFGS (Nocedal &amp; Wright, <i>Numerical Optimization</i>, 2nd ed., Alg. 7.4/7.5) in double precision,
 * with a line search satisfying the strong Wolfe conditions (Armijo c₁ = 1e-4, curvature c₂ = 0.9; bracketing and
 * safeguarded cubic/bisection zoom, N&amp;W Alg. 3.5/3.6). Used by the logistic probe (SPEC §M14, §H.3).
 *
 * <p>Written here because no Java library reachable from the project's registries offers L-BFGS (Tribuo ships only
 * SGD optimisers; LibLinear has no multinomial logistic loss). Stops when the largest absolute gradient component is
 * at most {@code gradTol} (converged), after {@code maxIterations} iterations, or when the line search finds no
 * step that decreases f (round-off level; not converged). Not thread-safe: one instance per minimisation at a time.
 */
public final class Lbfgs {
    /** A differentiable objective: writes ∇f(x) into {@code grad} and returns f(x). */
    @FunctionalInterface
    public interface Objective {
        double valueAndGradient(double[] x, double[] grad);
    }

    /**
     * Outcome of a minimisation.
     *
     * @param x           the final point
     * @param value       f(x)
     * @param gradMaxAbs  max |∂f/∂xᵢ| at x
     * @param iterations  L-BFGS iterations taken
     * @param evaluations objective evaluations
     * @param converged   whether max |gᵢ| ≤ gradTol was reached (false: iteration cap, or a line search that could
     *                    make no progress)
     */
    public record Result(double[] x, double value, double gradMaxAbs, int iterations, int evaluations,
                         boolean converged) {
    }

    private static final double C1 = 1e-4;
    private static final double C2 = 0.9;
    private static final int MAX_LINE_SEARCH = 50;

    private final int memory;
    private final int maxIterations;
    private final double gradTol;

    /**
     * @param memory        number of stored correction pairs (≥ 1; scipy uses 10)
     * @param maxIterations iteration cap (≥ 1)
     * @param gradTol       stop when max |gᵢ| ≤ gradTol (&gt; 0)
     */
    public Lbfgs(int memory, int maxIterations, double gradTol) {
        if (memory < 1) {
            throw new IllegalArgumentException("memory must be >= 1, got " + memory);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
        }
        if (!(gradTol > 0)) {
            throw new IllegalArgumentException("gradTol must be > 0, got " + gradTol);
        }
        this.memory = memory;
        this.maxIterations = maxIterations;
        this.gradTol = gradTol;
    }

    /** Minimise {@code f} from {@code x0} (not modified). */
    public Result minimize(Objective f, double[] x0) {
        Objects.requireNonNull(f, "f");
        int n = x0.length;
        double[] x = x0.clone();
        double[] g = new double[n];
        int[] evals = {0};
        double fx = eval(f, x, g, evals);
        double[][] s = new double[memory][];
        double[][] y = new double[memory][];
        double[] rho = new double[memory];
        double[] alpha = new double[memory];
        int stored = 0;
        int head = 0;
        double[] d = new double[n];
        double[] xNew = new double[n];
        double[] gNew = new double[n];
        int it = 0;
        boolean converged = maxAbs(g) <= gradTol;
        while (!converged && it < maxIterations) {
            // two-loop recursion: d = -H g
            System.arraycopy(g, 0, d, 0, n);
            for (int k = 0; k < stored; k++) {
                int j = Math.floorMod(head - 1 - k, memory);
                alpha[j] = rho[j] * dot(s[j], d);
                axpy(-alpha[j], y[j], d);
            }
            double gamma = 1.0;
            if (stored > 0) {
                int last = Math.floorMod(head - 1, memory);
                gamma = dot(s[last], y[last]) / dot(y[last], y[last]);
            }
            for (int i = 0; i < n; i++) {
                d[i] *= gamma;
            }
            for (int k = stored - 1; k >= 0; k--) {
                int j = Math.floorMod(head - 1 - k, memory);
                double beta = rho[j] * dot(y[j], d);
                axpy(alpha[j] - beta, s[j], d);
            }
            for (int i = 0; i < n; i++) {
                d[i] = -d[i];
            }
            double dg = dot(d, g);
            if (!(dg < 0)) { // not a descent direction (numerical trouble): restart with steepest descent
                stored = 0;
                for (int i = 0; i < n; i++) {
                    d[i] = -g[i];
                }
                dg = dot(d, g);
            }
            double step0 = stored == 0 ? Math.min(1.0, 1.0 / Math.sqrt(-dg)) : 1.0;
            double step = lineSearch(f, x, fx, g, d, dg, step0, xNew, gNew, evals);
            if (step <= 0) {
                break; // no step satisfying the Wolfe conditions could be found: at round-off level
            }
            double fNew = value;
            it++;
            double[] sk = new double[n];
            double[] yk = new double[n];
            for (int i = 0; i < n; i++) {
                sk[i] = xNew[i] - x[i];
                yk[i] = gNew[i] - g[i];
            }
            double sy = dot(sk, yk);
            if (sy > 1e-10 * dot(yk, yk)) {
                s[head] = sk;
                y[head] = yk;
                rho[head] = 1.0 / sy;
                head = (head + 1) % memory;
                stored = Math.min(stored + 1, memory);
            }
            System.arraycopy(xNew, 0, x, 0, n);
            System.arraycopy(gNew, 0, g, 0, n);
            fx = fNew;
            converged = maxAbs(g) <= gradTol;
        }
        return new Result(x, fx, maxAbs(g), it, evals[0], converged);
    }

    /** f at the accepted point of the last line search. */
    private double value;

    /**
     * Strong-Wolfe line search along d from x; on success writes the new point/gradient into xNew/gNew, sets
     * {@link #value}, and returns the step; returns 0 when none was found.
     */
    private double lineSearch(Objective f, double[] x, double f0, double[] g0, double[] d, double dg0,
                              double step0, double[] xNew, double[] gNew, int[] evals) {
        double aPrev = 0;
        double fPrev = f0;
        double dgPrev = dg0;
        double a = step0;
        for (int k = 0; k < MAX_LINE_SEARCH; k++) {
            double fa = evalAt(f, x, d, a, xNew, gNew, evals);
            double dga = dot(gNew, d);
            if (!Double.isFinite(fa) || fa > f0 + C1 * a * dg0 || (k > 0 && fa >= fPrev)) {
                return zoom(f, x, f0, dg0, d, aPrev, fPrev, dgPrev, a, fa, dga, xNew, gNew, evals);
            }
            if (Math.abs(dga) <= -C2 * dg0) {
                value = fa;
                return a;
            }
            if (dga >= 0) {
                return zoom(f, x, f0, dg0, d, a, fa, dga, aPrev, fPrev, dgPrev, xNew, gNew, evals);
            }
            aPrev = a;
            fPrev = fa;
            dgPrev = dga;
            a *= 2;
        }
        return 0;
    }

    private double zoom(Objective f, double[] x, double f0, double dg0, double[] d,
                        double lo, double fLo, double dgLo, double hi, double fHi, double dgHi,
                        double[] xNew, double[] gNew, int[] evals) {
        for (int k = 0; k < MAX_LINE_SEARCH; k++) {
            double a = interpolate(lo, fLo, dgLo, hi, fHi, dgHi);
            double fa = evalAt(f, x, d, a, xNew, gNew, evals);
            double dga = dot(gNew, d);
            if (!Double.isFinite(fa) || fa > f0 + C1 * a * dg0 || fa >= fLo) {
                hi = a;
                fHi = fa;
                dgHi = dga;
            } else {
                if (Math.abs(dga) <= -C2 * dg0) {
                    value = fa;
                    return a;
                }
                if (dga * (hi - lo) >= 0) {
                    hi = lo;
                    fHi = fLo;
                    dgHi = dgLo;
                }
                lo = a;
                fLo = fa;
                dgLo = dga;
            }
            if (Math.abs(hi - lo) <= 1e-16 * Math.max(Math.abs(lo), Math.abs(hi))) {
                break;
            }
        }
        if (lo > 0 && fLo < f0) { // accept the best Armijo point found (sufficient decrease holds)
            value = evalAt(f, x, d, lo, xNew, gNew, evals);
            return lo;
        }
        return 0;
    }

    /** Minimiser of the cubic through (lo, hi) with their slopes, safeguarded into the middle 80 % of the interval. */
    static double interpolate(double lo, double fLo, double dgLo, double hi, double fHi, double dgHi) {
        double a = Math.min(lo, hi);
        double b = Math.max(lo, hi);
        double t = Double.NaN;
        if (Double.isFinite(fHi) && Double.isFinite(dgHi)) {
            double d1 = dgLo + dgHi - 3 * (fLo - fHi) / (lo - hi);
            double disc = d1 * d1 - dgLo * dgHi;
            if (disc >= 0) {
                double d2 = Math.signum(hi - lo) * Math.sqrt(disc);
                t = hi - (hi - lo) * (dgHi + d2 - d1) / (dgHi - dgLo + 2 * d2);
            }
        }
        double margin = 0.1 * (b - a);
        if (!Double.isFinite(t) || t < a + margin || t > b - margin) {
            t = 0.5 * (a + b);
        }
        return t;
    }

    private static double evalAt(Objective f, double[] x, double[] d, double a, double[] xNew, double[] gNew,
                                 int[] evals) {
        for (int i = 0; i < x.length; i++) {
            xNew[i] = x[i] + a * d[i];
        }
        return eval(f, xNew, gNew, evals);
    }

    private static double eval(Objective f, double[] x, double[] g, int[] evals) {
        Arrays.fill(g, 0);
        evals[0]++;
        return f.valueAndGradient(x, g);
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    static double maxAbs(double[] v) {
        double m = 0;
        for (double e : v) {
            m = Math.max(m, Math.abs(e));
        }
        return m;
    }
}
