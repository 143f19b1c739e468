package org.latentlab.sweep;

/**
 * A run directory holds cached results of another sweep configuration ({@code <runDir>/config.txt} differs), so
 * resuming there would mix results; or a run's {@code result.json} is not that run's result (truncated, edited, copied
 * from another run). A bad input (the run directory), not a bug: the command line prints it on one
 * line with exit status 2. Extends {@link IllegalStateException}, which callers caught before it existed.
 */
public final class RunDirectoryMismatchException extends IllegalStateException {
    /** The message names the directory and both configurations. */
    public RunDirectoryMismatchException(String message) {
        super(message);
    }
}
