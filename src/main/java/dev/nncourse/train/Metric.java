package dev.nncourse.train;

import dev.nncourse.linalg.Matrix;

/**
 * A named measure of a network's outputs against the targets, recorded by {@link Trainer#metric} after every epoch,
 * e.g. {@code Accuracy::of}: (1/n) Σ_i [argmax_j Y_ij = c_i].
 */
@FunctionalInterface
public interface Metric {
    /** The metric of outputs Y (one sample per row) against targets T. */
    double of(Matrix outputs, Matrix targets);
}
