package dev.nncourse.io;

import static dev.nncourse.TestSupport.assertMessage;
import static dev.nncourse.TestSupport.fifo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.nn.Activations;
import dev.nncourse.nn.Network;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code AtomicFile}, through {@link ModelFile#save}: a save writes a temporary file and renames it over the target, so
 * a failure leaves the previous file as it was and nothing behind. It replaces the file a name stands for: through a
 * symbolic link it writes the link's target (the link stays a link), the replaced file keeps its permissions, a new
 * file gets the system's default, only regular files are replaced, and a name that is too long is reported as such.
 */
class AtomicFileTest {
    private static final Class<ModelFileException> MFE = ModelFileException.class;
    @TempDir Path dir;

    private static Network net(long seed) { return Network.builder(3, seed).dense(2, Activations.TANH).build(); }

    private static byte[] bytes(Network net) { return ModelFile.encode(net, null); }

    private static String mode(Path f) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(f, LinkOption.NOFOLLOW_LINKS));
    }

    private static List<Path> list(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.sorted().toList();
        }
    }

    @Test void throughASymbolicLinkTheTargetIsWrittenAndTheLinkStays() throws IOException {
        Path real = dir.resolve("real.nnc");
        ModelFile.save(real, net(1));
        Path link = Files.createSymbolicLink(dir.resolve("link.nnc"), real.getFileName());   // a relative link
        ModelFile.save(link, net(2));
        assertTrue(Files.isSymbolicLink(link), "the link is still a link");
        assertEquals(real.getFileName(), Files.readSymbolicLink(link));
        assertArrayEquals(bytes(net(2)), Files.readAllBytes(real));
        assertEquals(List.of(link, real), list(dir), "no temporary file is left");
    }

    @Test void aChainOfLinksIntoAnotherDirectoryWritesItsEnd() throws IOException {
        Path other = Files.createDirectory(dir.resolve("other"));
        Path real = other.resolve("model.nnc");
        ModelFile.save(real, net(1));
        Path first = Files.createSymbolicLink(dir.resolve("first.nnc"), real);
        Path second = Files.createSymbolicLink(dir.resolve("second.nnc"), first.getFileName());
        ModelFile.save(second, net(3));
        assertTrue(Files.isSymbolicLink(first) && Files.isSymbolicLink(second));
        assertArrayEquals(bytes(net(3)), Files.readAllBytes(real));
        assertEquals(List.of(real), list(other), "the temporary file was made beside the target, and is gone");
    }

    @Test void aDanglingLinkCreatesItsTarget() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("link.nnc"), dir.resolve("new.nnc"));
        ModelFile.save(link, net(4));
        assertTrue(Files.isSymbolicLink(link));
        assertArrayEquals(bytes(net(4)), Files.readAllBytes(dir.resolve("new.nnc")));
    }

    @Test void aLoopOfLinksIsRefusedAndLeftAlone() throws IOException {
        Path a = dir.resolve("a.nnc"), b = dir.resolve("b.nnc");
        Files.createSymbolicLink(a, b.getFileName());
        Files.createSymbolicLink(b, a.getFileName());
        assertMessage(MFE, () -> ModelFile.save(a, net(1)), "cannot save to " + a, "loop of symbolic links");
        assertTrue(Files.isSymbolicLink(a) && Files.isSymbolicLink(b));
        assertEquals(List.of(a, b), list(dir));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-r--r--", "rw-rw-r--", "rw-r-----", "rw-------", "rwxr-x---"})
    void theReplacedFileKeepsItsPermissions(String mode) throws IOException {
        Path f = dir.resolve("m.nnc");
        ModelFile.save(f, net(1));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        ModelFile.save(f, net(2));
        assertEquals(mode, mode(f));
        assertArrayEquals(bytes(net(2)), Files.readAllBytes(f));
    }

    @Test void permissionsAreKeptThroughALink() throws IOException {
        Path real = dir.resolve("real.nnc");
        ModelFile.save(real, net(1));
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-r--r--"));
        Path link = Files.createSymbolicLink(dir.resolve("link.nnc"), real);
        ModelFile.save(link, net(2));
        assertTrue(Files.isSymbolicLink(link));
        assertArrayEquals(bytes(net(2)), Files.readAllBytes(real));
        assertEquals("rw-r--r--", mode(real));
    }

    @Test void aNewFileGetsTheDefaultPermissionsOfANewFile() throws IOException {
        String usual = mode(Files.createFile(dir.resolve("plain")));   // 0666 less the umask, as for any new file
        Path f = dir.resolve("new.nnc");
        ModelFile.save(f, net(1));
        assertEquals(usual, mode(f));
    }

    @Test void aNamedPipeIsNotReplaced() throws Exception {
        Path pipe = fifo(dir.resolve("pipe.nnc"));
        assertMessage(MFE, () -> ModelFile.save(pipe, net(1)), "cannot save to " + pipe, "it is a named pipe (FIFO), not a "
                + "regular file", "expected a regular file or a new file name");
        assertFalse(Files.isRegularFile(pipe), "the pipe is still a pipe");
        Path link = Files.createSymbolicLink(dir.resolve("link.nnc"), pipe);
        assertMessage(MFE, () -> ModelFile.save(link, net(1)), "its link target " + pipe + " is a named pipe");
    }

    @Test void aLongNameThatFitsIsSaved() throws IOException {
        Path f = dir.resolve("m".repeat(251) + ".nnc");   // 255 bytes: the temporary file's name must stay shorter
        ModelFile.save(f, net(1));
        assertArrayEquals(bytes(net(1)), Files.readAllBytes(f));
        assertEquals(List.of(f), list(dir));
    }

    @Test void aNameThatIsTooLongIsReportedAsSuch() throws IOException {
        Path f = dir.resolve("m".repeat(300) + ".nnc");
        ModelFileException e = assertMessage(MFE, () -> ModelFile.save(f, net(1)), "cannot save to " + f, "the file name",
                "is 304 bytes long", "at most 255 bytes");
        assertFalse(e.getMessage().contains("writable directory"), e.getMessage());
        assertEquals(List.of(), list(dir));
    }

    @Test void aReadOnlyFileIsNotReplaced() throws IOException {
        Path f = dir.resolve("kept.nnc");
        ModelFile.save(f, net(1));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--r--r--"));
        boolean immutable = Files.isWritable(f) && chattr("+i", f);   // root ignores the mode bits, not chattr +i
        try {
            assertFalse(Files.isWritable(f), "could not make " + f + " read-only (chmod, then chattr +i for root)");
            assertMessage(MFE, () -> ModelFile.save(f, net(2)), "cannot save to " + f, "is read-only", "make it writable first");
            assertArrayEquals(bytes(net(1)), Files.readAllBytes(f));
        } finally {
            if (immutable) chattr("-i", f);
        }
    }

    private static boolean chattr(String flag, Path f) throws IOException {
        try {
            return new ProcessBuilder("chattr", flag, f.toString()).inheritIO().start().waitFor() == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Test void aPathThroughAFileNamesThatFile() throws IOException {
        Path f = dir.resolve("model.nnc");
        ModelFile.save(f, net(1));
        assertMessage(MFE, () -> ModelFile.save(f.resolve("inner.nnc"), net(2)), "cannot save to", f + " is not a directory");
        assertArrayEquals(bytes(net(1)), Files.readAllBytes(f));
    }

    @Test void overwriteLeavesNoTemporaryFile() throws IOException {
        Path f = dir.resolve("model.nnc");
        ModelFile.save(f, net(1));
        Network other = net(99);
        ModelFile.save(f, other);
        assertArrayEquals(bytes(other), Files.readAllBytes(f));
        assertEquals(List.of(f), list(dir));
    }

    @Test void readOnlyDirectoryKeepsThePreviousFile() throws IOException {
        Path f = dir.resolve("model.nnc");
        ModelFile.save(f, net(1));
        byte[] before = Files.readAllBytes(f);
        Network other = net(99);
        ReadOnly.directory(dir, () -> {
            assertMessage(ModelFileException.class, () -> ModelFile.save(f, other), "cannot save to " + f,
                    "cannot create a file in directory " + dir, "expected a writable directory",
                            "previous file, if any, is unchanged");
            assertArrayEquals(before, Files.readAllBytes(f));
            assertEquals(List.of(f), list(dir));
        });
        assertArrayEquals(before, Files.readAllBytes(f));
    }

    @Test void missingDirectory() {
        Path f = dir.resolve("no/such/dir/m.nnc");
        assertMessage(ModelFileException.class, () -> ModelFile.save(f, net(1)), "directory", "no/such/dir does not exist");
    }

    @Test void targetIsADirectory() {
        assertMessage(ModelFileException.class, () -> ModelFile.save(dir, net(1)), "it is a directory", "expected a file name");
    }

    /** Makes a directory unwritable for the duration of a block, even for root (for whom permissions do not bind). */
    static final class ReadOnly {
        interface Block { void run() throws IOException; }

        static void directory(Path dir, Block block) throws IOException {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
            boolean immutable = writable(dir) && run("chattr", "+i", dir.toString());
            try {
                assertFalse(writable(dir), "could not make " + dir + " read-only (chmod, then chattr +i for root)");
                block.run();
            } finally {
                if (immutable) run("chattr", "-i", dir.toString());
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
        }

        private static boolean writable(Path dir) {
            try {
                Files.delete(Files.createTempFile(dir, "probe", ""));
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        private static boolean run(String... command) throws IOException {
            try {
                return new ProcessBuilder(command).inheritIO().start().waitFor() == 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }
}
