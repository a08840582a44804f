package dev.nncourse.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A data set cut into a training, a validation and a test part. The model is fitted on the training part, its
 * settings (epochs, learning rate, λ, …) are chosen on the validation part, and the test part is looked at once, at
 * the end, to report how well the final model does on data it has never influenced.
 */
public record Split(Dataset train, Dataset validation, Dataset test) {

    /**
     * A seeded, stratified split: the samples of each class are shuffled with {@code new Random(seed)} and cut in the
     * proportions train : validation : test (rounded per class, the test part taking what remains), so every part
     * keeps the class balance of the whole. The classes come from the targets, a column of integer labels or one-hot
     * rows ({@link Labels#of}). Each part keeps its samples in their original order. The fractions must be positive
     * and sum to 1, and every class must get at least one sample in every part (a class of 1 sample is refused, as
     * scikit-learn refuses it, rather than left in one part only).
     */
    public static Split stratified(Dataset data, double train, double validation, double test, long seed) {
        if (data == null) throw new IllegalArgumentException("Split.stratified: expected a data set, got null");
        requireFractions(train, validation, test);
        int[] labels = Labels.of("Split.stratified", data.y());
        Random rng = new Random(seed);
        List<List<Integer>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        Map<Integer, List<Integer>> classes = new TreeMap<>();   // class → its samples, in order
        for (int i = 0; i < labels.length; i++) classes.computeIfAbsent(labels[i], c -> new ArrayList<>()).add(i);
        classes.forEach((c, members) -> requireEveryPart(c, members.size(), train, validation, test));
        for (List<Integer> members : classes.values()) {
            Collections.shuffle(members, rng);
            int[] n = cut(members.size(), train, validation);
            parts.get(0).addAll(members.subList(0, n[0]));
            parts.get(1).addAll(members.subList(n[0], n[0] + n[1]));
            parts.get(2).addAll(members.subList(n[0] + n[1], members.size()));
        }
        Dataset[] sets = new Dataset[3];   // none is empty: every class has a sample in each
        for (int k = 0; k < 3; k++) {
            int[] rows = parts.get(k).stream().mapToInt(Integer::intValue).sorted().toArray();
            sets[k] = new Dataset(data.x().selectRows(rows), data.y().selectRows(rows));
        }
        return new Split(sets[0], sets[1], sets[2]);
    }

    /** How a class of n samples is cut: round(n·train) training, round(n·validation) validation, the rest test. */
    private static int[] cut(int n, double train, double validation) {
        int nTrain = (int) Math.round(n * train), nValidation = (int) Math.round(n * validation);
        return new int[] {nTrain, nValidation, n - nTrain - nValidation};
    }

    private static boolean reachesEveryPart(int n, double train, double validation) {
        return Arrays.stream(cut(n, train, validation)).allMatch(k -> k >= 1);
    }

    /**
     * Throws unless the n samples of class c give every part at least one (scikit-learn refuses such a class too):
     * otherwise a part would lack the class, and not keep the class balance of the whole.
     */
    private static void requireEveryPart(int c, int n, double train, double validation, double test) {
        if (reachesEveryPart(n, train, validation)) return;
        // The smallest larger class that works; n·f ≥ 3 for every fraction f always does, so the search stops there.
        long sure = (long) Math.ceil(3 / Math.min(train, Math.min(validation, test))), enough = n + 1;
        if (sure - n > 1_000_000) enough = sure;   // fractions so small that only an estimate is worth its time
        while (enough < sure && !reachesEveryPart((int) enough, train, validation)) enough++;
        int[] k = cut(n, train, validation);
        throw new IllegalArgumentException("Split.stratified: class " + c + " has " + n + (n == 1 ? " sample" : " samples")
                + ", which " + train + " : " + validation + " : " + test + " cuts into " + k[0] + " training, " + k[1]
                + " validation and " + k[2] + " test; expected at least one sample of every class in every part, so that "
                + "each keeps the class balance: with these fractions that takes at least " + enough + " samples of class "
                + c + " (or other fractions)");
    }

    /**
     * The three parts standardised with the mean and standard deviation of the training part only
     * ({@link Standardizer#fit}): the validation and test data must not leak into anything the model is fitted with.
     */
    public Split standardized() {
        Standardizer s = Standardizer.fit("Split.standardized: training inputs", train.x());
        return new Split(standardized(s, "training", train), standardized(s, "validation", validation),
                standardized(s, "test", test));
    }

    private static Dataset standardized(Standardizer s, String part, Dataset d) {
        return new Dataset(s.apply("Split.standardized: " + part + " inputs", d.x()), d.y());
    }

    private static void requireFractions(double... f) {
        String given = Arrays.toString(f);
        for (double v : f) {
            if (!(v > 0 && v < 1)) {
                throw new IllegalArgumentException("Split.stratified: fractions " + given + " must each be in (0, 1); "
                        + v + " is not");
            }
        }
        double sum = f[0] + f[1] + f[2];
        if (!(Math.abs(sum - 1) <= 1e-9)) {
            throw new IllegalArgumentException("Split.stratified: fractions " + given + " sum to " + sum + ", expected 1");
        }
    }
}
