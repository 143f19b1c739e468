package org.latentlab.geometry;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/**
 * Fisher–Rao geometry of univariate and diagonal Gaussians (SPEC §M10; Peşte, Malagò &amp; Sârbu, seed 003).
 *
 * <p>The univariate metric is ds² = (dμ² + 2dσ²)/σ²: with u = μ/√2 it is the Poincaré half-plane scaled by √2.
 * Diagonal Gaussians form the product manifold: squared distances add and geodesics move every coordinate along its
 * own univariate geodesic at the same parameter t. Distances are dimensionless (nats^½ units of the Fisher metric).
 * All inputs must be finite with σ &gt; 0.
 */
public final class FisherRao {
    /** Below this |u1 − u2| the geodesic is taken as the vertical (equal-mean) branch (SPEC §4(e)). */
    static final double VERTICAL_TOLERANCE = 1e-9;
    private static final double SQRT2 = Math.sqrt(2.0);

    private FisherRao() {}

    /** A point (μ, σ) of the univariate Gaussian manifold. */
    public record Point(double mu, double sigma) {
        public Point {
            checkParameter("mu", mu, "sigma", sigma);
        }
    }

    /**
     * A diagonal-Gaussian geodesic sampled at parameters {@code t}: {@code mu[i][j]}, {@code sigma[i][j]} are the
     * coordinates of dimension j at {@code t[i]}.
     */
    public record DiagonalPath(double[] t, double[][] mu, double[][] sigma) {
        public DiagonalPath {
            t = t.clone();
            mu = deepCopy(mu);
            sigma = deepCopy(sigma);
        }

        @Override public double[] t() { return t.clone(); }
        @Override public double[][] mu() { return deepCopy(mu); }
        @Override public double[][] sigma() { return deepCopy(sigma); }

        /** Long table: columns t, dim, mu, sigma. */
        public Table toTable() {
            DoubleColumn tc = DoubleColumn.create("t");
            DoubleColumn dc = DoubleColumn.create("dim");
            DoubleColumn mc = DoubleColumn.create("mu");
            DoubleColumn sc = DoubleColumn.create("sigma");
            for (int i = 0; i < t.length; i++) {
                for (int j = 0; j < mu[i].length; j++) {
                    tc.append(t[i]);
                    dc.append(j);
                    mc.append(mu[i][j]);
                    sc.append(sigma[i][j]);
                }
            }
            return Table.create("fisher-rao geodesic", tc, dc, mc, sc);
        }
    }

    /**
     * Fisher–Rao distance between N(μ1, σ1²) and N(μ2, σ2²):
     * √2·arccosh(1 + ((μ1−μ2)²/2 + (σ1−σ2)²)/(2σ1σ2)) = 2√2·asinh(h/2) with h = √((μ1−μ2)²/2 + (σ1−σ2)²)/√(σ1σ2).
     * h is formed from the halved differences with {@code hypot} and divided by √σ1 and √σ2 separately, so the
     * distance is invariant under (μ, σ) → (aμ, aσ) in floating point too: nothing under- or overflows for σ down to
     * 10⁻³⁰⁰ or |Δμ|/σ up to 10³⁰⁰ (beyond the double range of h it is computed from log h). Dimensionless.
     */
    public static double distance(double mu1, double sigma1, double mu2, double sigma2) {
        checkParameter("mu1", mu1, "sigma1", sigma1);
        checkParameter("mu2", mu2, "sigma2", sigma2);
        double halfDm = 0.5 * mu1 - 0.5 * mu2;
        double halfDs = 0.5 * sigma1 - 0.5 * sigma2;
        double big = Math.hypot(halfDm / SQRT2, halfDs); // = h·√(σ1σ2)/2, never overflows
        if (big == 0.0) {
            return 0.0;
        }
        double h = 2.0 * (big / Math.sqrt(sigma1) / Math.sqrt(sigma2));
        if (Double.isFinite(h) && h > 0x1p-900 && big >= Double.MIN_NORMAL) {
            return 2.0 * SQRT2 * asinh(0.5 * h);
        }
        // h beyond the double range (or computed from subnormals): asinh(h/2) = log h + O(1/h²) for large h
        double logH = Math.log(2.0) + Math.log(big) - 0.5 * (Math.log(sigma1) + Math.log(sigma2));
        if (logH > 20.0) {
            return 2.0 * SQRT2 * logH;
        }
        return 2.0 * SQRT2 * asinh(0.5 * Math.exp(logH));
    }

    /** Distance between two points. */
    public static double distance(Point a, Point b) {
        return distance(a.mu(), a.sigma(), b.mu(), b.sigma());
    }

    /** Distance between diagonal Gaussians: √(Σ_j d_j²) with d_j the univariate distance of dimension j. */
    public static double distance(double[] mu1, double[] sigma1, double[] mu2, double[] sigma2) {
        checkSameLength(mu1, sigma1, mu2, sigma2);
        double sum = 0.0;
        for (int j = 0; j < mu1.length; j++) {
            double d = distance(mu1[j], sigma1[j], mu2[j], sigma2[j]);
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    /**
     * The point at parameter t ∈ [0, 1] of the constant-speed univariate geodesic from (μ1, σ1) to (μ2, σ2).
     * Equal means (|u1−u2| &lt; 1e-9 with u = μ/√2): σ(t) = σ1^{1−t}σ2^t. Otherwise the semicircle of centre c and
     * radius r in (u, σ), parametrised by arc length u = c + r·tanh s, σ = r/cosh s, with s = asinh((u−c)/σ)
     * (equivalent to artanh((u−c)/r) but without its loss of precision near σ → 0), evaluated in the
     * cancellation-free form u = u1 + σ1·sinh(s − s1)/cosh s, σ = σ1·cosh s1/cosh s (c and r grow without bound as
     * |u1 − u2| → 0, so c + r·tanh s would lose ~1e-8 relative just above the branch switch).
     */
    public static Point geodesic(double mu1, double sigma1, double mu2, double sigma2, double t) {
        checkParameter("mu1", mu1, "sigma1", sigma1);
        checkParameter("mu2", mu2, "sigma2", sigma2);
        if (!Double.isFinite(t)) {
            throw new IllegalArgumentException("t must be finite, got " + t);
        }
        if (t == 0.0) {
            return new Point(mu1, sigma1);
        }
        if (t == 1.0) {
            return new Point(mu2, sigma2);
        }
        double u1 = mu1 / SQRT2;
        double u2 = mu2 / SQRT2;
        if (Math.abs(u1 - u2) < VERTICAL_TOLERANCE) {
            double logSigma = (1.0 - t) * Math.log(sigma1) + t * Math.log(sigma2);
            return new Point(mu1 + t * (mu2 - mu1), Math.exp(logSigma));
        }
        // semicircle centre c on the u axis, taken relative to u1 (no u² that could overflow): a = c − u1
        double du = u2 - u1;
        double a = 0.5 * du + ((sigma2 - sigma1) / du) * (0.5 * (sigma2 + sigma1));
        double s1 = asinhOf(-a, sigma1);
        double s2 = asinhOf(du - a, sigma2);
        double s = s1 + t * (s2 - s1);
        // cancellation-free form of u = c + r·tanh s, σ = r/cosh s (r = σ1·cosh s1):
        // u = u1 + σ1·sinh(s − s1)/cosh s, σ = σ1·cosh s1/cosh s; near the vertical branch c and r are huge and
        // c + r·tanh s would cancel, while here every term is small
        double u = u1 + sinhOverCosh(sigma1, t * (s2 - s1), s);
        double sigma = coshOverCosh(sigma1, s1, s);
        return new Point(SQRT2 * u, sigma);
    }

    /** asinh(p/q) for q &gt; 0, also where p/q overflows: asinh(x) = log 2|x| + O(1/x²) for |x| &gt; 1e8. */
    private static double asinhOf(double p, double q) {
        double x = p / q;
        if (Double.isFinite(x) && Math.abs(x) <= 1e8) {
            return asinh(x);
        }
        return Math.copySign(Math.log(Math.abs(p)) - Math.log(q) + Math.log(2.0), p);
    }

    /** q·sinh(x)/cosh(y) for q &gt; 0, without overflow of the intermediate terms. */
    static double sinhOverCosh(double q, double x, double y) {
        double ax = Math.abs(x);
        double ay = Math.abs(y);
        if (ax < 1.0 && ay < 300.0) {
            return q * Math.sinh(x) / Math.cosh(y);
        }
        // q·sinh x/cosh y = sign(x)·e^{|x|−|y|+log q}·(1 − e^{−2|x|})/(1 + e^{−2|y|})
        return Math.copySign(Math.exp(ax - ay + Math.log(q)) * -Math.expm1(-2.0 * ax) / (1.0 + Math.exp(-2.0 * ay)), x);
    }

    /** q·cosh(x)/cosh(y) for q &gt; 0, without overflow of the intermediate terms. */
    static double coshOverCosh(double q, double x, double y) {
        double ax = Math.abs(x);
        double ay = Math.abs(y);
        if (ax < 300.0 && ay < 300.0) {
            return q * Math.cosh(x) / Math.cosh(y);
        }
        return Math.exp(ax - ay + Math.log(q)) * (1.0 + Math.exp(-2.0 * ax)) / (1.0 + Math.exp(-2.0 * ay));
    }

    /** Univariate geodesic point between two points. */
    public static Point geodesic(Point a, Point b, double t) {
        return geodesic(a.mu(), a.sigma(), b.mu(), b.sigma(), t);
    }

    /**
     * The diagonal-Gaussian geodesic sampled at each t: every dimension follows its own univariate geodesic at the
     * same parameter (product manifold, SPEC §M10).
     */
    public static DiagonalPath geodesic(double[] mu1, double[] sigma1, double[] mu2, double[] sigma2, double... ts) {
        checkSameLength(mu1, sigma1, mu2, sigma2);
        if (ts == null || ts.length == 0) {
            throw new IllegalArgumentException("ts: expected at least one parameter value in [0, 1]");
        }
        int k = mu1.length;
        double[][] mu = new double[ts.length][k];
        double[][] sigma = new double[ts.length][k];
        for (int i = 0; i < ts.length; i++) {
            for (int j = 0; j < k; j++) {
                Point p = geodesic(mu1[j], sigma1[j], mu2[j], sigma2[j], ts[i]);
                mu[i][j] = p.mu();
                sigma[i][j] = p.sigma();
            }
        }
        return new DiagonalPath(ts, mu, sigma);
    }

    /** {@code n} evenly spaced parameters 0, 1/(n−1), …, 1 (n ≥ 2), e.g. the 10 interpolation columns. */
    public static double[] evenly(int n) {
        if (n < 2) {
            throw new IllegalArgumentException("n: expected at least 2 points, got " + n);
        }
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = (double) i / (n - 1);
        }
        t[n - 1] = 1.0;
        return t;
    }

    /**
     * Fisher–Rao length of the straight segment (μ, σ)(t) = (1−t)·a + t·b in the univariate manifold, in closed form:
     * √(Δμ² + 2Δσ²)·(log σ2 − log σ1)/(σ2 − σ1) (→ √(Δμ² + 2Δσ²)/σ when σ1 = σ2). It is ≥ the geodesic distance.
     */
    public static double straightLength(double mu1, double sigma1, double mu2, double sigma2) {
        checkParameter("mu1", mu1, "sigma1", sigma1);
        checkParameter("mu2", mu2, "sigma2", sigma2);
        double dm = mu2 - mu1;
        double ds = sigma2 - sigma1;
        double speed = Math.sqrt(dm * dm + 2.0 * ds * ds);
        double rel = ds / sigma1;
        double inv = Math.abs(rel) < 1e-8 ? (1.0 - rel / 2.0 + rel * rel / 3.0) / sigma1
                : Math.log(sigma2 / sigma1) / ds;
        return speed * inv;
    }

    /**
     * Fisher–Rao length of the straight segment between two diagonal Gaussians,
     * ∫₀¹ √(Σ_j (Δμ_j² + 2Δσ_j²)/σ_j(t)²) dt, by composite 5-point Gauss–Legendre quadrature on {@code panels}
     * sub-intervals (SPEC §4(c): the length ratio geodesic / straight path).
     */
    public static double straightLength(double[] mu1, double[] sigma1, double[] mu2, double[] sigma2, int panels) {
        checkSameLength(mu1, sigma1, mu2, sigma2);
        if (panels < 1) {
            throw new IllegalArgumentException("panels: expected ≥ 1, got " + panels);
        }
        if (mu1.length == 1) {
            return straightLength(mu1[0], sigma1[0], mu2[0], sigma2[0]);
        }
        double[] nodes = {-0.9061798459386640, -0.5384693101056831, 0.0, 0.5384693101056831, 0.9061798459386640};
        double[] weights = {0.2369268850561891, 0.4786286704993665, 0.5688888888888889, 0.4786286704993665,
                0.2369268850561891};
        double h = 1.0 / panels;
        double total = 0.0;
        for (int p = 0; p < panels; p++) {
            double mid = (p + 0.5) * h;
            for (int q = 0; q < nodes.length; q++) {
                double t = mid + 0.5 * h * nodes[q];
                double sum = 0.0;
                for (int j = 0; j < mu1.length; j++) {
                    double dm = mu2[j] - mu1[j];
                    double ds = sigma2[j] - sigma1[j];
                    double s = sigma1[j] + t * ds;
                    sum += (dm * dm + 2.0 * ds * ds) / (s * s);
                }
                total += 0.5 * h * weights[q] * Math.sqrt(sum);
            }
        }
        return total;
    }

    private static double asinh(double x) {
        double ax = Math.abs(x);
        double r = ax > 1e8 ? Math.log(ax) + Math.log(2.0) : Math.log1p(ax + ax * ax / (1.0 + Math.sqrt(1.0 + ax * ax)));
        return Math.copySign(r, x);
    }

    private static void checkParameter(String muName, double mu, String sigmaName, double sigma) {
        if (!Double.isFinite(mu)) {
            throw new IllegalArgumentException(muName + " must be finite, got " + mu);
        }
        if (!(sigma > 0.0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException(sigmaName + " must be a finite standard deviation > 0, got " + sigma);
        }
    }

    private static void checkSameLength(double[] mu1, double[] sigma1, double[] mu2, double[] sigma2) {
        if (mu1 == null || sigma1 == null || mu2 == null || sigma2 == null) {
            throw new IllegalArgumentException("mu1, sigma1, mu2, sigma2 must not be null");
        }
        int k = mu1.length;
        if (k == 0 || sigma1.length != k || mu2.length != k || sigma2.length != k) {
            throw new IllegalArgumentException("mu1, sigma1, mu2, sigma2: expected equal non-zero lengths, got "
                    + mu1.length + ", " + sigma1.length + ", " + mu2.length + ", " + sigma2.length);
        }
    }

    private static double[][] deepCopy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}
