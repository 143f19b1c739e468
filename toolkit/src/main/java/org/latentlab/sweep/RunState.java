package org.latentlab.sweep;

/** Where a run of a {@link RunStore} stands. */
public enum RunState {
    /** Nothing of it exists yet. */
    PENDING,
    /** Started before and interrupted (files such as a checkpoint, no result, nobody working on it): resumes. */
    PARTIAL,
    /** A live process holds its lease and is working on it now. */
    RUNNING,
    /** Its result is in the store. */
    DONE;

    /** Lower-case name, as shown by {@code sweep status}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
