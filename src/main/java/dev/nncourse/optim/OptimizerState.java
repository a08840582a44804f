package dev.nncourse.optim;

import dev.nncourse.linalg.Matrix;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything an optimizer is and has gathered, as data: what a model file saves, what early stopping puts back, and
 * what a test compares. One model for every optimizer:
 * <ul>
 *   <li>{@code kind}: its name, such as {@code "adam"};
 *   <li>{@code settings}: its hyperparameters by name, in a fixed order, the learning rate {@code lr} first;
 *   <li>{@code counters}: its counts, such as the step count {@code t} (Adam's bias correction needs it) or the
 *       samples {@code c} of an epoch in progress ({@link GradientDescent});
 *   <li>{@code slots}: its state matrices by name, one per parameter in the order of {@link Optimizer#parameters},
 *       such as a velocity or Adam's moments m and v;
 *   <li>{@code inner}: the state of the optimizer it wraps ({@link L2Regularized}), or null.
 * </ul>
 * The maps and lists are copies, in their order, and cannot be changed; the matrices are copies too.
 */
public record OptimizerState(String kind, Map<String, Double> settings, Map<String, Long> counters,
                             Map<String, List<Matrix>> slots, OptimizerState inner) {
    public OptimizerState {
        settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        counters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counters));
        Map<String, List<Matrix>> copies = new LinkedHashMap<>();
        slots.forEach((name, values) -> copies.put(name, values.stream().map(Matrix::copy).toList()));
        slots = java.util.Collections.unmodifiableMap(copies);
    }

    /** The text of an optimizer's name: {@code kind(lr=0.001, beta1=0.9, …)}, with the inner state's after a "+". */
    String describe() {
        StringBuilder s = new StringBuilder(kind).append('(');
        settings.forEach((name, value) -> s.append(s.charAt(s.length() - 1) == '(' ? "" : ", ").append(name).append('=')
                .append(value == Math.rint(value) && Math.abs(value) < 1e6 ? Long.toString(value.longValue()) : value));
        return s.append(')').toString();
    }
}
