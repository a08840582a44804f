package dev.nncourse.optim;

import static dev.nncourse.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The schedules' formulas at the steps where they turn, and their arguments checked. */
class ScheduleTest {
    @Test void stepDecayMultipliesByGammaEveryKSteps() {
        Schedule s = Schedule.step(0.1, 0.5, 3);
        assertEquals(0.1, s.rate(1));
        assertEquals(0.1, s.rate(3));
        assertEquals(0.05, s.rate(4));
        assertEquals(0.025, s.rate(7));
    }

    @Test void cosineFallsFromEta0ToEtaMinOverTSteps() {
        Schedule s = Schedule.cosine(0.1, 0.01, 10);
        assertEquals(0.1, s.rate(1), 1e-15);
        assertEquals(0.055, s.rate(6), 1e-15, "halfway: the mean of the two");
        assertEquals(0.01, s.rate(11), 1e-15);
        assertEquals(0.01, s.rate(100), 1e-15);
    }

    @Test void warmUpRisesLinearlyThenHandsOver() {
        Schedule s = Schedule.warmup(4, Schedule.constant(0.2));
        assertEquals(0.05, s.rate(1), 1e-15);
        assertEquals(0.2, s.rate(4), 1e-15);
        assertEquals(0.2, s.rate(5), 1e-15);
    }

    @Test void badArgumentsAreNamed() {
        assertMessage(IllegalArgumentException.class, () -> Schedule.step(0.1, 1.5, 3), "Schedule.step", "γ", "1.5");
        assertMessage(IllegalArgumentException.class, () -> Schedule.cosine(0.1, 0.2, 3), "η_min", "0.2");
        assertMessage(IllegalArgumentException.class, () -> Schedule.constant(-1), "learning rate", "-1");
        assertMessage(IllegalArgumentException.class, () -> Schedule.warmup(0, Schedule.constant(1)), "warm-up steps");
    }
}
