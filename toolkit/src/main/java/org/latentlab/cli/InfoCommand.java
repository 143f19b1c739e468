package org.latentlab.cli;

import ai.djl.engine.Engine;
import com.google.gson.GsonBuilder;
import org.latentlab.LatentLab;
import picocli.CommandLine.Command;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Prints the engine, its version, the thread settings, the mode and the malloc settings, as JSON: a quick check that
 * set-up worked.
 */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Show engine, version and mode as JSON.")
public final class InfoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        Engine engine = LatentLab.init();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("engine", engine.getEngineName());
        out.put("engine_version", engine.getVersion());
        out.put("threads", System.getProperty("ai.djl.pytorch.num_threads"));
        out.put("offline", System.getProperty("ai.djl.offline"));
        out.put("mode", LatentLab.Mode.current().name().toLowerCase());
        out.put("java", System.getProperty("java.version"));
        // malloc settings of environment/native-env (./latentlab cli and the kernelspec set them; null: not set)
        out.put("glibc_tunables", System.getenv("GLIBC_TUNABLES"));
        System.out.println(new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create().toJson(out));
        return 0;
    }
}
