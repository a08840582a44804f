package dev.nncourse.data;

import dev.nncourse.linalg.Matrix;

/** Inputs X and targets T with one sample per row: row i of X goes with row i of T. */
public record Dataset(Matrix x, Matrix y) {
    public Dataset {
        if (x == null || y == null) {
            throw new IllegalArgumentException("Dataset: expected inputs X and targets T, got " + (x == null ? "null" : x.shape())
                    + " and " + (y == null ? "null" : y.shape()));
        }
        if (x.rows() != y.rows()) {
            throw new IllegalArgumentException("Dataset: " + x.rows() + " input rows but " + y.rows()
                    + " target rows; expected one target row per sample");
        }
    }

    /** The number of samples. */
    public int size() { return x.rows(); }
}
