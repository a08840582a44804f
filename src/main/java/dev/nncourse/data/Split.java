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
     * and sum to 1, and every part must get at least one sample.
     */
    public static Split stratified(Dataset data, double train, double validation, double test, long seed) {
        if (data == null) throw new IllegalArgumentException("Split.stratified: expected a data set, got null");
        requireFractions(train, validation, test);
        int[] labels = Labels.of(data.y());
        Random rng = new Random(seed);
        List<List<Integer>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        Map<Integer, List<Integer>> classes = new TreeMap<>();   // class → its samples, in order
        for (int i = 0; i < labels.length; i++) classes.computeIfAbsent(labels[i], c -> new ArrayList<>()).add(i);
        for (List<Integer> members : classes.values()) {
            Collections.shuffle(members, rng);
            int nTrain = (int) Math.round(members.size() * train), nValidation = (int) Math.round(members.size() * validation);
            parts.get(0).addAll(members.subList(0, nTrain));
            parts.get(1).addAll(members.subList(nTrain, nTrain + nValidation));
            parts.get(2).addAll(members.subList(nTrain + nValidation, members.size()));
        }
        String[] names = {"training", "validation", "test"};
        Dataset[] sets = new Dataset[3];
        for (int k = 0; k < 3; k++) {
            if (parts.get(k).isEmpty()) {
                throw new IllegalArgumentException("Split.stratified: the " + names[k] + " part of " + data.size()
                        + " samples split " + train + " : " + validation + " : " + test + " would be empty; use more "
                        + "samples or a larger fraction");
            }
            int[] rows = parts.get(k).stream().mapToInt(Integer::intValue).sorted().toArray();
            sets[k] = new Dataset(data.x().selectRows(rows), data.y().selectRows(rows));
        }
        return new Split(sets[0], sets[1], sets[2]);
    }

    /**
     * The three parts standardised with the mean and standard deviation of the training part only
     * ({@link Standardizer#fit}): the validation and test data must not leak into anything the model is fitted with.
     */
    public Split standardized() {
        Standardizer s = Standardizer.fit(train.x());
        return new Split(s.apply(train), s.apply(validation), s.apply(test));
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
