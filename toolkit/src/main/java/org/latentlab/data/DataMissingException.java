package org.latentlab.data;

/**
 * The data cache cannot be found, lacks files (MNIST/Fashion-MNIST, the checksum manifest) or holds a file whose
 * checksum is wrong: the message names what
 * is missing and how to fill it ({@code data/fetch}, {@code LATENTLAB_DATA}). An {@link IllegalStateException}, as
 * before this type existed; the command line prints it as one line and exits 2.
 */
public final class DataMissingException extends IllegalStateException {
    public DataMissingException(String message) {
        super(message);
    }
}
