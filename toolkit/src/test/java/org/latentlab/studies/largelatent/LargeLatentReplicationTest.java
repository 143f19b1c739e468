package org.latentlab.studies.largelatent;

import org.latentlab.notebook.Replication;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LargeLatentReplicationTest {
    /** A run with the given active units and IS of the prior, aggregate-posterior, asker and Gaussian-fit sources. */
    static LatentRun run(Arm arm, int d, int au, double isPrior, double isAgg, double isAsker, double isFit,
                         double gap, double bce) {
        double[] kl = new double[d];
        double[] v = new double[d];
        Arrays.fill(v, 1.0);
        int[] active = new int[au];
        for (int j = 0; j < au; j++) {
            kl[j] = 2.0;
            v[j] = 1.3;
            active[j] = j;
        }
        List<LatentRun.SourceQuality> q = new ArrayList<>();
        double[] is = {isPrior, isAgg, isAsker, isFit, isFit};
        for (int i = 0; i < 5; i++) {
            q.add(new LatentRun.SourceQuality(LatentSources.ALL[i], is[i], 0.05, is[i], 1, 0.9, 0.8,
                    i == 1 || i == 2 ? 0.9 : Double.NaN, ""));
        }
        double chi = Math.sqrt(d - 0.5);
        return new LatentRun(arm.id() + "-d" + d + "-s0", arm.id(), d, 0, arm.beta(784, d), 1, 1, kl, 2.0 * au, au,
                au, active, new LatentRun.Norms(chi, 0.7, 1, 1, chi, 0.7, chi, 0.707, 2, 1, 2, 2, 0.7), v,
                new LatentRun.Mismatch(2000, 5, 2.0 * au, 3, 2.0 * au - 3, Math.log(2000), 4, 0.1, 0.7, 0.68, 0.52,
                        0.9), q, new LatentRun.Reconstruction(bce, -100, -90, -90 + gap, 20), List.of(),
                List.of(new LatentRun.Nearest("prior", 5, 0.95), new LatentRun.Nearest("aggregate-posterior", 4, 0.9)));
    }

    static String verdict(List<Replication.Check> checks, String key) {
        return checks.stream().filter(c -> c.claim().contains(key)).findFirst().orElseThrow().verdict();
    }

    @Test
    void mismatchStoryGivesTheAskersVerdict() {
        List<LatentRun> runs = new ArrayList<>();
        for (Arm a : Arm.values()) {
            runs.add(run(a, 8, 8, 8.0, 8.5, 8.0, 8.4, 0.5, 80));
            runs.add(run(a, 32, 18, 7.5, 8.5, 8.0, 8.4, 0.5, 75));
            runs.add(run(a, 512, 20, 4.0, 8.5, 8.0, 8.0, 0.6, 75));
        }
        List<Replication.Check> c = LargeLatentReplication.checks(runs);
        assertEquals("reproduced", verdict(c, "[sum] decisive: the Gaussian fit"));
        assertEquals("not reproduced", verdict(c, "[sum] decisive: only (b)"));
        assertEquals("n/a", verdict(c, "loss-reduction confounder"), "no d > 784 in this grid");
        assertEquals("reproduced", verdict(c, "active units saturate"));
        assertEquals("reproduced", verdict(c, "inactive dims"));
        assertEquals("not reproduced", verdict(c, "declines only mildly"));
        String answer = LargeLatentReplication.answer(runs, c);
        assertTrue(answer.contains("— is supported for β = 1"), answer);
        assertTrue(answer.contains("β_eff = 784/d ≥ 1.53"), answer);
    }

    @Test
    void fitThatRecoversNothingIsNotReproducedAndSmallLossesAreUndecided() {
        List<LatentRun> runs = new ArrayList<>();
        for (Arm a : Arm.values()) {
            runs.add(run(a, 8, 8, 8, 8.5, 8, 8.4, 0.5, 80));
            runs.add(run(a, 512, 20, a == Arm.SUM ? 4.0 : 8.3, 8.5, 8, 4.5, 0.5, 75));
        }
        List<Replication.Check> c = LargeLatentReplication.checks(runs);
        assertEquals("not reproduced", verdict(c, "[sum] decisive: the Gaussian fit"));
        assertEquals("n/a", verdict(c, "[mean] decisive: the Gaussian fit"), "the prior loses < 10 % of the IS");
    }

    @Test
    void overfittingAndConfounderWhenTheGridReachesBetaBelowOne() {
        List<LatentRun> runs = new ArrayList<>();
        runs.add(run(Arm.SUM, 8, 8, 8, 8.5, 8, 8.4, 0.5, 80));
        runs.add(run(Arm.SUM, 1024, 20, 8.0, 8.5, 8, 8.4, 0.6, 76));
        runs.add(run(Arm.MEAN, 8, 8, 8, 8.5, 8, 8.4, 0.5, 80));
        runs.add(run(Arm.MEAN, 1024, 300, 3.0, 8.5, 3.5, 4.0, 8.0, 90));
        List<Replication.Check> c = LargeLatentReplication.checks(runs);
        assertEquals("reproduced", verdict(c, "loss-reduction confounder"));
        assertEquals("reproduced", verdict(c, "[mean] decisive: only (b)"));
        assertEquals("not reproduced", verdict(c, "[sum] decisive: only (b)"));
    }
}
