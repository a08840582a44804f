package dev.nncourse.check;

import dev.nncourse.EntryGradient;
import dev.nncourse.linalg.Matrix;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Dense;
import dev.nncourse.nn.Dropout;
import dev.nncourse.nn.Initializers;
import dev.nncourse.nn.Layer;
import dev.nncourse.nn.Loss;
import dev.nncourse.nn.Losses;
import dev.nncourse.nn.Network;
import dev.nncourse.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * Backprop through dropout in training mode against five-point finite differences, entry by entry (relative error
 * ≤ 1e-7). A training-mode forward pass draws a new mask each time, so the objective rebuilds the network around the
 * same dense layers with fresh dropout layers at the generator position of the analytic pass: the same masks.
 */
class DropoutGradientPropertyTest {
    private static final Loss CE = Losses.SOFTMAX_CROSS_ENTROPY;

    @Property(tries = 200, seed = "1501")
    void gradientsThroughDropoutInTraining(@ForAll @IntRange(min = 1, max = 4) int inputs,
            @ForAll @IntRange(min = 1, max = 5) int width, @ForAll @IntRange(min = 2, max = 4) int classes,
            @ForAll @IntRange(min = 1, max = 5) int batch, @ForAll @DoubleRange(min = 0, max = 0.8) double p,
            @ForAll boolean inputDropout, @ForAll long seed) {
        Random rng = new Random(seed);
        Dense hidden = new Dense(inputs, width, Activations.TANH, Initializers.XAVIER_GAUSSIAN, rng);
        Dense out = new Dense(width, classes, Activations.IDENTITY, Initializers.XAVIER_GAUSSIAN, rng);
        long s1 = rng.nextLong(), s2 = rng.nextLong();
        Supplier<Network> fresh = () -> {
            List<Layer> layers = new ArrayList<>();
            if (inputDropout) layers.add(new Dropout(p, s1));
            layers.add(hidden);
            layers.add(new Dropout(p, s2));
            layers.add(out);
            Network net = new Network(layers);
            net.setTraining(true);
            return net;
        };
        Matrix x = Matrix.gaussian(batch, inputs, rng), y = Part3GradientPropertyTest.targets(batch, classes, true, rng);
        Network net = fresh.get();
        Matrix dx = net.backward(CE.gradient(net.forward(x), y));
        for (Parameter q : net.parameters()) {
            Matrix analytic = q.grad().copy();
            Matrix numeric = EntryGradient.numeric(() -> CE.cost(fresh.get().forward(x), y), q.value());
            EntryGradient.assertClose(net.nameOf(q) + ", p = " + p, analytic, numeric, 1e-7);
        }
        EntryGradient.assertClose("∂L/∂X, p = " + p, dx, EntryGradient.numeric(() -> CE.total(fresh.get().forward(x), y), x), 1e-7);
    }
}
