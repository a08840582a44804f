package dev.nncourse.optim;

import static dev.nncourse.optim.ThreeSteps.assertSteps;
import static dev.nncourse.optim.ThreeSteps.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link AdamW}: W ← (1 − η λ) W, then Adam's step; biases are not decayed. */
class AdamWTest {
    @Test void itDecaysWeightsBeforeAdamsStep() {
        // η = 0.01, λ = 0.5: W ← (1 − 0.005) W, then Adam's step, which does not depend on W.
        double[][] adam = run(ps -> new Adam(ps, 0.01)), adamW = new double[3][2];
        double[] decayed = {1, -2};
        for (int t = 0; t < 3; t++) {
            for (int k = 0; k < 2; k++) {
                double adamStep = adam[t][k] - (t == 0 ? new double[] {1, -2}[k] : adam[t - 1][k]);
                decayed[k] = 0.995 * decayed[k] + adamStep;
            }
            adamW[t] = decayed.clone();
        }
        assertSteps(adamW, run(ps -> new AdamW(ps, 0.01, 0.5)));
        assertEquals(0.5, new AdamW(dev.nncourse.optim.OptimizerTest.net().parameters(), 0.01, 0.5).weightDecay());
    }

    @Test void aBiasTakesAdamsStepWithoutDecay() {
        assertArrayEquals(run("b", ps -> new Adam(ps, 0.01))[2], run("b", ps -> new AdamW(ps, 0.01, 0.5))[2]);
    }
}
