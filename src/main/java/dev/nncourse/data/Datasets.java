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

    /**
     * Two interleaving half circles (scikit-learn's {@code make_moons}), {@code perClass} points each, one sample per
     * row: class 0 on the upper arc (cos πs, sin πs) and class 1 on the lower arc (1 − cos πs, 1/2 − sin πs), for s
     * evenly spaced in [0, 1], each coordinate plus N(0, noise²) noise from {@code new Random(seed)}. The labels are
     * an n×1 column of 0s then 1s ({@link Labels#oneHot} encodes them).
     */
    public static Dataset moons(int perClass, double noise, long seed) {
        int n = samples("moons", perClass, 2, 2);
        requireNoise("moons", noise);
        Random rng = new Random(seed);
        Matrix x = Matrix.zeros(n, 2), labels = Matrix.zeros(n, 1);
        for (int i = 0; i < perClass; i++) {
            double a = Math.PI * (perClass == 1 ? 0 : (double) i / (perClass - 1));
            x.set(i, 0, Math.cos(a)).set(i, 1, Math.sin(a));
            x.set(perClass + i, 0, 1 - Math.cos(a)).set(perClass + i, 1, 0.5 - Math.sin(a));
            labels.set(perClass + i, 0, 1);
        }
        return new Dataset(x.plus(Matrix.gaussian(n, 2, rng).scale(noise)), labels);
    }

    /**
     * A spiral of {@code classes} arms (as in Stanford's CS231n), {@code perClass} points each: point i of arm c sits
     * at radius r = i / (perClass − 1) and angle θ = 2πc / classes + 4r + noise·N(0, 1), that is at
     * (r cos θ, r sin θ), so each arm turns 4 radians from the centre to the unit circle. Labels: an n×1 column,
     * arm by arm. Draws from {@code new Random(seed)}.
     */
    public static Dataset spiral(int perClass, int classes, double noise, long seed) {
        int n = samples("spiral", perClass, classes, 2);
        requireNoise("spiral", noise);
        Random rng = new Random(seed);
        Matrix x = Matrix.zeros(n, 2), labels = Matrix.zeros(n, 1);
        for (int c = 0, row = 0; c < classes; c++) {
            for (int i = 0; i < perClass; i++, row++) {
                double r = perClass == 1 ? 1 : (double) i / (perClass - 1);
                double theta = 2 * Math.PI * c / classes + 4 * r + noise * rng.nextGaussian();
                x.set(row, 0, r * Math.cos(theta)).set(row, 1, r * Math.sin(theta));
                labels.set(row, 0, c);
            }
        }
        return new Dataset(x, labels);
    }

    /**
     * Gaussian blobs: {@code perClass} points around each row μ_c of {@code centres} (k×d, one centre per class),
     * x = μ_c + σ·N(0, I), drawn from {@code new Random(seed)}. Labels: an n×1 column, class by class.
     */
    public static Dataset blobs(int perClass, Matrix centres, double sigma, long seed) {
        if (centres == null) throw new IllegalArgumentException("blobs: expected a k×d matrix of centres, got null");
        int k = centres.rows(), n = samples("blobs", perClass, k, centres.cols());
        centres.requireFinite("blobs: centres");
        requireNoise("blobs", sigma);
        Random rng = new Random(seed);
        Matrix x = Matrix.zeros(n, centres.cols()), labels = Matrix.zeros(n, 1);
        for (int c = 0, row = 0; c < k; c++) {
            for (int i = 0; i < perClass; i++, row++) {
                for (int j = 0; j < centres.cols(); j++) x.set(row, j, centres.get(c, j) + sigma * rng.nextGaussian());
                labels.set(row, 0, c);
            }
        }
        return new Dataset(x, labels);
    }

    /** perClass × classes, after checking both counts and that the n × dims inputs fit in one array. */
    private static int samples(String what, int perClass, int classes, int dims) {
        if (perClass < 1) throw new IllegalArgumentException(what + ": perClass must be a positive count, got " + perClass);
        if (classes < 2) throw new IllegalArgumentException(what + ": expected at least 2 classes, got " + classes);
        long n = (long) perClass * classes;
        if (n * dims > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(what + ": " + perClass + " points × " + classes + " classes × " + dims
                    + " coordinates = " + n * dims + " numbers do not fit in one Java array");
        }
        return (int) n;
    }

    private static void requireNoise(String what, double noise) {
        if (!(noise >= 0) || !Double.isFinite(noise)) {
            throw new IllegalArgumentException(what + ": the noise must be a finite number ≥ 0, got " + noise);
        }
    }
}
