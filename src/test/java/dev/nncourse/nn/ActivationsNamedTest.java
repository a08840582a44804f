package dev.nncourse.nn;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ActivationsNamedTest {
    @Test
    void findsEveryActivationByItsName() {
        for (Activation f : Activations.ALL) assertSame(f, Activations.named(f.name()));
    }

    @Test
    void typographicQuotesAreNamedInTheError() {
        var e = assertThrows(IllegalArgumentException.class, () -> Activations.named("‘tanh’"));
        assertTrue(e.getMessage().contains("U+2018") && e.getMessage().contains("U+2019"), e.getMessage());
        assertTrue(e.getMessage().contains("expected one of identity, tanh, relu, sigmoid"), e.getMessage());
    }

    @Test
    void unknownAndNullNamesAreErrors() {
        var e = assertThrows(IllegalArgumentException.class, () -> Activations.named("softmax"));
        assertTrue(e.getMessage().contains("\"softmax\"") && !e.getMessage().contains("U+"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Activations.named(null));
    }
}
