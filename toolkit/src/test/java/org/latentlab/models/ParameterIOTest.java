package org.latentlab.models;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.latentlab.LatentLab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParameterIOTest {
    @TempDir
    Path dir;

    @Test
    void archivesAreByteIdenticalAndLeaveNoTemporaryFiles() throws IOException {
        LatentLab.init();
        try (MlpVae m = MlpVae.create(12, new int[]{5}, 3, 7)) {
            Path a = dir.resolve("a.npz");
            Path b = dir.resolve("b.npz");
            m.save(a);
            m.save(b);
            assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
            try (var files = Files.list(dir)) {
                assertEquals(2, files.count(), "only the two archives, no temporary files");
            }
            ParameterIO.Archive archive = ParameterIO.readArchive(a, "mlp-vae");
            assertEquals(3, archive.description().get("latentDim").getAsInt());
            assertEquals(m.parameters().size(), archive.entries().size());
        }
    }

    @Test
    void aWrongTypeOrAFileThatIsNoArchiveNamesTheFile() throws IOException {
        LatentLab.init();
        Path vae = dir.resolve("vae.npz");
        try (MlpVae m = MlpVae.create(12, new int[]{5}, 3, 7)) {
            m.save(vae);
        }
        IOException wrongType = assertThrows(IOException.class, () -> MnistClassifier.load(vae));
        assertTrue(wrongType.getMessage().contains(vae.toString())
                && wrongType.getMessage().contains("expected type mnist-cnn-classifier"), wrongType.getMessage());
        Path text = dir.resolve("notes.npz");
        Files.writeString(text, "not a zip at all");
        IOException notZip = assertThrows(IOException.class, () -> MlpVae.load(text));
        assertTrue(notZip.getMessage().contains(text.toString()), notZip.getMessage());
    }
}
