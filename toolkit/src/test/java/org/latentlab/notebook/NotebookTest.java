package org.latentlab.notebook;

import org.junit.jupiter.api.Test;
import org.latentlab.LatentLab;

import java.nio.file.Path;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.*;

class NotebookTest {
    @Test
    void runDirIsPerNotebookAndModeUnderRuns() {
        Path p = Notebook.runDir("00_getting_started");
        String mode = LatentLab.Mode.current().name().toLowerCase(Locale.ROOT);
        assertTrue(p.endsWith(Path.of("runs", "00_getting_started", mode)), p.toString());
        assertTrue(p.isAbsolute());
        for (String bad : new String[]{"", " ", "../x", "a/b"}) {
            var e = assertThrows(IllegalArgumentException.class, () -> Notebook.runDir(bad));
            assertTrue(e.getMessage().contains("plain name"));
        }
    }

    @Test
    void facadeOutsideAKernelIsHeadlessAndResetStartsOver() {
        Notebook.reset();
        Display first = Notebook.display();
        assertSame(first, Notebook.display());
        assertEquals("headless", Notebook.kernel());
        Notebook.text("logged, not shown");
        Notebook.reset();
        assertNotSame(first, Notebook.display());
    }
}
