package org.latentlab.sweep;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Study configurations as JSON: config records (validated in their compact constructors) to and from JSON, with every
 * field required and unknown fields refused, so a typo in a hand-written configuration is an error, not a default.
 * Non-finite numbers are written as {@code NaN}, {@code Infinity}, {@code -Infinity}.
 */
public final class ConfigJson {
    /** The Gson every study configuration and result goes through. */
    public static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().disableHtmlEscaping()
            .setStrictness(Strictness.LENIENT).create();

    private ConfigJson() {}

    /**
     * {@code json} as a JSON object.
     *
     * @throws IllegalArgumentException "WHAT is not valid JSON: …" or "WHAT: expected a JSON object"
     */
    public static JsonObject object(String json, String what) {
        try {
            JsonElement e = JsonParser.parseString(json);
            if (e.isJsonObject()) {
                return e.getAsJsonObject();
            }
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(what + " is not valid JSON: " + plain(e), e);
        }
        throw new IllegalArgumentException(what + ": expected a JSON object");
    }

    /**
     * A config record from a JSON object: every component present, no unknown keys, then the record's own validation.
     *
     * @throws IllegalArgumentException one line naming {@code what}, the missing/unknown fields or the record's
     *         complaint
     */
    public static <T extends Record> T record(JsonElement e, Class<T> type, String what) {
        checkFields(e, type, what);
        try {
            return GSON.fromJson(e, type);
        } catch (RuntimeException ex) {
            Throwable c = ex;
            while (c.getCause() != null && !(c instanceof IllegalArgumentException)) {
                c = c.getCause();
            }
            throw new IllegalArgumentException(what + ": " + plain(c), ex);
        }
    }

    /** The innermost message of {@code t} without exception class names ("java.io.EOFException: …"), one line. */
    static String plain(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause().getMessage() != null) {
            c = c.getCause();
        }
        String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
        return m.replaceAll("(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_]*(?:Exception|Error): ", "")
                .replaceAll("\\s*\\R\\s*", " ").strip();
    }

    /** Every component present and no unknown key, in {@code e} and in every nested record component. */
    private static void checkFields(JsonElement e, Class<?> type, String what) {
        List<String> names = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
        if (e == null || !e.isJsonObject()) {
            throw new IllegalArgumentException(what + ": expected a JSON object with the fields " + names);
        }
        JsonObject o = e.getAsJsonObject();
        Set<String> missing = new TreeSet<>(names);
        missing.removeAll(o.keySet());
        Set<String> unknown = new TreeSet<>(o.keySet());
        names.forEach(unknown::remove);
        if (!missing.isEmpty() || !unknown.isEmpty()) {
            throw new IllegalArgumentException(what + ": " + (missing.isEmpty() ? "" : "missing " + missing + " ")
                    + (unknown.isEmpty() ? "" : "unknown " + unknown + " ") + "(expected the fields " + names + ")");
        }
        for (RecordComponent c : type.getRecordComponents()) {
            Class<?> t = c.getType();
            if (t.isRecord()) {
                checkFields(o.get(c.getName()), t, what + " \"" + c.getName() + "\"");
            } else if (t == int.class || t == long.class || t == int[].class || t == long[].class) {
                JsonElement v = o.get(c.getName());
                for (JsonElement x : v.isJsonArray() ? v.getAsJsonArray() : List.of(v)) {
                    if (x.isJsonPrimitive() && x.getAsJsonPrimitive().isNumber()
                            && x.getAsBigDecimal().stripTrailingZeros().scale() > 0) {
                        throw new IllegalArgumentException(what + ": " + c.getName() + " must be a whole number, got "
                                + x);
                    }
                }
            }
        }
    }

    /** {@link #record(JsonElement, Class, String)} from text. */
    public static <T extends Record> T record(String json, Class<T> type, String what) {
        return record(object(json, what), type, what);
    }
}
