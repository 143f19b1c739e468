package org.latentlab.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentlab.LatentLab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

@Tag("numeric")
class MlpVaeTest {
    @Test
    void shapesClampAndSeededInit() {
        try (MlpVae a = MlpVae.create(20, new int[] {16, 8}, 3, 42);
             MlpVae b = MlpVae.create(20, new int[] {16, 8}, 3, 42);
             MlpVae c = MlpVae.create(20, new int[] {16, 8}, 3, 43);
             NDManager m = LatentLab.init().newBaseManager()) {
            assertEquals(14, a.parameters().size());  // (W, b) × (2 enc + mu + logvar + 2 dec + out)
            assertEquals("enc.0.weight", a.parameterNames().get(0));
            assertEquals(new Shape(16, 20), a.parameters().get(0).getShape());  // (out, in) like nn.Linear
            assertEquals(new Shape(20, 16), a.parameters().get(12).getShape());  // out.weight mirrors enc.0
            for (int i = 0; i < a.parameters().size(); i++) {
                assertArrayEquals(a.parameters().get(i).toFloatArray(), b.parameters().get(i).toFloatArray(), 0f);
            }
            assertFalse(java.util.Arrays.equals(a.parameters().get(0).toFloatArray(),
                    c.parameters().get(0).toFloatArray()));
            float bound = (float) (1 / Math.sqrt(20));
            for (float w : a.parameters().get(0).toFloatArray()) assertTrue(Math.abs(w) <= bound);

            NDArray x = m.randomUniform(0f, 1f, new Shape(5, 20));
            Posterior q = a.encode(x);
            assertEquals(new Shape(5, 3), q.mu().getShape());
            assertEquals(new Shape(5, 3), q.logVar().getShape());
            assertEquals(new Shape(5, 20), a.decodeLogits(q.mu()).getShape());
            assertEquals(new Shape(7, 5, 20), a.decodeLogits(m.randomNormal(new Shape(7, 5, 3))).getShape());
            // huge inputs drive log σ² to the clamp limits [-12, 8]
            NDArray big = m.randomNormal(0f, 1e4f, new Shape(50, 20), ai.djl.ndarray.types.DataType.FLOAT32);
            float[] lv = a.encode(big).logVar().toFloatArray();
            float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
            for (float v : lv) { min = Math.min(min, v); max = Math.max(max, v); }
            assertEquals(-12f, min, 0f);
            assertEquals(8f, max, 0f);
        }
    }

    @Test
    void saveThenLoadGivesIdenticalOutputs(@TempDir Path tmp) throws IOException {
        try (MlpVae a = MlpVae.create(30, new int[] {12}, 4, 7); NDManager m = LatentLab.init().newBaseManager()) {
            // perturb away from the init so the test cannot pass by re-initialising with the same seed
            a.parameters().get(0).set(m.randomNormal(a.parameters().get(0).getShape()).toFloatArray());
            Path f = tmp.resolve("vae.zip");
            a.save(f);
            try (MlpVae b = MlpVae.load(f)) {
                assertArrayEquals(new int[] {12}, b.hidden());
                assertEquals(4, b.latentDim());
                NDArray x = m.randomUniform(0f, 1f, new Shape(6, 30));
                Posterior qa = a.encode(x);
                Posterior qb = b.encode(x);
                assertArrayEquals(qa.mu().toFloatArray(), qb.mu().toFloatArray(), 0f);
                assertArrayEquals(qa.logVar().toFloatArray(), qb.logVar().toFloatArray(), 0f);
                assertArrayEquals(a.decodeLogits(qa.mu()).toFloatArray(), b.decodeLogits(qb.mu()).toFloatArray(), 0f);
            }
            Path junk = tmp.resolve("junk.zip");
            Files.writeString(junk, "not a zip");
            IOException e = assertThrows(IOException.class, () -> MlpVae.load(junk));
            assertTrue(e.getMessage().contains("junk.zip"), e.getMessage());
        }
    }
}
