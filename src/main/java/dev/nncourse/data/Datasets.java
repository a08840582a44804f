package dev.nncourse.data;

import dev.nncourse.linalg.Matrix;
import java.util.Random;

/** The datasets of the source documents, generated in code so that no notebook downloads anything. */
public final class Datasets {
    private Datasets() {}

    /** XOR (seed 001): inputs (0,0), (0,1), (1,0), (1,1), one per row, with labels 0, 1, 1, 0. */
    public static Dataset xor() {
        return new Dataset(Matrix.of(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}}), Matrix.column(0, 1, 1, 0));
    }

    /**
     * Seed 002's random regression data: n samples x ~ N(0, I) of dimension {@code inputs}, and n scalar labels
     * t ~ N(0, 1), drawn from {@code new Random(seed)}: first all inputs, row by row, then all labels.
     */
    public static Dataset randomRegression(int n, int inputs, long seed) {
        Random rng = new Random(seed);
        Matrix x = Matrix.gaussian(n, inputs, rng);
        return new Dataset(x, Matrix.gaussian(n, 1, rng));
    }
}
