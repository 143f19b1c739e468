package org.latentlab.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.latentlab.LatentLab;

import static org.junit.jupiter.api.Assertions.*;

@Tag("numeric")
class GhvaeTest {
    @Test
    void hasExactlyTheSpecParameterCountAndShapes() {
        try (Ghvae m = Ghvae.mnist(3); NDManager mgr = LatentLab.init().newBaseManager()) {
            assertEquals(Ghvae.MNIST_PARAMETERS, m.parameterCount());
            assertEquals(122_713, m.parameterCount());
            assertEquals(m.parameters().size(), m.parameterNames().size());
            NDArray x = mgr.randomUniform(0f, 1f, new Shape(3, 784)).round();
            Ghvae.Gaussian q2 = m.encodeTop(x);
            assertEquals(new Shape(3, 20), q2.mu().getShape());
            assertEquals(new Shape(3, 20), q2.sigma().getShape());
            Ghvae.Gaussian q1 = m.encodeBottom(x, q2.mu());
            assertEquals(new Shape(3, 16, 4, 4), q1.mu().getShape());
            assertEquals(new Shape(3, 16, 4, 4), q1.sigma().getShape());
            Ghvae.Gaussian p1 = m.priorBottom(q2.mu());
            assertEquals(new Shape(3, 16, 4, 4), p1.sigma().getShape());
            assertTrue(p1.sigma().min().getFloat() >= Ghvae.SIGMA_FLOOR);
            assertEquals(new Shape(3, 784), m.decodeLogits(q1.mu()).getShape());
        }
    }
}
