package org.latentlab.sweep;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/** STUB until the lead's engine lands (issue 12 item 1). */
public record RunSpec(String study, String name, JsonObject params) {
    public String id() {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(toJson().getBytes(StandardCharsets.UTF_8));
            return name + "-" + HexFormat.of().formatHex(h).substring(0, 10);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("study", study);
        o.addProperty("name", name);
        o.add("params", params);
        return new Gson().toJson(o);
    }

    public static RunSpec fromJson(String json) {
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        return new RunSpec(o.get("study").getAsString(), o.get("name").getAsString(), o.getAsJsonObject("params"));
    }
}
