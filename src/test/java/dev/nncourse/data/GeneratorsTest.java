package dev.nncourse.data;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.linalg.Matrix;
import java.util.function.LongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The moons, spiral and blobs generators of {@link Datasets}. */
class GeneratorsTest {
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
        assertMessage(iae, () -> Datasets.blobs(10, Matrix.zeros(1, 2), 1, 1), "Datasets.blobs: ", "at least 2 classes", "got 1");
        assertMessage(iae, () -> Datasets.blobs(10, Matrix.of(new double[][] {{0, 0}, {Double.NaN, 1}}), 1, 1),
                "Datasets.blobs: centres", "NaN");
        assertMessage(iae, () -> Datasets.blobs(10, CENTRES, -1, 1), "Datasets.blobs: ", "noise", "got -1.0");
        assertMessage(iae, () -> Datasets.blobs(10, null, 1, 1), "Datasets.blobs: ", "centres", "null");
        assertMessage(iae, () -> Datasets.randomRegression(0, 2, 1), "Datasets.randomRegression: ", "n = 0");
        assertMessage(iae, () -> Datasets.randomRegression(5, -1, 1), "Datasets.randomRegression: ", "inputs = -1");
    }
}
