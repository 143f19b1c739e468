package org.latentlab.cli;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentlab.models.MlpVae;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

@Tag("numeric")
class TrainCommandTest {
    @Test
    void trainsAndPrintsJsonSummary(@TempDir Path tmp) throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int rc;
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            rc = Main.run("train", "--subset", "600", "--epochs", "2", "--hidden", "32", "--latent", "3",
                    "--batch", "50", "--seed", "4", "--out", tmp.toString());
        } finally {
            System.setOut(old);
        }
        assertEquals(0, rc);
        JsonObject o = new Gson().fromJson(buf.toString(StandardCharsets.UTF_8), JsonObject.class);
        double loss = o.get("final_test_neg_elbo").getAsDouble();
        assertTrue(loss > 50 && loss < 543, "test -ELBO " + loss);
        assertEquals(2, o.getAsJsonArray("seconds_per_epoch").size());
        assertEquals(600, o.get("train_images").getAsInt());
        assertTrue(Files.isRegularFile(tmp.resolve("checkpoint").resolve("checkpoint.zip")));
        assertEquals(3, Files.readAllLines(tmp.resolve("history.csv")).size());
        try (MlpVae m = MlpVae.load(tmp.resolve("model.zip"))) {
            assertEquals(3, m.latentDim());
        }
        assertNotEquals(0, Main.run("train", "--epochs", "0", "--subset", "10"));
    }
}
