package org.latentlab.sweep;

import com.google.gson.JsonObject;

/**
 * A finished run as the store holds it.
 *
 * @param id       {@link RunSpec#id()}
 * @param name     {@link RunSpec#name()}
 * @param reused   true when the result was already in the store (nothing was computed now)
 * @param seconds  wall-clock seconds of the attempt that finished the run (a resumed run counts only what was left)
 * @param attempts how many times the run was started (1 unless it was interrupted and resumed)
 * @param result   the study's result JSON
 */
public record RunOutcome(String id, String name, boolean reused, double seconds, int attempts, JsonObject result) {}
