package dev.nncourse.io;

import dev.nncourse.nn.Network;
import dev.nncourse.optim.Optimizer;

/** What a model file holds: a network and, if one was saved with it, its optimizer with the optimizer's state (else null). */
public record Checkpoint(Network network, Optimizer optimizer) {}
