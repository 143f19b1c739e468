package org.latentlab.cli;

import org.junit.jupiter.api.Test;
import org.latentlab.LatentLab;
import org.latentlab.notebook.Notebook;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

class HitCommandTest {
    @Test
    void aBadModeIsOneLineAndExitTwo() {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int rc;
        try {
            rc = Main.run("hit", "--mode", "medium");
        } finally {
            System.setErr(old);
        }
        assertEquals(Main.EXIT_BAD_INPUT, rc);
        String msg = err.toString(StandardCharsets.UTF_8).trim();
        assertTrue(msg.contains("--mode must be quick or full, got 'medium'"), msg);
        assertEquals(1, msg.lines().count(), msg);
    }

    @Test
    void theDefaultRunDirectoryIsTheNotebooks() {
        assertTrue(Notebook.runDir("03_trading_information_hvae", LatentLab.Mode.FULL)
                .endsWith("runs/03_trading_information_hvae/full"));
        assertEquals(Notebook.runDir("03_trading_information_hvae", LatentLab.Mode.current()),
                Notebook.runDir("03_trading_information_hvae"));
    }
}
