package dev.nncourse.nn;

import dev.nncourse.linalg.Matrix;
import java.util.Random;

/** Draws the initial n×k weight matrix of a layer with n inputs (fan-in) and k neurons (fan-out); source 000's {@code init_func}. */
public interface Initializer {
    /** A fresh n×k weight matrix drawn from {@code rng}. */
    Matrix weights(int fanIn, int fanOut, Random rng);

    /** A short name such as {@code "xavier-gauss"}. */
    String name();
}
