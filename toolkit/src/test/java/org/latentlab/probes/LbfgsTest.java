package org.latentlab.probes;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LbfgsTest {
    @Test
    void rosenbrockReachesItsMinimum() {
        Lbfgs.Objective rosen = (x, g) -> {
            double a = 1 - x[0];
            double b = x[1] - x[0] * x[0];
            g[0] = -2 * a - 400 * x[0] * b;
            g[1] = 200 * b;
            return a * a + 100 * b * b;
        };
        Lbfgs.Result r = new Lbfgs(10, 1000, 1e-9).minimize(rosen, new double[]{-1.2, 1.0});
        assertTrue(r.converged(), "converged");
        assertEquals(1.0, r.x()[0], 1e-6);
        assertEquals(1.0, r.x()[1], 1e-6);
        assertTrue(r.value() < 1e-12, "f at the minimum: " + r.value());
        assertTrue(r.iterations() < 200, "iterations " + r.iterations());
    }

    @Test
    void illConditionedQuadraticReachesItsMinimum() {
        // f = ½ Σ λᵢ (xᵢ - cᵢ)², λ from 1 to 1e4: minimum at c, value 0
        int n = 50;
        double[] lambda = new double[n];
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            lambda[i] = Math.pow(1e4, i / (n - 1.0));
            c[i] = Math.sin(i + 1.0);
        }
        Lbfgs.Objective q = (x, g) -> {
            double f = 0;
            for (int i = 0; i < n; i++) {
                double d = x[i] - c[i];
                g[i] = lambda[i] * d;
                f += 0.5 * lambda[i] * d * d;
            }
            return f;
        };
        Lbfgs.Result r = new Lbfgs(10, 5000, 1e-8).minimize(q, new double[n]);
        assertTrue(r.converged());
        assertTrue(r.gradMaxAbs() <= 1e-8 || r.value() < 1e-14, "gradient " + r.gradMaxAbs());
        for (int i = 0; i < n; i++) {
            assertEquals(c[i], r.x()[i], 1e-7, "x" + i);
        }
    }

    @Test
    void cubicInterpolationStaysInsideTheBracket() {
        // f(a) = (a - 0.3)² on [0, 1]: f(0)=0.09, f'(0)=-0.6, f(1)=0.49, f'(1)=1.4 → exact minimiser 0.3
        assertEquals(0.3, Lbfgs.interpolate(0, 0.09, -0.6, 1, 0.49, 1.4), 1e-12);
        double t = Lbfgs.interpolate(0, 0, -1, 1, Double.POSITIVE_INFINITY, Double.NaN);
        assertEquals(0.5, t, 1e-12);
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Lbfgs(0, 10, 1e-6));
        assertThrows(IllegalArgumentException.class, () -> new Lbfgs(5, 0, 1e-6));
        assertThrows(IllegalArgumentException.class, () -> new Lbfgs(5, 10, 0));
    }
}
