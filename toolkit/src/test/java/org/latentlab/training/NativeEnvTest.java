package org.latentlab.training;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The malloc settings of environment/native-env reach Maven's test JVM and the kernelspec unchanged (their effect on
 * training speed is measured by bench/training, BENCH_NATIVE_ENV=0 for the ablation).
 */
class NativeEnvTest {
    private static final Path REPO = Path.of(System.getProperty("latentlab.repo", ".."));

    static String fileValue() throws IOException {
        for (String line : Files.readAllLines(REPO.resolve("environment/native-env"))) {
            if (line.startsWith("GLIBC_TUNABLES=")) {
                return line.substring("GLIBC_TUNABLES=".length()).trim();
            }
        }
        throw new AssertionError("environment/native-env has no GLIBC_TUNABLES line");
    }

    @Test
    void testJvmAndKernelspecGetTheFilesSettings() throws IOException {
        String expected = fileValue();
        assertTrue(expected.contains("glibc.malloc.mmap_threshold="), expected);
        assertEquals(expected, System.getenv("GLIBC_TUNABLES"), "toolkit/pom.xml surefire environment");
        Path spec = REPO.resolve("environment/kernel/jupyter/kernels/latentlab/kernel.json");
        if (Files.exists(spec)) {   // written by environment/setup, which ./latentlab test runs before Maven
            JsonObject env = JsonParser.parseString(Files.readString(spec)).getAsJsonObject().getAsJsonObject("env");
            assertEquals(expected, env.get("GLIBC_TUNABLES").getAsString(), spec.toString());
        }
    }
}
