package org.latentlab.sweep;

import com.google.gson.JsonObject;

/** STUB until the lead's engine lands (issue 12 item 1). */
public record RunOutcome(String id, String name, boolean reused, double seconds, JsonObject result) {}
