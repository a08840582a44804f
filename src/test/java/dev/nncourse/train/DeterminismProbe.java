package dev.nncourse.train;

import dev.nncourse.data.Dataset;
import dev.nncourse.data.Datasets;
import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Initializers;
import dev.nncourse.nn.Losses;
import dev.nncourse.nn.Network;
import dev.nncourse.nn.Parameter;
import dev.nncourse.optim.GradientDescent;
import dev.nncourse.optim.Sgd;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A seeded training run whose weights and history are hashed; run as a program it prints the digest (for a fresh JVM). */
public final class DeterminismProbe {
    private DeterminismProbe() {}

    /** The networks and histories of two seeded runs (SGD on regression, full-batch GD on XOR), as one SHA-256 digest. */
    public static String digest(long seed) {
        Dataset reg = Datasets.randomRegression(50, 4, seed);
        Network a = Network.builder(4, seed).init(Initializers.HE).dense(8, Activations.RELU).dense(3, Activations.TANH)
                .dense(1, Activations.IDENTITY).build();
        History ha = Trainer.of(a, Losses.MSE, new Sgd(0.05)).epochs(40).batchSize(7).seed(seed).fit(reg.x(), reg.y());
        Dataset xor = Datasets.xor();
        Network b = Network.builder(2, seed + 1).dense(3, Activations.TANH).dense(1, Activations.IDENTITY).build();
        History hb = Trainer.of(b, Losses.SIGMOID_CROSS_ENTROPY, new GradientDescent(0.5)).epochs(200).batchSize(3).seed(seed).fit(xor.x(), xor.y());
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Network n : new Network[] {a, b}) {
                for (Parameter p : n.parameters()) update(sha, p.value().toFlatArray());
            }
            update(sha, ha.loss());
            update(sha, hb.loss());
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(MessageDigest sha, double[] values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length);
        for (double v : values) b.putLong(Double.doubleToRawLongBits(v));
        sha.update(b.array());
    }

    public static void main(String[] args) {
        System.out.println(digest(Long.parseLong(args[0])));
    }
}
