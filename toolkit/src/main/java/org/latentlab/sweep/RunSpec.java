package org.latentlab.sweep;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One planned run of a sweep: the study it belongs to, a short readable name (e.g. {@code k30-vr0.5}) and its
 * parameters as JSON. Its {@link #id()} is derived from its content alone, so the same run planned on any machine
 * has the same id and finds its folder in a {@link RunStore}.
 *
 * @param study  the study's name ({@link Study#name()}), e.g. {@code renyi}
 * @param name   a short, folder-safe name: letters, digits, {@code . _ -}, not starting with {@code .}
 * @param params the run's parameters (any JSON object; copied)
 */
public record RunSpec(String study, String name, JsonObject params) {
    static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().disableHtmlEscaping().create();

    public RunSpec {
        Objects.requireNonNull(study, "study");
        Objects.requireNonNull(name, "name");
        if (!name.matches("[A-Za-z0-9_-][A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("run name '" + name + "' must be letters, digits, '.', '_' or '-' "
                    + "(not starting with '.')");
        }
        params = params == null ? new JsonObject() : params.deepCopy();
    }

    /**
     * The run's stable id: {@code name + "-" +} the first 10 hex digits of SHA-256 over {@link #canonical()} —
     * keys sorted at every level, so the order parameters were added in does not matter.
     */
    public String id() {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(canonical().getBytes(StandardCharsets.UTF_8));
            return name + "-" + HexFormat.of().formatHex(h, 0, 5);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The canonical JSON text the id is computed from: {"name":…,"params":{…},"study":…}, keys sorted, no spaces. */
    public String canonical() {
        JsonObject o = new JsonObject();
        o.addProperty("name", name);
        o.add("params", params);
        o.addProperty("study", study);
        return GSON.toJson(sorted(o));
    }

    /** This spec as JSON: {@code {"study":…,"name":…,"params":{…},"id":…}} (the id is checked on reading). */
    public String toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("study", study);
        o.addProperty("name", name);
        o.add("params", params);
        o.addProperty("id", id());
        return GSON.toJson(o);
    }

    /**
     * Parses {@link #toJson()}'s text.
     *
     * @throws IllegalArgumentException (one line) if the text is not such a JSON object, or its {@code id} does not
     *         match its content (an edited spec file)
     */
    public static RunSpec fromJson(String json) {
        JsonObject o = null;
        try {
            JsonElement e = JsonParser.parseString(json);
            o = e.isJsonObject() ? e.getAsJsonObject() : null;
        } catch (JsonParseException | IllegalStateException e) {
            // reported below
        }
        if (o == null || !o.has("study") || !o.has("name") || !o.has("params") || !o.get("params").isJsonObject()) {
            throw new IllegalArgumentException("not a run spec (expected a JSON object with study, name and params): "
                    + abbreviate(json));
        }
        RunSpec s = new RunSpec(o.get("study").getAsString(), o.get("name").getAsString(),
                o.getAsJsonObject("params"));
        if (o.has("id") && !o.get("id").getAsString().equals(s.id())) {
            throw new IllegalArgumentException("run spec " + o.get("id").getAsString() + " does not match its content "
                    + "(its id would be " + s.id() + "): the spec was edited");
        }
        return s;
    }

    /** {@code e} with the keys of every object sorted (a copy). */
    static JsonElement sorted(JsonElement e) {
        if (e.isJsonObject()) {
            Map<String, JsonElement> m = new TreeMap<>();
            for (Map.Entry<String, JsonElement> en : e.getAsJsonObject().entrySet()) {
                m.put(en.getKey(), sorted(en.getValue()));
            }
            JsonObject o = new JsonObject();
            m.forEach(o::add);
            return o;
        }
        if (e.isJsonArray()) {
            JsonArray a = new JsonArray();
            e.getAsJsonArray().forEach(x -> a.add(sorted(x)));
            return a;
        }
        return e;
    }

    static String abbreviate(String s) {
        String t = s == null ? "null" : s.replaceAll("\\s+", " ");
        return t.length() > 80 ? t.substring(0, 77) + "..." : t;
    }
}
