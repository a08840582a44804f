package dev.nncourse.data;

import static dev.nncourse.TestSupport.assertMatrix;
import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.linalg.Matrix;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Datasets} and {@link Dataset}. */
class DatasetsTest {
    @Test
    void xorHasTheFourInputsAndTheirExclusiveOr() {
        Dataset xor = Datasets.xor();
        assertMatrix(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}}, xor.x());
        assertMatrix(new double[][] {{0}, {1}, {1}, {0}}, xor.y());
        assertEquals(4, xor.size());
        for (int i = 0; i < 4; i++) assertEquals((int) xor.x().get(i, 0) ^ (int) xor.x().get(i, 1), xor.y().get(i, 0));
    }

    @Test
    void randomRegressionIsSeededAndReproducible() {
        Dataset d = Datasets.randomRegression(50, 3, 7);
        assertEquals("50×3", d.x().shape());
        assertEquals("50×1", d.y().shape());
        assertEquals(d, Datasets.randomRegression(50, 3, 7));
        assertNotEquals(d.x(), Datasets.randomRegression(50, 3, 8).x());
    }

    @Test
    void randomRegressionDrawsAllInputsFirstThenTheLabels() {
        Random rng = new Random(7);
        Dataset d = Datasets.randomRegression(4, 2, 7);
        for (int k = 0; k < 8; k++) assertEquals(rng.nextGaussian(), d.x().at(k));
        for (int k = 0; k < 4; k++) assertEquals(rng.nextGaussian(), d.y().at(k));
    }

    @Test
    void randomRegressionDataAreStandardNormal() {
        Dataset d = Datasets.randomRegression(20000, 5, 1);
        assertEquals(0, d.x().mean(), 0.01);
        assertEquals(1, d.x().hadamard(d.x()).mean(), 0.02);
        assertEquals(0, d.y().mean(), 0.03);
    }

    @Test
    void aDatasetNeedsOneTargetRowPerSample() {
        assertMessage(IllegalArgumentException.class, () -> new Dataset(Matrix.zeros(3, 2), Matrix.zeros(2, 1)),
                "3 input rows", "2 target rows");
    }

    @Test
    void missingInputsOrTargetsAreNamed() {
        assertMessage(IllegalArgumentException.class, () -> new Dataset(null, Matrix.zeros(2, 1)), "Dataset",
                "inputs X and targets T", "got null and 2×1");
        assertMessage(IllegalArgumentException.class, () -> new Dataset(Matrix.zeros(2, 1), null), "got 2×1 and null");
    }

    /** The moons, spiral and blobs generators of {@link Datasets}. */
    @Nested
    class Generators {
        private static final Matrix CENTRES = Matrix.of(new double[][] {{0, 0}, {4, 0}, {0, 4}, {4, 4}});

        /** (name, generator by seed, classes, samples per class) */
        static Stream<Arguments> generators() {
            return Stream.of(
                    Arguments.of("moons", (LongFunction<Dataset>) s -> Datasets.moons(50, 0.1, s), 2, 50),
                    Arguments.of("spiral", (LongFunction<Dataset>) s -> Datasets.spiral(40, 5, 0.2, s), 5, 40),
                    Arguments.of("blobs", (LongFunction<Dataset>) s -> Datasets.blobs(30, CENTRES, 0.5, s), 4, 30));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("generators")
        void sizesAndBalancedIntegerLabels(String name, LongFunction<Dataset> make, int classes, int perClass) {
            Dataset d = make.apply(1);
            assertEquals(classes * perClass + "×2", d.x().shape());
            assertEquals(classes * perClass + "×1", d.y().shape());
            int[] counts = new int[classes];
            for (int c : Labels.of(d.y())) counts[c]++;
            for (int c = 0; c < classes; c++) assertEquals(perClass, counts[c], name + " class " + c);
            assertTrue(d.x().isFinite());
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("generators")
        void sameSeedSameDataOtherSeedOtherData(String name, LongFunction<Dataset> make, int classes, int perClass) {
            assertEquals(make.apply(7), make.apply(7));
            assertNotEquals(make.apply(7).x(), make.apply(8).x());
            assertEquals(make.apply(7).y(), make.apply(8).y(), "the labels do not depend on the seed");
        }

        @Test
        void moonsWithoutNoiseLieOnTheirTwoArcs() {
            Dataset d = Datasets.moons(25, 0, 3);
            for (int i = 0; i < 50; i++) {
                double x = d.x().get(i, 0), y = d.x().get(i, 1);
                double r = i < 25 ? Math.hypot(x, y) : Math.hypot(x - 1, y - 0.5);
                assertEquals(1, r, 1e-12);
                assertTrue(i < 25 ? y >= -1e-12 : y <= 0.5 + 1e-12);
            }
            assertArrayEquals(new double[] {1, 0}, d.x().getRow(0).toFlatArray(), 1e-15);
            assertArrayEquals(new double[] {0, 0.5}, d.x().getRow(25).toFlatArray(), 1e-15);
        }

        @Test
        void spiralArmsGoFromTheCentreToTheUnitCircleAndTurnFourRadians() {
            Dataset d = Datasets.spiral(11, 3, 0, 5);
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < 11; i++) {
                    Matrix p = d.x().getRow(11 * c + i);
                    assertEquals(i / 10.0, Math.hypot(p.at(0), p.at(1)), 1e-12);
                }
                Matrix end = d.x().getRow(11 * c + 10);
                double angle = 2 * Math.PI * c / 3 + 4;
                assertArrayEquals(new double[] {Math.cos(angle), Math.sin(angle)}, end.toFlatArray(), 1e-12);
            }
        }

        @Test
        void blobsScatterAroundTheirCentresWithTheGivenSpread() {
            Dataset d = Datasets.blobs(4000, CENTRES, 0.5, 11);
            for (int c = 0; c < 4; c++) {
                Matrix points = d.x().selectRows(java.util.stream.IntStream.range(4000 * c, 4000 * (c + 1)).toArray());
                Matrix mean = points.columnMeans();
                assertTrue(mean.isClose(CENTRES.getRow(c), 0.05), "class " + c + " mean " + mean);
                Matrix centred = points.plusRow(mean.scale(-1));
                assertEquals(0.25, centred.hadamard(centred).mean(), 0.01);
            }
            assertEquals("6×3", Datasets.blobs(2, Matrix.zeros(3, 3), 1, 1).x().shape(), "any dimension");
        }

        @Test
        void badArguments() {
            Class<IllegalArgumentException> iae = IllegalArgumentException.class;
            assertMessage(iae, () -> Datasets.moons(0, 0.1, 1), "Datasets.moons: ", "perClass", "got 0");
            assertMessage(iae, () -> Datasets.moons(10, -0.1, 1), "Datasets.moons: ", "noise", "got -0.1");
            assertMessage(iae, () -> Datasets.moons(10, Double.NaN, 1), "Datasets.moons: ", "noise", "got NaN");
            assertMessage(iae, () -> Datasets.spiral(10, 1, 0.2, 1), "Datasets.spiral: ", "at least 2 classes", "got 1");
            assertMessage(iae, () -> Datasets.spiral(-5, 3, 0.2, 1), "Datasets.spiral: ", "perClass", "got -5");
            assertMessage(iae, () -> Datasets.spiral(10, 3, Double.POSITIVE_INFINITY, 1), "Datasets.spiral: ", "noise", "Infinity");
            assertMessage(iae, () -> Datasets.spiral(Integer.MAX_VALUE, 3, 0.2, 1), "Datasets.spiral: ", "do not fit");
            assertMessage(iae, () -> Datasets.blobs(10, Matrix.zeros(1, 2), 1, 1), "Datasets.blobs: ",
                    "at least 2 classes", "got 1");
            assertMessage(iae, () -> Datasets.blobs(10, Matrix.of(new double[][] {{0, 0}, {Double.NaN, 1}}), 1, 1),
                    "Datasets.blobs: centres", "NaN");
            assertMessage(iae, () -> Datasets.blobs(10, CENTRES, -1, 1), "Datasets.blobs: ", "noise", "got -1.0");
            assertMessage(iae, () -> Datasets.blobs(10, null, 1, 1), "Datasets.blobs: ", "centres", "null");
            assertMessage(iae, () -> Datasets.randomRegression(0, 2, 1), "Datasets.randomRegression: ", "n = 0");
            assertMessage(iae, () -> Datasets.randomRegression(5, -1, 1), "Datasets.randomRegression: ", "inputs = -1");
        }
    }

    /** The digits ship in the jar, are checked by their SHA-256, and split the same way every time. */
    @Nested
    class Digits {
        private static byte[] resource() throws IOException {
            try (InputStream in = Datasets.class.getResourceAsStream(Datasets.DIGITS)) {
                return in.readAllBytes();
            }
        }

        @Test void theyAre1797ImagesOf64PixelsFrom0To16() {
            Dataset d = Datasets.digits();
            assertEquals("1797×64", d.x().shape());
            assertEquals("1797×1", d.y().shape());
            for (int k = 0; k < d.x().size(); k++) {
                double v = d.x().at(k);
                assertTrue(v >= 0 && v <= 16 && v == Math.rint(v), "pixel " + k + " is " + v);
            }
            int[] counts = new int[10];
            for (int c : Labels.of(d.y())) counts[c]++;
            assertArrayEquals(new int[] {178, 182, 177, 183, 181, 182, 181, 179, 174, 180}, counts);
        }

        /** The first image as scikit-learn's file has it: a 0. */
        @Test void theFirstImageIsAZero() {
            Dataset d = Datasets.digits();
            assertArrayEquals(new double[] {0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0, 0, 3, 15, 2, 0, 11, 8, 0, 0, 4,
                    12, 0, 0, 8, 8, 0, 0, 5, 8, 0, 0, 9, 8, 0, 0, 4, 11, 0, 1, 12, 7, 0, 0, 2, 14, 5, 10, 12, 0, 0, 0,
                            0, 6, 13, 10, 0,
                    0, 0}, d.x().getRow(0).toFlatArray());
            assertEquals(0, d.y().at(0));
            assertEquals(1, d.y().at(1));
            assertEquals(8, d.y().at(1796));
        }

        @Test void eachCallGivesItsOwnCopy() {
            Dataset a = Datasets.digits();
            a.x().setAt(0, 99);
            assertEquals(0, Datasets.digits().x().at(0));
        }

        @Test void aTamperedCopyIsRefusedNamingBothChecksums() throws IOException {
            byte[] gz = resource();
            assertEquals(57_523, gz.length);
            byte[] tampered = gz.clone();
            tampered[1000] ^= 1;
            assertMessage(IllegalStateException.class, () -> Datasets.digits(tampered, "a tampered copy"),
                    "digits: a tampered copy "
                    + "is damaged: its SHA-256 is ", "expected " + Datasets.DIGITS_SHA256, "rebuild the library jar");
            byte[] truncated = Arrays.copyOf(gz, 40_000);
            assertMessage(IllegalStateException.class, () -> Datasets.digits(truncated, "a short copy"), "is damaged",
                    "(40000 bytes, expected 57523)");
            assertMessage(IllegalStateException.class, () -> Datasets.digits(new byte[0], "nothing"),
                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
            assertEquals(Datasets.digits(), Datasets.digits(gz, "the resource"));
        }

        @Test void theCourseSplitIsFixedStratifiedAndComplete() {
            Split s = Datasets.digitsSplit();
            assertEquals(1078, s.train().size());
            assertEquals(359, s.validation().size());
            assertEquals(360, s.test().size());
            Split again = Datasets.digitsSplit();
            assertEquals(s.test().x(), again.test().x());
            assertEquals(s.train().y(), again.train().y());
            int[] all = new int[10], test = new int[10];
            for (int c : Labels.of(Datasets.digits().y())) all[c]++;
            for (int c : Labels.of(s.test().y())) test[c]++;
            for (int c = 0; c < 10; c++) assertEquals(all[c] * 0.2, test[c], 1, "class " + c);
            Set<String> rows = new HashSet<>();   // every image lands in exactly one part (no two images are equal)
            for (Dataset part : new Dataset[] {s.train(), s.validation(), s.test()}) {
                for (int i = 0; i < part.size(); i++) rows.add(Arrays.toString(part.x().getRow(i).toFlatArray()) + part.y().at(i));
            }
            Set<String> original = new HashSet<>();
            Dataset d = Datasets.digits();
            for (int i = 0; i < d.size(); i++) original.add(Arrays.toString(d.x().getRow(i).toFlatArray()) + d.y().at(i));
            assertEquals(original, rows);
            assertEquals(Split.stratified(d, 0.6, 0.2, 0.2, Datasets.DIGITS_SPLIT_SEED).test().x(), s.test().x());
            Matrix standardized = s.standardized().train().x();
            assertEquals(0, standardized.columnMeans().maxAbs(), 1e-12);
        }
    }

    /** A shape that cannot exist is named. */
    @Test
    void aShapeBeyondAnArrayIsNamed() {
        assertMessage(IllegalArgumentException.class, () -> Datasets.randomRegression(65536, 65537, 1), "shape 65536×65537",
                "more than the 2147483639 a Java array can hold");
    }
}
