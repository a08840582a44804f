package dev.nncourse.data;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.linalg.Matrix;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The digits ship in the jar, are checked by their SHA-256, and split the same way every time. */
class DigitsTest {
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
                12, 0, 0, 8, 8, 0, 0, 5, 8, 0, 0, 9, 8, 0, 0, 4, 11, 0, 1, 12, 7, 0, 0, 2, 14, 5, 10, 12, 0, 0, 0, 0, 6, 13, 10, 0,
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
        assertMessage(IllegalStateException.class, () -> Datasets.digits(tampered, "a tampered copy"), "digits: a tampered copy "
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
