package dev.nncourse.data;

import dev.nncourse.linalg.Matrix;
import dev.nncourse.linalg.Require;
import java.io.ByteArrayInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * The datasets of the course: those of the source documents and a few more, generated in code, and the digits, which
 * ship inside the library jar. No notebook downloads anything.
 */
public final class Datasets {
    private Datasets() {}

    /** The resource that holds the digits, next to this class. */
    static final String DIGITS = "digits.csv.gz";
    /** The SHA-256 of {@value #DIGITS}, as taken from scikit-learn 1.9.1's wheel ({@code sklearn/datasets/data}). */
    public static final String DIGITS_SHA256 = "09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22";
    /** The seed of {@link #digitsSplit()}. */
    public static final long DIGITS_SPLIT_SEED = 1;

    /**
     * The UCI ML hand-written digits (E. Alpaydin, C. Kaynak, 1998; CC BY 4.0), as shipped by scikit-learn: 1,797
     * images of 8×8 pixels, one per row of X (1797×64, row by row, each pixel an integer 0 … 16), with their labels
     * 0 … 9 in an n×1 column. Read from the library jar after checking its SHA-256 ({@link #DIGITS_SHA256}); a
     * damaged copy is an error. See the README next to the data, {@code dev/nncourse/data/README.md}.
     */
    public static Dataset digits() {
        try (InputStream in = Datasets.class.getResourceAsStream(DIGITS)) {
            if (in == null) {
                throw new IllegalStateException("Datasets.digits: the resource dev/nncourse/data/" + DIGITS + " is missing from the "
                        + "library jar; rebuild it (./course setup)");
            }
            return digits(in.readAllBytes(), "the resource dev/nncourse/data/" + DIGITS);
        } catch (IOException e) {
            throw new UncheckedIOException("Datasets.digits: cannot read dev/nncourse/data/" + DIGITS, e);
        }
    }

    /** The digits from the gzip-compressed CSV {@code gz}, named {@code source} in messages, after checking its SHA-256. */
    static Dataset digits(byte[] gz, String source) {
        String sha = sha256(gz);
        if (!sha.equals(DIGITS_SHA256)) {
            throw new IllegalStateException("Datasets.digits: " + source + " is damaged: its SHA-256 is " + sha + ", expected "
                    + DIGITS_SHA256 + " (" + gz.length + " bytes, expected 57523); rebuild the library jar (./course setup) "
                    + "or restore the file from the repository");
        }
        Matrix x = Matrix.zeros(1797, 64), labels = Matrix.zeros(1797, 1);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(new ByteArrayInputStream(gz)),
                StandardCharsets.US_ASCII))) {
            for (int i = 0; i < 1797; i++) {
                String[] v = r.readLine().split(",");
                for (int j = 0; j < 64; j++) x.set(i, j, Integer.parseInt(v[j]));
                labels.set(i, 0, Integer.parseInt(v[64]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Datasets.digits: cannot read " + source, e);
        }
        return new Dataset(x, labels);
    }

    /**
     * The course's split of the digits: {@link Split#stratified} 60 : 20 : 20 with seed {@value #DIGITS_SPLIT_SEED},
     * so 1,078 training, 359 validation and 360 test images, each part with the class balance of the whole. The inputs
     * are raw pixels 0 … 16; standardise them with {@link Split#standardized()}.
     */
    public static Split digitsSplit() { return Split.stratified(digits(), 0.6, 0.2, 0.2, DIGITS_SPLIT_SEED); }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** XOR (source 001): inputs (0,0), (0,1), (1,0), (1,1), one per row, with labels 0, 1, 1, 0. */
    public static Dataset xor() {
        return new Dataset(Matrix.of(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}}), Matrix.column(0, 1, 1, 0));
    }

    /**
     * Source 002's random regression data: n samples x ~ N(0, I) of dimension {@code inputs}, and n scalar labels
     * t ~ N(0, 1), drawn from {@code new Random(seed)}: first all inputs, row by row, then all labels.
     */
    public static Dataset randomRegression(int n, int inputs, long seed) {
        if (n < 1 || inputs < 1) {
            throw new IllegalArgumentException("Datasets.randomRegression: expected n ≥ 1 samples of inputs ≥ 1 numbers, got "
                    + "n = " + n + " and inputs = " + inputs);
        }
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
        int n = samples("Datasets.moons", perClass, 2, 2);
        requireNoise("Datasets.moons", noise);
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
        int n = samples("Datasets.spiral", perClass, classes, 2);
        requireNoise("Datasets.spiral", noise);
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
        if (centres == null) throw new IllegalArgumentException("Datasets.blobs: expected a k×d matrix of centres, got null");
        int k = centres.rows(), n = samples("Datasets.blobs", perClass, k, centres.cols());
        Require.finite("Datasets.blobs: centres", centres);
        requireNoise("Datasets.blobs", sigma);
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
