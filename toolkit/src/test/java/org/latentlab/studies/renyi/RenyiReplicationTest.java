package org.latentlab.studies.renyi;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.latentlab.notebook.Replication;
import org.latentlab.probes.ProbeResult;
import tech.tablesaw.api.Table;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("numeric")
class RenyiReplicationTest {
    private static List<ProbeResult> probes(double mu, double muVar, double z) {
        List<ProbeResult> out = new ArrayList<>();
        for (int e : new int[]{1, 5}) {
            out.add(new ProbeResult("logistic", "mu", e, 100, 100, mu - (5 - e) * 0.01, 0.9, 0.1));
            out.add(new ProbeResult("logistic", "mu+var", e, 100, 100, muVar - (5 - e) * 0.01, 0.9, 0.1));
            out.add(new ProbeResult("logistic", "z", e, 100, 100, z - (5 - e) * 0.01, 0.9, 0.1));
        }
        return out;
    }

    private static RenyiResult run(String alpha, int active, double vr, double is, double mu) {
        return new RenyiResult("k30-" + alpha, 30, alpha.equals("elbo") ? "elbo" : "vr(" + alpha + ")", alpha,
                new double[]{1, 0.5, 0.001}, active, active, vr, 0.1, is, 0.1, 1.0, List.of(),
                probes(mu, mu + 0.005, mu - 0.02));
    }

    private static String verdict(List<Replication.Check> checks, String claimStart) {
        return checks.stream().filter(c -> c.claim().startsWith(claimStart)).findFirst()
                .orElseThrow(() -> new AssertionError("no check starting with " + claimStart)).verdict();
    }

    @Test
    void verdictsFollowTheNumbers() {
        List<RenyiResult> good = List.of(run("elbo", 12, -100, -95, 0.935), run("1", 12, -101, -95, 0.93),
                run("0.5", 15, -98, -95, 0.931), run("0", 18, -96, -94.5, 0.932), run("max", 18, -94, -94.6, 0.93));
        ProbeResult pixels = new ProbeResult("logistic", "pixels", 0, 100, 100, 0.90, 0.9, 1);
        var checks = RenyiReplication.checks(good, pixels, null);
        assertEquals("reproduced", verdict(checks, "Active components rise"));
        assertEquals("reproduced", verdict(checks, "The count saturates"));
        assertEquals("n/a", verdict(checks, "At α = 0 the count is the same"));
        assertEquals("reproduced", verdict(checks, "The VR bound"));
        assertEquals("in range", verdict(checks, "Linear classifier on raw pixels"));
        assertEquals("in range", verdict(checks, "Logistic probe on latent means"));
        assertEquals("reproduced", verdict(checks, "[μ, σ²] is consistently above"));
        assertEquals("reproduced", verdict(checks, "One sample z is below"));
        assertEquals("reproduced", verdict(checks, "Latent means beat"));
        assertEquals("reproduced", verdict(checks, "α has a minor effect"));
        assertEquals("reproduced", verdict(checks, "Geodesic (−2,1)"));

        List<RenyiResult> bad = List.of(run("elbo", 12, -100, -95, 0.80), run("1", 12, -101, -95, 0.80),
                run("0.5", 11, -102, -95, 0.85), run("0", 11, -103, -95, 0.90), run("max", 5, -94, -94.6, 0.95));
        var checks2 = RenyiReplication.checks(bad, new ProbeResult("logistic", "pixels", 0, 1, 1, 0.95, 0.9, 1), null);
        assertEquals("not reproduced", verdict(checks2, "Active components rise"));
        assertEquals("not reproduced", verdict(checks2, "The count saturates"));
        assertEquals("not reproduced", verdict(checks2, "The VR bound"));
        assertEquals("out of range", verdict(checks2, "Linear classifier on raw pixels"));
        assertEquals("out of range", verdict(checks2, "Logistic probe on latent means"));
        assertEquals("not reproduced", verdict(checks2, "Latent means beat"));
        assertEquals("not reproduced", verdict(checks2, "α has a minor effect"));
        Table t = RenyiReplication.table(checks2).table();
        assertEquals(checks2.size(), t.rowCount());
        assertTrue(RenyiReplication.table(checks2).html().contains("data-replication=\"reproduced="));
    }

    @Test
    void figuresBuildFromResults() {
        List<RenyiResult> rs = List.of(run("elbo", 12, -100, -95, 0.935), run("1", 12, -101, -95, 0.93),
                run("0", 18, -96, -94.5, 0.932), run("max", 18, -94, -94.6, 0.93));
        assertEquals(List.of("max", "0", "1", "elbo"), RenyiFigures.alphaOrder(rs));
        assertTrue(RenyiFigures.eigenvalues(rs, 30).asJavascript("d").contains("newPlot"));
        assertTrue(RenyiFigures.activeComponents(rs).asJavascript("d").contains("VR-max"));
        assertTrue(RenyiFigures.bounds(rs, 10, 500).asJavascript("d").contains("IS log-lik"));
        assertTrue(RenyiFigures.probeAccuracy(rs.subList(0, 1), "mu",
                new ProbeResult("logistic", "pixels", 0, 1, 1, 0.9, 0.9, 1)).asJavascript("d").contains("pixels"));
        assertEquals(4, RenyiFigures.summary(rs).rowCount());
    }
}
