package org.latentlab.sweep;

import com.google.gson.JsonObject;
import org.latentlab.LatentLab;

import java.util.List;
import java.util.Map;

/** STUB until the lead's engine lands (issue 12 item 1). */
public interface Study {
    String name();

    String defaultConfig(LatentLab.Mode mode);

    String normalizeConfig(String json);

    List<RunSpec> plan(String config);

    JsonObject run(RunSpec spec, RunContext ctx) throws Exception;

    Map<String, Double> keyResults(JsonObject result);
}
