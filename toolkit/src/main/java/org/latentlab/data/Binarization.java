package org.latentlab.data;

/**
 * How grey-level pixels in [0, 1] become the binary observations a Bernoulli decoder models.
 * <ul>
 *   <li>{@link #NONE}: keep grey levels (the Bernoulli log-likelihood is then a cross-entropy, not a probability).</li>
 *   <li>{@link #FIXED}: threshold once, x ≥ 0.5 → 1, else 0 (see {@link Datasets#binarizeFixed}).</li>
 *   <li>{@link #DYNAMIC}: a fresh Bernoulli(x) draw every time an image is used (training batches), from the
 *       trainer's seeded stream; the test set is drawn once from the run's seed.</li>
 * </ul>
 */
public enum Binarization { NONE, FIXED, DYNAMIC }
