package org.latentlab.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** One in-process run of the command line: exit code, stdout and stderr. */
record CliRun(int exitCode, String out, String err) {

    static synchronized CliRun of(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            rc = Main.run(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new CliRun(rc, out.toString(StandardCharsets.UTF_8).trim(), err.toString(StandardCharsets.UTF_8).trim());
    }

    /** The JSON object printed on stdout (exit 0 required). */
    com.google.gson.JsonObject json() {
        if (exitCode != 0) {
            throw new AssertionError("exit " + exitCode + ", stderr: " + err);
        }
        return com.google.gson.JsonParser.parseString(out).getAsJsonObject();
    }

    /** Lines of stderr that are not logging (slf4j-simple's "[main] INFO" lines). */
    java.util.List<String> errorLines() {
        return err.lines().filter(l -> !l.matches("^\\[[^\\]]+\\] (INFO|DEBUG|WARN) .*")).toList();
    }
}
