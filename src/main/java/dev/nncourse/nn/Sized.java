package dev.nncourse.nn;

/**
 * A layer of the library that knows how many columns it takes and gives, so that {@link Network} can check, when it is
 * built, that neighbours fit: a layer's inputs must equal the previous sized layer's outputs, with only layers that keep
 * the width ({@link Dropout}) between them.
 */
interface Sized {
    /** The number of input columns, one sample per row. */
    int inputs();

    /** The number of output columns. */
    int outputs();
}
